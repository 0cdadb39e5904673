import FrameFinderMath

/// Which keys each query may attend to, as an additive bias on the scaled scores.
///
/// Attention adds `M[i, j]` to the scaled score of query `i` and key `j` before the softmax:
/// `0` keeps the pair, `−∞` removes it (its weight becomes exactly 0), any other value biases
/// it. A boolean mask is the special case `M = 0` where allowed and `−∞` where not, as in
/// PyTorch's `scaled_dot_product_attention(attn_mask=...)`. One mask applies to every head.
/// A query that may attend to no key gets all-zero weights and a zero output (not NaN).
public struct AttentionMask: Sendable, Equatable {
    /// The additive bias `M`, one row per query and one column per key.
    public var bias: Matrix

    /// A mask from an additive bias `M` (`queries × keys`).
    public init(bias: Matrix) { self.bias = bias }

    /// A boolean mask: `allowed(i, j)` says whether query `i` may attend to key `j`.
    public init(queries: Int, keys: Int, allowed: (_ query: Int, _ key: Int) -> Bool) {
        var bias = Matrix(rows: queries, columns: keys)
        for i in 0..<queries {
            for j in 0..<keys where !allowed(i, j) { bias[i, j] = -.infinity }
        }
        self.bias = bias
    }

    /// The causal mask: query `i` sees keys `0...i` only (`torch.ones(T, N).tril()`), so a
    /// token of a sequence attends to itself and what came before it.
    public static func causal(queries: Int, keys: Int) -> AttentionMask {
        AttentionMask(queries: queries, keys: keys) { i, j in j <= i }
    }

    /// The key-padding mask: every query sees exactly the keys marked valid, as when frame
    /// sequences of different lengths are padded to one length.
    public static func keyPadding(validKeys: [Bool], queries: Int) -> AttentionMask {
        AttentionMask(queries: queries, keys: validKeys.count) { _, j in validKeys[j] }
    }

    /// Both masks at once: the biases add, so a pair is removed if either mask removes it.
    public func combined(with other: AttentionMask) -> AttentionMask {
        AttentionMask(bias: bias + other.bias)
    }
}
