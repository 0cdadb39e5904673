import Foundation
import FrameFinderAudio
import FrameFinderMath

extension FrameIndex {
    /// Ranks the frames for a recording and for each of its segments (see `Timeline`).
    ///
    /// The recording is decoded once, at each of the model's query speeds. Its segments are
    /// found on the first speed's features (`Segmentation.segments(of:)`); at the other speeds
    /// a segment covers the same stretch of sound (frame `t` at speed `a` is frame
    /// `round(t·a/b)` at speed `b`). Each segment's tokens are those of a clip holding only its
    /// frames (`AudioFeatures.tokens(frames:)`), encoded on their own (`Model.encodeClip`), and
    /// all segments are scored in one cross-attention.
    ///
    /// With `moments`, results are listed as moments (`Timeline.momentListing`), `top` and
    /// `minimumScore` choosing moments rather than frames.
    ///
    /// - Throws: `AudioError` when the clip cannot be read (or holds no sound for a model
    ///   that cuts to it); `ModelError` when its tokens do not fit the model; `DataError` when
    ///   scores come out NaN or do not sum to 1 (an extreme value in the model or index).
    public func timeline(
        of clip: URL, model: Model, modelName: String, recipe: FeatureRecipe,
        segmentation: Segmentation = .default, top: Int = 10, minimumScore: Float = 0, moments: Bool = false
    ) throws -> Timeline {
        var timeline = try timeline(of: clip, model: model, modelName: modelName, recipe: recipe,
                                    segmentation: segmentation, top: top, minimumScore: minimumScore)
        if moments { timeline.momentListing = (top, minimumScore) }
        return timeline
    }

    private func timeline(
        of clip: URL, model: Model, modelName: String, recipe: FeatureRecipe,
        segmentation: Segmentation, top: Int, minimumScore: Float
    ) throws -> Timeline {
        let settings = recipe.audio.settings
        let variants = try recipe.clipFeatures(contentsOf: clip)
        let name = clip.standardizedFileURL.path
        func ranking(_ scores: FrameScores) throws -> Ranking {
            if let problem = Self.scoreProblem(scores.scores) {
                throw DataError(path: modelName, reason: "\(problem) for \(clip.path) (a tensor of the model or index holds an extreme value)")
            }
            return Ranking(query: name, model: modelName, scores: scores, frames: frames, top: top, minimumScore: minimumScore)
        }
        let whole = Matrix.concatenatingRows(variants.map(\.queryTokens), columns: settings.tokenWidth)
        let recording = try ranking(model.scores(queries: try model.encodeClip(whole), frames: encoded))
        let speeds = settings.querySpeeds, rate = settings.framesPerSecond
        func seconds(_ frames: Range<Int>) -> (Double, Double) {
            (Double(frames.lowerBound) / rate * speeds[0], Double(frames.upperBound) / rate * speeds[0])
        }
        let found = segmentation.segments(of: variants[0])
        guard !found.isEmpty else {
            let (start, end) = seconds(variants[0].cut)
            return Timeline(recording: recording, segments: [.init(start: start, end: end, ranking: recording)],
                            frames: frames, fps: fps)
        }
        var queries: [Matrix] = []
        for segment in found {
            let tokens = zip(variants, speeds).map { features, speed in
                let scale = speeds[0] / speed
                let lower = Int((Double(segment.lowerBound) * scale).rounded())
                return features.tokens(frames: lower ..< max(lower + 1, Int((Double(segment.upperBound) * scale).rounded())))
            }
            queries.append(try model.encodeClip(Matrix.concatenatingRows(tokens, columns: settings.tokenWidth)))
        }
        var groups: [Range<Int>] = []
        for q in queries { groups.append((groups.last?.upperBound ?? 0) ..< (groups.last?.upperBound ?? 0) + q.rows) }
        let scores = model.scores(queries: Matrix.concatenatingRows(queries), groups: groups, frames: encoded)
        let segments = try zip(found, scores).map { segment, scores in
            let (start, end) = seconds(segment)
            return Timeline.Segment(start: start, end: end, ranking: try ranking(scores))
        }
        return Timeline(recording: recording, segments: segments, frames: frames, fps: fps)
    }
}
