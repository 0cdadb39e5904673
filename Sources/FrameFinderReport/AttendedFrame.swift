import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch

/// "What the sound looks like": the frames averaged with the attention they received.
///
/// The attended output `V' = A·V` mixes the frames' values with the attention weights; the same
/// mixture of the frames' pixels shows it as a picture:
/// `out = round(Σ_j w_j·frame_j / Σ_j w_j)` per sample, every frame first resized to the
/// output size (Pillow's BOX filter; default the first frame's size). Negative or non-finite
/// weights count as 0. With the weights of `Ranking.frameWeights`, the mean attention frame `j`
/// received over the query tokens, this is the mean over tokens of the attended pictures.
///
/// The mean is accumulated frame by frame when the picture is made, so only one frame is held
/// at a time however many take part.
public struct AttendedFrame: ReportPicture {
    public let size: Size2D
    private let picture: RGBImage

    /// The weighted mean of `frames`, drawn at `size` (default: the first frame's size).
    ///
    /// - Throws: `ReportError.invalidInput` when there is no frame, a frame is empty, the
    ///   counts differ or no weight is positive.
    public init(frames: [RGBImage], weights: [Float], size: Size2D? = nil) throws(ReportError) {
        guard frames.count == weights.count else {
            throw .invalidInput("\(frames.count) frames but \(weights.count) weights")
        }
        try self.init(count: frames.count, weights: weights, size: size) { i throws(ReportError) in frames[i] }
    }

    /// The mean of a ranking's kept frames (read from their paths), weighted by
    /// `ranking.frameWeights` renormalised over them.
    ///
    /// Frames left out of the results do not take part: keep all of them (`top` 0) for the
    /// exact mean over the video, or the top few for the picture of the best matches. Frames
    /// of zero weight are not read.
    ///
    /// - Throws: `ReportError.frame` when a frame cannot be read, `.invalidInput` as above.
    public init(ranking: Ranking, size: Size2D? = nil) throws(ReportError) {
        let all = ranking.frameWeights
        let results = ranking.results
        try self.init(count: results.count, weights: ranking.resultColumns.map { all[$0] }, size: size) {
            i throws(ReportError) in
            try loadFrame(results[i].frame)
        }
    }

    /// Accumulates `Σ w_i·frame(i)` and `Σ w_i` over the frames of positive weight.
    private init(
        count: Int, weights: [Float], size: Size2D?,
        frame: (Int) throws(ReportError) -> RGBImage
    ) throws(ReportError) {
        guard count > 0 else { throw .invalidInput("nothing to draw: no frame") }
        guard weights.contains(where: { $0.isFinite && $0 > 0 }) else {
            throw .invalidInput("no frame has a positive weight")
        }
        if let size, size.width <= 0 || size.height <= 0 { throw .invalidInput("the picture size \(size) is empty") }
        var sums: [Double] = []
        var total = 0.0
        var target = size
        for i in 0..<count {
            let weight = weights[i]
            // The first frame fixes the default size, whatever its weight.
            guard target == nil || (weight.isFinite && weight > 0) else { continue }
            let image = try frame(i)
            guard image.width > 0, image.height > 0 else { throw .invalidInput("frame \(i + 1) is empty") }
            let size = target ?? Size2D(width: image.width, height: image.height)
            target = size
            if sums.isEmpty { sums = [Double](repeating: 0, count: size.area * 3) }
            guard weight.isFinite && weight > 0 else { continue }
            let resized =
                image.width == size.width && image.height == size.height
                ? image : image.resized(width: size.width, height: size.height)
            let w = Double(weight)
            total += w
            for s in sums.indices { sums[s] += w * Double(resized.samples[s]) }
        }
        let size = target!
        self.size = size
        picture = RGBImage(
            width: size.width, height: size.height,
            samples: sums.map { UInt8(min(max(($0 / total).rounded(), 0), 255)) })
    }

    public func image() -> RGBImage { picture }
}
