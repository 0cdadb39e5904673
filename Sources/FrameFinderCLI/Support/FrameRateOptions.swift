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

    /// The rate to use: `--fps`, or `FrameSource.defaultFPS` (one frame a second).
    var rate: Double { fps ?? FrameSource.defaultFPS }

    func validate() throws {
        if let fps, !(fps.isFinite && fps > 0) { throw ValidationError("--fps must be a positive number") }
    }

    /// The frames at `path` (a directory, an index or a video) at this rate; a rate given
    /// for an index, which keeps its own, is warned of.
    func source(_ path: String) throws -> FrameSource {
        let source = try FrameSource(path: path, fps: fps)
        if source.ignoresFrameRate {
            Terminal.warn("\(path): --fps is ignored for an index (its frame times were fixed when it was built)")
        }
        return source
    }
}
