import Foundation
import FrameFinderMath

/// One aligned stream to learn from: a video, or a soundtrack and a directory of its frames.
///
/// A video's frames and soundtrack are read through `ffmpeg` (`Video`), as `query` reads a
/// video; a soundtrack libsndfile cannot read (an MP3, an M4A, a video file) is too.
public struct TrainingStream: Sendable, Equatable {
    /// Where the stream's sound and pictures come from.
    public enum Source: Sendable, Equatable {
        /// A video file with a soundtrack.
        case video(URL)
        /// A soundtrack (any container ffmpeg reads) and a directory of PNG frames.
        case soundtrack(URL, frames: URL)
    }

    public var source: Source
    /// Frames per second: frame `i` is on screen from `i / fps` to `(i + 1) / fps` seconds.
    public var fps: Double

    public init(_ source: Source, fps: Double) {
        precondition(fps.isFinite && fps > 0, "fps must be finite and positive")
        self.source = source
        self.fps = fps
    }

    /// The path messages name the stream by: the video, or the soundtrack.
    public var path: String {
        switch source {
        case .video(let url), .soundtrack(let url, _): url.path
        }
    }

    /// Reads a manifest of streams: a CSV whose header names the columns `video`,
    /// `soundtrack`, `frames` and optionally `fps`; each row fills either `video` or both
    /// `soundtrack` and `frames`. Relative paths are relative to the manifest; a row without
    /// `fps` uses `defaultFPS`.
    ///
    /// - Throws: `FileError` naming the manifest and line when it cannot be read, has no
    ///   usable header, or a row is malformed.
    public static func manifest(contentsOf url: URL, defaultFPS: Double) throws(FileError) -> [TrainingStream] {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileError(path: url.path, reason: "cannot read manifest as UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard let first = lines.first else { throw FileError(path: url.path, reason: "manifest lists no stream") }
        let header = CSV.fields(of: first).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard header.contains("video") || (header.contains("soundtrack") && header.contains("frames")) else {
            throw FileError(
                path: url.path, reason: "manifest header needs a video column, or soundtrack and frames columns")
        }
        let base = url.deletingLastPathComponent()
        func resolve(_ path: String) -> URL {
            (path.hasPrefix("/") ? URL(fileURLWithPath: path) : base.appendingPathComponent(path)).standardizedFileURL
        }
        var streams: [TrainingStream] = []
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = CSV.fields(of: line).map { $0.trimmingCharacters(in: .whitespaces) }
            func field(_ name: String) -> String? {
                guard let column = header.firstIndex(of: name), column < fields.count, !fields[column].isEmpty else {
                    return nil
                }
                return fields[column]
            }
            let place = "line \(number + 2)"
            var fps = defaultFPS
            if let text = field("fps") {
                guard let value = Double(text), value.isFinite, value > 0 else {
                    throw FileError(path: url.path, reason: "\(place): fps '\(text)' is not a positive number")
                }
                fps = value
            }
            switch (field("video"), field("soundtrack"), field("frames")) {
            case (let video?, nil, nil): streams.append(TrainingStream(.video(resolve(video)), fps: fps))
            case (nil, let sound?, let frames?):
                streams.append(TrainingStream(.soundtrack(resolve(sound), frames: resolve(frames)), fps: fps))
            default:
                throw FileError(path: url.path, reason: "\(place): give either video, or soundtrack and frames")
            }
        }
        guard !streams.isEmpty else { throw FileError(path: url.path, reason: "manifest lists no stream") }
        return streams
    }
}
