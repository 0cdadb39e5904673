import Foundation
import FrameFinderMath
import FrameFinderModel

/// The report of an evaluation of a batch's rankings: overall and per label, as a table,
/// JSON or CSV.
public struct EvalReport: Sendable {
    /// The evaluation.
    public var evaluation: RetrievalEvaluation
    /// How many lines of the results were error lines.
    public var errorLines: Int

    public init(evaluation: RetrievalEvaluation, errorLines: Int) {
        self.evaluation = evaluation
        self.errorLines = errorLines
    }

    private static var columns: [(String, KeyPath<RetrievalMetrics, Double>)] { [
        ("R@1", \.recallAt1), ("R@5", \.recallAt5), ("R@10", \.recallAt10),
        ("mAP", \.meanAveragePrecision), ("MRR", \.meanReciprocalRank),
    ] }

    private func metrics(_ m: RetrievalMetrics) -> [(String, JSON)] {
        [("queries", .integer(m.queries))] + Self.columns.map { ($0.0, .double(m[keyPath: $0.1])) }
    }

    /// `{"queries", "R@1", "R@5", "R@10", "mAP", "MRR", "labels": [{"label", "queries", …}], "skipped": {…}}`.
    public var json: JSON {
        .object(metrics(evaluation.overall) + [
            ("labels", .array(evaluation.labels.map { .object([("label", .string($0.label))] + metrics($0.metrics)) })),
            ("skipped", .object([
                ("error_lines", .integer(errorLines)),
                ("unlabelled_queries", .integer(evaluation.unlabelledQueries)),
                ("queries_without_relevant_frame", .integer(evaluation.queriesWithoutRelevantFrame)),
                ("unlabelled_frames", .integer(evaluation.unlabelledFrames)),
                ("duplicate_queries", .integer(evaluation.duplicateQueries)),
            ])),
            ("truncated_rankings", .integer(evaluation.truncatedRankings)),
        ])
    }

    /// `label,queries,R@1,R@5,R@10,mAP,MRR`, then the row `all` and one row per label
    /// (the skipped counts are in the json format only).
    public var csv: String {
        func row(_ label: String, _ m: RetrievalMetrics) -> String {
            ([CSV.escape(label), String(m.queries)] + Self.columns.map { m[keyPath: $0.1].description }).joined(separator: ",")
        }
        return ([(["label", "queries"] + Self.columns.map(\.0)).joined(separator: ","), row("all", evaluation.overall)]
            + evaluation.labels.map { row($0.label, $0.metrics) }).joined(separator: "\n")
    }

    /// The metrics as aligned columns, overall then per label, and the skipped counts.
    public var table: String {
        var table = TextTable(header: ["label", "queries"] + Self.columns.map(\.0), numericColumns: Set(1...6))
        func row(_ label: String, _ m: RetrievalMetrics) -> [String] {
            [label, String(m.queries)] + Self.columns.map { String(format: "%.4f", m[keyPath: $0.1]) }
        }
        table.rows = [row("all", evaluation.overall)] + evaluation.labels.map { row($0.label, $0.metrics) }
        let skipped = "skipped: \(errorLines) error lines, \(evaluation.unlabelledQueries) clips without a label, "
            + "\(evaluation.queriesWithoutRelevantFrame) clips whose label no frame has, "
            + "\(evaluation.unlabelledFrames) frames without a label, \(evaluation.duplicateQueries) repeated clips"
        return table.text + "\n" + skipped
    }
}
