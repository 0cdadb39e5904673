import Foundation
import FrameFinderMath

/// A frame's position in the frame set and its score.
public struct ScoredFrame: Sendable, Equatable {
    public var index: Int
    public var score: Float

    public init(index: Int, score: Float) { (self.index, self.score) = (index, score) }
}

/// What batched scoring keeps of one clip's scores: the best frames and the confidence,
/// gathered key block by key block without holding every score (unless all are wanted).
public struct FrameSelection: Sendable {
    /// How many frames were scored.
    public var frameCount: Int
    /// The best `top` frames, best first, ties in frame order (`rankedIndices`); every
    /// frame when `top` is 0.
    public var best: [ScoredFrame]
    /// `confidence(_:)` of all the scores.
    public var confidence: Double
    /// `Σ_j score_j` (1 up to rounding; NaN or infinite when a score is).
    public var sum: Double
    /// Every score, kept only when `top` is 0.
    public var all: [Float]?
    /// The clip's attended output `V' = A·V` (its rows of the batch).
    public var attended: Matrix

    public init(frameCount: Int, best: [ScoredFrame], confidence: Double, sum: Double, all: [Float]?, attended: Matrix)
    {
        self.frameCount = frameCount
        self.best = best
        self.confidence = confidence
        self.sum = sum
        self.all = all
        self.attended = attended
    }
}

/// Gathers a `FrameSelection` from scores handed in frame order, block by block.
///
/// With `top > 0` it keeps a heap of the `top` best frames (a later frame never displaces
/// an equal earlier one, so ties stay in frame order) and the sums `S = Σ s` and
/// `E = Σ_{s>0} s·ln s` (`VectorKernels.sumOfXLogX`), from which the entropy of `p = s / S`
/// is `H = −Σ p·ln p = ln S − E / S`; with `top = 0` it keeps every score.
struct FrameSelector {
    let top: Int
    let frameCount: Int
    private var heap: [ScoredFrame] = []
    private var all: [Float] = []
    private var total = 0.0, sumSLogS = 0.0
    private var seen = 0
    private var scratch: [Float] = []

    init(top: Int, frameCount: Int) {
        self.top = top
        self.frameCount = frameCount
        if top == 0 { all.reserveCapacity(frameCount) } else { heap.reserveCapacity(min(top, frameCount)) }
    }

    /// Takes the scores of frames `seen ..< seen + scores.count` (non-negative, as every
    /// score is).
    mutating func add(_ scores: UnsafeBufferPointer<Float>) {
        defer { seen += scores.count }
        guard top > 0 else {
            all.append(contentsOf: scores)
            return
        }
        if scratch.count < min(scores.count, 512) { scratch = [Float](repeating: 0, count: min(scores.count, 512)) }
        total += Double(VectorKernels.sum(scores))
        sumSLogS += scratch.withUnsafeMutableBufferPointer {
            VectorKernels.sumOfXLogX(scores, scratch: $0.baseAddress!)
        }
        var j = 0
        while heap.count < top && j < scores.count {
            heap.append(ScoredFrame(index: seen + j, score: scores[j]))
            siftUp(heap.count - 1)
            j += 1
        }
        guard j < scores.count else { return }
        // Most scores lose to the worst kept one: one comparison each.
        var threshold = heap[0].score
        while j < scores.count {
            if scores[j] > threshold {
                heap[0] = ScoredFrame(index: seen + j, score: scores[j])
                siftDown(0)
                threshold = heap[0].score
            }
            j += 1
        }
    }

    /// The selection, once every frame has been added.
    func selection(attended: Matrix) -> FrameSelection {
        precondition(seen == frameCount, "Every frame must be scored once")
        guard top > 0 else {
            let best = rankedIndices(all).map { ScoredFrame(index: $0, score: all[$0]) }
            return FrameSelection(
                frameCount: frameCount, best: best, confidence: FrameSelection.confidence(all),
                sum: all.reduce(0.0) { $0 + Double($1) }, all: all, attended: attended)
        }
        let best = heap.sorted(by: Self.ranksBefore)
        var confidence = 1.0
        if frameCount > 1 {
            confidence =
                total > 0
                ? max(0, min(1, 1 - (Foundation.log(total) - sumSLogS / total) / Foundation.log(Double(frameCount))))
                : 0
        }
        return FrameSelection(
            frameCount: frameCount, best: best, confidence: confidence, sum: total, all: nil,
            attended: attended)
    }

    /// True when `a` ranks before `b`: a higher score, or the same score and an earlier frame.
    static func ranksBefore(_ a: ScoredFrame, _ b: ScoredFrame) -> Bool {
        a.score != b.score ? a.score > b.score : a.index < b.index
    }

    // The heap's root is the frame that ranks last.
    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            var last = parent
            for child in 2 * parent + 1...2 * parent + 2 where child < heap.count {
                if Self.ranksBefore(heap[last], heap[child]) { last = child }
            }
            guard last != parent else { return }
            heap.swapAt(parent, last)
            parent = last
        }
    }
}

extension FrameSelection {
    /// `1 − H(p)/log N` of non-negative scores (normalised to sum to 1 first).
    public static func confidence(_ scores: [Float]) -> Double {
        guard scores.count > 1 else { return 1 }
        let total = scores.reduce(0.0) { $0 + Double(max($1, 0)) }
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for score in scores where score > 0 {
            let p = Double(score) / total
            entropy -= p * Foundation.log(p)
        }
        return max(0, min(1, 1 - entropy / Foundation.log(Double(scores.count))))
    }
}
