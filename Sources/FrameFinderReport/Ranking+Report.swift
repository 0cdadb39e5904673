import FrameFinderModel
import FrameFinderSearch

extension Ranking {
    /// Where each kept result is among the scored frames (its column of the weights and its
    /// index into the scores), best first.
    ///
    /// The same as `results.map(\.frame.index)` unless some frames of the sequence were
    /// skipped (unreadable) before scoring; kept by each result as it was ranked.
    public var resultColumns: [Int] { results.map(\.column) }

    /// How much attention each frame received: the column means of the weights,
    /// `(1/T')·Σ_i A[i, j]`, or the scores when the weights were not held.
    public var frameWeights: [Float] {
        scores.weights?.columnMeans ?? scores.scores
    }
}
