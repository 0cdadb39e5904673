import Foundation
import FrameFinderMath
import FrameFinderModel

/// A frame as ranking reports it: the name it is shown by, where its image is, and when it is shown.
public struct FrameReference: Sendable, Equatable, Codable {
    /// The name the frame is shown by in every output: its file, or a video's frame as
    /// `VIDEO#t=SECONDS`.
    public var path: String
    /// The file its image is read from when that is not `path`: a video's frame extracted
    /// into a temporary folder, valid while the folder exists (`Retriever.withFrames`).
    /// Never stored in an index.
    public var imageFile: String?
    /// Its position in the frame sequence, from 0.
    public var index: Int
    /// Its time in seconds (`index / fps`).
    public var time: Double

    public init(path: String, index: Int, time: Double, imageFile: String? = nil) {
        self.path = path
        self.index = index
        self.time = time
        self.imageFile = imageFile
    }

    /// The file the frame's image is read from: `imageFile`, or `path`.
    public var imagePath: String { imageFile ?? path }

    private enum CodingKeys: String, CodingKey { case path, index, time }
}

/// One ranked frame.
public struct RankedFrame: Sendable, Equatable {
    /// 1 for the best frame.
    public var rank: Int
    public var frame: FrameReference
    /// The frame's score (see `Model.scores`).
    public var score: Float
    /// Its position among the scored frames: its column of the weights, its index into the scores.
    public var column: Int
}

/// The frames ranked for one clip, best first, with how clear the match is.
public struct Ranking: Sendable {
    /// The clip that was the query.
    public var query: String
    /// The model's name (its file, or `default`).
    public var model: String
    /// How many frames were scored.
    public var frameCount: Int
    /// The frames kept (`top` and `minimumScore`), best first.
    public var results: [RankedFrame]
    /// `1 − H(p) / log N` for the scores `p` as a distribution over the `N` frames, where
    /// `H(p) = −Σ p_j log p_j`: 0 when the scores are flat (nothing stands out), 1 when all
    /// the mass is on one frame. Several equally good matches give values in between
    /// (`1 − log k / log N` for `k` equal matches).
    public var confidence: Double
    /// Everything the model computed: scores of every frame, weights, attended output.
    public var scores: FrameScores

    /// Ranks every frame by its score (ties by frame order) and keeps the first `top`
    /// (all when `top` is 0) whose score is at least `minimumScore`.
    public init(
        query: String, model: String, scores: FrameScores, frames: [FrameReference],
        top: Int = 10, minimumScore: Float = 0
    ) {
        precondition(frames.count == scores.scores.count, "One reference per scored frame")
        self.query = query
        self.model = model
        self.frameCount = frames.count
        self.scores = scores
        let order = rankedIndices(scores.scores)
        let kept = top > 0 ? order.prefix(top) : order[...]
        results = kept.enumerated().compactMap { rank, index in
            let score = scores.scores[index]
            guard score >= minimumScore else { return nil }
            return RankedFrame(rank: rank + 1, frame: frames[index], score: score, column: index)
        }
        confidence = FrameSelection.confidence(scores.scores)
    }
}
