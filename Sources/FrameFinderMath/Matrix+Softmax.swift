import Foundation

extension Matrix {
    /// The softmax of each row, `A[i, j] = exp(x_ij − m_i) / Σ_k exp(x_ik − m_i)` with
    /// `m_i = max_k x_ik`.
    ///
    /// Subtracting the row maximum changes nothing mathematically and keeps every exponent
    /// ≤ 0, so huge logits cannot overflow and the denominator is at least 1. Equals
    /// `scipy.special.softmax(x, axis=1)`. A score of `−∞` (a masked entry) gets weight 0; a
    /// row that is `−∞` everywhere (fully masked) gets all-zero weights rather than NaN.
    public func rowSoftmax() -> Matrix {
        var result = self
        result.softmaxRowsInPlace()
        return result
    }

    /// The log-sum-exp of each row, `lse_i = m_i + log Σ_j exp(x_ij − m_i)`, `m_i = max_j x_ij`.
    ///
    /// Equals `scipy.special.logsumexp(x, axis=1)`; `log softmax(x)_ij = x_ij − lse_i`. A row
    /// that is `−∞` everywhere gives `−∞`.
    public func rowLogSumExp() -> [Float] {
        var scratch = self
        return scratch.softmaxRowsInPlace()
    }

    /// Turns each row into its softmax and returns the rows' log-sum-exp.
    @discardableResult
    public mutating func softmaxRowsInPlace() -> [Float] {
        let width = columns
        var lse = [Float](repeating: -.infinity, count: rows)
        elements.withUnsafeMutableBufferPointer { all in
            for r in 0..<rows {
                let row = UnsafeMutableBufferPointer(rebasing: all[r * width..<(r + 1) * width])
                let peak = VectorKernels.maximum(UnsafeBufferPointer(row))
                guard peak > -.infinity else {
                    row.update(repeating: 0)
                    continue
                }
                VectorKernels.exponentiate(row, subtracting: peak)
                let total = VectorKernels.sum(UnsafeBufferPointer(row))
                let inverse = 1 / total
                for j in 0..<width { row[j] *= inverse }
                lse[r] = peak + log(total)
            }
        }
        return lse
    }
}
