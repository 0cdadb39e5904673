import Foundation
import FrameFinderAttention
import FrameFinderMath

/// Front-end jobs and OpenBLAS threads as a run uses them, within the cores.
///
/// Front-end jobs (clips or frames decoded at the same time) times OpenBLAS threads per job
/// stay within the cores: the BLAS threads default to `cores / jobs` (at least 1), or to
/// `OPENBLAS_NUM_THREADS` when set; a count given is kept, even beyond the cores. The
/// streamed scoring runs `jobs × blasThreads` threads of its own, each with OpenBLAS on one
/// thread, while no front-end job runs.
public struct ThreadingPolicy: Sendable, Equatable {
    /// Front-end jobs, and OpenBLAS threads per job.
    public let jobs: Int, blasThreads: Int

    /// The policy of `jobs` front-end jobs with `blasThreads` OpenBLAS threads each, or, when
    /// nil, `OPENBLAS_NUM_THREADS` of `environment`, or `cores / jobs` (at least 1).
    public init(
        jobs: Int, blasThreads: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        let fromEnvironment = environment["OPENBLAS_NUM_THREADS"].flatMap(Int.init).flatMap { $0 >= 1 ? $0 : nil }
        self.jobs = jobs
        self.blasThreads = blasThreads ?? fromEnvironment ?? max(1, Self.cores / jobs)
    }

    /// The number of cores.
    public static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Threads of the streamed scoring kernels: the whole budget, `jobs × blasThreads`.
    public var scoringThreads: Int { jobs * blasThreads }

    /// Block sizes of the streamed scoring with `scoringThreads` threads: keys 512 at a time,
    /// query rows in tiles of 64 (a single query scores its clip as one such tile). A single
    /// query and a batch use the same sizes, so a clip's line is the same in both.
    public var streaming: Attention.Streaming {
        Attention.Streaming(keyBlock: 512, queryBlock: 64, threads: scoringThreads)
    }

    /// Sets OpenBLAS's thread count for the rest of the process, and returns the policy.
    @discardableResult
    public func apply() -> ThreadingPolicy {
        BLAS.setThreadCount(blasThreads)
        return self
    }
}
