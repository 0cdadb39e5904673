import ArgumentParser
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
            let report = try EvalReport(resultsAt: results, labels: LabelledFiles.merged(labelFiles))
            for warning in report.warnings { Terminal.warn("\(warning)") }
            print(format.pick(table: report.table, json: report.json.text, csv: report.csv))
        }
    }
}
