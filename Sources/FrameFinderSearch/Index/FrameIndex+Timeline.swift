import Foundation
import FrameFinderAudio
import FrameFinderMath
import FrameFinderModel

/// A recording's query rows as a timeline scores them: the whole recording's, then each
/// segment's, one group of rows each (see `FrameIndex.recordingQueries`).
struct RecordingQueries: Sendable {
    /// The queries of the whole recording, then of each segment in time order.
    var groups: [Matrix]
    /// Each segment's `[start, end)` in seconds; the whole sound's one span when the
    /// recording is queried whole (then `groups` holds the whole recording only).
    var spans: [(start: Double, end: Double)]

    /// True when the segments have queries of their own (the recording was cut).
    var isCut: Bool { groups.count > 1 }
}

extension FrameIndex {
    /// Ranks the frames for a recording and for each of its segments (see `Timeline`),
    /// keeping every score and, when they fit, the weights (`Model.scores(queries:groups:frames:)`):
    /// the timeline pictures are drawn from. `timelines(of:...)` ranks many clips in blocks.
    ///
    /// With `moments`, results are listed as moments (`Timeline.momentListing`), `top` and
    /// `minimumScore` choosing moments rather than frames.
    ///
    /// - Throws: `AudioError` when the clip cannot be read (or holds no sound for a model
    ///   that cuts to it); `ModelError` when its tokens do not fit the model; `FileError` when
    ///   scores come out NaN or do not sum to 1 (an extreme value in the model or index).
    public func timeline(
        of clip: URL, model: Model, modelName: String, recipe: FeatureRecipe,
        segmentation: Segmentation = .default, top: Int = 10, minimumScore: Float = 0, moments: Bool = false
    ) throws -> Timeline {
        let queries = try recordingQueries(of: clip, model: model, recipe: recipe, segmentation: segmentation)
        var groups: [Range<Int>] = []
        for q in queries.groups {
            groups.append((groups.last?.upperBound ?? 0)..<(groups.last?.upperBound ?? 0) + q.rows)
        }
        let scores = model.scores(queries: Matrix.concatenatingRows(queries.groups), groups: groups, frames: encoded)
        let rankings = try scores.map { scores in
            if let problem = Self.scoreProblem(scores.scores) {
                throw FileError(path: modelName, reason: Self.scoreFailure(problem, clip: clip))
            }
            return Ranking(
                query: clip.standardizedFileURL.path, model: modelName, scores: scores, frames: frames,
                top: top, minimumScore: minimumScore)
        }
        var timeline = timeline(queries, rankings: rankings, momentListing: moments ? (top, minimumScore) : nil)
        timeline.queries = queries.groups[0]
        return timeline
    }

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

    /// The queries of a recording and of each of its segments.
    ///
    /// The recording is decoded once, at each of the model's query speeds. Its segments are
    /// found on the first speed's features (`Segmentation.segments(of:)`); at the other speeds
    /// a segment covers the same stretch of sound (frame `t` at speed `a` is frame
    /// `round(t·a/b)` at speed `b`). Each segment's tokens are those of a clip holding only its
    /// frames (`AudioFeatures.tokens(frames:)`), encoded on their own (`Model.encodeClip`).
    func recordingQueries(
        of clip: URL, model: Model, recipe: FeatureRecipe, segmentation: Segmentation
    ) throws -> RecordingQueries {
        let settings = recipe.audio.settings
        let variants = try recipe.clipFeatures(contentsOf: clip)
        let whole = try model.encodeClip(
            Matrix.concatenatingRows(variants.map(\.queryTokens), columns: settings.tokenWidth))
        let speeds = settings.querySpeeds, rate = settings.framesPerSecond
        func seconds(_ frames: Range<Int>) -> (start: Double, end: Double) {
            (Double(frames.lowerBound) / rate * speeds[0], Double(frames.upperBound) / rate * speeds[0])
        }
        let found = segmentation.segments(of: variants[0])
        guard !found.isEmpty else { return RecordingQueries(groups: [whole], spans: [seconds(variants[0].cut)]) }
        var groups = [whole]
        for segment in found {
            let tokens = zip(variants, speeds).map { features, speed in
                let scale = speeds[0] / speed
                let lower = Int((Double(segment.lowerBound) * scale).rounded())
                return features.tokens(
                    frames: lower..<max(lower + 1, Int((Double(segment.upperBound) * scale).rounded())))
            }
            groups.append(try model.encodeClip(Matrix.concatenatingRows(tokens, columns: settings.tokenWidth)))
        }
        return RecordingQueries(groups: groups, spans: found.map(seconds))
    }
}
