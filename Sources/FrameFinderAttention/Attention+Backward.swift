import FrameFinderMath

extension Attention {
    /// Gradients of a loss with respect to the inputs of `scaledDotProduct`.
    public struct InputGradients: Sendable, Equatable {
        /// `∂L/∂Q`, `T × d`.
        public var queries: Matrix
        /// `∂L/∂K`, `N × d`.
        public var keys: Matrix
        /// `∂L/∂V`, `N × d_v`.
        public var values: Matrix
    }

    /// The backward pass of `scaledDotProduct`: `∂L/∂Q`, `∂L/∂K`, `∂L/∂V` from `∂L/∂V'`
    /// and/or `∂L/∂A_h`.
    ///
    /// A loss may depend on the output `V'` (a layer that uses the attended vectors), on the
    /// weights `A` (a ranking score such as the mean attention mass a frame receives), or both.
    /// Per head, with `s = 1/√d_h`, `G = ∂L/∂A_h + ∂L/∂V'_h · V_hᵀ` the total gradient on
    /// the weights, and `⊙` the elementwise product:
    ///
    /// - `∂L/∂V_h = A_hᵀ · ∂L/∂V'_h`
    /// - `∂L/∂S = A_h ⊙ (G − rowsum(G ⊙ A_h))` (the softmax Jacobian; `S` the scaled, masked scores)
    /// - `∂L/∂Q_h = s · ∂L/∂S · K_h`, `∂L/∂K_h = s · ∂L/∂Sᵀ · Q_h`
    ///
    /// Masked pairs have `A = 0` and so receive no gradient; the mask itself is constant.
    ///
    /// - Parameters:
    ///   - queries, keys, values, heads: the inputs of the forward call.
    ///   - weights: the forward call's `weights` (saved, not recomputed).
    ///   - outputGradient: `∂L/∂V'` (`T × d_v`), or nil when the loss does not use `V'`.
    ///   - weightsGradient: `∂L/∂A_h` per head, or nil when the loss does not use `A`.
    public static func scaledDotProductBackward(
        queries: Matrix, keys: Matrix, values: Matrix, heads: Int = 1,
        weights: [Matrix], outputGradient: Matrix?, weightsGradient: [Matrix]? = nil
    ) -> InputGradients {
        let split = HeadSplit(queries: queries, keys: keys, values: values, heads: heads)
        precondition(weights.count == heads, "Need one weight matrix per head")
        precondition(weightsGradient.map { $0.count == heads } ?? true, "Need one weight gradient per head")
        var dQ: [Matrix] = [], dK: [Matrix] = [], dV: [Matrix] = []
        for h in 0..<heads {
            let a = weights[h]
            var g = weightsGradient?[h] ?? Matrix(rows: a.rows, columns: a.columns)
            if let outputGradient {
                let dOut = split.valueColumns(outputGradient, head: h)
                let v = split.valueColumns(values, head: h)
                dV.append(Matrix.product(a, dOut, transposeA: true))
                Matrix.multiplyAdd(dOut, v, into: &g, transposeB: true, beta: 1)
            } else {
                dV.append(Matrix(rows: values.rows, columns: split.valueHeadDimension))
            }
            let dS = softmaxBackward(weights: a, weightsGradient: g)
            dQ.append(Matrix.product(dS, split.queryColumns(keys, head: h), alpha: split.scale))
            dK.append(Matrix.product(dS, split.queryColumns(queries, head: h), transposeA: true, alpha: split.scale))
        }
        return InputGradients(queries: split.merge(dQ), keys: split.merge(dK), values: split.merge(dV))
    }

    /// The gradient through a row softmax: `∂L/∂S = A ⊙ (G − rowsum(G ⊙ A))` for `A = softmax(S)`
    /// and `G = ∂L/∂A`.
    ///
    /// Row `i` of the softmax has Jacobian `∂A_ij/∂S_ik = A_ij (δ_jk − A_ik)`, so
    /// `∂L/∂S_ik = Σ_j G_ij A_ij (δ_jk − A_ik) = A_ik (G_ik − Σ_j G_ij A_ij)`.
    public static func softmaxBackward(weights a: Matrix, weightsGradient g: Matrix) -> Matrix {
        precondition(a.rows == g.rows && a.columns == g.columns, "Weights and gradient differ in shape")
        var result = g
        let width = a.columns
        a.elements.withUnsafeBufferPointer { pa in
            result.elements.withUnsafeMutableBufferPointer { pg in
                for i in 0..<a.rows {
                    let row = i * width
                    var dot: Float = 0
                    for j in 0..<width { dot += pg[row + j] * pa[row + j] }
                    for j in 0..<width { pg[row + j] = pa[row + j] * (pg[row + j] - dot) }
                }
            }
        }
        return result
    }
}
