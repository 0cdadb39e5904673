import Foundation
import FrameFinderAttention
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// Timelines scored in blocks (`Retriever.timelines`): a recording's whole ranking and its
/// segments' are groups of rows of the batch like any clip's, with the default model on the samples.
@Suite struct BatchTimelineTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")

    private func sample() async throws -> (Retriever, FrameIndex) {
        let retriever = try Retriever()
        let sequence = try FrameSequence(directory: samples.appendingPathComponent("video"))
        return (retriever, try await FrameIndex.encoding(sequence, with: retriever, source: "video").index)
    }

    /// A word, the soundtrack (ten segments), a clip that cannot be read and another word.
    private var clips: [URL] {
        [
            samples.appendingPathComponent("clips/0_gbf.wav"), samples.appendingPathComponent("video/soundtrack.wav"),
            samples.appendingPathComponent("clips/missing.wav"), samples.appendingPathComponent("clips/3_gbf.wav"),
        ]
    }

    /// Same frames in the same order, scores and confidence equal to float rounding.
    private func expectClose(_ batched: Ranking, _ alone: Ranking) {
        #expect(batched.results.map(\.frame.index) == alone.results.map(\.frame.index))
        #expect(maxRelativeDifference(batched.results.map(\.score), alone.results.map(\.score)) < 1e-5)
        #expect(abs(batched.confidence - alone.confidence) < 1e-5)
    }

    /// The same rankings bit for bit.
    private func expectIdentical(_ a: Timeline, _ b: Timeline) {
        for (x, y) in zip([a.recording] + a.segments.map(\.ranking), [b.recording] + b.segments.map(\.ranking)) {
            #expect(x.results == y.results)
            #expect(x.confidence == y.confidence)
        }
    }

    @Test func recordingsAndTheirSegmentsInABlockRankAsAlone() async throws {
        let (retriever, index) = try await sample()
        let streaming = Attention.Streaming(keyBlock: 7, queryBlock: 16, threads: 2)
        let batched = retriever.timelines(
            of: clips, in: index, options: SearchOptions(top: 5), jobs: 2, streaming: streaming)
        #expect(batched.count == 4)
        #expect(throws: AudioError.self) { try batched[2].get() }
        for c in [0, 1, 3] {
            let timeline = try batched[c].get()
            let alone = try retriever.detailedTimeline(of: clips[c], in: index, options: SearchOptions(top: 5))
            #expect(timeline.segments.count == alone.segments.count)
            #expect(timeline.isSegmented == (c == 1))
            expectClose(timeline.recording, alone.recording)
            for (s, t) in zip(timeline.segments, alone.segments) {
                #expect(s.start == t.start && s.end == t.end)
                expectClose(s.ranking, t.ranking)
            }
        }
        // Anywhere in any block, on any number of threads: the same bit for bit.
        for c in [1, 3] {
            let single = try retriever.timeline(
                of: clips[c], in: index, options: SearchOptions(top: 5),
                streaming: Attention.Streaming(keyBlock: 7, queryBlock: 16, threads: 1))
            expectIdentical(try batched[c].get(), single)
        }
    }

    @Test func momentsInABlockAreTheDetailedTimelinesMoments() async throws {
        let (retriever, index) = try await sample()
        let (soundtrack, options) = (clips[1], SearchOptions(top: 3, moments: true))
        let batched = try retriever.timelines(
            of: [clips[0], soundtrack], in: index, options: options,
            streaming: Attention.Streaming(keyBlock: 7, threads: 2))[1].get()
        let alone = try retriever.detailedTimeline(of: soundtrack, in: index, options: options)
        #expect(batched.recording.results.count == 3, "frames beyond --top are not listed")
        for (s, t) in zip(
            [batched.recording] + batched.segments.map(\.ranking), [alone.recording] + alone.segments.map(\.ranking))
        {
            #expect(s.scores.scores.count == index.count, "every score is kept for moments")
            let (m, n) = (try #require(batched.listedMoments(of: s)), try #require(alone.listedMoments(of: t)))
            #expect(m.map(\.peak.frame.index) == n.map(\.peak.frame.index))
            #expect(m.map(\.frameCount) == n.map(\.frameCount))
            #expect(maxRelativeDifference(m.map(\.score), n.map(\.score)) < 1e-5)
        }
    }
}
