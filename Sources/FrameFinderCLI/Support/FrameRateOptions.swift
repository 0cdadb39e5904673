import ArgumentParser
import FrameFinder

/// `--fps`: the one frame-rate option of every command that reads frames or footage.
///
/// A directory of PNG frames has no clock of its own: frame `i` is shown at `i / fps`
/// seconds. A video's frames are extracted at this rate. An index keeps the rate it was
/// built with.
struct FrameRateOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: "Frames per second of a frame directory, or of the frames extracted from a video (default 1).")
    var fps: Double?

    /// The rate to use: `--fps`, or one frame a second.
    var rate: Double { fps ?? 1 }

    func validate() throws {
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }
}
