import FrameFinderMath

/// One attention layer: learned projections of the sources into queries, keys and values,
/// then scaled dot-product attention.
///
/// The kinds of attention differ only in where Q, K and V come from, so they are one type
/// called with different arguments:
///
/// - **self-attention** over a sequence `X`: `attention(queriesFrom: X, keysAndValuesFrom: X)`;
/// - **cross-attention**, a clip's tokens attending to a video's frame tokens:
///   `attention(queriesFrom: clipTokens, keysAndValuesFrom: frameTokens)`;
/// - **attention pooling** of a sequence `X` into `m` vectors: `attention(queriesFrom: P,
///   keysAndValuesFrom: X)` with `P` a learned constant `m × queryInputs` matrix (its
///   gradient is `Gradients.queryTokens`).
///
/// With `Xq` the query tokens and `Xkv` the key/value tokens:
/// `Q = Xq · W_Q`, `K = Xkv · W_K`, `V = Xkv · W_V`, `V' = scaledDotProduct(Q, K, V)` and the
/// output `Y = V' · W_O` (or `Y = V'` without an output projection), as PyTorch's
/// `nn.MultiheadAttention` computes it without biases. Weights are stored input × output, so
/// a projection is a single `X · W` product.
public struct Attention: Sendable, Equatable {
    /// `W_Q`, `queryInputs × d`: query tokens to queries.
    public var queryProjection: Matrix
    /// `W_K`, `keyValueInputs × d`: key/value tokens to keys.
    public var keyProjection: Matrix
    /// `W_V`, `keyValueInputs × d_v`: key/value tokens to values.
    public var valueProjection: Matrix
    /// `W_O`, `d_v × outputs`, mixing the heads' outputs; nil for `Y = V'`.
    public var outputProjection: Matrix?
    /// The number of heads `H`; it divides `d` and `d_v`.
    public let heads: Int

    /// An attention layer with the given projections.
    public init(
        queryProjection: Matrix, keyProjection: Matrix, valueProjection: Matrix,
        outputProjection: Matrix? = nil, heads: Int = 1
    ) {
        precondition(queryProjection.columns == keyProjection.columns, "W_Q and W_K must project to one width d")
        precondition(keyProjection.rows == valueProjection.rows, "W_K and W_V must read one token width")
        precondition(
            heads >= 1 && queryProjection.columns % heads == 0 && valueProjection.columns % heads == 0,
            "Heads must divide d and d_v")
        precondition(outputProjection.map { $0.rows == valueProjection.columns } ?? true, "W_O must read d_v")
        self.queryProjection = queryProjection
        self.keyProjection = keyProjection
        self.valueProjection = valueProjection
        self.outputProjection = outputProjection
        self.heads = heads
    }

    /// A layer with Glorot-uniform projections drawn from `generator`.
    ///
    /// - Parameters:
    ///   - queryInputs: the width of a query token.
    ///   - keyValueInputs: the width of a key/value token.
    ///   - dimension: `d`, the width of queries and keys.
    ///   - valueDimension: `d_v` (defaults to `d`).
    ///   - outputDimension: the width of `Y`, or nil for no output projection.
    ///   - heads: `H`, dividing `d` and `d_v`.
    public init(
        queryInputs: Int, keyValueInputs: Int, dimension: Int, valueDimension: Int? = nil,
        outputDimension: Int? = nil, heads: Int = 1, using generator: inout some RandomNumberGenerator
    ) {
        let dv = valueDimension ?? dimension
        let wQ = Matrix.glorotUniform(rows: queryInputs, columns: dimension, using: &generator)
        let wK = Matrix.glorotUniform(rows: keyValueInputs, columns: dimension, using: &generator)
        let wV = Matrix.glorotUniform(rows: keyValueInputs, columns: dv, using: &generator)
        let wO = outputDimension.map { Matrix.glorotUniform(rows: dv, columns: $0, using: &generator) }
        self.init(queryProjection: wQ, keyProjection: wK, valueProjection: wV, outputProjection: wO, heads: heads)
    }

    /// Everything one call computes, kept for the backward pass.
    public struct Forward: Sendable {
        /// `Y`, `T × outputs` (or `V'` without an output projection).
        public var output: Matrix
        /// `A_h` per head, `T × N` each.
        public var weights: [Matrix]
        /// `V'`, the merged heads before `W_O`, `T × d_v`.
        public var attended: Matrix
        /// `Q = Xq · W_Q`, `K = Xkv · W_K`, `V = Xkv · W_V`.
        public var queries: Matrix, keys: Matrix, values: Matrix
        /// The sources `Xq` and `Xkv` the call was given.
        public var queryTokens: Matrix, keyValueTokens: Matrix
    }

    /// Attends from the query tokens to the key/value tokens.
    ///
    /// `Y = scaledDotProduct(Xq·W_Q, Xkv·W_K, Xkv·W_V, heads, mask) · W_O`.
    ///
    /// - Parameters:
    ///   - queryTokens: `Xq`, `T × queryInputs` (the clip's tokens; for pooling, learned queries).
    ///   - keyValueTokens: `Xkv`, `N × keyValueInputs` (the frames' tokens; for self-attention, `Xq`).
    ///   - mask: an optional `T × N` mask.
    public func callAsFunction(
        queriesFrom queryTokens: Matrix, keysAndValuesFrom keyValueTokens: Matrix, mask: AttentionMask? = nil
    ) -> Forward {
        let q = queryTokens.matmul(queryProjection)
        let k = keyValueTokens.matmul(keyProjection)
        let v = keyValueTokens.matmul(valueProjection)
        let attended = Attention.scaledDotProduct(queries: q, keys: k, values: v, heads: heads, mask: mask)
        return Forward(
            output: outputProjection.map { attended.output.matmul($0) } ?? attended.output,
            weights: attended.weights, attended: attended.output,
            queries: q, keys: k, values: v, queryTokens: queryTokens, keyValueTokens: keyValueTokens
        )
    }

    /// Gradients of a loss with respect to the layer's projections and its two sources.
    public struct Gradients: Sendable, Equatable {
        /// `∂L/∂W_Q`, `∂L/∂W_K`, `∂L/∂W_V`, and `∂L/∂W_O` when the layer has `W_O`.
        public var queryProjection: Matrix, keyProjection: Matrix, valueProjection: Matrix
        public var outputProjection: Matrix?
        /// `∂L/∂Xq` and `∂L/∂Xkv`. For self-attention (`Xq = Xkv = X`) `∂L/∂X` is their sum.
        public var queryTokens: Matrix, keyValueTokens: Matrix
    }

    /// The backward pass of `callAsFunction`, from `∂L/∂Y` and/or `∂L/∂A_h`.
    ///
    /// With `∂V' = ∂Y · W_Oᵀ` (`∂V' = ∂Y` without `W_O`) and `∂Q, ∂K, ∂V` from
    /// `scaledDotProductBackward`:
    /// `∂W_O = V'ᵀ · ∂Y`, `∂W_Q = Xqᵀ · ∂Q`, `∂W_K = Xkvᵀ · ∂K`, `∂W_V = Xkvᵀ · ∂V`,
    /// `∂Xq = ∂Q · W_Qᵀ`, `∂Xkv = ∂K · W_Kᵀ + ∂V · W_Vᵀ`.
    ///
    /// - Parameters:
    ///   - forward: what the forward call returned.
    ///   - outputGradient: `∂L/∂Y`, or nil when the loss uses only the weights.
    ///   - weightsGradient: `∂L/∂A_h` per head, or nil when the loss uses only `Y`.
    public func backward(_ forward: Forward, outputGradient: Matrix?, weightsGradient: [Matrix]? = nil) -> Gradients {
        var attendedGradient = outputGradient
        var outputProjectionGradient: Matrix?
        if let outputProjection, let outputGradient {
            outputProjectionGradient = Matrix.product(forward.attended, outputGradient, transposeA: true)
            attendedGradient = Matrix.product(outputGradient, outputProjection, transposeB: true)
        } else if let outputProjection {
            outputProjectionGradient = Matrix(rows: outputProjection.rows, columns: outputProjection.columns)
        }
        let inner = Attention.scaledDotProductBackward(
            queries: forward.queries, keys: forward.keys, values: forward.values, heads: heads,
            weights: forward.weights, outputGradient: attendedGradient, weightsGradient: weightsGradient
        )
        var keyValueTokens = Matrix.product(inner.keys, keyProjection, transposeB: true)
        Matrix.multiplyAdd(inner.values, valueProjection, into: &keyValueTokens, transposeB: true, beta: 1)
        return Gradients(
            queryProjection: Matrix.product(forward.queryTokens, inner.queries, transposeA: true),
            keyProjection: Matrix.product(forward.keyValueTokens, inner.keys, transposeA: true),
            valueProjection: Matrix.product(forward.keyValueTokens, inner.values, transposeA: true),
            outputProjection: outputProjectionGradient,
            queryTokens: Matrix.product(inner.queries, queryProjection, transposeB: true),
            keyValueTokens: keyValueTokens
        )
    }
}
