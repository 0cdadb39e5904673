import FrameFinderMath

extension Attention {
    /// What one attention computes: the weights of every head and the attended output.
    public struct Weighting: Sendable, Equatable {
        /// `A_h`, one `queries × keys` matrix per head; each row sums to 1 (0 if fully masked).
        public var weights: [Matrix]
        /// `V'`, the heads' outputs `A_h · V_h` side by side (`queries × valueDimension`).
        public var output: Matrix
    }

    /// Scaled dot-product attention: the one mechanism every kind of attention here uses.
    ///
    /// For each head `h` (columns `h·d_h ..< (h+1)·d_h` of Q and K, `d_h = d / heads`, and
    /// likewise for V):
    ///
    /// 1. scores `S = Q_h · K_hᵀ` (query `i` compared with key `j` by a dot product),
    /// 2. scaled `S / √d_h` (keeps the scores' spread independent of the width),
    /// 3. weights `A_h = softmax_rows(S / √d_h + M)` (each row sums to 1),
    /// 4. output `V'_h = A_h · V_h`,
    ///
    /// and `V' = [V'_1 … V'_H]`. The reference computation, in numpy, is
    /// ```
    /// s = q_h @ k_h.T / np.sqrt(d_h) + mask
    /// a = np.exp(s - s.max(1, keepdims=True)); a /= a.sum(1, keepdims=True)
    /// out_h = a @ v_h
    /// ```
    /// The products go through `cblas_sgemm`; the softmax subtracts each row's maximum.
    ///
    /// - Parameters:
    ///   - queries: `Q`, `T × d`.
    ///   - keys: `K`, `N × d`.
    ///   - values: `V`, `N × d_v`.
    ///   - heads: `H`, which must divide `d` and `d_v`.
    ///   - mask: an optional `T × N` mask added to every head's scaled scores.
    public static func scaledDotProduct(
        queries: Matrix, keys: Matrix, values: Matrix, heads: Int = 1, mask: AttentionMask? = nil
    ) -> Weighting {
        let split = HeadSplit(queries: queries, keys: keys, values: values, heads: heads)
        if let mask {
            precondition(mask.bias.rows == queries.rows && mask.bias.columns == keys.rows, "Mask must be T × N")
        }
        var weights: [Matrix] = []
        var outputs: [Matrix] = []
        for h in 0..<heads {
            let q = split.queryColumns(queries, head: h)
            let k = split.queryColumns(keys, head: h)
            let v = split.valueColumns(values, head: h)
            var a = Matrix.product(q, k, transposeB: true, alpha: split.scale)
            if let mask { a += mask.bias }
            a.softmaxRowsInPlace()
            outputs.append(Matrix.product(a, v))
            weights.append(a)
        }
        return Weighting(weights: weights, output: split.merge(outputs))
    }
}

/// How Q, K and V are cut into heads: head `h` owns a contiguous block of columns.
struct HeadSplit {
    let heads: Int
    let headDimension: Int
    let valueHeadDimension: Int

    /// `1 / √d_h`, the scale of every head's scores.
    var scale: Float { 1 / Float(headDimension).squareRoot() }

    init(queries: Matrix, keys: Matrix, values: Matrix, heads: Int) {
        self.init(
            queryWidth: queries.columns, keys: (keys.rows, keys.columns), values: (values.rows, values.columns),
            heads: heads)
    }

    init(queryWidth: Int, keys: (rows: Int, columns: Int), values: (rows: Int, columns: Int), heads: Int) {
        precondition(heads >= 1, "Attention needs at least one head")
        precondition(queryWidth == keys.columns, "Queries and keys differ in width: \(queryWidth) vs \(keys.columns)")
        precondition(keys.rows == values.rows, "Keys and values differ in count: \(keys.rows) vs \(values.rows)")
        precondition(queryWidth % heads == 0 && values.columns % heads == 0, "Heads must divide d and d_v")
        self.heads = heads
        headDimension = queryWidth / heads
        valueHeadDimension = values.columns / heads
    }

    /// Head `h`'s block of a query or key matrix (the matrix itself for one head).
    func queryColumns(_ matrix: Matrix, head h: Int) -> Matrix {
        heads == 1 ? matrix : matrix.columns(h * headDimension..<(h + 1) * headDimension)
    }

    /// Head `h`'s block of a value matrix (the matrix itself for one head).
    func valueColumns(_ matrix: Matrix, head h: Int) -> Matrix {
        heads == 1 ? matrix : matrix.columns(h * valueHeadDimension..<(h + 1) * valueHeadDimension)
    }

    /// The heads' blocks put back side by side.
    func merge(_ parts: [Matrix]) -> Matrix {
        heads == 1 ? parts[0] : Matrix.concatenatingColumns(parts)
    }
}
