/// The retrieval quality of a set of rankings, judged by labels: a frame is relevant to a
/// query when both have the same label.
///
/// What is counted, and what is left out (and counted apart):
/// - a ranked frame without a label is removed from every ranking, as if it were not in the
///   gallery (`unlabelledFrames` counts such distinct frames);
/// - a query without a label is skipped (`unlabelledQueries`);
/// - a query none of whose ranked frames is relevant is skipped, since its average precision
///   is undefined (`queriesWithoutRelevantFrame`);
/// - `R`, the number of relevant frames of a query, is counted in its ranking, so mAP is
///   exact only when every frame is ranked (`framefinder batch --top 0`); rankings that hold
///   fewer frames than were scored are counted in `truncatedRankings`.
/// The metrics of each query are `RetrievalMetrics(rankedRelevance:)`; `overall` is their
/// mean and `labels` the mean over the queries of each label.
public struct RetrievalEvaluation: Sendable, Equatable {
    /// One query's ranking: the query's path and the frame paths, best first.
    public struct RankedQuery: Sendable, Equatable {
        public var query: String
        public var frames: [String]
        /// How many frames were scored (more than `frames.count` when the ranking was cut).
        public var scoredFrames: Int

        public init(query: String, frames: [String], scoredFrames: Int? = nil) {
            self.query = query
            self.frames = frames
            self.scoredFrames = scoredFrames ?? frames.count
        }
    }

    /// The metrics of the queries of one label.
    public struct LabelMetrics: Sendable, Equatable {
        public var label: String
        public var metrics: RetrievalMetrics
    }

    /// The mean over every evaluated query.
    public var overall: RetrievalMetrics
    /// One entry per label that has evaluated queries, sorted by label.
    public var labels: [LabelMetrics]
    /// Queries skipped because they have no label.
    public var unlabelledQueries = 0
    /// Queries skipped because no ranked frame shares their label.
    public var queriesWithoutRelevantFrame = 0
    /// Distinct ranked frames left out because they have no label.
    public var unlabelledFrames = 0
    /// Evaluated queries whose ranking was cut (`--top`), so that their AP counts only the
    /// relevant frames within it.
    public var truncatedRankings = 0

    /// Judges `rankings` by `labels` (label by path).
    public init(rankings: [RankedQuery], labels: [String: String]) {
        var byLabel: [String: [RetrievalMetrics]] = [:]
        var unlabelled = Set<String>()
        for ranking in rankings {
            guard let label = labels[ranking.query] else {
                unlabelledQueries += 1
                continue
            }
            var relevance: [Bool] = []
            for frame in ranking.frames {
                guard let frameLabel = labels[frame] else {
                    unlabelled.insert(frame)
                    continue
                }
                relevance.append(frameLabel == label)
            }
            guard relevance.contains(true) else {
                queriesWithoutRelevantFrame += 1
                continue
            }
            if ranking.frames.count < ranking.scoredFrames { truncatedRankings += 1 }
            byLabel[label, default: []].append(RetrievalMetrics(rankedRelevance: relevance))
        }
        unlabelledFrames = unlabelled.count
        overall = RetrievalMetrics(mean: byLabel.values.flatMap { $0 })
        self.labels = byLabel.keys.sorted().map { LabelMetrics(label: $0, metrics: RetrievalMetrics(mean: byLabel[$0]!)) }
    }
}
