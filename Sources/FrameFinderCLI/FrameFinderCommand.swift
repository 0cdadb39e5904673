import ArgumentParser

/// The `framefinder` command: find the frames of a video that match an audio clip.
@main
struct FrameFinderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framefinder",
        abstract: "Find the frames of a video that match an audio clip, with cross-attention.",
        discussion: """
            The clip's tokens are the queries Q; the frames' tokens are the keys K and values V. \
            Attention weights say which frames the sound is about.
            """,
        version: FrameFinderVersion.string,
        subcommands: [Query.self, Batch.self, Eval.self, Train.self, Index.self, Features.self, Inspect.self]
    )
}

/// The version printed by `framefinder --version` and written into model and index files.
enum FrameFinderVersion {
    static let string = "0.1.0"
}
