/// The shape of the attention model, apart from its inputs: encoder widths, attention widths
/// and heads, pooling and the score's mix.
///
/// The defaults are those `framefinder train` starts a fresh model with.
public struct ModelArchitecture: Sendable, Equatable {
    /// The hidden width of both per-token encoders; 0 makes them linear.
    public var hidden: Int
    /// The width of the encoded tokens, before the attention projections.
    public var embedding: Int
    /// `d`: the width of queries and keys.
    public var dimension: Int
    /// `d_v`: the width of values.
    public var valueDimension: Int
    /// The number of attention heads of the cross-attention.
    public var heads: Int
    /// The number of learned constant queries that pool a clip's tokens (attention pooling);
    /// 0 lets every clip token query the frames itself.
    public var poolingQueries: Int
    /// `λ`: the share of the score given by the attended picture `V'` (see `Model+Scoring`).
    public var attendedShare: Float

    /// An architecture; `valueDimension` defaults to `dimension`.
    public init(
        hidden: Int = 256, embedding: Int = 64, dimension: Int = 64, valueDimension: Int? = nil, heads: Int = 1,
        poolingQueries: Int = 0, attendedShare: Float = 0.5
    ) {
        self.hidden = hidden
        self.embedding = embedding
        self.dimension = dimension
        self.valueDimension = valueDimension ?? dimension
        self.heads = heads
        self.poolingQueries = poolingQueries
        self.attendedShare = attendedShare
    }
}
