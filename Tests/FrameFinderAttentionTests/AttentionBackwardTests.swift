import FrameFinderAttention
import FrameFinderMath
import TestSupport
import Testing

/// Hand-derived gradients against central finite differences of a loss that uses both the
/// output and the weights: `L = Σ R ⊙ Y + Σ_h Σ R_h ⊙ A_h` with fixed random `R`, `R_h`.
@Suite struct AttentionBackwardTests {
    /// Central differences in float32: with `ε = 10⁻²` the rounding of `L` (about 10⁻⁶)
    /// and the truncation (`ε²/6 · L'''`) both stay below 10⁻³ of the gradient's scale.
    static let epsilon: Float = 1e-2
    static let tolerance: Float = 1e-3

    /// `∂L/∂x` by central differences for every element of `x`.
    static func numericalGradient(of x: Matrix, _ loss: (Matrix) -> Double) -> Matrix {
        var gradient = Matrix(rows: x.rows, columns: x.columns)
        for i in 0..<x.elements.count {
            var plus = x, minus = x
            plus.elements[i] += epsilon
            minus.elements[i] -= epsilon
            gradient.elements[i] = Float((loss(plus) - loss(minus)) / Double(2 * epsilon))
        }
        return gradient
    }

    static func agrees(_ analytic: Matrix, _ numerical: Matrix) -> Bool {
        let scale = max(1, analytic.elements.reduce(0) { max($0, abs($1)) })
        return isClose(analytic, numerical, absoluteTolerance: tolerance * scale)
    }

    /// `Σ r ⊙ m` in double precision.
    static func dot(_ r: Matrix, _ m: Matrix) -> Double {
        zip(r.elements, m.elements).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test(arguments: [1, 2])
    func scaledDotProductGradientsMatchFiniteDifferences(heads: Int) {
        let q = hashed(100, 4, 6, scale: 2), k = hashed(101, 5, 6), v = hashed(102, 5, 4)
        let mask = AttentionMask.keyPadding(validKeys: [true, true, false, true, true], queries: 4)
        let r = hashed(103, 4, 4)
        let rWeights = (0..<heads).map { hashed(104 + UInt64($0), 4, 5) }
        func loss(_ q: Matrix, _ k: Matrix, _ v: Matrix) -> Double {
            let result = Attention.scaledDotProduct(queries: q, keys: k, values: v, heads: heads, mask: mask)
            return Self.dot(r, result.output) + zip(rWeights, result.weights).reduce(0) { $0 + Self.dot($1.0, $1.1) }
        }
        let forward = Attention.scaledDotProduct(queries: q, keys: k, values: v, heads: heads, mask: mask)
        let gradients = Attention.scaledDotProductBackward(
            queries: q, keys: k, values: v, heads: heads, weights: forward.weights,
            outputGradient: r, weightsGradient: rWeights
        )
        #expect(Self.agrees(gradients.queries, Self.numericalGradient(of: q) { loss($0, k, v) }))
        #expect(Self.agrees(gradients.keys, Self.numericalGradient(of: k) { loss(q, $0, v) }))
        #expect(Self.agrees(gradients.values, Self.numericalGradient(of: v) { loss(q, k, $0) }))
        // The masked key gets no gradient at all.
        #expect(gradients.keys.row(2).allSatisfy { $0 == 0 } && gradients.values.row(2).allSatisfy { $0 == 0 })
    }

    @Test func gradientsFromTheWeightsAloneOrTheOutputAlone() {
        let q = hashed(110, 3, 4), k = hashed(111, 6, 4), v = hashed(112, 6, 2)
        let r = hashed(113, 3, 6)
        let forward = Attention.scaledDotProduct(queries: q, keys: k, values: v)
        let fromWeights = Attention.scaledDotProductBackward(
            queries: q, keys: k, values: v, weights: forward.weights, outputGradient: nil, weightsGradient: [r])
        let numerical = Self.numericalGradient(of: q) {
            Self.dot(r, Attention.scaledDotProduct(queries: $0, keys: k, values: v).weights[0])
        }
        #expect(Self.agrees(fromWeights.queries, numerical))
        #expect(fromWeights.values == Matrix(rows: 6, columns: 2))

        let rOut = hashed(114, 3, 2)
        let fromOutput = Attention.scaledDotProductBackward(
            queries: q, keys: k, values: v, weights: forward.weights, outputGradient: rOut)
        let numericalKeys = Self.numericalGradient(of: k) {
            Self.dot(rOut, Attention.scaledDotProduct(queries: q, keys: $0, values: v).output)
        }
        #expect(Self.agrees(fromOutput.keys, numericalKeys))
    }

    @Test func layerGradientsMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 7)
        let layer = Attention(
            queryInputs: 5, keyValueInputs: 3, dimension: 4, valueDimension: 6,
            outputDimension: 2, heads: 2, using: &generator)
        let xq = hashed(120, 3, 5), xkv = hashed(121, 7, 3)
        let r = hashed(122, 3, 2), rWeights = [hashed(123, 3, 7), hashed(124, 3, 7)]
        func loss(_ layer: Attention, _ xq: Matrix, _ xkv: Matrix) -> Double {
            let forward = layer(queriesFrom: xq, keysAndValuesFrom: xkv)
            return Self.dot(r, forward.output) + zip(rWeights, forward.weights).reduce(0) { $0 + Self.dot($1.0, $1.1) }
        }
        let gradients = layer.backward(
            layer(queriesFrom: xq, keysAndValuesFrom: xkv), outputGradient: r, weightsGradient: rWeights)
        func with(_ change: (inout Attention) -> Void) -> Attention {
            var copy = layer
            change(&copy)
            return copy
        }
        let projections: [(computed: Matrix, parameter: WritableKeyPath<Attention, Matrix>)] = [
            (gradients.queryProjection, \.queryProjection), (gradients.keyProjection, \.keyProjection),
            (gradients.valueProjection, \.valueProjection), (gradients.outputProjection!, \.outputProjection!),
        ]
        for (computed, parameter) in projections {
            let numerical = Self.numericalGradient(of: layer[keyPath: parameter]) { w in
                loss(with { $0[keyPath: parameter] = w }, xq, xkv)
            }
            #expect(Self.agrees(computed, numerical))
        }
        #expect(Self.agrees(gradients.queryTokens, Self.numericalGradient(of: xq) { loss(layer, $0, xkv) }))
        #expect(Self.agrees(gradients.keyValueTokens, Self.numericalGradient(of: xkv) { loss(layer, xq, $0) }))
    }

    /// Self-attention is the same layer given one sequence twice; its input gradient is the
    /// sum of the two source gradients.
    @Test func selfAttentionGradientIsTheSumOfBothSources() {
        var generator = SeededGenerator(seed: 8)
        let layer = Attention(queryInputs: 4, keyValueInputs: 4, dimension: 4, heads: 1, using: &generator)
        let x = hashed(130, 5, 4), r = hashed(131, 5, 4)
        let mask = AttentionMask.causal(queries: 5, keys: 5)
        let forward = layer(queriesFrom: x, keysAndValuesFrom: x, mask: mask)
        let gradients = layer.backward(forward, outputGradient: r)
        let numerical = Self.numericalGradient(of: x) {
            Self.dot(r, layer(queriesFrom: $0, keysAndValuesFrom: $0, mask: mask).output)
        }
        #expect(Self.agrees(gradients.queryTokens + gradients.keyValueTokens, numerical))
    }
}
