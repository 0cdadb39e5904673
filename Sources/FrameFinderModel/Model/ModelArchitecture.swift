/// The shape of the attention model, apart from its inputs: encoder widths, attention widths
/// and heads, pooling and the score's mix.
///
/// The defaults are those `framefinder train` starts a fresh model with (its flags may be
/// passed as they are: a flag not given is nil).
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

    /// An architecture; a nil value takes its default: a hidden width of 256, embedding and
    /// dimension 64, `valueDimension` equal to `dimension`, one head, no pooling, `λ = 0.5`.
    public init(
        hidden: Int? = nil, embedding: Int? = nil, dimension: Int? = nil, valueDimension: Int? = nil,
        heads: Int? = nil, poolingQueries: Int? = nil, attendedShare: Float? = nil
    ) {
        self.hidden = hidden ?? 256
        self.embedding = embedding ?? 64
        self.dimension = dimension ?? 64
        self.valueDimension = valueDimension ?? self.dimension
        self.heads = heads ?? 1
        self.poolingQueries = poolingQueries ?? 0
        self.attendedShare = attendedShare ?? 0.5
    }
}
