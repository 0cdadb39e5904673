import ArgumentParser
import Foundation
import FrameFinder

/// Draws where the clip's attention falls inside the best frame, for models whose frame
/// descriptors have a patch grid.
enum PatchOverlayWriter {
    /// Writes the overlay of `ranking`'s first frame to `path`.
    ///
    /// - Throws: `ModelError.invalidSettings` when the model has no patch tokens; the frame's
    ///   or the picture's error when either file fails.
    static func write(_ ranking: Ranking, clip: URL, loaded: LoadedModel, to path: String) throws {
        let grid = try checkPatchGrid(loaded)
        guard let best = ranking.results.first else { return }
        let image = try RGBImage(contentsOfPNG: URL(fileURLWithPath: best.frame.path))
        let tokens = loaded.recipe.frames.tokens(for: image)
        let queries = try loaded.model.encodeClip(try loaded.recipe.clipTokens(contentsOf: clip))
        let weights = try loaded.model.patchAttention(queries: queries, patchTokens: tokens.rows(1 ..< tokens.rows))
        try PatchOverlay(frame: image, weights: weights, grid: grid).writePNG(to: URL(fileURLWithPath: path))
    }

    /// The model's patch grid.
    ///
    /// - Throws: `ValidationError` (exit 64) when the model has no patch tokens.
    @discardableResult
    static func checkPatchGrid(_ loaded: LoadedModel) throws -> Size2D {
        guard let grid = loaded.recipe.frames.settings.patchGrid else {
            throw ValidationError("\(loaded.name) has no patch tokens for --overlay (train a model with --patch-grid, e.g. 4x4)")
        }
        return grid
    }
}
