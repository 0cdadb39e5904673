import Foundation
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch

/// The report of an evaluation of a batch's rankings: overall and per label, as a table,
/// JSON or CSV.
public struct EvalReport: Sendable {
    /// The evaluation.
    public var evaluation: RetrievalEvaluation
    /// How many lines of the results were error lines.
    public var errorLines: Int

    /// What the reader of the report should know (a torn last line, repeated clips, cut
    /// rankings), each naming the results file.
    public var warnings: [FileError] = []

    public init(evaluation: RetrievalEvaluation, errorLines: Int) {
        self.evaluation = evaluation
        self.errorLines = errorLines
    }

    /// The report of the batch results file at `path` (`BatchResults`) against `labels`
    /// (standardised path → label, `LabelledFiles.merged`).
    ///
    /// - Throws: `FileError` when the file cannot be read, a line is not a result, or no clip
    ///   could be evaluated.
    public init(resultsAt path: String, labels: [String: String]) throws(FileError) {
        let lines = try BatchResults(contentsOf: path)
        let evaluation = RetrievalEvaluation(rankings: lines.rankings, labels: labels, otherQueries: lines.errorQueries)
        guard evaluation.overall.queries > 0 else {
            throw FileError(
                path: path,
                reason: "no clip could be evaluated (\(lines.rankings.count) rankings: "
                    + "\(evaluation.unlabelledQueries) without a label, \(evaluation.queriesWithoutRelevantFrame) "
                    + "whose label no frame has; \(lines.errorLines) error lines)")
        }
        self.init(evaluation: evaluation, errorLines: lines.errorLines)
        if lines.skippedTornLine {
            warnings.append(FileError(path: path, reason: "skipped a torn last line (interrupted run?)"))
        }
        if evaluation.duplicateQueries > 0 {
            warnings.append(
                FileError(
                    path: path,
                    reason: "\(evaluation.duplicateQueries) lines repeat a clip answered "
                        + "before (two runs on one output?); only each clip's first line is evaluated"))
        }
        if evaluation.truncatedRankings > 0 {
            warnings.append(
                FileError(
                    path: path,
                    reason: "\(evaluation.truncatedRankings) rankings do not hold every "
                        + "frame; relevant frames beyond them count as missed "
                        + "(a batch keeping every frame ranks them all)"
                ))
        }
    }

    private static var columns: [(String, KeyPath<RetrievalMetrics, Double>)] {
        [
            ("R@1", \.recallAt1), ("R@5", \.recallAt5), ("R@10", \.recallAt10),
            ("mAP", \.meanAveragePrecision), ("MRR", \.meanReciprocalRank),
        ]
    }

    private func metrics(_ m: RetrievalMetrics) -> [(String, JSON)] {
        [("queries", .integer(m.queries))] + Self.columns.map { ($0.0, .double(m[keyPath: $0.1])) }
    }

    /// `{"queries", "R@1", "R@5", "R@10", "mAP", "MRR", "labels": [{"label", "queries", …}], "skipped": {…}}`.
    public var json: JSON {
        .object(
            metrics(evaluation.overall) + [
                (
                    "labels",
                    .array(evaluation.labels.map { .object([("label", .string($0.label))] + metrics($0.metrics)) })
                ),
                (
                    "skipped",
                    .object([
                        ("error_lines", .integer(errorLines)),
                        ("unlabelled_queries", .integer(evaluation.unlabelledQueries)),
                        ("queries_without_relevant_frame", .integer(evaluation.queriesWithoutRelevantFrame)),
                        ("unlabelled_frames", .integer(evaluation.unlabelledFrames)),
                        ("duplicate_queries", .integer(evaluation.duplicateQueries)),
                    ])
                ),
                ("truncated_rankings", .integer(evaluation.truncatedRankings)),
            ])
    }

    /// `label,queries,R@1,R@5,R@10,mAP,MRR`, then the row `all` and one row per label
    /// (the skipped counts are in the json format only).
    public var csv: String {
        func row(_ label: String, _ m: RetrievalMetrics) -> String {
            ([CSV.escape(label), String(m.queries)] + Self.columns.map { m[keyPath: $0.1].description }).joined(
                separator: ",")
        }
        return
            ([(["label", "queries"] + Self.columns.map(\.0)).joined(separator: ","), row("all", evaluation.overall)]
            + evaluation.labels.map { row($0.label, $0.metrics) }).joined(separator: "\n")
    }

    /// The metrics as aligned columns, overall then per label, and the skipped counts.
    public var table: String {
        var table = TextTable(header: ["label", "queries"] + Self.columns.map(\.0), numericColumns: Set(1...6))
        func row(_ label: String, _ m: RetrievalMetrics) -> [String] {
            [label, String(m.queries)] + Self.columns.map { String(format: "%.4f", m[keyPath: $0.1]) }
        }
        table.rows = [row("all", evaluation.overall)] + evaluation.labels.map { row($0.label, $0.metrics) }
        let skipped =
            "skipped: \(errorLines) error lines, \(evaluation.unlabelledQueries) clips without a label, "
            + "\(evaluation.queriesWithoutRelevantFrame) clips whose label no frame has, "
            + "\(evaluation.unlabelledFrames) frames without a label, \(evaluation.duplicateQueries) repeated clips"
        return table.text + "\n" + skipped
    }
}
