import Foundation

/// Timings of repeated runs of one piece of work, reported as min and median.
public struct Timing: Sendable {
    /// Seconds per run, in the order they ran (warm-up runs excluded).
    public let seconds: [Double]

    /// The fastest run.
    public var min: Double { seconds.min() ?? .nan }

    /// The median run.
    public var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return .nan }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}

/// Wall-clock seconds of monotonic time.
public func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Seconds of CPU time used by this process (all its threads), for timing single-threaded work
/// on a machine shared with other jobs.
public func processCPUTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Runs `body` `warmup` times untimed, then `repeats` times timed by `clock`.
public func measure(
    warmup: Int = 1, repeats: Int = 5, clock: () -> Double = now, _ body: () throws -> Void
) rethrows -> Timing {
    for _ in 0..<warmup { try body() }
    var seconds: [Double] = []
    for _ in 0..<repeats {
        let start = clock()
        try body()
        seconds.append(clock() - start)
    }
    return Timing(seconds: seconds)
}

/// Runs async `body` `warmup` times untimed, then `repeats` times timed by `clock`.
public func measure(
    warmup: Int = 1, repeats: Int = 5, clock: () -> Double = now, _ body: () async throws -> Void
) async rethrows -> Timing {
    for _ in 0..<warmup { try await body() }
    var seconds: [Double] = []
    for _ in 0..<repeats {
        let start = clock()
        try await body()
        seconds.append(clock() - start)
    }
    return Timing(seconds: seconds)
}
