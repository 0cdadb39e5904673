import Dispatch
import FrameFinderAttention
import FrameFinderMath

/// The query rows of several clips stacked into one `Q`, each clip keeping its own rows.
///
/// A clip contributes any number of rows (one per query token; a recording cut into
/// segments contributes its segments' rows), and scoring keeps each clip's softmax, scores
/// and top frames apart (`Model.scores(_:frames:top:streaming:)`).
public struct QueryBatch: Sendable {
    /// All the rows, clip after clip, `Σ T'_c × d`.
    public private(set) var queries: Matrix
    /// Clip `c`'s rows of `queries`.
    public private(set) var spans: [Range<Int>]

    /// Stacks the queries of `clips` (each `T'_c × d`, `T'_c ≥ 1`, one width).
    public init(_ clips: [Matrix]) {
        let width = clips.first?.columns ?? 0
        precondition(clips.allSatisfy { $0.columns == width && $0.rows > 0 }, "Clips need rows of one width")
        var elements: [Float] = []
        elements.reserveCapacity(clips.reduce(0) { $0 + $1.elements.count })
        var spans: [Range<Int>] = []
        for clip in clips {
            let start = spans.last?.upperBound ?? 0
            spans.append(start..<start + clip.rows)
            elements.append(contentsOf: clip.elements)
        }
        self.queries = Matrix(rows: spans.last?.upperBound ?? 0, columns: width, elements: elements)
        self.spans = spans
    }

    /// The rows `queries` already stacked, group `g` being rows `groups[g]` (non-empty ranges
    /// of rows; they may overlap).
    public init(queries: Matrix, groups: [Range<Int>]) {
        precondition(
            groups.allSatisfy { !$0.isEmpty && $0.lowerBound >= 0 && $0.upperBound <= queries.rows },
            "Each group must be a non-empty range of query rows")
        self.queries = queries
        self.spans = groups
    }

    /// The number of clips.
    public var count: Int { spans.count }
}

extension Model {
    /// Scores every frame for every clip of `batch` at once, and keeps each clip's best `top`
    /// frames (all when `top` is 0).
    ///
    /// The same two attention steps as `scores(queries:frames:)`, with all clips' rows as one
    /// `Q`: `A = softmax(Q·Kᵀ/√d_h)` and `V' = A·V` streamed over key blocks
    /// (`Attention.streamed`, each row its own softmax), `B = softmax(V'·Vᵀ/√d_v)` likewise,
    /// then one more pass over the key blocks sums each clip's rows
    /// (`Attention.groupedMeanWeights`): `score_cj = (1 − λ)·mean_{i∈c,h} A_h[i,j] + λ·mean_{i∈c} B[i,j]`.
    /// Each clip's scores equal `scores(queries:frames:)` of that clip alone up to float
    /// rounding, and are the same bit for bit in any batch scored with the same block sizes
    /// (which keeps `batch --resume` exact); a batch of fewer rows than `streaming.queryBlock`
    /// costs a full tile. Each block's scores go straight into the clips' selections (`FrameSelection`),
    /// so memory beyond the frames is `O(rows · d + threads · (rows + clips) · keyBlock)` plus
    /// `top` frames per clip (every score, `N` per clip, when `top` is 0).
    public func scores(
        _ batch: QueryBatch, frames: EncodedFrames, top: Int, streaming: Attention.Streaming = Attention.Streaming()
    ) -> [FrameSelection] {
        precondition(top >= 0, "top must not be negative")
        let n = frames.count
        let share = settings.attendedShare
        guard batch.count > 0 else { return [] }
        // Every tile of query rows is full (zero rows fill the last): each `sgemm` then has the
        // same shape whatever the batch, and OpenBLAS picks its code path by shape (`sgemv`
        // for one row, direct or small-matrix kernels below some size), so a clip's scores
        // are the same bit for bit alone or anywhere in any batch, on any number of threads.
        let queries = batch.queries.paddingRows(toMultipleOf: streaming.queryBlock)
        return frames.withViews { keys, values in
            let first = Attention.streamed(
                queries: queries, keys: keys, values: values, heads: settings.heads,
                streaming: streaming)
            var terms = [
                Attention.WeightTerm(
                    queries: queries, keys: keys, heads: settings.heads,
                    logSumExp: first.logSumExp, share: 1 - share)
            ]
            if share > 0 {
                let second = Attention.streamed(
                    queries: first.output, keys: values, values: values, streaming: streaming)
                terms.append(
                    Attention.WeightTerm(
                        queries: first.output, keys: values, logSumExp: second.logSumExp,
                        share: share))
            }
            return select(
                top: top, frameCount: n, spans: batch.spans, terms: terms, attended: first.output,
                streaming: streaming)
        }
    }

    /// Each clip's `FrameSelection` from the group means of `terms` over its rows `spans`.
    private func select(
        top: Int, frameCount n: Int, spans: [Range<Int>], terms: [Attention.WeightTerm], attended: Matrix,
        streaming: Attention.Streaming
    ) -> [FrameSelection] {
        let selectors = SelectorArray(spans.map { _ in FrameSelector(top: top, frameCount: n) })
        defer { selectors.deallocate() }
        Attention.groupedMeanWeights(terms: terms, groups: spans, streaming: streaming) { keys, means in
            selectors.add(means, width: keys.count, threads: streaming.threads)
        }
        return spans.enumerated().map { c, rows in selectors.pointer[c].selection(attended: attended.rows(rows)) }
    }
}

extension Matrix {
    /// The matrix with zero rows appended up to a multiple of `granule` rows.
    func paddingRows(toMultipleOf granule: Int) -> Matrix {
        let padded = (rows + granule - 1) / granule * granule
        guard padded != rows else { return self }
        return Matrix(
            rows: padded, columns: columns, elements: elements + [Float](repeating: 0, count: (padded - rows) * columns)
        )
    }
}

/// Selectors that worker threads fill, each clip's by one thread at a time.
private struct SelectorArray: @unchecked Sendable {
    let pointer: UnsafeMutableBufferPointer<FrameSelector>
    var count: Int { pointer.count }

    init(_ selectors: [FrameSelector]) {
        pointer = .allocate(capacity: selectors.count)
        _ = pointer.initialize(from: selectors)
    }

    /// Hands clip `c` row `c` of `means` (`count × width`), clips shared out among `threads`.
    func add(_ means: UnsafeBufferPointer<Float>, width: Int, threads: Int) {
        let source = Source(base: means.baseAddress!), clips = count
        let workers = min(threads, clips)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for c in stride(from: w, to: clips, by: workers) {
                pointer[c].add(UnsafeBufferPointer(start: source.base + c * width, count: width))
            }
        }
    }

    private struct Source: @unchecked Sendable { let base: UnsafePointer<Float> }

    func deallocate() {
        pointer.deinitialize()
        pointer.deallocate()
    }
}
