internal import COpenBLAS

extension Matrix {
    /// The product `alpha · op(a) · op(b)` through OpenBLAS `cblas_sgemm`.
    ///
    /// `op(x)` is `xᵀ` when the matching `transpose` flag is set and `x` otherwise, as in
    /// `numpy.matmul(a.T if transposeA else a, b.T if transposeB else b) * alpha`.
    ///
    /// - Precondition: the inner dimensions of `op(a)` and `op(b)` agree.
    public static func product(
        _ a: Matrix, _ b: Matrix,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1
    ) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "Inner dimensions differ: \(k) vs \(kb)")
        var result = Matrix(rows: m, columns: n)
        if m == 0 || n == 0 { return result }
        if k == 0 { return result }
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                result.elements.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(
                        CblasRowMajor,
                        transposeA ? CblasTrans : CblasNoTrans,
                        transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), alpha,
                        pa.baseAddress, Int32(a.columns),
                        pb.baseAddress, Int32(b.columns),
                        0, pc.baseAddress, Int32(n)
                    )
                }
            }
        }
        return result
    }

    /// The matrix product `self · other`.
    public func matmul(_ other: Matrix) -> Matrix { Matrix.product(self, other) }
}
