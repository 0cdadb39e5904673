import Foundation
import FrameFinderAudio
import FrameFinderMath
import FrameFinderModel

extension FrameIndex {
    /// The timeline of `queries` from the rankings of its groups, in order.
    func timeline(_ queries: RecordingQueries, rankings: [Ranking], momentListing: (top: Int, minimumScore: Float)?)
        -> Timeline
    {
        precondition(rankings.count == queries.groups.count, "One ranking per group of queries")
        let segments = zip(queries.spans, queries.isCut ? rankings.dropFirst() : rankings[...]).map { span, ranking in
            Timeline.Segment(start: span.start, end: span.end, ranking: ranking)
        }
        var timeline = Timeline(recording: rankings[0], segments: segments, frames: frames, fps: fps)
        timeline.momentListing = momentListing
        return timeline
    }
}
