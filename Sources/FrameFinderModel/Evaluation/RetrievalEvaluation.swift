/// The retrieval quality of a set of rankings, judged by labels: a frame is relevant to a
/// query when both have the same label.
///
/// `R`, the number of relevant frames of a query, comes from the labels: the labelled
/// frames of the gallery that share its label, where the gallery's frames are the labelled
/// paths that are not queries (not a ranked clip, nor a clip of `otherQueries`). So a ranking
/// cut by `--top` is judged as trec_eval judges a run: relevant frames it left out count as
/// missed (`RetrievalMetrics(rankedRelevance:relevantTotal:)`), and a query whose ranking
/// holds no relevant frame counts AP 0, R@K 0 and RR 0.
///
/// What is left out (and counted apart):
/// - a ranked frame without a label is removed from every ranking, as if it were not in the
///   gallery (`unlabelledFrames` counts such distinct frames);
/// - a query without a label is skipped (`unlabelledQueries`);
/// - a query whose label no frame of the gallery has is skipped, since its average
///   precision is undefined (`queriesWithoutRelevantFrame`);
/// - a query ranked a second time (two runs appended to one output) is skipped after its
///   first ranking (`duplicateQueries`).
/// Rankings that hold fewer frames than were scored are counted in `truncatedRankings`.
/// `overall` is the mean of the queries' metrics and `labels` the mean over each label's.
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
    /// Queries skipped because no frame of the gallery shares their label.
    public var queriesWithoutRelevantFrame = 0
    /// Rankings skipped because their query was ranked before.
    public var duplicateQueries = 0
    /// Distinct ranked frames left out because they have no label.
    public var unlabelledFrames = 0
    /// Evaluated queries whose ranking was cut (`--top`): relevant frames beyond the cut
    /// count as missed.
    public var truncatedRankings = 0
    /// The labelled frames of the gallery (labelled paths that are not queries).
    public var labelledFrames = 0

    /// Judges `rankings` by `labels` (label by path); `otherQueries` are clips that were
    /// queried without a ranking (failed), so that their labels are not taken for frames'.
    public init(rankings: [RankedQuery], labels: [String: String], otherQueries: [String] = []) {
        let queries = Set(rankings.map(\.query) + otherQueries)
        var galleryCount: [String: Int] = [:]
        for (path, label) in labels where !queries.contains(path) { galleryCount[label, default: 0] += 1 }
        labelledFrames = galleryCount.values.reduce(0, +)
        var byLabel: [String: [RetrievalMetrics]] = [:]
        var unlabelled = Set<String>()
        var seen = Set<String>()
        for ranking in rankings {
            guard seen.insert(ranking.query).inserted else {
                duplicateQueries += 1
                continue
            }
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
            let total = max(galleryCount[label] ?? 0, relevance.filter { $0 }.count)
            guard total > 0 else {
                queriesWithoutRelevantFrame += 1
                continue
            }
            if ranking.frames.count < ranking.scoredFrames { truncatedRankings += 1 }
            byLabel[label, default: []].append(RetrievalMetrics(rankedRelevance: relevance, relevantTotal: total))
        }
        unlabelledFrames = unlabelled.count
        overall = RetrievalMetrics(mean: byLabel.values.flatMap { $0 })
        self.labels = byLabel.keys.sorted().map {
            LabelMetrics(label: $0, metrics: RetrievalMetrics(mean: byLabel[$0]!))
        }
    }
}
