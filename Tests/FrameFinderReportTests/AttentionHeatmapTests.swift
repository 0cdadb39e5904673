import Foundation
import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderReport
import FrameFinderSearch
import Testing

@Suite struct AttentionHeatmapTests {
    /// True when `text` is drawn at (`x`, `y`) of `image`: every pixel of its box is the text
    /// colour exactly where the font has ink.
    private func shows(_ image: RGBImage, _ text: String, x: Int, y: Int) -> Bool {
        let scale = AttentionHeatmap.fontScale
        var expected = RGBImage(
            width: BitmapFont.width(of: text, scale: scale), height: BitmapFont.glyphHeight * scale,
            red: 255, green: 255, blue: 255)
        BitmapFont.draw(text, into: &expected, x: 0, y: 0, scale: scale, colour: AttentionHeatmap.textColour)
        for row in 0..<expected.height {
            for column in 0..<expected.width {
                let ink = expected.pixel(x: column, y: row) == AttentionHeatmap.textColour
                if ink != (image.pixel(x: x + column, y: y + row) == AttentionHeatmap.textColour) { return false }
            }
        }
        return true
    }

    private let segments: [(Double, Double, Int)] = [(0.25, 0.75, 2), (3.2, 3.9, 4), (7.5, 9, 3), (12, 12.5, 1)]

    @Test func hasTheDocumentedSizeTitleRowLabelsAndColourBar() throws {
        let timeline = try RankingInputs.timeline(segments: segments, frames: 20, fps: 2)
        let heatmap = try AttentionHeatmap(timeline: timeline)
        let image = heatmap.image()
        let scale = AttentionHeatmap.fontScale, line = AttentionHeatmap.lineHeight
        #expect(heatmap.title == "clip: clip.wav   model: seeded")
        // Times round half away from zero, to the tenth.
        #expect(heatmap.rowLabels == ["0:00.3-0:00.8", "0:03.2-0:03.9", "0:07.5-0:09.0", "0:12.0-0:12.5"])
        let labelWidth = BitmapFont.width(of: "0:00.3-0:00.8", scale: scale)
        #expect(heatmap.labelWidth == labelWidth)
        // 20 frames in 25-pixel columns, 4 segments in 32-pixel rows.
        #expect(heatmap.gridSize == Size2D(width: 20 * 25, height: 4 * 32))
        let origin = heatmap.gridOrigin
        #expect(origin.x == 8 + labelWidth + 8 && origin.y == 8 + 3 * line)
        let valueWidth = heatmap.colourBarLabels.map { BitmapFont.width(of: $0, scale: scale) }.max()!
        #expect(
            heatmap.size
                == Size2D(
                    width: origin.x + 500 + 8 + 16 + 8 + valueWidth + 8,
                    height: origin.y + 128 + AttentionHeatmap.tickLength + line + 8))
        #expect(image.width == heatmap.size.width && image.height == heatmap.size.height)
        #expect(shows(image, heatmap.title, x: 8, y: 8))
        #expect(shows(image, AttentionHeatmap.key, x: 8, y: 8 + line))
        for (i, label) in heatmap.rowLabels.enumerated() {
            let y = origin.y + (i * 32 + (i + 1) * 32 - 7 * scale) / 2
            #expect(shows(image, label, x: origin.x - 8 - BitmapFont.width(of: label, scale: scale), y: y), "\(label)")
        }
        // The colour bar: its largest value at the top, 0 at the bottom, labelled.
        let largest = timeline.segments.flatMap(\.ranking.scores.scores).max()!
        #expect(heatmap.colourBarValues == [largest, largest / 2, 0])
        #expect(
            heatmap.colourBarLabels.last == String(repeating: "0", count: 1) + "."
                + String(repeating: "0", count: Readout.decimals(for: heatmap.colourBarValues)))
        let barX = origin.x + 500 + 8
        #expect(image.pixel(x: barX, y: origin.y) == ColourMap.viridis.colour(at: 1))
        #expect(image.pixel(x: barX, y: origin.y + 127) == ColourMap.viridis.colour(at: 0))
        #expect(shows(image, heatmap.colourBarLabels[0], x: barX + 16 + 8, y: origin.y - 2))
        #expect(shows(image, "score", x: barX, y: origin.y - line + 2))
    }

    @Test func cellsAreTheSegmentsScores() throws {
        let timeline = try RankingInputs.timeline(segments: segments, frames: 7)
        let heatmap = try AttentionHeatmap(timeline: timeline)
        let image = heatmap.image()
        let largest = heatmap.colourBarValues[0]
        let (left, top) = heatmap.gridOrigin
        let cell = heatmap.pixelColumns(ofFrame: 0).count
        for (i, segment) in timeline.segments.enumerated() {
            let rows = heatmap.pixelRows(ofRow: i)
            for (j, score) in segment.ranking.scores.scores.enumerated() {
                // The centre of the cell: inside any outline.
                let pixel = image.pixel(x: left + j * cell + cell / 2, y: top + (rows.lowerBound + rows.upperBound) / 2)
                #expect(pixel == ColourMap.viridis.colour(at: score / largest), "segment \(i), frame \(j)")
            }
        }
    }

    @Test func eachRowOutlinesItsTopFramesTheBestThicker() throws {
        let timeline = try RankingInputs.timeline(segments: segments, frames: 9)
        let heatmap = try AttentionHeatmap(timeline: timeline)
        let image = heatmap.image()
        let (left, top) = heatmap.gridOrigin
        for (i, segment) in timeline.segments.enumerated() {
            let rows = heatmap.pixelRows(ofRow: i)
            let expected = Array(segment.ranking.resultColumns.prefix(AttentionHeatmap.marksPerRow))
            #expect(heatmap.marks[i] == expected)
            for j in 0..<9 {
                let columns = heatmap.pixelColumns(ofFrame: j)
                let corner = image.pixel(x: left + columns.lowerBound, y: top + rows.lowerBound)
                let inner = image.pixel(x: left + columns.lowerBound + 1, y: top + rows.lowerBound + 1)
                #expect((corner == AttentionHeatmap.markerColour) == expected.contains(j), "segment \(i), frame \(j)")
                #expect((inner == AttentionHeatmap.markerColour) == (expected.first == j), "segment \(i), frame \(j)")
            }
        }
    }

    @Test func timeTicksAreRoundTimesWithRoomForTheirLabels() throws {
        let timeline = try RankingInputs.timeline(segments: segments, frames: 300, fps: 25)
        let heatmap = try AttentionHeatmap(timeline: timeline)
        let ticks = heatmap.ticks
        // 300 one-pixel columns over 12 s: 25 pixels a second; 2 s (50 pixels) is too close for
        // labels 70 pixels wide, 5 s is the first step with room.
        #expect(ticks.map(\.label) == ["0:00.0", "0:05.0", "0:10.0"])
        #expect(ticks.map(\.column) == [0, 125, 250])
        let room = BitmapFont.width(of: "0:10.0", scale: AttentionHeatmap.fontScale)
        for (a, b) in zip(ticks, ticks.dropFirst()) {
            #expect(
                heatmap.pixelColumns(ofFrame: b.column).lowerBound - heatmap.pixelColumns(ofFrame: a.column).lowerBound
                    > room)
        }
        let image = heatmap.image()
        let (left, top) = heatmap.gridOrigin
        let x = left + heatmap.pixelColumns(ofFrame: 125).lowerBound
        #expect(image.pixel(x: x, y: top + heatmap.gridSize.height) == AttentionHeatmap.textColour)
    }

    @Test func oneSegmentStillLeavesRoomForTheColourBarValues() throws {
        let heatmap = try AttentionHeatmap(timeline: try RankingInputs.timeline(segments: [(0, 0.5, 3)], frames: 5))
        #expect(heatmap.gridSize.height == 3 * AttentionHeatmap.lineHeight)
    }

    @Test func isAValidDeterministicPNG() throws {
        let heatmap = try AttentionHeatmap(timeline: try RankingInputs.timeline(segments: segments, frames: 11))
        let (decoded, first, second) = try RankingInputs.roundTrip(heatmap)
        #expect(decoded == heatmap.image())
        #expect(first == second)
    }

    @Test func manyFramesShareColumnsAndKeepTheirMarks() throws {
        let count = 5000
        var scores = [Float](repeating: 0.1, count: count)
        for (rank, j) in [4321, 17, 2500].enumerated() { scores[j] = 1 - Float(rank) * 0.1 }
        let ranking = try RankingInputs.ranking(frames: count, tokens: 2, scores: scores, keepWeights: false, top: 3)
        let references = (0..<count).map { FrameReference(path: "f\($0).png", index: $0, time: Double($0)) }
        let timeline = Timeline(
            recording: ranking, segments: [.init(start: 0, end: 1, ranking: ranking)],
            frames: references, fps: 1)
        let heatmap = try AttentionHeatmap(timeline: timeline)
        #expect(heatmap.gridSize.width == 4096)
        #expect(heatmap.marks == [[4321, 17, 2500]])
        var covered = 0
        for x in 0..<4096 { covered += heatmap.frames(atPixelColumn: x).count }
        #expect(covered == count)
        let image = heatmap.image()
        let (left, top) = heatmap.gridOrigin
        #expect(
            image.pixel(x: left + heatmap.pixelColumns(ofFrame: 4321).lowerBound, y: top)
                == AttentionHeatmap.markerColour)
    }

    @Test func marksFollowTheScoredPositionWhenFramesWereSkipped() throws {
        // Frame 2 of the sequence was unreadable: the scored frames are 0, 1, 3, 4, 5.
        let base = try RankingInputs.ranking(frames: 5, scores: [0.1, 0.5, 0.05, 0.3, 0.05], top: 2)
        let references = [0, 1, 3, 4, 5].map { FrameReference(path: "f\($0).png", index: $0, time: Double($0)) }
        let ranking = Ranking(query: base.query, model: base.model, scores: base.scores, frames: references, top: 2)
        let timeline = Timeline(
            recording: ranking, segments: [.init(start: 0, end: 1, ranking: ranking)],
            frames: references, fps: 1)
        #expect(try AttentionHeatmap(timeline: timeline).marks == [[1, 3]])
    }

    @Test func rejectsAnEmptyMatrixAndMarksOrLabelsThatDoNotFit() {
        #expect(throws: ReportError.self) {
            try AttentionHeatmap(
                values: Matrix(rows: 0, columns: 3), rowLabels: [], columnTimes: [0, 1, 2], marks: [], title: "")
        }
        #expect(throws: ReportError.self) {
            try AttentionHeatmap(
                values: Matrix(rows: 1, columns: 3), rowLabels: ["a"], columnTimes: [0, 1, 2], marks: [[3]], title: "")
        }
        #expect(throws: ReportError.self) {
            try AttentionHeatmap(
                values: Matrix(rows: 2, columns: 3), rowLabels: ["a"], columnTimes: [0, 1, 2], marks: [[], []],
                title: "")
        }
    }
}
