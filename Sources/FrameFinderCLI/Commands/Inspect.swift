import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder inspect FILE`: what a model or an index file holds.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a model file (settings, tensors, parameters) or an index file (model, frames, widths) holds."
    )

    @Argument(help: "A model (.safetensors) or index (.ffindex) file.")
    var file: String

    @Option(help: "Output format: table or json.")
    var format: ObjectFormat = .table

    func run() async throws {
        try await reportingFailures {
            let url = URL(fileURLWithPath: file)
            let contents: SafeTensors
            do { contents = try SafeTensors(contentsOf: url) } catch let error as FileError {
                throw FileError(path: file, reason: "not a model or index file (\(error.reason))")
            }
            let fields: [(String, JSON)]
            switch contents.metadata["format"] {
            case "framefinder-model": fields = try Self.describe(model: Model(safeTensors: contents, path: file))
            case "framefinder-index": fields = Self.describe(index: try FrameIndex(safeTensors: contents, path: file))
            default: fields = [("kind", .string("safetensors"))]
            }
            let all = [("file", JSON.string(file))] + fields + Self.tensors(contents)
            print(format == .json ? JSON.object(all).text : Self.table(all))
        }
    }

    static func describe(model: Model) -> [(String, JSON)] {
        [
            ("kind", .string("model")),
            ("identity", .string(model.identity)),
            ("parameters", .integer(model.parameters.scalarCount)),
            ("settings", .object(model.settings.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]
    }

    static func describe(index: FrameIndex) -> [(String, JSON)] {
        [
            ("kind", .string("index")),
            ("model", .string(index.modelName)),
            ("model_identity", .string(index.modelIdentity)),
            ("frames", .integer(index.count)),
            ("fps", .double(index.fps)),
            ("source", .string(index.source)),
            ("key_width", .integer(index.encoded.keys.columns)),
            ("value_width", .integer(index.encoded.values.columns)),
        ]
    }

    static func tensors(_ contents: SafeTensors) -> [(String, JSON)] {
        let names = contents.tensors.keys.sorted()
        return [("tensors", .array(names.map { name in
            .object([("name", .string(name)), ("shape", .array(contents.tensors[name]!.shape.map { .integer($0) }))])
        }))]
    }

    /// `key: value` lines; settings one per line; tensors as a table.
    static func table(_ fields: [(String, JSON)]) -> String {
        var lines: [String] = []
        for (key, value) in fields {
            switch value {
            case .object(let settings):
                lines.append("\(key):")
                lines += settings.map { "  \($0.0) = \(Self.plain($0.1))" }
            case .array(let tensors):
                var table = TextTable(header: ["tensor", "shape"])
                table.rows = tensors.map { tensor in
                    guard case .object(let pairs) = tensor else { return [] }
                    return [Self.plain(pairs[0].1), Self.plain(pairs[1].1)]
                }
                lines.append("\(key): \(tensors.count)")
                lines.append(table.text)
            default:
                lines.append("\(key): \(Self.plain(value))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A value as plain text: strings unquoted, a shape as `4x64`.
    private static func plain(_ value: JSON) -> String {
        switch value {
        case .string(let s): s
        case .array(let items): items.map(plain).joined(separator: "x")
        default: value.text
        }
    }
}
