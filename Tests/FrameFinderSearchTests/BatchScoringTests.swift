import Foundation
import FrameFinderAttention
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// The shipped model, the sample video's frames and the queries of the sample clips.
private struct SampleScoring {
    let model: Model
    let index: FrameIndex
    let queries: [Matrix]

    init() async throws {
        let model = try Model.default
        self.model = model
        let samples = TestData.packageRoot.appendingPathComponent("samples")
        let sequence = try FrameSequence(directory: samples.appendingPathComponent("video"))
        index = try await FrameIndex.encoding(sequence, with: Retriever(model: model, name: "default"), source: "video")
            .index
        let recipe = try FeatureRecipe(settings: model.settings)
        let clips = try FileManager.default.contentsOfDirectory(atPath: samples.appendingPathComponent("clips").path)
            .sorted().map { samples.appendingPathComponent("clips/\($0)") }
        queries = try clips.map { try model.encodeClip(try recipe.clipTokens(contentsOf: $0)) }
    }

    /// Clip `c` ranked alone, as `query` ranks it.
    func alone(_ queries: Matrix, top: Int) -> Ranking {
        Ranking(
            query: "q", model: "m", scores: model.scores(queries: queries, frames: index.encoded),
            frames: index.frames, top: top)
    }

    /// Every clip of `clips` ranked in one batch.
    func together(_ clips: [Matrix], top: Int, streaming: Attention.Streaming) -> [Ranking] {
        model.scores(QueryBatch(clips), frames: index.encoded, top: top, streaming: streaming).map {
            Ranking(query: "q", model: "m", selection: $0, frames: index.frames)
        }
    }
}

/// Same frames in the same order, scores and confidence equal to float rounding.
private func expectSame(_ batched: Ranking, _ alone: Ranking) {
    #expect(batched.results.map(\.frame.index) == alone.results.map(\.frame.index))
    #expect(batched.results.map(\.rank) == alone.results.map(\.rank))
    #expect(maxRelativeDifference(batched.results.map(\.score), alone.results.map(\.score)) < 1e-5)
    #expect(abs(batched.confidence - alone.confidence) < 1e-5)
    #expect(maxAbsoluteDifference(batched.scores.attended.elements, alone.scores.attended.elements) < 1e-5)
}

@Suite struct BatchScoringTests {
    @Test(arguments: [(1, 1), (7, 2), (16, 3), (512, 128)])
    func batchEqualsClipByClip(keyBlock: Int, queryBlock: Int) async throws {
        let sample = try await SampleScoring()
        let streaming = Attention.Streaming(keyBlock: keyBlock, queryBlock: queryBlock, threads: 2)
        let batched = sample.together(sample.queries, top: 5, streaming: streaming)
        #expect(batched.count == sample.queries.count)
        for (c, ranking) in batched.enumerated() {
            expectSame(ranking, sample.alone(sample.queries[c], top: 5))
            #expect(ranking.results.count == 5)
        }
    }

    @Test func clipsOfSeveralRowsStayApart() async throws {
        let sample = try await SampleScoring()
        // 14 clips of one row, then a "recording" of three rows across the boundary of the
        // 16-row query tiles, a clip of one row and one of two; key blocks of 4 frames.
        let q = sample.queries
        let clips =
            Array(q[0..<14]) + [
                Matrix.concatenatingRows([q[14], q[15], q[16]]), q[17],
                Matrix.concatenatingRows([q[18], q[19]]),
            ]
        let batched = sample.together(
            clips, top: 3, streaming: Attention.Streaming(keyBlock: 4, queryBlock: 16, threads: 2))
        for (c, clip) in clips.enumerated() { expectSame(batched[c], sample.alone(clip, top: 3)) }
    }

    @Test func topZeroKeepsEveryScore() async throws {
        let sample = try await SampleScoring()
        let batched = sample.together(
            Array(sample.queries.prefix(4)), top: 0, streaming: Attention.Streaming(keyBlock: 8))
        for c in 0..<4 {
            let alone = sample.alone(sample.queries[c], top: 0)
            expectSame(batched[c], alone)
            #expect(batched[c].results.count == sample.index.count)
            #expect(maxRelativeDifference(batched[c].scores.scores, alone.scores.scores) < 1e-5)
        }
    }

    @Test func moreFramesThanTopKeepsTiesInFrameOrder() async throws {
        // Every frame twice: equal scores, ties broken by frame order as `rankedIndices` does.
        let sample = try await SampleScoring()
        let encoded = sample.index.encoded
        let doubled = EncodedFrames(
            keys: Matrix.concatenatingRows([encoded.keys, encoded.keys]),
            values: Matrix.concatenatingRows([encoded.values, encoded.values]))
        let selection = sample.model.scores(
            QueryBatch([sample.queries[2]]), frames: doubled, top: 6,
            streaming: Attention.Streaming(keyBlock: 5))[0]
        let expected = rankedIndices(sample.model.scores(queries: sample.queries[2], frames: doubled).scores).prefix(6)
        #expect(selection.best.map(\.index) == Array(expected))
    }
}

extension BatchScoringTests {
    /// What makes `batch --resume` exact and a batch line equal to `query`'s: a clip's
    /// selection is the same, bit for bit, alone or anywhere in any block, on any number of threads.
    @Test func aClipScoresTheSameInAnyBlock() async throws {
        let sample = try await SampleScoring()
        let streaming = Attention.Streaming(keyBlock: 16, threads: 2)
        let q = sample.queries
        let all = sample.model.scores(QueryBatch(q), frames: sample.index.encoded, top: 0, streaming: streaming)
        let tail = sample.model.scores(
            QueryBatch(Array(q[7...])), frames: sample.index.encoded, top: 0, streaming: streaming)
        for c in [7, 12, 29] {
            let alone = sample.model.scores(
                QueryBatch([q[c]]), frames: sample.index.encoded, top: 0,
                streaming: Attention.Streaming(keyBlock: 16, threads: 1))[0]
            #expect(maxAbsoluteDifference(all[c].all!, alone.all!) == 0)
            #expect(maxAbsoluteDifference(tail[c - 7].all!, alone.all!) == 0)
            #expect(all[c].confidence == alone.confidence)
            #expect(all[c].attended == alone.attended)
        }
    }
}

extension BatchScoringTests {
    /// The same with full-size key blocks over 1,200 frames and tiles of 128 rows.
    @Test func aClipScoresTheSameInAnyBlockOfManyFrames() async throws {
        let sample = try await SampleScoring()
        let e = sample.index.encoded
        let frames = EncodedFrames(
            keys: Matrix.concatenatingRows(Array(repeating: e.keys, count: 40)),
            values: Matrix.concatenatingRows(Array(repeating: e.values, count: 40)))
        let q = sample.queries
        let many = Array((0..<5).map { _ in q }.joined())
        let streaming = Attention.Streaming(threads: 2)
        let all = sample.model.scores(QueryBatch(many), frames: frames, top: 0, streaming: streaming)
        for c in [0, 7, 140] {
            let alone = sample.model.scores(QueryBatch([many[c]]), frames: frames, top: 0, streaming: streaming)[0]
            #expect(maxAbsoluteDifference(all[c].all!, alone.all!) == 0)
        }
    }
}
