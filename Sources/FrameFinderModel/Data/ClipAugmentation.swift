import FrameFinderAudio

/// How each training clip is varied: the speeds it is also heard at, and how many recordings
/// are made from it (`RecordingAugmentation`).
public struct ClipAugmentation: Sendable, Equatable {
    /// Speed perturbation: one variant per speed (1 is the clip as recorded).
    public var speeds: [Double]
    /// The recordings made from each clip (in addition to the speed variants).
    public var recordingCount: Int
    /// How a recording is made; its `speeds` are drawn per recording.
    public var recordings: RecordingAugmentation

    /// Speed variants only, or `recordingCount` recordings too.
    public init(speeds: [Double] = [1], recordingCount: Int = 0, recordings: RecordingAugmentation? = nil) {
        self.speeds = speeds
        self.recordingCount = recordingCount
        var made = recordings ?? RecordingAugmentation()
        if recordings == nil { made.speeds = speeds }
        self.recordings = made
    }
}
