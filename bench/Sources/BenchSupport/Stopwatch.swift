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

/// Runs `body` `warmup` times untimed, then `repeats` times timed.
public func measure(warmup: Int = 1, repeats: Int = 5, _ body: () throws -> Void) rethrows -> Timing {
    for _ in 0..<warmup { try body() }
    var seconds: [Double] = []
    for _ in 0..<repeats {
        let start = now()
        try body()
        seconds.append(now() - start)
    }
    return Timing(seconds: seconds)
}
