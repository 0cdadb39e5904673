import Foundation
import FrameFinderAttention
import FrameFinderMath
import FrameFinderModel

// MARK: - Ranking clips

extension FrameIndex {
    /// The timelines of many clips at once: their front-ends (decode, features, segments,
    /// encoder: `recordingQueries`) run on `jobs` threads, then every clip's query rows are
    /// scored as one batch (`Model.scores(_:frames:top:streaming:)`), each group of rows (a
    /// clip's whole recording, each of its segments) with its own softmax, scores and top
    /// frames. A clip that fails gives its error; the others go on.
    ///
    /// A clip's timeline is the same, bit for bit, whatever the other clips, `jobs` and
    /// `streaming.threads`, and equals `timeline(of:...)` up to float rounding. With `moments`
    /// every score is kept (moments are found among them all). A clip whose scores are NaN,
    /// infinite or do not sum to 1 (an extreme weight) fails with a `FileError` naming the
    /// model, never an empty ranking.
    ///
    /// - Returns: one result per clip, in the order of `clips`.
    public func timelines(
        of clips: [URL], model: Model, modelName: String, recipe: FeatureRecipe,
        segmentation: Segmentation = .whole, top: Int = 10, minimumScore: Float = 0, moments: Bool = false,
        jobs: Int = 1, streaming: Attention.Streaming = Attention.Streaming()
    ) -> [Result<Timeline, any Error>] {
        let prepared = concurrentMap(clips, jobs: jobs) { clip in
            Result { try recordingQueries(of: clip, model: model, recipe: recipe, segmentation: segmentation) }
        }
        let answered = prepared.indices.compactMap { c in (try? prepared[c].get()).map { (c, $0) } }
        let selections = model.scores(
            QueryBatch(answered.flatMap(\.1.groups)), frames: encoded,
            top: moments ? 0 : top, streaming: streaming)
        var results = prepared.map { $0.map { _ in Timeline?.none } }
        var next = 0
        for (c, queries) in answered {
            let own = selections[next..<next + queries.groups.count]
            next += queries.groups.count
            results[c] = Result {
                let rankings = try own.map { selection in
                    if let problem = Self.scoreProblem(sum: selection.sum) {
                        throw FileError(path: modelName, reason: Self.scoreFailure(problem, clip: clips[c]))
                    }
                    var ranking = Ranking(
                        query: clips[c].standardizedFileURL.path, model: modelName,
                        selection: selection, frames: frames, minimumScore: minimumScore)
                    if top > 0 { ranking.results = Array(ranking.results.prefix(top)) }
                    return ranking
                }
                return timeline(queries, rankings: rankings, momentListing: moments ? (top, minimumScore) : nil)
            }
        }
        return results.map { $0.map { $0! } }
    }

    /// Ranks the frames for many clips at once, each queried whole: the recordings of
    /// `timelines(of:...)` with `Segmentation.whole`.
    public func rankings(
        of clips: [URL], model: Model, modelName: String, recipe: FeatureRecipe,
        top: Int = 10, minimumScore: Float = 0, jobs: Int = 1, streaming: Attention.Streaming = Attention.Streaming()
    ) -> [Result<Ranking, any Error>] {
        timelines(
            of: clips, model: model, modelName: modelName, recipe: recipe, segmentation: .whole, top: top,
            minimumScore: minimumScore, jobs: jobs, streaming: streaming
        ).map { $0.map(\.recording) }
    }

    /// Ranks the frames for one clip, as `rankings(of:...)` does in a batch of one.
    ///
    /// - Throws: `AudioError` when the clip cannot be read; `ModelError` when its tokens
    ///   do not fit the model; `FileError` naming the model when the scores are NaN,
    ///   infinite or do not sum to 1 (an extreme weight), never an empty ranking.
    public func ranking(
        of clip: URL, model: Model, modelName: String, recipe: FeatureRecipe,
        top: Int = 10, minimumScore: Float = 0, streaming: Attention.Streaming = Attention.Streaming()
    ) throws -> Ranking {
        try rankings(
            of: [clip], model: model, modelName: modelName, recipe: recipe, top: top,
            minimumScore: minimumScore, streaming: streaming)[0].get()
    }

    /// The reason a clip's scores are refused: `problem` and what to look at.
    static func scoreFailure(_ problem: String, clip: URL) -> String {
        "\(problem) for \(clip.path) (a tensor of the model or index holds an extreme value)"
    }
}
