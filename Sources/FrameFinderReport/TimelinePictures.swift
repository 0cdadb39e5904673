import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch

/// The pictures of one timeline a caller asks for, each a PNG path or nil: the attention
/// heatmap and the contact sheet of its segments, the attended frame and the patch overlay
/// of the whole recording.
public struct TimelinePictures: Sendable {
    public var heatmap: String?, sheet: String?, attended: String?, overlay: String?

    public init(heatmap: String? = nil, sheet: String? = nil, attended: String? = nil, overlay: String? = nil) {
        (self.heatmap, self.sheet, self.attended, self.overlay) = (heatmap, sheet, attended, overlay)
    }

    /// Every picture path given.
    public var paths: [String?] { [heatmap, sheet, attended, overlay] }

    /// True when no picture is asked for.
    public var isEmpty: Bool { paths.allSatisfy { $0 == nil } }

    /// Draws the pictures asked for of `timeline` (a detailed one: `Retriever.detailedTimeline`),
    /// reading frame images from `FrameReference.imagePath`. The pictures that show frames are
    /// not drawn when a ranked frame is a video's named by an index, with no image file.
    ///
    /// - Returns: one `FileError` per picture not drawn, naming it and why (a warning).
    /// - Throws: `ReportError` naming a frame or picture file that fails; `ModelError` or
    ///   `FileError` when the overlay cannot be computed.
    public func write(_ timeline: Timeline, retriever: Retriever) throws -> [FileError] {
        if let heatmap { try AttentionHeatmap(timeline: timeline).writePNG(to: URL(fileURLWithPath: heatmap)) }
        let missing = Self.frameWithoutImage(in: timeline)
        let framed = [sheet, attended, overlay].compactMap { $0 }
        if let missing {
            let reason =
                "not drawn: \(missing.path) is a frame of a video named by an index, with no image file; "
                + "query the video itself to draw its frames"
            return framed.map { FileError(path: $0, reason: reason) }
        }
        if let sheet { try ContactSheet(timeline: timeline).writePNG(to: URL(fileURLWithPath: sheet)) }
        if let attended { try AttendedFrame(ranking: timeline.recording).writePNG(to: URL(fileURLWithPath: attended)) }
        if let overlay { try retriever.patchOverlay(of: timeline)?.writePNG(to: URL(fileURLWithPath: overlay)) }
        return []
    }

    /// A ranked frame (of the recording or a segment) that is a video's frame (`VIDEO#t=S`,
    /// from an index built from a video) with no image file to draw it from.
    static func frameWithoutImage(in timeline: Timeline) -> FrameReference? {
        let results = timeline.recording.results + timeline.segments.flatMap(\.ranking.results)
        return results.lazy.map(\.frame).first {
            $0.imageFile == nil && $0.path.contains("#t=") && !FileManager.default.fileExists(atPath: $0.path)
        }
    }
}

extension Retriever {
    /// The patch overlay of `timeline`'s best frame: where the recording's attention falls
    /// inside it (`Model.patchAttention`), for models whose frames have a patch grid; nil
    /// when no frame was kept. The recording's query rows are the timeline's own
    /// (`Timeline.queries`), or the clip encoded again when the timeline holds none.
    ///
    /// - Throws: `FileError` naming the model when it has no patch tokens; `FrameError`,
    ///   `AudioError` or `ModelError` when the frame or clip cannot be read or attended.
    public func patchOverlay(of timeline: Timeline) throws -> PatchOverlay? {
        guard let grid = recipe.frames.settings.patchGrid else {
            throw FileError(path: name, reason: "has no patch tokens (a model trained with a patch grid has)")
        }
        guard let best = timeline.recording.results.first else { return nil }
        let image = try RGBImage(contentsOfPNG: URL(fileURLWithPath: best.frame.imagePath))
        let tokens = recipe.frames.tokens(for: image)
        let queries =
            try timeline.queries
            ?? model.encodeClip(try recipe.clipTokens(contentsOf: URL(fileURLWithPath: timeline.recording.query)))
        let weights = try model.patchAttention(queries: queries, patchTokens: tokens.rows(1..<tokens.rows))
        return try PatchOverlay(frame: image, weights: weights, grid: grid)
    }
}

extension TimelinePictures {
    /// The heatmap and contact sheet of clip number `position` (from 0) of a batch, in
    /// `folder`: `NNNN-NAME.heatmap.png` and `NNNN-NAME.sheet.png`, `NNNN` counting from 1;
    /// none without a folder.
    public init(numbered position: Int, clip: URL, in folder: String?) {
        guard let folder else {
            self.init()
            return
        }
        let stem = String(format: "%04d-", position + 1) + clip.deletingPathExtension().lastPathComponent
        let url = URL(fileURLWithPath: folder)
        self.init(
            heatmap: url.appendingPathComponent("\(stem).heatmap.png").path,
            sheet: url.appendingPathComponent("\(stem).sheet.png").path)
    }

    /// Creates `folder` (and its parents) for numbered pictures.
    ///
    /// - Throws: `FileError` naming it when it cannot be created.
    public static func createFolder(_ folder: String) throws(FileError) {
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw FileError(path: folder, reason: "cannot create the pictures folder")
        }
    }
}

extension BatchRun {
    /// Draws `pictures` of an answered clip from its detailed timeline (every score of every
    /// segment, which the batched timeline does not keep); nothing for a clip that failed.
    ///
    /// - Returns: the pictures not drawn, as `TimelinePictures.write` returns them.
    /// - Throws: what `Retriever.detailedTimeline` and `TimelinePictures.write` throw.
    public func draw(_ pictures: TimelinePictures, of answer: Answer) throws -> [FileError] {
        guard case .success = answer.result, !pictures.isEmpty else { return [] }
        let detailed = try retriever.detailedTimeline(of: answer.clip, in: answer.frames, options: options)
        return try pictures.write(detailed, retriever: retriever)
    }
}
