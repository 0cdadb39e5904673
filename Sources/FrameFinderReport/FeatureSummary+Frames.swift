import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

extension FeatureSummary {
    /// The global token of every readable PNG frame of `sequence`, one row per frame in
    /// order (described on all cores), calling `progress` after each frame with the number
    /// done and, for a frame that could not be read, the line saying so.
    ///
    /// - Throws: `FrameError` (`.noFrames`) naming `path` when no frame is readable.
    public static func globalTokens(
        of sequence: FrameSequence, path: String, descriptor: FrameDescriptor,
        progress: (_ done: Int, _ skipped: String?) -> Void = { _, _ in }
    ) async throws(FrameError) -> Matrix {
        var readable: [Float] = [], rows = 0, done = 0
        await sequence.forEachFrame(describedBy: descriptor) { entry, result in
            done += 1
            switch result {
            case .success(let tokens):
                readable += tokens.row(0)
                rows += 1
                progress(done, nil)
            case .failure(let error): progress(done, "\(error) (frame \(entry.index) skipped)")
            }
        }
        guard rows > 0 else {
            let reason = "none of \(sequence.entries.count) PNG files is readable"
            throw FrameError(path: path, kind: .noFrames, reason: reason)
        }
        return Matrix(rows: rows, columns: descriptor.settings.tokenWidth, elements: readable)
    }
}

extension FeatureSummary {
    /// What the front-ends make of one input: the lines shown, the array `.npy` holds, and
    /// how that array is described once written.
    public struct Shown {
        public var lines: [String]
        public var array: NPYArray
        /// The line saying the array was written to a path.
        public var written: @Sendable (String) -> String
        /// What went wrong on the way without stopping it (a silent clip, files that are not PNG).
        public var warnings: [String] = []
    }

    /// A directory of PNG frames described on all cores (`globalTokens`); the array is the
    /// global tokens, one row per readable frame. `progress` is called after each frame with
    /// the number done, the number of frames, and the line saying a frame was skipped.
    ///
    /// - Throws: `FrameError` when the directory holds no readable PNG frame.
    public static func frames(
        in path: String, progress: (_ done: Int, _ total: Int, _ skipped: String?) -> Void = { _, _, _ in }
    ) async throws -> Shown {
        let sequence = try FrameSequence(directory: URL(fileURLWithPath: path))
        let descriptor = try FrameDescriptor()
        let total = sequence.entries.count
        let global = try await globalTokens(of: sequence, path: path, descriptor: descriptor) {
            progress($0, total, $1)
        }
        let shape = "\(global.rows)x\(global.columns)"
        var shown = Shown(
            lines: lines(
                ofFrames: path, files: total, readable: global.rows, fps: sequence.fps,
                settings: descriptor.settings),
            array: global.npyArray, written: { "  wrote: \($0) (\(shape) global tokens)" })
        if let first = sequence.skippedNames.first {
            shown.warnings = ["\(path): skipped \(sequence.skippedNames.count) files that are not PNG (e.g. \(first))"]
        }
        return shown
    }

    /// A PNG frame as the default frame descriptor sees it; the array is the resized RGB
    /// frame (H × W × 3 float32 in [0, 1]) or, with `tokens`, its token matrix.
    ///
    /// - Throws: `FrameError` when the frame cannot be read.
    public static func frame(contentsOf path: String, tokens: Bool) throws -> Shown {
        let descriptor = try FrameDescriptor()
        let image = try RGBImage(contentsOfPNG: URL(fileURLWithPath: path))
        let frame = descriptor.frame(of: image)
        let array = tokens ? descriptor.tokens(for: frame).npyArray : frame.npyArray
        let shape = array.shape.map(String.init).joined(separator: "x")
        let resized = Size2D(width: frame.width, height: frame.height)
        return Shown(
            lines: lines(ofFrame: path, image: image, resized: resized, settings: descriptor.settings),
            array: array, written: { "  wrote: \($0) (\(shape))" })
    }

    /// A clip as the default audio front-end sees it, with the warnings met; the array is its
    /// `frames × 64` float32 log-mel matrix.
    ///
    /// - Throws: `AudioError` when the clip cannot be read.
    public static func audio(contentsOf path: String) throws -> Shown {
        let extractor = try AudioFeatureExtractor()
        let features = try extractor.features(contentsOf: URL(fileURLWithPath: path))
        return Shown(
            lines: lines(of: features, settings: extractor.settings), array: features.logMel.npyArray,
            written: { "wrote \($0)" }, warnings: features.warnings.map { "\($0)" })
    }
}
