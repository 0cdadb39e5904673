import Foundation
import FrameFinderMath
import FrameFinderModel

extension Ranking {
    /// The ranking of one clip of a batch (`Model.scores(_:frames:top:streaming:)`): its
    /// selected frames whose score is at least `minimumScore`, best first.
    ///
    /// Equals `init(query:model:scores:frames:top:minimumScore:)` with the clip's scores and
    /// the `top` of the selection, up to float rounding. `scores.scores` holds every score only
    /// when the selection kept them all (`top` 0), and is empty otherwise; `scores.weights` is nil.
    public init(
        query: String, model: String, selection: FrameSelection, frames: [FrameReference], minimumScore: Float = 0
    ) {
        precondition(frames.count == selection.frameCount, "One reference per scored frame")
        self.query = query
        self.model = model
        self.frameCount = selection.frameCount
        self.scores = FrameScores(scores: selection.all ?? [], weights: nil, attended: selection.attended)
        results = selection.best.enumerated().compactMap { rank, scored in
            guard scored.score >= minimumScore else { return nil }
            return RankedFrame(rank: rank + 1, frame: frames[scored.index], score: scored.score, column: scored.index)
        }
        confidence = selection.confidence
    }
}
