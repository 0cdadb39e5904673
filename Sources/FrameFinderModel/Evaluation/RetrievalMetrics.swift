/// Retrieval quality of ranked results against relevance judgements.
///
/// For one query whose ranking (best first) has relevance flags `rel_1 … rel_N` and `R`
/// relevant items in all:
/// - `R@K = 1` when a relevant item is among the first `K`, else 0;
/// - `AP = 1/R · Σ_{k: rel_k} precision@k` (average precision, as
///   `sklearn.metrics.average_precision_score` on a strict full ranking, and as trec_eval's
///   `map` on a cut one: relevant items missing from the ranking add precision 0);
/// - `RR = 1 / rank of the first relevant item` (0 when none is ranked).
/// The metrics of a set of queries are their means: R@K, mAP, MRR.
public struct RetrievalMetrics: Sendable, Equatable {
    public var recallAt1: Double
    public var recallAt5: Double
    public var recallAt10: Double
    public var meanAveragePrecision: Double
    public var meanReciprocalRank: Double
    /// The number of queries averaged.
    public var queries: Int

    /// The metrics of one query from its relevance flags in rank order; `relevantTotal` is
    /// `R` (defaults to the number of relevant items in the ranking).
    public init(rankedRelevance relevance: [Bool], relevantTotal: Int? = nil) {
        let total = relevantTotal ?? relevance.filter { $0 }.count
        var hits = 0
        var precisionSum = 0.0
        var firstRank: Int?
        for (k, relevant) in relevance.enumerated() where relevant {
            hits += 1
            precisionSum += Double(hits) / Double(k + 1)
            if firstRank == nil { firstRank = k + 1 }
        }
        func recall(_ k: Int) -> Double { (firstRank ?? .max) <= k ? 1 : 0 }
        recallAt1 = recall(1)
        recallAt5 = recall(5)
        recallAt10 = recall(10)
        meanAveragePrecision = total > 0 ? precisionSum / Double(total) : 0
        meanReciprocalRank = firstRank.map { 1 / Double($0) } ?? 0
        queries = 1
    }

    /// The mean of per-query metrics (all zero for no queries).
    public init(mean parts: [RetrievalMetrics]) {
        let n = Double(max(parts.reduce(0) { $0 + $1.queries }, 1))
        func mean(_ value: (RetrievalMetrics) -> Double) -> Double {
            parts.reduce(0) { $0 + value($1) * Double($1.queries) } / n
        }
        recallAt1 = mean(\.recallAt1)
        recallAt5 = mean(\.recallAt5)
        recallAt10 = mean(\.recallAt10)
        meanAveragePrecision = mean(\.meanAveragePrecision)
        meanReciprocalRank = mean(\.meanReciprocalRank)
        queries = parts.reduce(0) { $0 + $1.queries }
    }
}

/// The indices of `scores` from best to worst; ties keep index order, so rankings are stable.
public func rankedIndices(_ scores: [Float]) -> [Int] {
    scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
}
