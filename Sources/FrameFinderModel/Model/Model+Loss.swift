import Foundation
import FrameFinderAttention
import FrameFinderMath

/// A mini-batch for training: clips, candidate frames, and which frames each clip is about.
public struct TrainingBatch: Sendable {
    /// Each clip's tokens, `T_b × audioTokenWidth`.
    public var clips: [Matrix]
    /// The candidate frames' tokens, `M × frameTokenWidth`, shared by every clip of the batch.
    public var frames: Matrix
    /// For each clip, the indices of its positive frames (at least one).
    public var positives: [[Int]]
    /// For each clip, the indices of frames that are neither its positives nor its negatives:
    /// they are masked out of its softmax (empty: every other frame is a negative).
    public var excluded: [[Int]]

    public init(clips: [Matrix], frames: Matrix, positives: [[Int]], excluded: [[Int]]? = nil) {
        precondition(clips.count == positives.count, "Each clip needs its positives")
        precondition(
            positives.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0 >= 0 && $0 < frames.rows } },
            "Every clip needs at least one positive frame within the batch")
        let excluded = excluded ?? Array(repeating: [], count: clips.count)
        precondition(
            excluded.count == clips.count
                && zip(excluded, positives).allSatisfy { ex, pos in
                    ex.allSatisfy { $0 >= 0 && $0 < frames.rows } && Set(ex).isDisjoint(with: pos)
                }, "Excluded frames must be in the batch and not positives")
        self.clips = clips
        self.frames = frames
        self.positives = positives
        self.excluded = excluded
    }

    /// The mask that removes each clip's excluded frames from the softmax of its query rows
    /// (`sourceRanges[b]`), or nil when nothing is excluded.
    func exclusionMask(sourceRanges: [Range<Int>]) -> AttentionMask? {
        guard excluded.contains(where: { !$0.isEmpty }) else { return nil }
        var bias = Matrix(rows: sourceRanges.last?.upperBound ?? 0, columns: frames.rows)
        for (b, range) in sourceRanges.enumerated() {
            for i in range { for j in excluded[b] { bias[i, j] = -.infinity } }
        }
        return AttentionMask(bias: bias)
    }
}

extension Model {
    /// The training loss on a batch and its gradient with respect to every trainable tensor.
    ///
    /// The loss is InfoNCE over the batch's frames, as in CLIP, with the attention softmax as
    /// that softmax and a target spread uniformly over each clip's positives:
    /// ```
    /// L = −1/B · Σ_b 1/|P_b| · Σ_{j∈P_b} log score_bj
    /// ```
    /// where `score_bj` is exactly the ranking score of `scores(queries:frames:)`, so what is
    /// trained is what ranks. A clip's excluded frames (`TrainingBatch.excluded`) are masked
    /// out of both attention softmaxes for its rows (`−∞` before the softmax, so their weight
    /// is exactly 0 and they take no gradient): its scores are a distribution over the
    /// remaining frames, as if the excluded ones were not in the batch. A uniform target keeps
    /// the mass from piling onto a single positive, which would leave the other positives unranked
    /// (`../shared/notes/quality-prototype.md`).
    ///
    /// Gradients are derived by hand, layer by layer (the attention's own backward pass,
    /// `Encoder.backward`, `LayerNorm.backward`), and checked against finite differences in
    /// the tests.
    public func loss(on batch: TrainingBatch) -> (loss: Float, gradients: ParameterSet) {
        let s = settings
        let p = parameters
        var gradients = ParameterSet()
        for name in trainableNames { gradients[name] = Matrix(rows: p[name].rows, columns: p[name].columns) }

        // Audio: encode every clip's tokens in one pass, then pool per clip when the model pools.
        let clipRanges = Self.rowRanges(batch.clips.map(\.rows))
        let audioInput = Self.standardize(
            Matrix.concatenatingRows(batch.clips, columns: s.audioTokenWidth),
            mean: p[Name.audioMean], std: p[Name.audioStd])
        let audioEncoder = Self.audioEncoder(s)
        let (encodedAudio, audioCache) = audioEncoder.forward(audioInput, parameters: p)
        var poolForwards: [Attention.Forward] = []
        let sources: Matrix
        if let pooling {
            poolForwards = clipRanges.map {
                pooling(queriesFrom: p[Name.poolQuery], keysAndValuesFrom: encodedAudio.rows($0))
            }
            sources = Matrix.concatenatingRows(poolForwards.map(\.output), columns: s.embedding)
        } else {
            sources = encodedAudio
        }
        let sourceRanges = pooling == nil ? clipRanges : Self.rowRanges(poolForwards.map(\.output.rows))

        // Frames.
        let frameInput = Self.standardize(batch.frames, mean: p[Name.frameMean], std: p[Name.frameStd])
        let frameEncoder = Self.frameEncoder(s)
        let (encodedFrames, frameCache) = frameEncoder.forward(frameInput, parameters: p)

        // Cross-attention, then the gathered picture attending to the frames' values.
        let cross = crossAttention
        let mask = batch.exclusionMask(sourceRanges: sourceRanges)
        let forward = cross(queriesFrom: sources, keysAndValuesFrom: encodedFrames, mask: mask)
        let share = s.attendedShare
        let second =
            share > 0
            ? Attention.scaledDotProduct(
                queries: forward.attended, keys: forward.values, values: forward.values,
                mask: mask)
            : nil

        // Scores, loss and ∂L/∂score.
        let m = batch.frames.rows
        let heads = s.heads
        var weightGradients = [Matrix](repeating: Matrix(rows: sources.rows, columns: m), count: heads)
        var secondGradient = Matrix(rows: sources.rows, columns: m)
        var total: Double = 0
        let batchSize = Float(batch.clips.count)
        for (b, range) in sourceRanges.enumerated() {
            let t = Float(range.count)
            var score = [Float](repeating: 0, count: m)
            for i in range {
                for h in 0..<heads {
                    let a = forward.weights[h]
                    for j in 0..<m { score[j] += (1 - share) / (t * Float(heads)) * a[i, j] }
                }
                if let second {
                    for j in 0..<m { score[j] += share / t * second.weights[0][i, j] }
                }
            }
            let positives = batch.positives[b]
            for j in positives {
                let value = max(score[j], Float.leastNormalMagnitude)
                total -= Double(log(value)) / Double(positives.count)
                let gradient = -1 / (Float(positives.count) * value * batchSize)
                for i in range {
                    for h in 0..<heads { weightGradients[h][i, j] += gradient * (1 - share) / (t * Float(heads)) }
                    secondGradient[i, j] += gradient * share / t
                }
            }
        }

        // Backward through the second step: ∂V' (its queries) and ∂V (its keys).
        var attendedGradient: Matrix?
        var extraValueGradient: Matrix?
        if let second {
            let g = Attention.scaledDotProductBackward(
                queries: forward.attended, keys: forward.values, values: forward.values, heads: 1,
                weights: second.weights, outputGradient: nil, weightsGradient: [secondGradient])
            attendedGradient = g.queries
            extraValueGradient = g.keys
        }

        // Backward through the cross-attention and its projections.
        let crossGradients = cross.backward(forward, outputGradient: attendedGradient, weightsGradient: weightGradients)
        gradients[Name.crossQueryProjection].add(crossGradients.queryProjection)
        gradients[Name.crossKeyProjection].add(crossGradients.keyProjection)
        gradients[Name.crossValueProjection].add(crossGradients.valueProjection)
        var encodedFramesGradient = crossGradients.keyValueTokens
        if let extraValueGradient {
            // V = E_f · W_V, so ∂W_V += E_fᵀ · ∂V and ∂E_f += ∂V · W_Vᵀ.
            let wv = Name.crossValueProjection
            gradients[wv].add(Matrix.product(encodedFrames, extraValueGradient, transposeA: true))
            encodedFramesGradient.add(Matrix.product(extraValueGradient, p[wv], transposeB: true))
        }
        _ = frameEncoder.backward(encodedFramesGradient, cache: frameCache, parameters: p, gradients: &gradients)

        // Backward through pooling (per clip) and the audio encoder.
        var encodedAudioGradient: Matrix
        if let pooling {
            encodedAudioGradient = Matrix(rows: encodedAudio.rows, columns: encodedAudio.columns)
            for (b, range) in sourceRanges.enumerated() {
                let g = pooling.backward(poolForwards[b], outputGradient: crossGradients.queryTokens.rows(range))
                gradients[Name.poolQueryProjection].add(g.queryProjection)
                gradients[Name.poolKeyProjection].add(g.keyProjection)
                gradients[Name.poolValueProjection].add(g.valueProjection)
                gradients[Name.poolQuery].add(g.queryTokens)
                encodedAudioGradient.addRows(g.keyValueTokens, at: Array(clipRanges[b]))
            }
        } else {
            encodedAudioGradient = crossGradients.queryTokens
        }
        _ = audioEncoder.backward(encodedAudioGradient, cache: audioCache, parameters: p, gradients: &gradients)

        return (Float(total / Double(batch.clips.count)), gradients)
    }

    /// Consecutive row ranges for blocks of the given sizes.
    static func rowRanges(_ counts: [Int]) -> [Range<Int>] {
        var start = 0
        return counts.map { count in
            defer { start += count }
            return start..<start + count
        }
    }
}
