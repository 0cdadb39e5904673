import ArgumentParser
import FrameFinder

/// The pictures `query` can draw of one ranking (PNG files written with libpng).
struct PictureOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write the attention heatmap (one row per segment of the sound, frames across with "
                + "time ticks, each row's top frames outlined, a colour bar of scores).", valueName: "png"))
    var heatmap: String?

    @Option(
        help: ArgumentHelp(
            "Write a contact sheet of the top frames with rank, time and score (one row per "
                + "segment when the recording has several).", valueName: "png"))
    var sheet: String?

    @Option(
        help: ArgumentHelp(
            "Write the attention-weighted mean of the frames: what the sound looks like.",
            valueName: "png"))
    var attended: String?

    @Option(
        help: ArgumentHelp(
            "Write the best frame with where the attention fell over its patches (models trained with --patch-grid).",
            valueName: "png"))
    var overlay: String?

    /// The pictures asked for.
    var pictures: TimelinePictures { .init(heatmap: heatmap, sheet: sheet, attended: attended, overlay: overlay) }

    /// Checks, before any work, that every picture can be written (`OverwriteOptions`) and
    /// that `--overlay` has patch tokens to draw: a model without them is a usage error.
    func check(_ retriever: Retriever, overwrite: OverwriteOptions) throws {
        if overlay != nil && retriever.recipe.frames.settings.patchGrid == nil {
            throw ValidationError(
                "\(retriever.name) has no patch tokens for --overlay (train a model with "
                    + "--patch-grid, e.g. 4x4)")
        }
        try overwrite.check(pictures.paths)
    }
}
