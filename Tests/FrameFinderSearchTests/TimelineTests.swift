import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

@Suite struct TimelineTests {
    private func model() throws -> Model {
        try Model(
            settings: ModelSettings(
                audioTokenWidth: 5, frameTokenWidth: 6,
                architecture: ModelArchitecture(
                    hidden: 8, embedding: 4, dimension: 4, valueDimension: 4, heads: 2)), seed: 3)
    }

    /// Scoring several groups of query rows in one attention gives each group exactly what
    /// scoring its rows alone gives, whether the weights are held or streamed.
    @Test(arguments: [12, 80_000])
    func groupsScoreAsIfAlone(frameCount: Int) throws {
        let model = try model()
        var generator = SeededGenerator(seed: 4)
        let frames = try model.encodeFrames(Matrix(rows: frameCount, columns: 6, uniformIn: -2...2, using: &generator))
        let clips = [3, 1, 60].map { Matrix(rows: $0, columns: 5, uniformIn: -2...2, using: &generator) }
        let queries = try clips.map { try model.encodeClip($0) }
        let groups = [0..<3, 3..<4, 4..<64]
        let together = model.scores(queries: Matrix.concatenatingRows(queries), groups: groups, frames: frames)
        #expect((queries[2].rows + 4) * frameCount > Model.heldWeightLimit || frameCount == 12)
        for (alone, grouped) in zip(queries.map { model.scores(queries: $0, frames: frames) }, together) {
            if let held = alone.weights, let together = grouped.weights { #expect(held.elements == together.elements) }
            #expect((grouped.weights == nil) == (frameCount > 12), "weights are held for small sets only")
            #expect(alone.attended.rows == grouped.attended.rows)
            // Alone, a small group may be held where the stack is streamed: float rounding only.
            let error = zip(alone.scores, grouped.scores).map { abs($0 - $1) / max(abs($0), 1e-12) }.max()!
            #expect(error <= 1e-4, "largest relative difference \(error)")
        }
    }

    // MARK: - Moments

    private func references(_ indices: [Int], fps: Double) -> [FrameReference] {
        indices.map { FrameReference(path: "f\($0).png", index: $0, time: Double($0) / fps) }
    }

    @Test func adjacentStandingOutFramesAreOneMoment() {
        // 10 frames at 2 fps; 1/N = 0.1; the best is 0.3, so a frame stands out from 0.1.
        let scores: [Float] = [0.01, 0.2, 0.3, 0.15, 0.02, 0.02, 0.12, 0.1, 0.05, 0.03]
        let moments = Moment.moments(scores: scores, frames: references(Array(0..<10), fps: 2), fps: 2, top: 0)
        #expect(moments.count == 2)
        #expect(moments[0].start == 0.5 && moments[0].end == 2.0 && moments[0].frameCount == 3)
        #expect(moments[0].peak.frame.index == 2 && moments[0].peak.rank == 1 && moments[0].peak.score == 0.3)
        #expect(moments[0].score == Float(0.2) + 0.3 + 0.15)
        #expect(moments[1].start == 3.0 && moments[1].end == 4.0 && moments[1].frameCount == 2)
        #expect(moments[1].peak.frame.index == 6 && moments[1].peak.rank == 4)
        #expect(moments.map(\.rank) == [1, 2])
        // `top` and the minimum score choose moments.
        #expect(Moment.moments(scores: scores, frames: references(Array(0..<10), fps: 2), fps: 2, top: 1).count == 1)
        #expect(
            Moment.moments(
                scores: scores, frames: references(Array(0..<10), fps: 2), fps: 2, top: 0,
                minimumScore: 0.5
            ).map(\.frameCount) == [3])
    }

    @Test func aMomentNeverSpansAGap() {
        // Equal scores, but frame 3 of the sequence is missing (unreadable): two moments.
        let scores: [Float] = [0.2, 0.2, 0.2, 0.2, 0.2]
        let moments = Moment.moments(scores: scores, frames: references([0, 1, 2, 4, 5], fps: 1), fps: 1, top: 0)
        #expect(moments.map(\.frameCount) == [3, 2])
        #expect(moments.map(\.start) == [0, 4] && moments.map(\.end) == [3, 6])
        // A frame that does not stand out between two that do also separates them.
        let dipped = Moment.moments(
            scores: [0.3, 0.01, 0.3, 0.39], frames: references([0, 1, 2, 3], fps: 1), fps: 1, top: 0)
        #expect(dipped.map(\.frameCount) == [2, 1])
        #expect(dipped[0].start == 2 && dipped[1].start == 0)
    }

    // MARK: - The samples' soundtrack

    /// The default model, the samples' frames encoded by it, and the detailed timeline of the
    /// sample file at `path`.
    private func defaultTimeline(of path: String) async throws -> (
        timeline: Timeline, index: FrameIndex, model: Model, recipe: FeatureRecipe, url: URL
    ) {
        let retriever = try Retriever()
        let sequence = try FrameSequence(
            directory: TestData.packageRoot.appendingPathComponent("samples/video"), fps: 1)
        let index = try await FrameIndex.encoding(sequence, with: retriever, source: "samples/video").index
        let url = TestData.packageRoot.appendingPathComponent(path)
        let timeline = try retriever.detailedTimeline(of: url, in: index)
        return (timeline, index, retriever.model, retriever.recipe, url)
    }

    /// The digits the samples' video shows, three frames each, and the soundtrack speaks, each
    /// 0.25 s after its first frame (`samples/README.md`).
    static let digits = [3, 1, 4, 0, 5, 9, 2, 6, 8, 7]

    @Test func theSoundtracksSegmentsPointWhereTheirWordsAlonePoint() async throws {
        let (timeline, index, model, recipe, soundtrack) = try await defaultTimeline(of: "samples/video/soundtrack.wav")
        let decoded = try DecodedAudio(contentsOf: soundtrack)
        let rate = decoded.clip.sampleRate
        #expect(timeline.segments.count == 10)
        var right = 0
        for (n, segment) in timeline.segments.enumerated() {
            // Digit n is spoken from 3n + 0.25 s for less than a second.
            #expect(segment.start >= Double(3 * n) && segment.end <= Double(3 * n + 2), "segment \(n)")
            let best = try #require(segment.ranking.results.first)
            // The same word queried on its own (the soundtrack's seconds 3n ..< 3n + 2 as a clip).
            let word = Array(decoded.samples[(3 * n * rate)..<((3 * n + 2) * rate)])
            let alone = model.scores(
                queries: try model.encodeClip(try recipe.audio.features(samples: word, sampleRate: rate).queryTokens),
                frames: index.encoded)
            let aloneBest = alone.scores.indices.max { alone.scores[$0] < alone.scores[$1] }
            #expect(best.frame.index == aloneBest, "segment \(n) points where its word alone points")
            if best.frame.index / 3 == n { right += 1 }
        }
        // The segments point exactly where the words queried alone point (above), so the
        // timeline adds no error of its own; with the default model at least 8 of 10 words find
        // their digit.
        #expect(right >= 8, "\(right) of 10 segments' top frames show their digit")
    }

    @Test func aClipOfOneWordRanksAsItAlwaysDid() async throws {
        let (timeline, index, model, recipe, clip) = try await defaultTimeline(of: "samples/clips/3_gbf.wav")
        let queries = try model.encodeClip(try recipe.clipTokens(contentsOf: clip))
        let today = model.scores(queries: queries, frames: index.encoded)
        #expect(timeline.recording.scores.scores == today.scores)
        #expect(timeline.segments.count == 1 && !timeline.isSegmented)
        #expect(timeline.segments[0].ranking.scores.scores == today.scores)
        #expect(timeline.segments[0].start == 0)
    }
}

extension TimelineTests {
    /// A model with random weights hearing queries at `speeds`, and the samples' frames
    /// encoded by it.
    private func speedModel(_ speeds: [Double]) async throws -> (Retriever, FrameIndex) {
        var audio = AudioFeatureSettings()
        audio.querySpeeds = speeds
        let retriever = try Retriever(model: try frontEndModel(width: 8, audio: audio, seed: 2), name: "speeds")
        let sequence = try FrameSequence(
            directory: TestData.packageRoot.appendingPathComponent("samples/video"), fps: 1)
        return (retriever, try await FrameIndex.encoding(sequence, with: retriever, source: "samples").index)
    }

    /// At several query speeds a segment covers the same stretch of sound at each speed, and
    /// its times are the recording's.
    @Test func segmentsHeardAtSeveralSpeedsKeepTheirTimes() async throws {
        let soundtrack = TestData.packageRoot.appendingPathComponent("samples/video/soundtrack.wav")
        let (plainRetriever, plainIndex) = try await speedModel([1])
        let (retriever, index) = try await speedModel([0.9, 1.1])
        let plain = try plainRetriever.detailedTimeline(of: soundtrack, in: plainIndex)
        let heard = try retriever.detailedTimeline(of: soundtrack, in: index)
        #expect(heard.segments.count == plain.segments.count && plain.segments.count == 10)
        for (a, b) in zip(plain.segments, heard.segments) {
            // Found at speed 0.9 (frames 1/0.9 as many), mapped back: within two frames' rounding.
            #expect(
                abs(a.start - b.start) <= 0.02 && abs(a.end - b.end) <= 0.02,
                "\(a.start)-\(a.end) vs \(b.start)-\(b.end)")
        }
    }
}
