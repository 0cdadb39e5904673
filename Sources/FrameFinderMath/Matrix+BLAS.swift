internal import COpenBLAS

// MARK: - Products

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
        let n = transposeB ? b.rows : b.columns
        var result = Matrix(rows: m, columns: n)
        multiplyAdd(a, b, into: &result, transposeA: transposeA, transposeB: transposeB, alpha: alpha, beta: 0)
        return result
    }

    /// Accumulates a product in place: `c ← alpha · op(a) · op(b) + beta · c` (`cblas_sgemm`).
    ///
    /// With `beta = 1` this adds a product to `c` without a temporary, as a backward pass
    /// summing the gradients of two paths (`dX = dK·W_Kᵀ + dV·W_Vᵀ`) wants. Equals
    /// `c = alpha * (op(a) @ op(b)) + beta * c` in numpy.
    ///
    /// - Precondition: `op(a)` is `c.rows × k`, `op(b)` is `k × c.columns`.
    public static func multiplyAdd(
        _ a: Matrix, _ b: Matrix, into c: inout Matrix,
        transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, beta: Float = 1
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "Inner dimensions differ: \(k) vs \(kb)")
        precondition(c.rows == m && c.columns == n, "Result is \(c.rows)×\(c.columns), product is \(m)×\(n)")
        a.elements.withUnsafeBufferPointer { pa in
            b.elements.withUnsafeBufferPointer { pb in
                c.elements.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(
                        m: m, n: n, k: k,
                        a: pa.baseAddress, lda: a.columns, transposeA: transposeA,
                        b: pb.baseAddress, ldb: b.columns, transposeB: transposeB,
                        c: pc.baseAddress, ldc: n, alpha: alpha, beta: beta
                    )
                }
            }
        }
    }

    /// The matrix product `self · other`.
    public func matmul(_ other: Matrix) -> Matrix { Matrix.product(self, other) }

    /// The matrix–vector product `alpha · op(self) · x` through `cblas_sgemv`.
    ///
    /// `op(self)` is `selfᵀ` when `transpose` is set. Equals `alpha * (A.T if transpose else A) @ x`.
    ///
    /// - Precondition: `x.count` is the number of columns of `op(self)`.
    public func product(_ x: [Float], transpose: Bool = false, alpha: Float = 1) -> [Float] {
        let inner = transpose ? rows : columns
        let outer = transpose ? columns : rows
        precondition(x.count == inner, "Vector has \(x.count) elements, matrix needs \(inner)")
        var y = [Float](repeating: 0, count: outer)
        guard rows > 0, columns > 0 else { return y }
        elements.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    cblas_sgemv(
                        CblasRowMajor, transpose ? CblasTrans : CblasNoTrans,
                        Int32(rows), Int32(columns), alpha, pa.baseAddress, Int32(columns),
                        px.baseAddress, 1, 0, py.baseAddress, 1
                    )
                }
            }
        }
        return y
    }

    /// The product `op(a) · op(b)` by the textbook triple loop, in plain Swift.
    ///
    /// `C[i, j] = Σ_k op(a)[i, k] · op(b)[k, j]`, accumulated in `Double`. Slow on purpose:
    /// it exists only so tests can cross-check `cblas_sgemm`, never for real work.
    public static func referenceProduct(
        _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false
    ) -> Matrix {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let n = transposeB ? b.rows : b.columns
        precondition(k == (transposeB ? b.columns : b.rows), "Inner dimensions differ")
        var result = Matrix(rows: m, columns: n)
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let x = transposeA ? a[p, i] : a[i, p]
                    let y = transposeB ? b[j, p] : b[p, j]
                    sum += Double(x) * Double(y)
                }
                result[i, j] = Float(sum)
            }
        }
        return result
    }
}

// MARK: - OpenBLAS

/// The OpenBLAS calls FrameFinder makes, and the library's thread count.
public enum BLAS {
    /// The number of threads OpenBLAS uses for one call (`openblas_get_num_threads`).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses for one call (`openblas_set_num_threads`).
    ///
    /// The setting is global to the process. Results are deterministic for a given thread
    /// count; code that already runs work on several cores sets 1 here (see
    /// `withThreadCount(_:_:)`) so that BLAS threads do not oversubscribe the cores.
    public static func setThreadCount(_ count: Int) {
        precondition(count >= 1, "OpenBLAS needs at least one thread")
        openblas_set_num_threads(Int32(count))
    }

    /// Runs `body` with OpenBLAS limited to `count` threads, then restores the previous count.
    public static func withThreadCount<T>(_ count: Int, _ body: () throws -> T) rethrows -> T {
        let previous = threadCount
        setThreadCount(count)
        defer { setThreadCount(previous) }
        return try body()
    }

    /// `C ← alpha · op(A) · op(B) + beta · C` on row-major buffers (`cblas_sgemm`).
    ///
    /// The raw form that `Matrix.product` and the streaming attention kernels share; an
    /// empty product (`m`, `n` or `k` zero) leaves `C` scaled by `beta`, as BLAS defines it.
    public static func gemm(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Float>?, lda: Int, transposeA: Bool = false,
        b: UnsafePointer<Float>?, ldb: Int, transposeB: Bool = false,
        c: UnsafeMutablePointer<Float>?, ldc: Int, alpha: Float = 1, beta: Float = 0
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // OpenBLAS returns early without applying beta when k is 0; do it here.
            guard let c else { return }
            for i in 0..<m {
                for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc)
        )
    }

    /// `y ← alpha · x + y` on `n` contiguous floats (`cblas_saxpy`).
    public static func axpy(
        count n: Int, alpha: Float, x: UnsafePointer<Float>?, y: UnsafeMutablePointer<Float>?
    ) {
        guard n > 0 else { return }
        cblas_saxpy(Int32(n), alpha, x, 1, y, 1)
    }

    /// `x ← alpha · x` on `n` contiguous floats (`cblas_sscal`).
    public static func scale(count n: Int, alpha: Float, x: UnsafeMutablePointer<Float>?) {
        guard n > 0 else { return }
        cblas_sscal(Int32(n), alpha, x, 1)
    }
}
