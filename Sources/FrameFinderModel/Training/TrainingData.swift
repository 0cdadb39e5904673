import FrameFinderMath

/// Clips and frames for training or validation, with the groups that pair them: a clip and
/// a frame of the same group are a positive pair.
public struct TrainingData: Sendable {
    /// Each clip's token matrices: the clip as recorded first, then augmented copies.
    public var clips: [[Matrix]]
    /// Each clip's group.
    public var clipGroups: [Int]
    /// The frames' tokens, one row per frame.
    public var frames: Matrix
    /// Each frame's group.
    public var frameGroups: [Int]
    /// Each clip's positive frames (row indices of `frames`) when pairs are given frame by
    /// frame, as a stream's are (`StreamPairing`); nil when the groups pair clips and frames.
    public var positives: [[Int]]?
    /// Each clip's excluded frames: neither positive nor negative, left out of its softmax in
    /// training and of its ranking in validation. Empty lists when nothing is excluded.
    public var excluded: [[Int]]

    /// Data whose groups are given directly.
    public init(clips: [[Matrix]], clipGroups: [Int], frames: Matrix, frameGroups: [Int]) {
        precondition(clips.count == clipGroups.count && frames.rows == frameGroups.count, "One group per item")
        precondition(clips.allSatisfy { !$0.isEmpty }, "Every clip needs its tokens")
        self.clips = clips
        self.clipGroups = clipGroups
        self.frames = frames
        self.frameGroups = frameGroups
        positives = nil
        excluded = Array(repeating: [], count: clips.count)
    }

    /// Data whose pairs are given frame by frame: clip `i`'s positives are rows `positives[i]`
    /// of `frames`, and rows `excluded[i]` are neither its positives nor its negatives.
    public init(clips: [[Matrix]], frames: Matrix, positives: [[Int]], excluded: [[Int]]) {
        precondition(clips.count == positives.count && clips.count == excluded.count, "One pairing per clip")
        precondition(
            positives.joined().allSatisfy { (0..<frames.rows).contains($0) }
                && excluded.joined().allSatisfy { (0..<frames.rows).contains($0) }, "Frames out of range")
        self.init(
            clips: clips, clipGroups: Array(clips.indices), frames: frames,
            frameGroups: Array(repeating: -1, count: frames.rows))
        self.positives = positives
        self.excluded = excluded
    }

    /// Pairs from labels: a clip and a frame with equal labels are positive.
    public static func labelled(
        clips: [[Matrix]], clipLabels: [String], frames: Matrix, frameLabels: [String]
    ) -> TrainingData {
        var ids: [String: Int] = [:]
        func id(_ label: String) -> Int {
            if let known = ids[label] { return known }
            ids[label] = ids.count
            return ids.count - 1
        }
        let frameGroups = frameLabels.map(id)
        return TrainingData(clips: clips, clipGroups: clipLabels.map(id), frames: frames, frameGroups: frameGroups)
    }

    /// Pairs from aligned streams: clip `i` is the soundtrack around frame `i`.
    public static func aligned(clips: [[Matrix]], frames: Matrix) -> TrainingData {
        precondition(clips.count == frames.rows, "Aligned streams need one clip per frame")
        return TrainingData(
            clips: clips, clipGroups: Array(clips.indices), frames: frames,
            frameGroups: Array(0..<frames.rows))
    }

    /// The same data with each clip's variants stacked into one token matrix: how a model
    /// whose query speeds are the speeds the variants were loaded at hears the clip when it
    /// ranks (`AudioFeatureExtractor.queryTokens(contentsOf:)`).
    public func stackingVariants() -> TrainingData {
        var stacked = self
        stacked.clips = clips.map { [Matrix.concatenatingRows($0)] }
        return stacked
    }

    /// The frames of each group, by group.
    var framesByGroup: [Int: [Int]] {
        Dictionary(grouping: frameGroups.indices, by: { frameGroups[$0] })
    }

    /// True when every clip has at least one frame of its group.
    public var everyClipHasAPositive: Bool {
        if let positives { return positives.allSatisfy { !$0.isEmpty } }
        let groups = Set(frameGroups)
        return clipGroups.allSatisfy(groups.contains)
    }
}
