import FrameFinderAttention
import FrameFinderMath

/// What the model says about a clip and a set of frames.
public struct FrameScores: Sendable, Equatable {
    /// One score per frame; they are non-negative and sum to 1 (see `Model.scores`).
    public var scores: [Float]
    /// The cross-attention weights `A` averaged over heads, `T' × N` (query tokens down,
    /// frames across), or nil when the frame set was too large to hold them.
    public var weights: Matrix?
    /// The attended output `V' = A·V`, `T' × d_v`: what the sound "looks like".
    public var attended: Matrix

    /// Scores with the weights and the attended output they came from.
    public init(scores: [Float], weights: Matrix?, attended: Matrix) {
        self.scores = scores
        self.weights = weights
        self.attended = attended
    }
}

extension Model {
    /// The largest `T' × N` weight matrix that scoring holds; larger sets are streamed.
    public static let heldWeightLimit = 4_000_000

    /// Encodes a clip's tokens into the queries `Q` of the cross-attention, `T' × d`.
    ///
    /// - Throws: `ModelError.tokenWidth` when the tokens do not fit the model.
    public func encodeClip(_ tokens: Matrix) throws(ModelError) -> Matrix {
        guard tokens.columns == settings.audioTokenWidth else {
            throw .tokenWidth(kind: "audio", expected: settings.audioTokenWidth, actual: tokens.columns)
        }
        guard tokens.rows > 0 else { throw .noClipTokens }
        let sources = clipSources(tokens)
        return sources.matmul(parameters[Name.crossQueryProjection])
    }

    /// The clip's query sources `S`: its encoded tokens, pooled when the model pools.
    func clipSources(_ tokens: Matrix) -> Matrix {
        let x = Self.standardize(tokens, mean: parameters[Name.audioMean], std: parameters[Name.audioStd])
        let encoded = Self.audioEncoder(settings).forward(x, parameters: parameters).output
        guard let pooling else { return encoded }
        return pooling(queriesFrom: parameters[Name.poolQuery], keysAndValuesFrom: encoded).output
    }

    /// Encodes frame tokens (one row per frame) into the cross-attention's keys and values.
    ///
    /// - Throws: `ModelError.tokenWidth` when the tokens do not fit the model.
    public func encodeFrames(_ tokens: Matrix) throws(ModelError) -> EncodedFrames {
        guard tokens.columns == settings.frameTokenWidth else {
            throw .tokenWidth(kind: "frame", expected: settings.frameTokenWidth, actual: tokens.columns)
        }
        let x = Self.standardize(tokens, mean: parameters[Name.frameMean], std: parameters[Name.frameStd])
        let encoded = Self.frameEncoder(settings).forward(x, parameters: parameters).output
        return EncodedFrames(
            keys: encoded.matmul(parameters[Name.crossKeyProjection]),
            values: encoded.matmul(parameters[Name.crossValueProjection]))
    }

    /// Scores every frame for a clip's queries.
    ///
    /// Two attention steps, the second reading what the first gathered:
    /// ```
    /// A = softmax(Q·Kᵀ/√d_h) per head,   V' = A·V        the sound attends to the frames
    /// B = softmax(V'·Vᵀ/√d_v),                            the gathered picture attends to them
    /// score_j = (1 − λ) · mean_{i,h} A_h[i,j] + λ · mean_i B[i,j]
    /// ```
    /// with `λ = settings.attendedShare`. Each term is a distribution over frames, so the
    /// scores are too: training maximises the mean log-score of the positive frames (see
    /// `Model+Loss`), and ranking sorts by the same score. The second term spreads the mass
    /// from the frames the sound points at to the frames that look like them.
    public func scores(queries: Matrix, frames: EncodedFrames) -> FrameScores {
        scores(queries: queries, groups: [0..<queries.rows], frames: frames)[0]
    }

    /// Scores every frame for several queries at once: one cross-attention over all the rows
    /// of `queries`, read group by group.
    ///
    /// `queries` stacks the query rows of several clips (or of the segments of one recording);
    /// `groups` says which rows are whose. The attention `A = softmax(Q·Kᵀ/√d_h)`, `T' × N`, is
    /// computed once for every row (a softmax is row by row, so a row's weights do not depend
    /// on the other rows), and group `g`'s scores are the formula of `scores(queries:frames:)`
    /// with the means taken over its rows only: exactly what scoring that group's rows on
    /// their own gives. Each group's `weights` are its rows of `A` when `T' × N` weights fit
    /// (`heldWeightLimit`); larger sets are scored by the batched scoring
    /// (`scores(_:frames:top:streaming:)`, every score kept) and have no weights.
    ///
    /// - Precondition: every group is a non-empty range of rows of `queries`.
    public func scores(queries: Matrix, groups: [Range<Int>], frames: EncodedFrames) -> [FrameScores] {
        precondition(
            groups.allSatisfy { !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= queries.rows },
            "Each group must be a non-empty range of query rows")
        let n = frames.count
        let share = settings.attendedShare
        guard n > 0 else {
            return groups.map {
                FrameScores(
                    scores: [], weights: nil, attended: Matrix(rows: $0.count, columns: settings.valueDimension))
            }
        }
        if queries.rows * n <= Self.heldWeightLimit {
            let first = Attention.scaledDotProduct(
                queries: queries, keys: frames.keys, values: frames.values,
                heads: settings.heads)
            var weights = first.weights[0]
            for h in 1..<first.weights.count { weights.add(first.weights[h]) }
            weights = weights.scaled(by: 1 / Float(settings.heads))
            let second =
                share > 0
                ? Attention.scaledDotProduct(queries: first.output, keys: frames.values, values: frames.values).weights[
                    0]
                : nil
            return groups.map { rows in
                let own = weights.rows(rows)
                var scores = own.columnMeans.map { $0 * (1 - share) }
                if let second {
                    for (j, mass) in second.rows(rows).columnMeans.enumerated() { scores[j] += share * mass }
                }
                return FrameScores(scores: scores, weights: own, attended: first.output.rows(rows))
            }
        }
        // Too many weights to hold: the batched scoring streams them, keeping every score.
        return scores(QueryBatch(queries: queries, groups: groups), frames: frames, top: 0).map { selection in
            FrameScores(scores: selection.all ?? [], weights: nil, attended: selection.attended)
        }
    }
}

extension Model {
    /// Where inside one frame the sound's attention falls: the cross-attention weights of the
    /// clip's queries over that frame's patch tokens, averaged over queries and heads.
    ///
    /// `w_p = mean_{i,h} softmax_p(Q_h · K_hᵀ / √d_h)[i, p]` with `K = E_f(patches) · W_K`: the
    /// same attention as `scores`, with the frame's patches (`FrameDescriptorSettings.patchGrid`,
    /// row by row) as its keys. The weights sum to 1.
    ///
    /// - Throws: `ModelError.tokenWidth` when the patch tokens do not fit the model.
    public func patchAttention(queries: Matrix, patchTokens: Matrix) throws(ModelError) -> [Float] {
        let patches = try encodeFrames(patchTokens)
        let weighting = Attention.scaledDotProduct(
            queries: queries, keys: patches.keys, values: patches.values,
            heads: settings.heads)
        var mean = [Float](repeating: 0, count: patchTokens.rows)
        for weights in weighting.weights {
            for (p, value) in weights.columnMeans.enumerated() { mean[p] += value / Float(settings.heads) }
        }
        return mean
    }
}
