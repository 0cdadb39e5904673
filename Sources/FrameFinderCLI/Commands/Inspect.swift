import ArgumentParser
import FrameFinder

/// `framefinder inspect FILE`: what a model or an index file holds (`FileDescription`).
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Show what a model file (settings, tensors, parameters) or an index file (model, frames, widths) holds."
    )

    @Argument(help: "A model (.safetensors) or index (.ffindex) file.")
    var file: String

    @Option(help: "Output format: table or json.")
    var format: ObjectFormat = .table

    func run() async throws {
        try await reportingFailures {
            let description = try FileDescription(contentsOf: file)
            print(format == .json ? description.json.text : description.table)
        }
    }
}
