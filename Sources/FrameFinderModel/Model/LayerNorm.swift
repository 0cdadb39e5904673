import FrameFinderMath

/// Layer normalisation of each row: `y = (x − mean(x)) / √(var(x) + ε) ⊙ γ + β`.
///
/// Matches `torch.nn.LayerNorm(n, eps=1e-5)` over the last dimension (biased variance).
struct LayerNorm {
    static let epsilon: Float = 1e-5

    /// What the backward pass needs: the normalised rows `x̂` and each row's `1/√(var + ε)`.
    struct Cache {
        var normalized: Matrix
        var inverseDeviation: [Float]
    }

    /// Normalises every row of `x`, then scales by `gain` (γ, `1 × n`) and shifts by `bias` (β).
    static func forward(_ x: Matrix, gain: Matrix, bias: Matrix) -> (output: Matrix, cache: Cache) {
        let n = x.columns
        var normalized = x
        var inverseDeviation = [Float](repeating: 0, count: x.rows)
        var output = Matrix(rows: x.rows, columns: n)
        normalized.elements.withUnsafeMutableBufferPointer { xh in
            output.elements.withUnsafeMutableBufferPointer { y in
                for r in 0..<x.rows {
                    let row = r * n
                    var mean: Float = 0
                    for c in 0..<n { mean += xh[row + c] }
                    mean /= Float(n)
                    var variance: Float = 0
                    for c in 0..<n {
                        let d = xh[row + c] - mean
                        variance += d * d
                    }
                    variance /= Float(n)
                    let inv = 1 / (variance + epsilon).squareRoot()
                    inverseDeviation[r] = inv
                    for c in 0..<n {
                        let v = (xh[row + c] - mean) * inv
                        xh[row + c] = v
                        y[row + c] = v * gain.elements[c] + bias.elements[c]
                    }
                }
            }
        }
        return (output, Cache(normalized: normalized, inverseDeviation: inverseDeviation))
    }

    /// The backward pass: `∂x`, `∂γ`, `∂β` from `∂y`.
    ///
    /// With `g = ∂y ⊙ γ` per row: `∂x = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(var + ε)`,
    /// `∂γ = Σ_rows ∂y ⊙ x̂`, `∂β = Σ_rows ∂y`.
    static func backward(
        _ outputGradient: Matrix, cache: Cache, gain: Matrix
    ) -> (input: Matrix, gain: Matrix, bias: Matrix) {
        let n = outputGradient.columns
        var input = Matrix(rows: outputGradient.rows, columns: n)
        var gainGradient = Matrix(rows: 1, columns: n)
        var biasGradient = Matrix(rows: 1, columns: n)
        let xh = cache.normalized.elements
        let dy = outputGradient.elements
        for r in 0..<outputGradient.rows {
            let row = r * n
            var meanG: Float = 0
            var meanGX: Float = 0
            for c in 0..<n {
                let g = dy[row + c] * gain.elements[c]
                meanG += g
                meanGX += g * xh[row + c]
                gainGradient.elements[c] += dy[row + c] * xh[row + c]
                biasGradient.elements[c] += dy[row + c]
            }
            meanG /= Float(n)
            meanGX /= Float(n)
            let inv = cache.inverseDeviation[r]
            for c in 0..<n {
                let g = dy[row + c] * gain.elements[c]
                input.elements[row + c] = (g - meanG - xh[row + c] * meanGX) * inv
            }
        }
        return (input, gainGradient, biasGradient)
    }
}
