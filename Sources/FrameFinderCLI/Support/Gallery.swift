import ArgumentParser
import Foundation
import FrameFinder

/// The FRAMES argument of `query`, `batch` and `index`, resolved to encoded frames.
///
/// FRAMES is a directory of PNG frames, an index file (`framefinder index`), or a video
/// (any other file: `ffmpeg` extracts its frames at `fps` into a temporary directory that
/// is removed afterwards). Frames that cannot be decoded are skipped with a warning.
enum Gallery {
    /// Frames per second when `--fps` is not given.
    static let defaultFPS = 1.0

    /// Where the image of a frame can be read while the gallery is open: a frame's own file
    /// for a directory or an index, the extracted PNG for a video.
    typealias FrameFiles = @Sendable (FrameReference) -> String

    /// The frames of `path`, encoded by `loaded` (or read from an index built by it).
    static func load(_ path: String, fps: Double?, with loaded: LoadedModel) async throws -> FrameIndex {
        try await withFrames(path, fps: fps, with: loaded) { index, _ in index }
    }

    /// Runs `body` on the frames of `path`, encoded by `loaded`, while their image files
    /// exist: a video's extracted frames are removed only when `body` returns, so pictures
    /// (contact sheet, attended frame, overlay) can be drawn from them.
    static func withFrames<T>(
        _ path: String, fps: Double?, with loaded: LoadedModel,
        _ body: (FrameIndex, @escaping FrameFiles) async throws -> T
    ) async throws -> T {
        let url = URL(fileURLWithPath: path)
        guard !isIndexFile(url) else {
            if fps != nil { Terminal.warn("\(path): --fps is ignored for an index (its frame times were fixed when it was built)") }
            let index = try FrameIndex(mapping: url)
            try index.check(model: loaded.model, modelName: loaded.name, path: path)
            return try await body(index) { $0.path }
        }
        return try await withSequence(path, fps: fps) { sequence, source, name, frameFiles in
            if Terminal.standardErrorIsTerminal { Terminal.writeError("encoding \(sequence.entries.count) frames…") }
            let (index, failures) = try await FrameIndex.encoding(sequence, with: loaded.model, modelName: loaded.name,
                                                                  source: source, name: name)
            if Terminal.standardErrorIsTerminal { Terminal.writeError("\r\u{1B}[K") }
            warn(failures)
            return try await body(index, frameFiles)
        }
    }

    /// Runs `body` on the frame sequence of `path` (a directory of PNG frames, or a video whose
    /// frames are extracted meanwhile), with its source, the names to report its frames by,
    /// and where their images are.
    static func withSequence<T>(
        _ path: String, fps: Double?,
        _ body: (FrameSequence, String, (@Sendable (FrameSequence.Entry) -> String)?, @escaping FrameFiles) async throws -> T
    ) async throws -> T {
        let url = URL(fileURLWithPath: path)
        guard FileSystemName.status(path) != nil else {
            if path.contains("\u{FFFD}") {
                throw FileError(path: path, reason: "its name is not UTF-8, which FrameFinder cannot open yet; rename it")
            }
            throw FileError(path: path, reason: "no such file or directory")
        }
        if FileSystemName.isDirectory(path) {
            let sequence = try FrameSequence(directory: url, fps: fps ?? defaultFPS)
            return try await body(sequence, url.standardizedFileURL.path, nil) { $0.path }
        }
        let video = try Video(url: url)
        return try await video.withFrames(fps: fps ?? defaultFPS) { sequence in
            let extracted = sequence.entries.map(\.url.path)
            return try await body(sequence, url.standardizedFileURL.path, video.frameName) {
                extracted.indices.contains($0.index) ? extracted[$0.index] : $0.path
            }
        }
    }

    /// Warns of each frame that could not be decoded.
    static func warn(_ failures: [FrameError]) {
        for failure in failures { Terminal.warn("\(failure) (frame skipped)") }
    }

    /// True when the file starts as a safetensors file does: a little-endian header length
    /// that fits the file, then `{`. (A video or anything else is handed to ffmpeg.)
    static func isIndexFile(_ url: URL) -> Bool {
        let descriptor = FileSystemName.withCString(url.path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 9)
        guard read(descriptor, &head, 9) == 9, head[8] == UInt8(ascii: "{") else { return false }
        let length = head.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let size = UInt64(max(FileSystemName.status(url.path)?.st_size ?? 0, 0))
        return size >= 9 && length > 0 && length <= size - 8
    }
}
