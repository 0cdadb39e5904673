// Slicing, gathering and concatenating rows and columns: how mini-batches are drawn
// (gather rows), and how attention heads are split (column blocks) and merged (concatenate).

extension Matrix {
    /// The rows in `range` as a new matrix (`numpy: a[range]`).
    public func rows(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows, "Rows \(range) out of 0..<\(rows)")
        return Matrix(
            rows: range.count, columns: columns,
            elements: Array(elements[range.lowerBound * columns..<range.upperBound * columns])
        )
    }

    /// The columns in `range` as a new matrix (`numpy: a[:, range]`); a head's block of Q, K or V.
    public func columns(_ range: Range<Int>) -> Matrix {
        precondition(range.lowerBound >= 0 && range.upperBound <= columns, "Columns \(range) out of 0..<\(columns)")
        var result = Matrix(rows: rows, columns: range.count)
        let width = range.count
        elements.withUnsafeBufferPointer { source in
            result.elements.withUnsafeMutableBufferPointer { target in
                for r in 0..<rows {
                    for c in 0..<width { target[r * width + c] = source[r * columns + range.lowerBound + c] }
                }
            }
        }
        return result
    }

    /// The rows at `indices`, in that order, repeats allowed (`numpy: a[indices]`).
    public func gatheringRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        for (target, source) in indices.enumerated() {
            precondition(source >= 0 && source < rows, "Row \(source) out of 0..<\(rows)")
            result.elements.replaceSubrange(target * columns..<(target + 1) * columns, with: row(source))
        }
        return result
    }

    /// Adds row `k` of `source` to row `indices[k]` of this matrix, repeats accumulating
    /// (`numpy: np.add.at(a, indices, source)`): the gradient of `gatheringRows(_:)`.
    public mutating func addRows(_ source: Matrix, at indices: [Int]) {
        precondition(source.rows == indices.count && source.columns == columns, "Source shape does not match indices")
        for (k, target) in indices.enumerated() {
            precondition(target >= 0 && target < rows, "Row \(target) out of 0..<\(rows)")
            for c in 0..<columns { self[target, c] += source[k, c] }
        }
    }

    /// The matrices stacked top to bottom (`numpy: np.concatenate(parts, axis=0)`).
    ///
    /// - Precondition: all parts have `columns` columns.
    public static func concatenatingRows(_ parts: [Matrix], columns: Int? = nil) -> Matrix {
        let width = columns ?? parts.first?.columns ?? 0
        precondition(parts.allSatisfy { $0.columns == width }, "Parts differ in column count")
        return Matrix(rows: parts.reduce(0) { $0 + $1.rows }, columns: width, elements: parts.flatMap(\.elements))
    }

    /// The matrices side by side (`numpy: np.concatenate(parts, axis=1)`): merges heads.
    ///
    /// - Precondition: all parts have one row count.
    public static func concatenatingColumns(_ parts: [Matrix]) -> Matrix {
        let height = parts.first?.rows ?? 0
        precondition(parts.allSatisfy { $0.rows == height }, "Parts differ in row count")
        let width = parts.reduce(0) { $0 + $1.columns }
        var result = Matrix(rows: height, columns: width)
        var offset = 0
        result.elements.withUnsafeMutableBufferPointer { target in
            for part in parts {
                part.elements.withUnsafeBufferPointer { source in
                    for r in 0..<height {
                        for c in 0..<part.columns { target[r * width + offset + c] = source[r * part.columns + c] }
                    }
                }
                offset += part.columns
            }
        }
        return result
    }
}
