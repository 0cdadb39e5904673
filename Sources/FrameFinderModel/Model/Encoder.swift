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
        parameters["\(prefix).norm.gain"] = Matrix(rows: 1, columns: inputs, repeating: 1)
        parameters["\(prefix).norm.bias"] = Matrix(rows: 1, columns: inputs)
        let first = hidden > 0 ? hidden : outputs
        parameters["\(prefix).fc1.weight"] = .glorotUniform(rows: inputs, columns: first, using: &generator)
        parameters["\(prefix).fc1.bias"] = Matrix(rows: 1, columns: first)
        if hidden > 0 {
            parameters["\(prefix).fc2.weight"] = .glorotUniform(rows: hidden, columns: outputs, using: &generator)
            parameters["\(prefix).fc2.bias"] = Matrix(rows: 1, columns: outputs)
        }
    }

    /// The name and shape of every tensor this encoder owns, as `initialize` makes them.
    var parameterShapes: [(name: String, rows: Int, columns: Int)] {
        let first = hidden > 0 ? hidden : outputs
        return [("\(prefix).norm.gain", 1, inputs), ("\(prefix).norm.bias", 1, inputs),
                ("\(prefix).fc1.weight", inputs, first), ("\(prefix).fc1.bias", 1, first)]
            + (hidden > 0 ? [("\(prefix).fc2.weight", hidden, outputs), ("\(prefix).fc2.bias", 1, outputs)] : [])
    }

    /// The names of the tensors this encoder owns.
    var parameterNames: [String] {
        ["norm.gain", "norm.bias", "fc1.weight", "fc1.bias"].map { "\(prefix).\($0)" }
            + (hidden > 0 ? ["\(prefix).fc2.weight", "\(prefix).fc2.bias"] : [])
    }

    /// Encodes every row of `x`.
    func forward(_ x: Matrix, parameters p: ParameterSet) -> (output: Matrix, cache: Cache) {
        let (normalized, norm) = LayerNorm.forward(x, gain: p["\(prefix).norm.gain"], bias: p["\(prefix).norm.bias"])
        var first = Matrix.product(normalized, p["\(prefix).fc1.weight"])
            .addingRowVector(p["\(prefix).fc1.bias"].elements)
        guard hidden > 0 else {
            return (first, Cache(norm: norm, normalized: normalized, hiddenActivations: nil))
        }
        first = first.map { max($0, 0) }
        let output = Matrix.product(first, p["\(prefix).fc2.weight"])
            .addingRowVector(p["\(prefix).fc2.bias"].elements)
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
            gradients["\(prefix).fc2.weight"].add(Matrix.product(h, gradient, transposeA: true))
            gradients["\(prefix).fc2.bias"].add(Matrix(rows: 1, columns: gradient.columns, elements: gradient.columnSums))
            gradient = Matrix.product(gradient, p["\(prefix).fc2.weight"], transposeB: true)
            gradient.elements.withUnsafeMutableBufferPointer { g in
                h.elements.withUnsafeBufferPointer { a in
                    for i in 0..<g.count where a[i] <= 0 { g[i] = 0 }
                }
            }
        }
        gradients["\(prefix).fc1.weight"].add(Matrix.product(cache.normalized, gradient, transposeA: true))
        gradients["\(prefix).fc1.bias"].add(Matrix(rows: 1, columns: gradient.columns, elements: gradient.columnSums))
        gradient = Matrix.product(gradient, p["\(prefix).fc1.weight"], transposeB: true)
        let norm = LayerNorm.backward(gradient, cache: cache.norm, gain: p["\(prefix).norm.gain"])
        gradients["\(prefix).norm.gain"].add(norm.gain)
        gradients["\(prefix).norm.bias"].add(norm.bias)
        return norm.input
    }
}
