import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel

/// Where the frames to rank come from: a directory of PNG frames, an index file
/// (`FrameIndex`), or a video whose frames `ffmpeg` extracts.
///
/// A directory's frame `i` is shown at `i / fps` seconds; a video's frames are extracted at
/// `fps` into a temporary folder that lives while `Retriever.withFrames` runs its closure;
/// an index keeps the times it was built with.
public struct FrameSource: Sendable, Equatable {
    /// What kind of source it is.
    public enum Kind: Sendable, Equatable {
        case directory, index, video
    }

    /// The path as given.
    public let path: String
    /// What the path holds.
    public let kind: Kind
    /// The frame rate asked for; nil for the default (`defaultFPS`).
    public let fps: Double?

    /// Frames per second when no rate is given.
    public static let defaultFPS = 1.0

    /// The source at `path`: an index file when it starts as one (`isIndexFile`), a
    /// directory, or else a video.
    ///
    /// - Throws: `FileError` when nothing is at `path`.
    public init(path: String, fps: Double? = nil) throws(FileError) {
        guard FileSystemName.status(path) != nil else {
            if path.contains("\u{FFFD}") {
                throw FileError(
                    path: path, reason: "its name is not UTF-8, which FrameFinder cannot open yet; rename it")
            }
            throw FileError(path: path, reason: "no such file or directory")
        }
        self.path = path
        self.fps = fps
        kind =
            Self.isIndexFile(URL(fileURLWithPath: path))
            ? .index
            : FileSystemName.isDirectory(path) ? .directory : .video
    }

    /// The rate frames are timed with: the rate given, or `defaultFPS` (an index's own rate
    /// is in the index).
    public var rate: Double { fps ?? Self.defaultFPS }

    /// True when a rate was given for an index, which keeps the rate it was built with: the
    /// rate is ignored, which a caller may warn of.
    public var ignoresFrameRate: Bool { kind == .index && fps != nil }

    /// What an index built from this source records as its source: the standardised path.
    public var sourcePath: String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Runs `body` on the frame sequence of a directory or a video (its frames extracted
    /// meanwhile), with the names to report its frames by (nil: their own files).
    ///
    /// - Throws: `FileError` when the source is an index, or the video cannot be read.
    public func withSequence<T>(
        _ body: (FrameSequence, (@Sendable (FrameSequence.Entry) -> String)?) async throws -> T
    ) async throws -> T {
        let url = URL(fileURLWithPath: path)
        switch kind {
        case .index:
            throw FileError(path: path, reason: "is already an index; give the frame directory or the video")
        case .directory:
            return try await body(try FrameSequence(directory: url, fps: rate), nil)
        case .video:
            let video = try Video(url: url)
            return try await video.withFrames(fps: rate) { try await body($0, video.frameName) }
        }
    }

    /// True when the file starts as a safetensors file does: a little-endian header length
    /// that fits the file, then `{`. (A video or anything else is handed to ffmpeg.)
    public static func isIndexFile(_ url: URL) -> Bool {
        let descriptor = FileSystemName.withCString(url.path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var head = [UInt8](repeating: 0, count: 9)
        guard read(descriptor, &head, 9) == 9, head[8] == UInt8(ascii: "{") else { return false }
        let length = head.prefix(8).enumerated().reduce(UInt64(0)) {
            $0 | UInt64($1.element) << (8 * UInt64($1.offset))
        }
        let size = UInt64(max(FileSystemName.status(url.path)?.st_size ?? 0, 0))
        return size >= 9 && length > 0 && length <= size - 8
    }
}

/// What happens while a frame source is opened, for a caller that shows progress or warnings.
public enum FrameSourceEvent: Sendable {
    /// This many frames are about to be decoded and encoded.
    case encoding(frames: Int)
    /// The frames are encoded; these could not be decoded and were left out.
    case encoded(skipped: [FrameError])
}

extension Retriever {
    /// Runs `body` on the frames of `source`, encoded by this model (or read from an index
    /// it built, checked with `check(_:path:)`), while their image files exist: a video's
    /// extracted frames (`FrameReference.imageFile`) are removed only when `body` returns.
    ///
    /// - Parameter events: told of the encoding and of skipped frames (not for an index).
    /// - Throws: `FileError`, `FrameError` or `ModelError` when the frames cannot be read or
    ///   encoded; what `body` throws.
    public func withFrames<T>(
        _ source: FrameSource, events: (FrameSourceEvent) -> Void = { _ in },
        _ body: (FrameIndex) async throws -> T
    ) async throws -> T {
        guard source.kind != .index else {
            let index = try FrameIndex(mapping: URL(fileURLWithPath: source.path))
            try check(index, path: source.path)
            return try await body(index)
        }
        return try await source.withSequence { sequence, name in
            events(.encoding(frames: sequence.entries.count))
            let (index, skipped) = try await FrameIndex.encoding(
                sequence, with: self, source: source.sourcePath,
                name: name)
            events(.encoded(skipped: skipped))
            return try await body(index)
        }
    }

    /// Encodes the frames of `source` (a directory or a video) into the index file `url`,
    /// `blockSize` frames at a time (`FrameIndex.write(_:with:...)`).
    ///
    /// - Returns: the number of frames written, and the frames that could not be decoded.
    public func writeIndex(
        of source: FrameSource, to url: URL, blockSize: Int = FrameIndex.defaultBlockSize,
        framesInFlight: Int = FrameSequence.defaultFramesInFlight, events: (FrameSourceEvent) -> Void = { _ in }
    ) async throws -> (count: Int, failures: [FrameError]) {
        try await source.withSequence { sequence, name in
            events(.encoding(frames: sequence.entries.count))
            let written = try await FrameIndex.write(
                sequence, with: self, source: source.sourcePath, name: name, to: url,
                blockSize: blockSize, framesInFlight: framesInFlight)
            events(.encoded(skipped: written.failures))
            return written
        }
    }
}
