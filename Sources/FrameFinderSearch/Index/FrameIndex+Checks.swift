import Foundation
import FrameFinderAttention
import FrameFinderMath
import FrameFinderModel

/// The checks that keep an untrusted model or index from producing a quiet, wrong ranking:
/// widths that fit the model, and scores that are a distribution over the frames.
extension FrameIndex {
    /// How far the scores' sum may lie from 1 before they count as degenerate.
    static let scoreSumTolerance: Float = 1e-3

    /// Why `scores` are unusable, or nil when every score is finite and non-negative and
    /// their sum is 1 within `scoreSumTolerance` (as `Model.scores` guarantees for sane
    /// weights; a huge finite weight makes them NaN, a zero σ makes them all zero).
    static func scoreProblem(_ scores: [Float]) -> String? {
        guard !scores.isEmpty else { return nil }
        guard scores.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return "scores are NaN or infinite" }
        let sum = scores.reduce(0, +)
        guard abs(sum - 1) <= scoreSumTolerance else { return "scores sum to \(sum), not 1" }
        return nil
    }

    /// `scoreProblem` from the sum of the scores alone (batched scoring keeps no other):
    /// NaN or infinite scores make the sum so.
    static func scoreProblem(sum: Double) -> String? {
        guard sum.isFinite else { return "scores are NaN or infinite" }
        guard abs(sum - 1) <= Double(scoreSumTolerance) else { return "scores sum to \(Float(sum)), not 1" }
        return nil
    }

    /// Checks that the keys and values are as wide as `model`'s `d` and `d_v` (a narrower or
    /// wider index cannot be split into its heads, or would change scores quietly).
    ///
    /// - Throws: `FileError` naming `path` and both widths.
    public func checkWidths(model: Model, path: String) throws(FileError) {
        let (d, dv) = (model.settings.dimension, model.settings.valueDimension)
        // Through views: a mapped index is not copied to be measured.
        let (keyWidth, valueWidth) = encoded.withViews { ($0.columns, $1.columns) }
        guard keyWidth == d else {
            throw FileError(path: path, reason: "index keys are \(keyWidth) wide but the model's are \(d)")
        }
        guard valueWidth == dv else {
            throw FileError(path: path, reason: "index values are \(valueWidth) wide but the model's are \(dv)")
        }
    }

    /// Checks that `model` can score these frames: the keys and values are finite and a
    /// neutral query (a zero row, which attends to every frame alike) gives scores that are
    /// a distribution. `index` runs it before writing, and every query before ranking.
    ///
    /// - Throws: `FileError` naming `path` (the index file, or the model for frames encoded
    ///   on the fly) and what is wrong.
    public func checkScorable(model: Model, path: String) throws(FileError) {
        try Self.checkScorable(encoded, model: model, path: path)
    }

    /// `checkScorable(model:path:)` of frames not yet in an index (`index` checks the frames it
    /// wrote before moving the file into place).
    static func checkScorable(_ encoded: EncodedFrames, model: Model, path: String) throws(FileError) {
        guard encoded.withViews({ $0.isFinite && $1.isFinite }) else {
            throw FileError(
                path: path, reason: "frame keys or values are NaN or infinite (a tensor holds an extreme value)")
        }
        // The probe is scored in place (a mapped index is not copied), as a tile of one row.
        let probe = Matrix(rows: 1, columns: model.settings.dimension)
        let scores =
            model.scores(
                QueryBatch([probe]), frames: encoded, top: 0,
                streaming: Attention.Streaming(queryBlock: 1))[0].all ?? []
        if let problem = Self.scoreProblem(scores) {
            throw FileError(path: path, reason: "\(problem) for these frames (a tensor holds an extreme value)")
        }
    }

    /// The reason a clip's scores are refused: `problem` and what to look at.
    static func scoreFailure(_ problem: String, clip: URL) -> String {
        "\(problem) for \(clip.path) (a tensor of the model or index holds an extreme value)"
    }
}
