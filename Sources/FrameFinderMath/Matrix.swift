/// A dense row-major matrix of `Float`, the value every stage of FrameFinder hands on.
///
/// Element `(r, c)` lives at `elements[r * columns + c]`, the layout of a C-order NumPy
/// array of shape `(rows, columns)`; products go through OpenBLAS (see `Matrix+BLAS.swift`).
public struct Matrix: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements in row-major order; `elements.count == rows * columns`.
    public var elements: [Float]

    /// Creates a matrix whose every element is `value`.
    public init(rows: Int, columns: Int, repeating value: Float = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
        self.rows = rows
        self.columns = columns
        self.elements = [Float](repeating: value, count: rows * columns)
    }

    /// Creates a matrix from row-major elements.
    ///
    /// - Precondition: `elements.count == rows * columns`.
    public init(rows: Int, columns: Int, elements: [Float]) {
        precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
        precondition(elements.count == rows * columns, "Matrix needs rows * columns elements")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// Creates a matrix from equally long rows.
    public init(rowVectors: [[Float]]) {
        let columns = rowVectors.first?.count ?? 0
        precondition(rowVectors.allSatisfy { $0.count == columns }, "Rows differ in length")
        self.init(rows: rowVectors.count, columns: columns, elements: rowVectors.flatMap { $0 })
    }

    /// The element at row `row`, column `column`.
    @inlinable
    public subscript(row: Int, column: Int) -> Float {
        get { elements[row * columns + column] }
        set { elements[row * columns + column] = newValue }
    }

    /// The elements of one row.
    @inlinable
    public func row(_ index: Int) -> ArraySlice<Float> {
        elements[index * columns..<(index + 1) * columns]
    }

    /// The shape as `(rows, columns)`.
    public var shape: (rows: Int, columns: Int) { (rows, columns) }

    /// The transpose, `Aᵀ[c, r] = A[r, c]`.
    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        elements.withUnsafeBufferPointer { source in
            result.elements.withUnsafeMutableBufferPointer { target in
                for r in 0..<rows {
                    for c in 0..<columns {
                        target[c * rows + r] = source[r * columns + c]
                    }
                }
            }
        }
        return result
    }

    /// True when every element is finite (no NaN, no infinity).
    public var isFinite: Bool { elements.allSatisfy { $0.isFinite } }
}
