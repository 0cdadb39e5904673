import Foundation
import FrameFinderAttention
import FrameFinderMath
import FrameFinderModel

// MARK: - Ranking clips

extension Retriever {
    /// The timelines of many clips against `frames` at once: their front-ends (decode,
    /// features, segments, encoder: `recordingQueries`) run on `jobs` threads, then every
    /// clip's query rows are scored as one batch (`Model.scores(_:frames:top:streaming:)`),
    /// each group of rows (a clip's whole recording, each of its segments) with its own
    /// softmax, scores and top frames. A clip that fails gives its error; the others go on.
    ///
    /// A clip's timeline is the same, bit for bit, whatever the other clips, `jobs` and
    /// `streaming.threads`, and equals `detailedTimeline(of:in:options:)` up to float rounding.
    /// The default `streaming` is what `framefinder query` uses (`ThreadingPolicy.streaming`),
    /// so the rankings are the CLI's. With `options.moments` every score is kept (moments are
    /// found among them all). A clip whose scores are NaN, infinite or do not sum to 1 (an
    /// extreme weight) fails with a `FileError` naming the model, never an empty ranking.
    ///
    /// - Returns: one result per clip, in the order of `clips`.
    public func timelines(
        of clips: [URL], in frames: FrameIndex, options: SearchOptions = SearchOptions(),
        jobs: Int = 1, streaming: Attention.Streaming = ThreadingPolicy(jobs: 1).streaming
    ) -> [Result<Timeline, any Error>] {
        let (top, minimumScore) = (options.top, options.minimumScore)
        let prepared = concurrentMap(clips, jobs: jobs) { clip in
            Result { try recordingQueries(of: clip, segmentation: options.segmentation) }
        }
        let answered = prepared.indices.compactMap { c in (try? prepared[c].get()).map { (c, $0) } }
        let selections = model.scores(
            QueryBatch(answered.flatMap(\.1.groups)), frames: frames.encoded,
            top: options.moments ? 0 : top, streaming: streaming)
        var results = prepared.map { $0.map { _ in Timeline?.none } }
        var next = 0
        for (c, queries) in answered {
            let own = selections[next..<next + queries.groups.count]
            next += queries.groups.count
            results[c] = Result {
                let rankings = try own.map { selection in
                    if let problem = FrameIndex.scoreProblem(sum: selection.sum) {
                        throw FileError(path: name, reason: FrameIndex.scoreFailure(problem, clip: clips[c]))
                    }
                    var ranking = Ranking(
                        query: clips[c].standardizedFileURL.path, model: name,
                        selection: selection, frames: frames.frames, minimumScore: minimumScore)
                    if top > 0 { ranking.results = Array(ranking.results.prefix(top)) }
                    return ranking
                }
                return frames.timeline(
                    queries, rankings: rankings, momentListing: options.moments ? (top, minimumScore) : nil)
            }
        }
        return results.map { $0.map { $0! } }
    }

    /// The timeline of one clip against `frames`, as `timelines(of:in:...)` scores it in a batch of one.
    ///
    /// - Throws: `AudioError` when the clip cannot be read (or holds no sound for a model that
    ///   cuts to it); `ModelError` when its tokens do not fit the model; `FileError` naming the
    ///   model when its scores are NaN, infinite or do not sum to 1.
    public func timeline(
        of clip: URL, in frames: FrameIndex, options: SearchOptions = SearchOptions(),
        streaming: Attention.Streaming = ThreadingPolicy(jobs: 1).streaming
    ) throws -> Timeline {
        try timelines(of: [clip], in: frames, options: options, streaming: streaming)[0].get()
    }

    /// The timeline of one clip with every score, the weights when they fit
    /// (`Model.scores(queries:groups:frames:)`) and the recording's query rows: what the
    /// pictures are drawn from. `timelines(of:in:...)` ranks many clips in blocks.
    ///
    /// With `options.moments`, results are listed as moments (`Timeline.momentListing`), `top`
    /// and `minimumScore` choosing moments rather than frames.
    ///
    /// - Throws: as `timeline(of:in:options:streaming:)`.
    public func detailedTimeline(of clip: URL, in frames: FrameIndex, options: SearchOptions = SearchOptions())
        throws -> Timeline
    {
        let queries = try recordingQueries(of: clip, segmentation: options.segmentation)
        var groups: [Range<Int>] = []
        for q in queries.groups {
            groups.append((groups.last?.upperBound ?? 0)..<(groups.last?.upperBound ?? 0) + q.rows)
        }
        let scores = model.scores(
            queries: Matrix.concatenatingRows(queries.groups), groups: groups, frames: frames.encoded)
        let rankings = try scores.map { scores in
            if let problem = FrameIndex.scoreProblem(scores.scores) {
                throw FileError(path: name, reason: FrameIndex.scoreFailure(problem, clip: clip))
            }
            return Ranking(
                query: clip.standardizedFileURL.path, model: name, scores: scores, frames: frames.frames,
                top: options.top, minimumScore: options.minimumScore)
        }
        let listing = options.moments ? (options.top, options.minimumScore) : nil
        var timeline = frames.timeline(queries, rankings: rankings, momentListing: listing)
        timeline.queries = queries.groups[0]
        return timeline
    }
}

// MARK: - A recording's queries

/// A recording's query rows as a timeline scores them: the whole recording's, then each
/// segment's, one group of rows each (see `Retriever.recordingQueries`).
struct RecordingQueries: Sendable {
    /// The queries of the whole recording, then of each segment in time order.
    var groups: [Matrix]
    /// Each segment's `[start, end)` in seconds; the whole sound's one span when the
    /// recording is queried whole (then `groups` holds the whole recording only).
    var spans: [(start: Double, end: Double)]

    /// True when the segments have queries of their own (the recording was cut).
    var isCut: Bool { groups.count > 1 }
}

extension Retriever {
    /// The queries of a recording and of each of its segments.
    ///
    /// The recording is decoded once, at each of the model's query speeds. Its segments are
    /// found on the first speed's features (`Segmentation.segments(of:)`); at the other speeds
    /// a segment covers the same stretch of sound (frame `t` at speed `a` is frame
    /// `round(t·a/b)` at speed `b`). Each segment's tokens are those of a clip holding only its
    /// frames (`AudioFeatures.tokens(frames:)`), encoded on their own (`Model.encodeClip`).
    func recordingQueries(of clip: URL, segmentation: Segmentation) throws -> RecordingQueries {
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
