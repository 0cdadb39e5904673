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

    /// Data whose groups are given directly.
    public init(clips: [[Matrix]], clipGroups: [Int], frames: Matrix, frameGroups: [Int]) {
        precondition(clips.count == clipGroups.count && frames.rows == frameGroups.count, "One group per item")
        precondition(clips.allSatisfy { !$0.isEmpty }, "Every clip needs its tokens")
        self.clips = clips
        self.clipGroups = clipGroups
        self.frames = frames
        self.frameGroups = frameGroups
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
        return TrainingData(clips: clips, clipGroups: Array(clips.indices), frames: frames,
                            frameGroups: Array(0..<frames.rows))
    }

    /// The same data with each clip's variants stacked into one token matrix: how a model
    /// whose query speeds are the speeds the variants were loaded at hears the clip when it
    /// ranks (`AudioFeatureExtractor.queryTokens(contentsOf:)`).
    public func stackingVariants() -> TrainingData {
        TrainingData(clips: clips.map { [Matrix.concatenatingRows($0)] }, clipGroups: clipGroups,
                     frames: frames, frameGroups: frameGroups)
    }

    /// The frames of each group, by group.
    var framesByGroup: [Int: [Int]] {
        Dictionary(grouping: frameGroups.indices, by: { frameGroups[$0] })
    }

    /// True when every clip has at least one frame of its group.
    public var everyClipHasAPositive: Bool {
        let groups = Set(frameGroups)
        return clipGroups.allSatisfy(groups.contains)
    }
}
