import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderReport
import FrameFinderRetrieval
import Testing

@Suite struct AttentionHeatmapTests {
    /// The frames whose columns carry a tick, read from the marker band's pixels, and those
    /// whose tick is full height (the best frame).
    private func marks(_ heatmap: AttentionHeatmap, _ image: RGBImage) -> (ticked: Set<Int>, tall: Set<Int>) {
        var ticked = Set<Int>(), tall = Set<Int>()
        for x in 0 ..< heatmap.gridSize.width {
            let frames = heatmap.frames(atPixelColumn: x)
            if image.pixel(x: x, y: AttentionHeatmap.markerHeight - 1) == AttentionHeatmap.markerColour { ticked.formUnion(frames) }
            if image.pixel(x: x, y: 0) == AttentionHeatmap.markerColour { tall.formUnion(frames) }
        }
        return (ticked, tall)
    }

    @Test func drawsTheWeightsWithTheDocumentedLayout() throws {
        let ranking = try RankingInputs.ranking(frames: 7, tokens: 4)
        let weights = try #require(ranking.scores.weights)
        let heatmap = try AttentionHeatmap(ranking: ranking)
        let image = heatmap.image()
        #expect(!heatmap.isScoreStrip)
        let cell = min(512 / 7, 32), rowCell = min(512 / 4, 32)
        #expect(heatmap.gridSize == Size2D(width: 7 * cell, height: 4 * rowCell))
        #expect(heatmap.size == Size2D(width: 7 * cell + AttentionHeatmap.gap + AttentionHeatmap.colourBarWidth,
                                       height: AttentionHeatmap.markerHeight + AttentionHeatmap.gap + 4 * rowCell))
        #expect(image.width == heatmap.size.width && image.height == heatmap.size.height)
        let largest = weights.elements.max()!
        for i in 0 ..< 4 {
            for j in 0 ..< 7 {
                let expected = ColourMap.viridis.colour(at: weights[i, j] / largest)
                #expect(image.pixel(x: j * cell + cell / 2, y: heatmap.gridTop + i * rowCell + rowCell / 2) == expected)
            }
        }
    }

    @Test func marksTheRankedFramesAndTheBestOneTallest() throws {
        let ranking = try RankingInputs.ranking(frames: 9, top: 3)
        let heatmap = try AttentionHeatmap(ranking: ranking)
        let found = marks(heatmap, heatmap.image())
        #expect(found.ticked == Set(ranking.results.map(\.frame.index)))
        #expect(found.tall == [ranking.results[0].frame.index])
        #expect(ranking.resultColumns == ranking.results.map(\.frame.index))
    }

    @Test func isAValidDeterministicPNG() throws {
        let heatmap = try AttentionHeatmap(ranking: try RankingInputs.ranking(frames: 11, tokens: 3))
        let (decoded, first, second) = try RankingInputs.roundTrip(heatmap)
        #expect(decoded == heatmap.image())
        #expect(first == second)
    }

    @Test func withoutWeightsDrawsTheScoresAsOneStrip() throws {
        let ranking = try RankingInputs.ranking(frames: 6, keepWeights: false, top: 2)
        let heatmap = try AttentionHeatmap(ranking: ranking)
        let image = heatmap.image()
        #expect(heatmap.isScoreStrip)
        #expect(heatmap.values.rows == 1 && heatmap.values.elements == ranking.scores.scores)
        #expect(heatmap.gridSize.height == 32)
        let largest = ranking.scores.scores.max()!
        let cell = 512 / 6 > 32 ? 32 : 512 / 6
        for (j, score) in ranking.scores.scores.enumerated() {
            #expect(image.pixel(x: j * cell, y: heatmap.gridTop) == ColourMap.viridis.colour(at: score / largest))
        }
        #expect(marks(heatmap, image).ticked == Set(ranking.results.map(\.frame.index)))
    }

    @Test func manyFramesShareColumnsAndKeepTheirMarks() throws {
        let count = 5000
        var scores = [Float](repeating: 0.1, count: count)
        for (rank, j) in [4321, 17, 2500].enumerated() { scores[j] = 1 - Float(rank) * 0.1 }
        let ranking = try RankingInputs.ranking(frames: count, tokens: 2, scores: scores, keepWeights: false, top: 3)
        let heatmap = try AttentionHeatmap(ranking: ranking)
        #expect(heatmap.gridSize.width == 4096)
        let found = marks(heatmap, heatmap.image())
        #expect(found.tall.contains(4321))
        for j in [4321, 17, 2500] { #expect(found.ticked.contains(j)) }
        // Every frame is in exactly one pixel column.
        var covered = 0
        for x in 0 ..< 4096 { covered += heatmap.frames(atPixelColumn: x).count }
        #expect(covered == count)
        for j in [0, 17, 2500, 4321, count - 1] {
            #expect(heatmap.pixelColumns(ofFrame: j).allSatisfy { heatmap.frames(atPixelColumn: $0).contains(j) })
        }
    }

    @Test func marksFollowTheScoredPositionWhenFramesWereSkipped() throws {
        // Frame 2 of the sequence was unreadable: the scored frames are 0, 1, 3, 4, 5.
        let base = try RankingInputs.ranking(frames: 5, scores: [0.1, 0.5, 0.05, 0.3, 0.05], top: 2)
        let references = [0, 1, 3, 4, 5].map { FrameReference(path: "f\($0).png", index: $0, time: Double($0)) }
        let ranking = Ranking(query: base.query, model: base.model, scores: base.scores, frames: references, top: 2)
        #expect(ranking.resultColumns == [1, 3])
        #expect(ranking.results.map(\.frame.index) == [1, 4])
        let heatmap = try AttentionHeatmap(ranking: ranking)
        #expect(marks(heatmap, heatmap.image()).ticked == [1, 3])
    }

    @Test func rejectsAnEmptyMatrixAndMarksOutsideIt() {
        #expect(throws: ReportError.self) { try AttentionHeatmap(values: Matrix(rows: 0, columns: 3), markedFrames: []) }
        #expect(throws: ReportError.self) { try AttentionHeatmap(values: Matrix(rows: 2, columns: 3), markedFrames: [3]) }
    }
}
