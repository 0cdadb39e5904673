import ArgumentParser
import Foundation
import FrameFinder

/// `--blas-threads`: with a command's front-end jobs, one threading policy for every command
/// that computes (`index`, `query`, `batch`, `train`).
///
/// Front-end jobs (clips or frames decoded at the same time: `--jobs`, by default the number
/// of cores; 1 for `query`) times OpenBLAS threads per job stay within the cores:
/// `--blas-threads` defaults to `cores / jobs` (at least 1). Either can be given, and so can
/// `OPENBLAS_NUM_THREADS` (taken when `--blas-threads` is not): what the user says is kept,
/// even beyond the cores. The streamed scoring runs `jobs × blas-threads` threads of its own,
/// each with OpenBLAS on one thread, while no front-end job runs.
struct ThreadingOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "OpenBLAS threads per front-end job (default: cores / jobs, at least 1; or OPENBLAS_NUM_THREADS).")
    var blasThreads: Int?

    func validate() throws {
        if let blasThreads, blasThreads < 1 { throw ValidationError("--blas-threads must be at least 1, not \(blasThreads)") }
    }

    /// The number of cores.
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The policy of a command whose front-end runs `jobs` jobs at a time.
    func policy(jobs: Int) -> ThreadingPolicy {
        let environment = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init).flatMap { $0 >= 1 ? $0 : nil }
        let blas = blasThreads ?? environment ?? max(1, Self.cores / jobs)
        return ThreadingPolicy(jobs: jobs, blasThreads: blas)
    }
}

/// Jobs and OpenBLAS threads as a command runs them (see `ThreadingOptions`).
struct ThreadingPolicy: Sendable {
    let jobs: Int
    let blasThreads: Int

    /// Threads of the streamed scoring kernels: the whole budget, `jobs × blasThreads`.
    var scoringThreads: Int { jobs * blasThreads }

    /// Block sizes of the streamed scoring with `scoringThreads` threads: keys 512 at a time,
    /// query rows in tiles of 64 (`query` scores its clip as one such tile). `query` and
    /// `batch` use the same sizes, so a clip's line is the same in both.
    var streaming: Attention.Streaming { Attention.Streaming(keyBlock: 512, queryBlock: 64, threads: scoringThreads) }

    /// Sets OpenBLAS's thread count for the rest of the process, and returns the policy.
    @discardableResult
    func apply() -> ThreadingPolicy {
        BLAS.setThreadCount(blasThreads)
        return self
    }
}
