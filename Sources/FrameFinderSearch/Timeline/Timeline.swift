import FrameFinderMath
import FrameFinderModel

/// What each moment of a recording matches: the whole recording's ranking, and one ranking
/// per segment of the sound (see `Segmentation`).
///
/// The segments are the rows of the cross-attention's queries: each segment is encoded as a
/// clip is, its query rows stacked under the others', and one attention
/// `A = softmax(Q·Kᵀ/√d)`, `T' × N`, says which frames each moment is about
/// (`Model.scores(queries:groups:frames:)`). The recording's own ranking is the recording
/// queried whole, exactly as a clip always was, so labels given per clip judge it as before.
public struct Timeline: Sendable {
    /// One moment of the recording and the frames it matches.
    public struct Segment: Sendable {
        /// Where it starts and ends in the recording, in seconds (feature frame `t` is the
        /// moment `t / framesPerSecond`, the segment `[start, end)`).
        public var start: Double
        public var end: Double
        /// Its frames ranked by its own query rows.
        public var ranking: Ranking

        public init(start: Double, end: Double, ranking: Ranking) {
            (self.start, self.end, self.ranking) = (start, end, ranking)
        }
    }

    /// The whole recording queried as one clip.
    public var recording: Ranking
    /// The segments in time order; one segment, holding `recording`'s ranking, when the
    /// recording was queried whole.
    public var segments: [Segment]
    /// Every scored frame, in frame order (for moments).
    public var frames: [FrameReference]
    /// Frames per second of the frames (a frame is shown for `1 / fps` seconds).
    public var fps: Double
    /// When set, results are listed as moments (`Moment`), this many (0: all) of at least
    /// this score; nil lists single frames.
    public var momentListing: (top: Int, minimumScore: Float)?
    /// The whole recording's encoded query rows, kept by a detailed timeline
    /// (`Retriever.detailedTimeline`) for pictures that attend again (the patch overlay);
    /// nil in timelines scored in a batch.
    public var queries: Matrix?

    public init(recording: Ranking, segments: [Segment], frames: [FrameReference], fps: Double) {
        precondition(!segments.isEmpty, "A timeline has at least one segment")
        self.recording = recording
        self.segments = segments
        self.frames = frames
        self.fps = fps
    }

    /// True when the recording was cut into more than one segment.
    public var isSegmented: Bool { segments.count > 1 }

    /// The moments listed for `ranking` (see `momentListing`), or nil when frames are listed.
    public func listedMoments(of ranking: Ranking) -> [Moment]? {
        momentListing.map { moments(of: ranking, top: $0.top, minimumScore: $0.minimumScore) }
    }
}
