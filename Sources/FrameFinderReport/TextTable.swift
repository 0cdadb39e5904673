/// Rows of text cells printed as aligned columns: text left-aligned, numbers right-aligned.
public struct TextTable: Sendable {
    /// The header cells.
    public var header: [String]
    /// The rows, as many cells each as the header.
    public var rows: [[String]] = []
    /// The columns whose cells are right-aligned.
    public var numericColumns: Set<Int> = []

    /// A table of `header` and no rows yet.
    public init(header: [String], numericColumns: Set<Int> = []) {
        self.header = header
        self.numericColumns = numericColumns
    }

    /// The table as lines: header, then rows, cells two spaces apart.
    public var text: String {
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
