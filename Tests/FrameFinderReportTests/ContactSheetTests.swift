import Foundation
import FrameFinderFrames
import FrameFinderModel
import FrameFinderReport
import FrameFinderSearch
import TestSupport
import Testing

@Suite struct ContactSheetTests {
    /// A ranking of solid-colour frames written as PNG files, and the colours by frame.
    private func rankedColourFrames(count: Int, top: Int, in folder: URL) throws -> (Ranking, [RGBColour]) {
        let colours = RankingInputs.distinctColours(count)
        var paths: [String] = []
        for (j, colour) in colours.enumerated() {
            let url = folder.appendingPathComponent("frame\(j).png")
            // Frames of different shapes: the sheet fits each inside its tile.
            try RankingInputs.solid(colour, width: 20 + 3 * j, height: 30 - j).writePNG(to: url)
            paths.append(url.path)
        }
        return (try RankingInputs.ranking(frames: count, top: top, paths: paths), colours)
    }

    @Test func tilesFollowTheRankOrder() throws {
        let folder = try TestData.temporaryDirectory("framefinder-sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (ranking, colours) = try rankedColourFrames(count: 9, top: 7, in: folder)
        let sheet = try ContactSheet(ranking: ranking, columns: 3)
        let image = sheet.image()
        #expect(sheet.columns == 3 && sheet.rows == 3)
        #expect(image.width == sheet.size.width && image.height == sheet.size.height)
        #expect(sheet.size == Size2D(width: 8 + 3 * (144 + 8), height: 8 + 3 * (144 + ContactSheet.captionHeight + 8)))
        for (position, result) in ranking.results.enumerated() {
            let (x, y) = sheet.tileOrigin(at: position)
            let centre = image.pixel(x: x + ContactSheet.tileSide / 2, y: y + ContactSheet.tileSide / 2)
            #expect(centre == colours[result.frame.index], "tile \(position) shows rank \(result.rank)")
        }
        // The two empty tile places of the last row are background.
        let (x, y) = sheet.tileOrigin(at: 8)
        #expect(image.pixel(x: x + 72, y: y + 72) == ContactSheet.background)
        // A limit keeps the best frames only.
        let limited = try ContactSheet(ranking: ranking, columns: 3, limit: 2)
        #expect(limited.results == Array(ranking.results.prefix(2)) && limited.size.width == 8 + 2 * 152)
    }

    @Test func captionsAreDrawnUnderEachTile() throws {
        let folder = try TestData.temporaryDirectory("framefinder-sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (ranking, _) = try rankedColourFrames(count: 4, top: 2, in: folder)
        let image = try ContactSheet(ranking: ranking).image()
        let sheet = try ContactSheet(ranking: ranking)
        for position in 0..<2 {
            let (x, y) = sheet.tileOrigin(at: position)
            // Draw the expected captions on a blank tile-sized strip and compare.
            var expected = RGBImage(
                width: ContactSheet.tileSide, height: ContactSheet.captionHeight,
                red: 40, green: 40, blue: 40)
            for (line, text) in ContactSheet.captions(for: ranking.results[position]).enumerated() {
                BitmapFont.draw(
                    text, into: &expected, x: 0, y: 4 + line * ContactSheet.lineHeight,
                    scale: ContactSheet.fontScale, colour: ContactSheet.textColour)
            }
            for row in 0..<ContactSheet.captionHeight {
                for column in 0..<ContactSheet.tileSide {
                    if image.pixel(x: x + column, y: y + ContactSheet.tileSide + row)
                        != expected.pixel(x: column, y: row)
                    {
                        Issue.record("caption pixel \(column), \(row) of tile \(position) differs")
                        return
                    }
                }
            }
        }
    }

    @Test func captionsGiveRankTimeAndScore() throws {
        let ranking = try RankingInputs.ranking(frames: 3, scores: [0.25, 0.123456, 0.626544], top: 3, fps: 1.0 / 32.5)
        #expect(ContactSheet.captions(for: ranking.results[0]) == ["#1 t=1:05.0", "score=0.6265"])
        #expect(ContactSheet.captions(for: ranking.results[1]) == ["#2 t=0:00.0", "score=0.2500"])
        #expect(ContactSheet.captions(for: ranking.results[2]) == ["#3 t=0:32.5", "score=0.1235"])
        // More decimals when the scores need them; the label goes when it would not fit.
        #expect(ContactSheet.captions(for: ranking.results[1], decimals: 7) == ["#2 t=0:00.0", "0.2500000"])
    }

    @Test func aTimelineOfSegmentsHasOneRowPerSegment() throws {
        let folder = try TestData.temporaryDirectory("framefinder-sheet")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (ranking, colours) = try rankedColourFrames(count: 6, top: 6, in: folder)
        let paths = ranking.results.sorted { $0.frame.index < $1.frame.index }.map(\.frame.path)
        let timeline = try RankingInputs.timeline(
            segments: [(0.5, 1.25, 2), (3, 4.5, 4), (61, 62, 1)], frames: 6, paths: paths)
        let sheet = try ContactSheet(timeline: timeline, columns: 3)
        #expect(sheet.rows == 3 && sheet.columns == 3)
        #expect(
            sheet.rowLabels
                == timeline.segments.map {
                    [Readout.span($0.start, $0.end), "conf=" + Readout.fixed($0.ranking.confidence, decimals: 2)]
                })
        #expect(sheet.rowLabels[2][0] == "1:01.0-1:02.0")
        let labelWidth = BitmapFont.width(of: "1:01.0-1:02.0", scale: ContactSheet.fontScale)
        #expect(sheet.labelWidth == labelWidth)
        #expect(
            sheet.size
                == Size2D(
                    width: 8 + labelWidth + 8 + 3 * (144 + 8), height: 8 + 3 * (144 + ContactSheet.captionHeight + 8)))
        let image = sheet.image()
        var position = 0
        for (row, segment) in timeline.segments.enumerated() {
            for result in segment.ranking.results.prefix(3) {
                let (x, y) = sheet.tileOrigin(at: position)
                #expect(y == 8 + row * (144 + ContactSheet.captionHeight + 8))
                #expect(image.pixel(x: x + 72, y: y + 72) == colours[result.frame.index], "segment \(row)")
                position += 1
            }
        }
        // A timeline queried whole draws the recording's sheet, as a ranking's.
        let whole = try RankingInputs.timeline(segments: [(0, 1, 3)], frames: 6, paths: paths)
        #expect(try ContactSheet(timeline: whole).image() == ContactSheet(ranking: whole.recording).image())
    }

    @Test func isAValidDeterministicPNG() throws {
        let ranking = try RankingInputs.ranking(frames: 5, top: 4)
        let frames = ranking.results.map {
            RankingInputs.solid(RankingInputs.distinctColours(5)[$0.frame.index], width: 28, height: 28)
        }
        let sheet = try ContactSheet(results: ranking.results, frames: frames)
        let (decoded, first, second) = try RankingInputs.roundTrip(sheet)
        #expect(decoded == sheet.image())
        #expect(first == second)
        #expect(decoded.width == 8 + 4 * 152)
    }

    @Test func namesAnUnreadableFrameAndRefusesNothing() throws {
        let ranking = try RankingInputs.ranking(
            frames: 3, top: 1, paths: ["/nonexistent/a.png", "/nonexistent/b.png", "/nonexistent/c.png"])
        #expect {
            try ContactSheet(ranking: ranking)
        } throws: { error in
            "\(error)".hasPrefix("/nonexistent/") && "\(error)".contains(".png: ")
        }
        #expect(throws: ReportError.invalidInput("nothing to draw: no frame was kept")) {
            try ContactSheet(results: [], frames: [])
        }
    }
}
