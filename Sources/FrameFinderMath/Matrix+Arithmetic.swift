// Elementwise arithmetic and reductions. Sums and scaled sums go through OpenBLAS
// (`saxpy`, `sscal`, `sgemv` with a vector of ones); the rest are single loops the compiler
// vectorises.

// MARK: - Elementwise

extension Matrix {
    /// The elementwise sum `A + B` (`numpy: a + b`).
    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs
        result.add(rhs)
        return result
    }

    /// The elementwise difference `A − B` (`numpy: a - b`).
    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        var result = lhs
        result.add(rhs, scaledBy: -1)
        return result
    }

    /// The scaled matrix `s · A` (`numpy: s * a`).
    public static func * (scalar: Float, matrix: Matrix) -> Matrix { matrix.scaled(by: scalar) }

    /// Adds `B` in place: `A ← A + B`.
    public static func += (lhs: inout Matrix, rhs: Matrix) { lhs.add(rhs) }

    /// Subtracts `B` in place: `A ← A − B`.
    public static func -= (lhs: inout Matrix, rhs: Matrix) { lhs.add(rhs, scaledBy: -1) }

    /// Adds a scaled matrix in place, `A ← A + alpha · B` (`cblas_saxpy`).
    ///
    /// - Precondition: both matrices have one shape.
    public mutating func add(_ other: Matrix, scaledBy alpha: Float = 1) {
        precondition(rows == other.rows && columns == other.columns, "Shapes differ: \(shape) vs \(other.shape)")
        let count = elements.count
        other.elements.withUnsafeBufferPointer { x in
            elements.withUnsafeMutableBufferPointer { y in
                BLAS.axpy(count: count, alpha: alpha, x: x.baseAddress, y: y.baseAddress)
            }
        }
    }

    /// The matrix times a scalar, `s · A` (`cblas_sscal`).
    public func scaled(by scalar: Float) -> Matrix {
        var result = self
        let count = elements.count
        result.elements.withUnsafeMutableBufferPointer { x in
            BLAS.scale(count: count, alpha: scalar, x: x.baseAddress)
        }
        return result
    }

    /// The elementwise (Hadamard) product `A ⊙ B`, `(A ⊙ B)[i, j] = A[i, j] · B[i, j]`
    /// (`numpy: a * b`).
    public func hadamard(_ other: Matrix) -> Matrix {
        precondition(rows == other.rows && columns == other.columns, "Shapes differ: \(shape) vs \(other.shape)")
        return Matrix(rows: rows, columns: columns, elements: zip(elements, other.elements).map { $0 * $1 })
    }

    /// The matrix with `f` applied to every element (`numpy: f(a)` for a ufunc `f`).
    public func map(_ transform: (Float) -> Float) -> Matrix {
        Matrix(rows: rows, columns: columns, elements: elements.map(transform))
    }

    /// The matrix plus a row vector added to every row, `B[i, j] = A[i, j] + v[j]`
    /// (numpy broadcasting: `a + v[None, :]`), as a bias is added.
    ///
    /// - Precondition: `vector.count == columns`.
    public func addingRowVector(_ vector: [Float]) -> Matrix {
        precondition(vector.count == columns, "Row vector has \(vector.count) elements, matrix has \(columns) columns")
        var result = self
        result.elements.withUnsafeMutableBufferPointer { out in
            vector.withUnsafeBufferPointer { v in
                for r in 0..<rows {
                    let row = r * columns
                    for c in 0..<columns { out[row + c] += v[c] }
                }
            }
        }
        return result
    }
}

// MARK: - Reductions

extension Matrix {
    /// The sum of each row, `s[i] = Σ_j A[i, j]` (`numpy: a.sum(axis=1)`), as `A · 1`.
    public var rowSums: [Float] { product([Float](repeating: 1, count: columns)) }

    /// The sum of each column, `s[j] = Σ_i A[i, j]` (`numpy: a.sum(axis=0)`), as `Aᵀ · 1`.
    ///
    /// This is the gradient of a bias added with `addingRowVector(_:)`.
    public var columnSums: [Float] { product([Float](repeating: 1, count: rows), transpose: true) }

    /// The mean of each row (`numpy: a.mean(axis=1)`); empty rows give NaN, as numpy does.
    public var rowMeans: [Float] { rowSums.map { $0 / Float(columns) } }

    /// The mean of each column (`numpy: a.mean(axis=0)`); with no rows it is NaN, as numpy's.
    public var columnMeans: [Float] { columnSums.map { $0 / Float(rows) } }

    /// The sum of all elements, accumulated in `Double` (`numpy: a.sum()`).
    public var sum: Float { Float(elements.reduce(0.0) { $0 + Double($1) }) }
}
