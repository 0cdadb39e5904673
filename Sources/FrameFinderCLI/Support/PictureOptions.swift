import ArgumentParser
import Foundation
import FrameFinder

/// The pictures `query` can draw of one ranking (PNG files written with libpng).
struct PictureOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write the attention heatmap (one row per segment of the sound, frames across with time ticks, each row's top frames outlined, a colour bar of scores).",
                               valueName: "png"))
    var heatmap: String?

    @Option(help: ArgumentHelp("Write a contact sheet of the top frames with rank, time and score (one row per segment when the recording has several).", valueName: "png"))
    var sheet: String?

    @Option(help: ArgumentHelp("Write the attention-weighted mean of the frames: what the sound looks like.",
                               valueName: "png"))
    var attended: String?

    @Option(help: ArgumentHelp(
        "Write the best frame with where the attention fell over its patches (models trained with --patch-grid).",
        valueName: "png"))
    var overlay: String?

    /// Every picture path given.
    var paths: [String?] { [heatmap, sheet, attended, overlay] }

    /// True when some picture is asked for.
    var any: Bool { paths.contains { $0 != nil } }

    /// Checks, before any work, that every picture can be written (`OverwriteOptions`) and
    /// that `--overlay` has patch tokens to draw: a model without them is a usage error.
    func check(loaded: LoadedModel, overwrite: OverwriteOptions) throws {
        if overlay != nil { try PatchOverlayWriter.checkPatchGrid(loaded) }
        try overwrite.check(paths)
    }

    /// Draws every requested picture of `timeline` for `clip`, reading frame images from
    /// `frameFiles` (a video's extracted frames while its gallery is open).
    func write(_ timeline: Timeline, clip: URL, loaded: LoadedModel, frameFiles: Gallery.FrameFiles) throws {
        let drawn = timeline.readingFrames(from: frameFiles)
        try Self.write(drawn, heatmap: heatmap, sheet: sheet, attended: attended)
        if let overlay, Self.framesCanBeDrawn(drawn, picture: overlay) {
            try PatchOverlayWriter.write(drawn.recording, clip: clip, loaded: loaded, to: overlay)
        }
    }

    /// Draws the pictures of `timeline` whose paths are given: the heatmap and the contact
    /// sheet of its segments, the attended frame of the whole recording. A missing frame file
    /// or an unwritable path is a `ReportError` naming the file. The pictures that show frames
    /// are skipped with one warning when the frames are a video's named by an index.
    static func write(_ timeline: Timeline, heatmap: String?, sheet: String?, attended: String?) throws {
        if let heatmap { try AttentionHeatmap(timeline: timeline).writePNG(to: URL(fileURLWithPath: heatmap)) }
        if let sheet, framesCanBeDrawn(timeline, picture: sheet) {
            try ContactSheet(timeline: timeline).writePNG(to: URL(fileURLWithPath: sheet))
        }
        if let attended, framesCanBeDrawn(timeline, picture: attended) {
            try AttendedFrame(ranking: timeline.recording).writePNG(to: URL(fileURLWithPath: attended))
        }
    }

    /// False, with a warning line, when a ranked frame (of the recording or a segment) is a
    /// video's frame (`VIDEO#t=S`, from an index built from a video) with no image file to
    /// draw it from.
    static func framesCanBeDrawn(_ timeline: Timeline, picture: String) -> Bool {
        let results = timeline.recording.results + timeline.segments.flatMap(\.ranking.results)
        guard let frame = results.first(where: {
            $0.frame.path.contains("#t=") && !FileManager.default.fileExists(atPath: $0.frame.path)
        }) else { return true }
        Terminal.warn("\(picture): not drawn: \(frame.frame.path) is a frame of a video named by an index, with no image "
            + "file; query the video itself to draw its frames")
        return false
    }
}

extension Timeline {
    /// The timeline with each result's frame path replaced by the file its image is read from.
    func readingFrames(from frameFiles: Gallery.FrameFiles) -> Timeline {
        func reading(_ ranking: Ranking) -> Ranking {
            var copy = ranking
            for position in copy.results.indices { copy.results[position].frame.path = frameFiles(copy.results[position].frame) }
            return copy
        }
        var copy = self
        copy.recording = reading(recording)
        for n in copy.segments.indices { copy.segments[n].ranking = reading(segments[n].ranking) }
        return copy
    }
}
