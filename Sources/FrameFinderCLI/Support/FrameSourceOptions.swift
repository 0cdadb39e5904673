import ArgumentParser
import FrameFinder

extension FrameRateOptions {
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
