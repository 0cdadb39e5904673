import Foundation
import FrameFinderMath

/// Files with labels, read from a `file,label` CSV whose paths are relative to the CSV.
///
/// The first line may be the header `file,label`. Fields may be double-quoted (a quote
/// inside is doubled, as RFC 4180 has it); blank lines are skipped. This is the format of
/// `../shared/data/mnist/labels.csv` and of what `framefinder eval` and `train` read.
public struct LabelledFiles: Sendable, Equatable {
    /// One labelled file.
    public struct Entry: Sendable, Equatable {
        public var url: URL
        public var label: String

        public init(url: URL, label: String) { (self.url, self.label) = (url, label) }
    }

    /// The entries in file order.
    public var entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads a labels CSV.
    ///
    /// - Throws: `FileError` naming the CSV and line when it cannot be read or a line lacks
    ///   a file or a label.
    public init(csv url: URL) throws(FileError) {
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw FileError(path: url.path, reason: "cannot read labels CSV")
        }
        let base = url.deletingLastPathComponent()
        var entries: [Entry] = []
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = CSV.fields(of: String(line))
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if number == 0 && fields.first?.lowercased() == "file" { continue }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw FileError(path: url.path, reason: "line \(number + 1) is not 'file,label'")
            }
            let file = fields[0]
            let fileURL = file.hasPrefix("/") ? URL(fileURLWithPath: file) : base.appendingPathComponent(file)
            entries.append(Entry(url: fileURL.standardizedFileURL, label: fields[1]))
        }
        guard !entries.isEmpty else { throw FileError(path: url.path, reason: "no labelled files") }
        self.entries = entries
    }

    /// The label of each file, by its standardised path.
    public var labelsByPath: [String: String] {
        var result: [String: String] = [:]
        for entry in entries { result[entry.url.standardizedFileURL.path] = entry.label }
        return result
    }
}

/// Minimal CSV field splitting (RFC 4180 quoting, comma separator).
public enum CSV {
    package static func fields(of line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"" && field.isEmpty {
                quoted = true
            } else if ch == "," {
                fields.append(field)
                field = ""
            } else if ch != "\r" {
                field.append(ch)
            }
        }
        fields.append(field)
        return fields
    }

    /// A field quoted when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
