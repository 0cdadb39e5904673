import ArgumentParser

/// The options that choose frames and how many results to keep (`query` and `batch`).
struct RankingOptions: ParsableArguments {
    // `.unconditional` so that a negative number is read as the value it is ("--top must be 0
    // or more, not -1"), not as an unknown option leaving --top without a value.
    @Option(parsing: .unconditional, help: "How many frames to show, best first; 0 shows every frame.")
    var top = 10

    @Option(name: .customLong("min-score"), parsing: .unconditional, help: "Show only frames scoring at least this (scores sum to 1 over the frames).")
    var minimumScore: Float = 0

    @Option(parsing: .unconditional, help: "Frames per second of a frame directory or of the frames extracted from a video (default 1).")
    var fps: Double?

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more, not \(top)") }
        guard minimumScore.isFinite && minimumScore >= 0 else {
            throw ValidationError("--min-score must be a number of 0 or more")
        }
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }
}
