import ArgumentParser
import FrameFinder

/// The options that choose frames and how many results to keep (`query` and `batch`).
struct RankingOptions: ParsableArguments {
    // `.unconditional` so that a negative number is read as the value it is ("--top must be 0
    // or more, not -1"), not as an unknown option leaving --top without a value.
    @Option(parsing: .unconditional, help: "How many frames to show, best first; 0 shows every frame.")
    var top = 10

    @Option(
        name: .customLong("min-score"), parsing: .unconditional,
        help: "Show only frames scoring at least this (scores sum to 1 over the frames).")
    var minimumScore: Float = 0

    @Option(
        help: ArgumentHelp(
            "How the recording is cut into moments that each query the frames: whole (one query), sound (one segment "
                + "per sound, split into pieces of at most 2 s; sound:MAX for MAX s), or window:LEN[,HOP] (LEN-second "
                + "windows every HOP seconds). With sound, a recording of one sound is queried whole.",
            valueName: "whole|sound|window:LEN[,HOP]"),
        transform: { text in
            do { return try Segmentation(parsing: text) } catch { throw ValidationError("--segments \(error)") }
        })
    var segments: Segmentation = .default

    @Flag(
        help: ArgumentHelp(
            "List moments (adjacent frames whose scores stand out, taken together: start-end, "
                + "peak frame, summed score) instead of single frames."))
    var moments = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more, not \(top)") }
        guard minimumScore.isFinite && minimumScore >= 0 else {
            throw ValidationError("--min-score must be a number of 0 or more")
        }
    }

    /// The library's options of a search.
    var options: SearchOptions {
        SearchOptions(segmentation: segments, top: top, minimumScore: minimumScore, moments: moments)
    }
}
