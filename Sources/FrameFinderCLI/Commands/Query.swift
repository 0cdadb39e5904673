import ArgumentParser
import Foundation
import FrameFinderRetrieval

/// `framefinder query CLIP FRAMES`: the frames that match one clip, best first.
struct Query: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the frames of a video by how well they match an audio clip.",
        discussion: """
            FRAMES is a directory of PNG frames (frame i is at i/fps seconds), an index made by \
            `framefinder index`, or a video file (frames extracted with ffmpeg at --fps). \
            The confidence is 1 − H(p)/log N of the scores p over the N frames: 0 when no frame \
            stands out, 1 when one frame takes all the weight.
            """
    )

    @Argument(help: "The audio clip (WAV, FLAC, Ogg, AIFF, … anything libsndfile reads).")
    var clip: String

    @Argument(help: "A directory of PNG frames, an index file, or a video file.")
    var frames: String

    @OptionGroup var model: ModelOptions

    @OptionGroup var selection: RankingOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func run() async throws {
        try await reportingFailures {
            let loaded = try LoadedModel(model)
            let index = try await Gallery.load(frames, fps: selection.fps, with: loaded)
            let ranking = try index.ranking(of: URL(fileURLWithPath: clip), model: loaded.model, modelName: loaded.name,
                                            recipe: loaded.recipe, top: selection.top, minimumScore: selection.minimumScore)
            print(ranking.formatted(format))
        }
    }
}

/// The options that choose frames and how many results to keep (`query` and `batch`).
struct RankingOptions: ParsableArguments {
    @Option(help: "How many frames to show, best first; 0 shows every frame.")
    var top = 10

    @Option(name: .customLong("min-score"), help: "Show only frames scoring at least this (scores sum to 1 over the frames).")
    var minimumScore: Float = 0

    @Option(help: "Frames per second of a frame directory or of the frames extracted from a video (default 1).")
    var fps: Double?

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 (all) or more, not \(top)") }
        guard minimumScore.isFinite && minimumScore >= 0 else {
            throw ValidationError("--min-score must be a number of 0 or more")
        }
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }
}
