import Foundation
import FrameFinderModel
import TestSupport
import Testing

/// The labelled set and expected metrics of `metrics.json` (tools/gen_metrics_fixtures.py).
struct MetricsFixture: Decodable {
    struct Frame: Decodable {
        var file: String
        var label: String?
    }
    struct Query: Decodable {
        var file: String
        var label: String?
        var ranking: [String]
        var scored: Int
    }
    struct Metrics: Decodable, Equatable {
        var queries: Int
        var r1: Double, r5: Double, r10: Double, map: Double, mrr: Double
        enum CodingKeys: String, CodingKey {
            case queries
            case r1 = "R@1"
            case r5 = "R@5"
            case r10 = "R@10"
            case map = "mAP"
            case mrr = "MRR"
        }
    }
    struct LabelMetrics: Decodable {
        var label: String
        var metrics: Metrics
        init(from decoder: any Decoder) throws {
            label = try decoder.container(keyedBy: Key.self).decode(String.self, forKey: .label)
            metrics = try Metrics(from: decoder)
        }
        enum Key: String, CodingKey { case label }
    }
    // The fixture's own (Python) key names.
    // swift-format-ignore: AlwaysUseLowerCamelCase
    struct Skipped: Decodable {
        var unlabelled_queries: Int, queries_without_relevant_frame: Int, unlabelled_frames: Int, error_lines: Int
        var duplicate_queries: Int
    }
    struct Expected: Decodable {
        var overall: Metrics
        var labels: [LabelMetrics]
        var skipped: Skipped
        // swift-format-ignore: AlwaysUseLowerCamelCase
        var truncated_rankings: Int
    }
    var frames: [Frame]
    var queries: [Query]
    // swift-format-ignore: AlwaysUseLowerCamelCase
    var error_queries: [String]
    var expected: Expected

    /// Reads the fixture from the package's source tree (so other test targets can use it).
    static func load() throws -> MetricsFixture {
        let url = TestData.packageRoot.appendingPathComponent("Tests/FrameFinderModelTests/Fixtures/metrics.json")
        return try JSONDecoder().decode(MetricsFixture.self, from: Data(contentsOf: url))
    }

    /// Every label, by file as the fixture names it.
    var labels: [String: String] {
        var result: [String: String] = [:]
        for frame in frames { result[frame.file] = frame.label }
        for query in queries { result[query.file] = query.label }
        return result
    }
}

/// `RetrievalMetrics` as the fixture's numbers, for comparison.
func fixtureMetrics(_ m: RetrievalMetrics) -> MetricsFixture.Metrics {
    .init(
        queries: m.queries, r1: m.recallAt1, r5: m.recallAt5, r10: m.recallAt10,
        map: m.meanAveragePrecision, mrr: m.meanReciprocalRank)
}

/// True when counts are equal and every metric is within `1e-12` (double arithmetic in
/// another order than sklearn's).
func isClose(_ a: MetricsFixture.Metrics, _ b: MetricsFixture.Metrics) -> Bool {
    a.queries == b.queries
        && [abs(a.r1 - b.r1), abs(a.r5 - b.r5), abs(a.r10 - b.r10), abs(a.map - b.map), abs(a.mrr - b.mrr)]
            .allSatisfy { $0 <= 1e-12 }
}

@Suite struct RetrievalEvaluationTests {
    @Test func matchesSklearnOnTheFixture() throws {
        let fixture = try MetricsFixture.load()
        let rankings = fixture.queries.map {
            RetrievalEvaluation.RankedQuery(query: $0.file, frames: $0.ranking, scoredFrames: $0.scored)
        }
        let evaluation = RetrievalEvaluation(rankings: rankings, labels: fixture.labels)
        let expected = fixture.expected
        #expect(isClose(fixtureMetrics(evaluation.overall), expected.overall))
        #expect(evaluation.labels.map(\.label) == expected.labels.map(\.label))
        for (actual, wanted) in zip(evaluation.labels, expected.labels) {
            #expect(isClose(fixtureMetrics(actual.metrics), wanted.metrics), "label \(wanted.label)")
        }
        #expect(evaluation.unlabelledQueries == expected.skipped.unlabelled_queries)
        #expect(evaluation.queriesWithoutRelevantFrame == expected.skipped.queries_without_relevant_frame)
        #expect(evaluation.unlabelledFrames == expected.skipped.unlabelled_frames)
        #expect(evaluation.truncatedRankings == expected.truncated_rankings)
        #expect(evaluation.duplicateQueries == expected.skipped.duplicate_queries)
    }

    /// R comes from the labels: a cut ranking without a relevant frame is counted (it was
    /// skipped, inflating every figure); the figures themselves are checked on the fixture.
    @Test func relevantFramesOutsideACutRankingCountAsMissed() {
        let labels = ["q": "a", "p": "a", "f1": "a", "f2": "a", "g1": "b", "g2": "b"]
        let rankings = [
            RetrievalEvaluation.RankedQuery(query: "q", frames: ["f1", "g1"], scoredFrames: 4),
            RetrievalEvaluation.RankedQuery(query: "p", frames: ["g1", "g2"], scoredFrames: 4),
        ]
        let evaluation = RetrievalEvaluation(rankings: rankings, labels: labels)
        #expect(evaluation.overall.queries == 2)
        #expect(evaluation.queriesWithoutRelevantFrame == 0)
        #expect(evaluation.labelledFrames == 4)
    }

    @Test func noRankingsGiveNoQueries() {
        let evaluation = RetrievalEvaluation(rankings: [], labels: [:])
        #expect(evaluation.overall.queries == 0)
        #expect(evaluation.labels.isEmpty)
    }
}
