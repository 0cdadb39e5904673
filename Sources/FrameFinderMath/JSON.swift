import Foundation

/// A JSON value written with its object keys in the order given, as the output formats
/// document them (Foundation's encoder does not promise an order): the writer of every
/// JSON line and object FrameFinder prints.
public enum JSON: Sendable {
    case string(String)
    /// A `Float`, written in its shortest round-trip decimal form (`0.125`).
    case float(Float)
    /// A `Double`, written in its shortest round-trip decimal form.
    case double(Double)
    case integer(Int)
    case array([JSON])
    case object([(String, JSON)])

    /// Compact JSON text on one line (non-finite numbers, which JSON lacks, become `null`).
    public var text: String {
        switch self {
        case .string(let s): Self.quoted(s)
        case .float(let x): x.isFinite ? x.description : "null"
        case .double(let x): x.isFinite ? x.description : "null"
        case .integer(let n): String(n)
        case .array(let items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case .object(let pairs): "{" + pairs.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    /// A JSON string literal, escaped by Foundation's encoder (slashes left as they are);
    /// text with nothing to escape, such as most paths, is only wrapped in quotes.
    public static func quoted(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
