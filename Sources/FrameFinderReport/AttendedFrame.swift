import FrameFinderFrames
import FrameFinderRetrieval

/// "What the sound looks like": the frames averaged with the attention they received.
///
/// The attended output `V' = A·V` mixes the frames' values with the attention weights; the same
/// mixture of the frames' pixels shows it as a picture:
/// `out = round(Σ_j w_j·frame_j / Σ_j w_j)` per sample, every frame first resized to the
/// output size (Pillow's BOX filter; default the first frame's size). Negative or non-finite
/// weights count as 0. With the weights of `Ranking.frameWeights`, the mean attention frame `j`
/// received over the query tokens, this is the mean over tokens of the attended pictures.
public struct AttendedFrame: ReportPicture {
    /// The frames.
    public let frames: [RGBImage]
    /// One weight per frame.
    public let weights: [Float]
    public let size: Size2D

    /// The weighted mean of `frames`, drawn at `size` (default: the first frame's size).
    ///
    /// - Throws: `ReportError.invalidInput` when there is no frame, a frame is empty, the
    ///   counts differ or no weight is positive.
    public init(frames: [RGBImage], weights: [Float], size: Size2D? = nil) throws(ReportError) {
        guard let first = frames.first else { throw .invalidInput("nothing to draw: no frame") }
        guard frames.count == weights.count else {
            throw .invalidInput("\(frames.count) frames but \(weights.count) weights")
        }
        guard frames.allSatisfy({ $0.width > 0 && $0.height > 0 }) else { throw .invalidInput("a frame is empty") }
        guard weights.contains(where: { $0.isFinite && $0 > 0 }) else {
            throw .invalidInput("no frame has a positive weight")
        }
        let size = size ?? Size2D(width: first.width, height: first.height)
        guard size.width > 0, size.height > 0 else { throw .invalidInput("the picture size \(size) is empty") }
        self.frames = frames
        self.weights = weights
        self.size = size
    }

    /// The mean of a ranking's kept frames (read from their paths), weighted by
    /// `ranking.frameWeights` renormalised over them.
    ///
    /// Frames left out of the results do not take part: keep all of them (`top` 0) for the
    /// exact mean over the video, or the top few for the picture of the best matches.
    ///
    /// - Throws: `ReportError.frame` when a frame cannot be read, `.invalidInput` as above.
    public init(ranking: Ranking, size: Size2D? = nil) throws(ReportError) {
        let all = ranking.frameWeights
        var frames: [RGBImage] = []
        for result in ranking.results { frames.append(try loadFrame(result.frame)) }
        try self.init(frames: frames, weights: ranking.resultColumns.map { all[$0] }, size: size)
    }

    public func image() -> RGBImage {
        let count = size.width * size.height * 3
        var sums = [Double](repeating: 0, count: count)
        var total = 0.0
        for (frame, weight) in zip(frames, weights) where weight.isFinite && weight > 0 {
            let resized = frame.width == size.width && frame.height == size.height
                ? frame : frame.resized(width: size.width, height: size.height)
            let w = Double(weight)
            total += w
            for i in 0 ..< count { sums[i] += w * Double(resized.samples[i]) }
        }
        return RGBImage(width: size.width, height: size.height,
                        samples: sums.map { UInt8(min(max(($0 / total).rounded(), 0), 255)) })
    }
}
