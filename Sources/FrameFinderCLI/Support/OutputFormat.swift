import ArgumentParser

/// How a command prints its results on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned columns for people.
    case table
    /// One JSON object (schemas in docs/cli.md).
    case json
    /// Comma-separated values with a header line (RFC 4180 quoting).
    case csv
}

/// How a command whose result is one nested object (`inspect`) prints it: no csv.
enum ObjectFormat: String, ExpressibleByArgument, CaseIterable {
    /// Aligned `key: value` lines for people.
    case table
    /// One JSON object (schemas in docs/cli.md).
    case json
}

/// Rows of text cells printed as aligned columns: text left-aligned, numbers right-aligned.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// The columns whose cells are right-aligned.
    var numericColumns: Set<Int> = []

    var text: String {
        var widths = header.map(\.count)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return numericColumns.contains(i) ? pad + cell : (i == cells.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }
}
