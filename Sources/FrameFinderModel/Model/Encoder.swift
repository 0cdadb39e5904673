import FrameFinderMath

/// A per-token encoder: LayerNorm, then a two-layer perceptron (or one linear layer).
///
/// `y = ReLU(LN(x) · W₁ + b₁) · W₂ + b₂` with a hidden width, or `y = LN(x) · W + b`
/// without one; applied to every row (token) alike, as `torch.nn.Sequential(LayerNorm,
/// Linear, ReLU, Linear)` is. Its weights live in a `ParameterSet` under `prefix`:
/// `prefix.norm.gain`, `prefix.norm.bias`, `prefix.fc1.weight`, `prefix.fc1.bias`
/// and, with a hidden layer, `prefix.fc2.weight`, `prefix.fc2.bias`.
struct Encoder: Sendable, Equatable {
    /// The dotted name under which the weights are stored.
    var prefix: String
    /// The width of an input token.
    var inputs: Int
    /// The hidden width, or 0 for a single linear layer.
    var hidden: Int
    /// The width of an output token.
    var outputs: Int

    /// What the backward pass needs from a forward call.
    struct Cache {
        var norm: LayerNorm.Cache
        var normalized: Matrix
        var hiddenActivations: Matrix?
    }

    /// Fresh weights: LayerNorm γ = 1, β = 0; Glorot-uniform matrices; zero biases.
    func initialize(into parameters: inout ParameterSet, using generator: inout some RandomNumberGenerator) {
        parameters[name(.normGain)] = Matrix(rows: 1, columns: inputs, repeating: 1)
        parameters[name(.normBias)] = Matrix(rows: 1, columns: inputs)
        let first = hidden > 0 ? hidden : outputs
        parameters[name(.firstWeight)] = .glorotUniform(rows: inputs, columns: first, using: &generator)
        parameters[name(.firstBias)] = Matrix(rows: 1, columns: first)
        if hidden > 0 {
            parameters[name(.secondWeight)] = .glorotUniform(rows: hidden, columns: outputs, using: &generator)
            parameters[name(.secondBias)] = Matrix(rows: 1, columns: outputs)
        }
    }

    /// The name and shape of every tensor this encoder owns, as `initialize` makes them.
    var parameterShapes: [(name: String, rows: Int, columns: Int)] {
        let first = hidden > 0 ? hidden : outputs
        return [
            (name(.normGain), 1, inputs), (name(.normBias), 1, inputs),
            (name(.firstWeight), inputs, first), (name(.firstBias), 1, first),
        ]
            + (hidden > 0 ? [(name(.secondWeight), hidden, outputs), (name(.secondBias), 1, outputs)] : [])
    }

    /// The name of this encoder's tensor `part`: `prefix.part`.
    func name(_ part: Model.TensorName.EncoderPart) -> String { "\(prefix).\(part.rawValue)" }

    /// Encodes every row of `x`.
    func forward(_ x: Matrix, parameters p: ParameterSet) -> (output: Matrix, cache: Cache) {
        let (normalized, norm) = LayerNorm.forward(x, gain: p[name(.normGain)], bias: p[name(.normBias)])
        var first = Matrix.product(normalized, p[name(.firstWeight)])
            .addingRowVector(p[name(.firstBias)].elements)
        guard hidden > 0 else {
            return (first, Cache(norm: norm, normalized: normalized, hiddenActivations: nil))
        }
        first = first.map { max($0, 0) }
        let output = Matrix.product(first, p[name(.secondWeight)])
            .addingRowVector(p[name(.secondBias)].elements)
        return (output, Cache(norm: norm, normalized: normalized, hiddenActivations: first))
    }

    /// Adds the weights' gradients to `gradients` and returns `∂L/∂x`.
    ///
    /// For `Y = X·W + b`: `∂W = Xᵀ·∂Y`, `∂b = Σ_rows ∂Y`, `∂X = ∂Y·Wᵀ`; ReLU passes the
    /// gradient where its output is positive.
    func backward(
        _ outputGradient: Matrix, cache: Cache, parameters p: ParameterSet, gradients: inout ParameterSet
    ) -> Matrix {
        var gradient = outputGradient
        if let h = cache.hiddenActivations {
            gradients[name(.secondWeight)].add(Matrix.product(h, gradient, transposeA: true))
            gradients[name(.secondBias)].add(Matrix(rows: 1, columns: gradient.columns, elements: gradient.columnSums))
            gradient = Matrix.product(gradient, p[name(.secondWeight)], transposeB: true)
            gradient.elements.withUnsafeMutableBufferPointer { g in
                h.elements.withUnsafeBufferPointer { a in
                    for i in 0..<g.count where a[i] <= 0 { g[i] = 0 }
                }
            }
        }
        gradients[name(.firstWeight)].add(Matrix.product(cache.normalized, gradient, transposeA: true))
        gradients[name(.firstBias)].add(Matrix(rows: 1, columns: gradient.columns, elements: gradient.columnSums))
        gradient = Matrix.product(gradient, p[name(.firstWeight)], transposeB: true)
        let norm = LayerNorm.backward(gradient, cache: cache.norm, gain: p[name(.normGain)])
        gradients[name(.normGain)].add(norm.gain)
        gradients[name(.normBias)].add(norm.bias)
        return norm.input
    }
}
