import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder eval R.jsonl --labels A.csv`: retrieval metrics of a batch's rankings.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a batch's rankings against labels: R@1, R@5, R@10, mAP, MRR, overall and per label.",
        discussion: """
            Labels are 'file,label' CSVs (paths relative to the CSV); a frame is relevant to a \
            clip when their labels are equal. R, a clip's number of relevant frames, is counted in \
            the labels (every labelled path that is not a clip of the results is a frame of the \
            gallery), so a clip whose ranking (cut by --top) holds no relevant frame counts AP 0 \
            and R@K 0. Error lines, clips without a label, clips whose label no frame has, and \
            repeated clips (after their first line) are skipped and counted; frames without a \
            label are left out of the rankings and counted.
            """
    )

    @Argument(help: "The JSON Lines output of `framefinder batch`.")
    var results: String

    @Option(name: .customLong("labels"), help: ArgumentHelp("A file,label CSV (repeat for several).", valueName: "csv"))
    var labelFiles: [String] = []

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    func validate() throws {
        guard !labelFiles.isEmpty else { throw ValidationError("give at least one --labels CSV") }
    }

    func run() async throws {
        try await reportingFailures {
            let labels = try Self.labels(labelFiles)
            let lines = try BatchResults(contentsOf: results)
            let evaluation = RetrievalEvaluation(rankings: lines.rankings, labels: labels, otherQueries: lines.errorQueries)
            guard evaluation.overall.queries > 0 else {
                throw FileError(path: results, reason: "no clip could be evaluated (\(lines.rankings.count) rankings: "
                    + "\(evaluation.unlabelledQueries) without a label, \(evaluation.queriesWithoutRelevantFrame) "
                    + "whose label no frame has; \(lines.errorLines) error lines)")
            }
            if evaluation.duplicateQueries > 0 {
                Terminal.warn("\(results): \(evaluation.duplicateQueries) lines repeat a clip answered before "
                    + "(two runs on one output?); only each clip's first line is evaluated")
            }
            if evaluation.truncatedRankings > 0 {
                Terminal.warn("\(results): \(evaluation.truncatedRankings) rankings do not hold every frame; "
                    + "relevant frames beyond them count as missed (run batch with --top 0 to rank them all)")
            }
            let report = EvalReport(evaluation: evaluation, errorLines: lines.errorLines)
            switch format {
            case .table: print(report.table)
            case .json: print(report.json.text)
            case .csv: print(report.csv)
            }
        }
    }

    /// Every label CSV merged, by standardised path.
    ///
    /// - Throws: `FileError` when a CSV is unreadable or two CSVs label one file differently.
    static func labels(_ files: [String]) throws -> [String: String] {
        var merged: [String: String] = [:]
        for file in files {
            for (path, label) in try LabelledFiles(csv: URL(fileURLWithPath: file)).labelsByPath {
                if let earlier = merged[path], earlier != label {
                    throw FileError(path: file, reason: "labels \(path) '\(label)', but an earlier CSV says '\(earlier)'")
                }
                merged[path] = label
            }
        }
        return merged
    }
}

/// The rankings of a batch's JSON Lines output, and how many lines were errors.
struct BatchResults {
    /// What eval reads of a line: a result object (other keys are ignored) or an error line.
    private struct Line: Decodable {
        struct Result: Decodable {
            var rank: Int
            var frame: String
        }
        var query: String
        var error: String?
        var frames: Int?
        var results: [Result]?
    }

    var rankings: [RetrievalEvaluation.RankedQuery] = []
    /// The clips of the error lines, standardised.
    var errorQueries: [String] = []
    var errorLines: Int { errorQueries.count }

    /// Reads every line; paths are standardised (relative ones taken from the current folder).
    ///
    /// - Throws: `FileError` when the file is unreadable or a whole line is not a result
    ///   (a torn last line, from an interrupted run, is skipped with a warning).
    init(contentsOf path: String) throws(FileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        // Every ranking names the same frames: standardise each distinct path once.
        var standardized: [String: String] = [:]
        func standardize(_ path: String) -> String {
            if let known = standardized[path] { return known }
            let result = URL(fileURLWithPath: path).standardizedFileURL.path
            standardized[path] = result
            return result
        }
        let decoder = JSONDecoder()
        let lines = data.split(separator: UInt8(ascii: "\n"))
        for (number, line) in lines.enumerated() {
            guard let decoded = try? decoder.decode(Line.self, from: Data(line)) else {
                if number == lines.count - 1 && data.last != UInt8(ascii: "\n") {
                    Terminal.warn("\(path): skipped a torn last line (interrupted run?)")
                    continue
                }
                throw FileError(path: path, reason: "line \(number + 1) is not a batch result line")
            }
            if decoded.error != nil {
                errorQueries.append(standardize(decoded.query))
                continue
            }
            guard let results = decoded.results else {
                throw FileError(path: path, reason: "line \(number + 1) has no results array")
            }
            rankings.append(RetrievalEvaluation.RankedQuery(
                query: standardize(decoded.query), frames: results.sorted { $0.rank < $1.rank }.map { standardize($0.frame) },
                scoredFrames: decoded.frames))
        }
    }
}

/// What `eval` prints.
struct EvalReport {
    var evaluation: RetrievalEvaluation
    var errorLines: Int

    private static var columns: [(String, KeyPath<RetrievalMetrics, Double>)] { [
        ("R@1", \.recallAt1), ("R@5", \.recallAt5), ("R@10", \.recallAt10),
        ("mAP", \.meanAveragePrecision), ("MRR", \.meanReciprocalRank),
    ] }

    private func metrics(_ m: RetrievalMetrics) -> [(String, JSON)] {
        [("queries", .integer(m.queries))] + Self.columns.map { ($0.0, .double(m[keyPath: $0.1])) }
    }

    /// `{"queries", "R@1", "R@5", "R@10", "mAP", "MRR", "labels": [{"label", "queries", …}], "skipped": {…}}`.
    var json: JSON {
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
    var csv: String {
        func row(_ label: String, _ m: RetrievalMetrics) -> String {
            ([CSV.escape(label), String(m.queries)] + Self.columns.map { m[keyPath: $0.1].description }).joined(separator: ",")
        }
        return ([(["label", "queries"] + Self.columns.map(\.0)).joined(separator: ","), row("all", evaluation.overall)]
            + evaluation.labels.map { row($0.label, $0.metrics) }).joined(separator: "\n")
    }

    var table: String {
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
