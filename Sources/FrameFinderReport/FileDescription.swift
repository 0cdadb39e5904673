import Foundation
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch

/// What a model or index file holds, as `key: value` fields: its kind, identity, settings
/// or frames, and its tensors' shapes.
public struct FileDescription: Sendable {
    /// The fields in order: `file`, `kind`, what the kind has, then `tensors`.
    public var fields: [(String, JSON)]

    /// Describes the safetensors file at `path`: a FrameFinder model, a FrameFinder index, or
    /// another safetensors file (its tensors only).
    ///
    /// - Throws: `FileError` when it is no safetensors file; `ModelError` or `FileError` when
    ///   a model or index in it is unusable.
    public init(contentsOf path: String) throws {
        let contents: SafeTensors
        do { contents = try SafeTensors(contentsOf: URL(fileURLWithPath: path)) } catch let error as FileError {
            throw FileError(path: path, reason: "not a model or index file (\(error.reason))")
        }
        let kind: [(String, JSON)]
        switch contents.metadata["format"] {
        case "framefinder-model": kind = Self.describe(model: try Model(safeTensors: contents, path: path))
        case "framefinder-index": kind = Self.describe(index: try FrameIndex(safeTensors: contents, path: path))
        default: kind = [("kind", .string("safetensors"))]
        }
        let names = contents.tensors.keys.sorted()
        let tensors = names.map { name in
            JSON.object([
                ("name", .string(name)), ("shape", .array(contents.tensors[name]!.shape.map { .integer($0) })),
            ])
        }
        fields = [("file", .string(path))] + kind + [("tensors", .array(tensors))]
    }

    static func describe(model: Model) -> [(String, JSON)] {
        [
            ("kind", .string("model")),
            ("identity", .string(model.identity)),
            ("parameters", .integer(model.parameters.scalarCount)),
            (
                "settings",
                .object(model.settings.metadata.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
            ),
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

    /// The fields as one JSON object.
    public var json: JSON { .object(fields) }

    /// `key: value` lines; settings one per line; tensors as a table.
    public var table: String {
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
