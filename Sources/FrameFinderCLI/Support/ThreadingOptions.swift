import ArgumentParser
import FrameFinder

/// `--blas-threads`: with a command's front-end jobs (`--jobs`, by default the number of
/// cores; 1 for `query`), one threading policy (`ThreadingPolicy`) for every command that
/// computes (`index`, `query`, `batch`, `train`). `OPENBLAS_NUM_THREADS` is taken when
/// `--blas-threads` is not given.
struct ThreadingOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "OpenBLAS threads per front-end job (default: cores / jobs, "
                + "at least 1; or OPENBLAS_NUM_THREADS)."))
    var blasThreads: Int?

    func validate() throws {
        if let blasThreads, blasThreads < 1 {
            throw ValidationError("--blas-threads must be at least 1, not \(blasThreads)")
        }
    }

    /// The policy of a command whose front-end runs `jobs` jobs at a time.
    func policy(jobs: Int) -> ThreadingPolicy { ThreadingPolicy(jobs: jobs, blasThreads: blasThreads) }
}
