import Foundation
import FrameFinderFrames
import FrameFinderModel
import FrameFinderReport
import FrameFinderSearch
import TestSupport
import Testing

@Suite struct AttendedFrameTests {
    @Test func isTheWeightedMeanOfTheFrames() throws {
        let red = RankingInputs.solid(RGBColour(255, 0, 0), width: 6, height: 4)
        let blue = RankingInputs.solid(RGBColour(0, 0, 255), width: 6, height: 4)
        var ramp = RGBImage(width: 12, height: 8)
        ramp.samples = (0..<ramp.samples.count).map { UInt8($0 % 256) }
        let weights: [Float] = [3, 1, 0, -2]
        let picture = try AttendedFrame(frames: [red, blue, ramp, ramp], weights: weights)
        let image = picture.image()
        #expect(picture.size == Size2D(width: 6, height: 4))
        // The ramp has weight 0 and -2 (counted as 0): only red and blue mix, 3 : 1.
        let expected = RGBColour(UInt8((255.0 * 3 / 4).rounded()), 0, UInt8((255.0 / 4).rounded()))
        #expect(image.samples.count == 6 * 4 * 3)
        for y in 0..<4 { for x in 0..<6 { #expect(image.pixel(x: x, y: y) == expected) } }
    }

    @Test func resizesFramesToTheOutputSize() throws {
        var ramp = RGBImage(width: 12, height: 8)
        ramp.samples = (0..<ramp.samples.count).map { UInt8(($0 * 7) % 256) }
        let picture = try AttendedFrame(frames: [ramp], weights: [0.5], size: Size2D(width: 3, height: 2))
        #expect(picture.image() == ramp.resized(width: 3, height: 2))
    }

    @Test func fromARankingWeighsTheKeptFramesByTheirAttention() throws {
        let folder = try TestData.temporaryDirectory("framefinder-attended")
        defer { try? FileManager.default.removeItem(at: folder) }
        let colours = RankingInputs.distinctColours(4)
        var paths: [String] = []
        for (j, colour) in colours.enumerated() {
            let url = folder.appendingPathComponent("f\(j).png")
            try RankingInputs.solid(colour, width: 5, height: 5).writePNG(to: url)
            paths.append(url.path)
        }
        let ranking = try RankingInputs.ranking(frames: 4, top: 0, paths: paths)
        let weights = try #require(ranking.scores.weights)
        #expect(ranking.frameWeights == weights.columnMeans)
        let image = try AttendedFrame(ranking: ranking).image()
        let w = ranking.frameWeights.map(Double.init), total = w.reduce(0, +)
        func channel(_ c: KeyPath<RGBColour, UInt8>) -> UInt8 {
            UInt8((zip(w, colours).map { $0 * Double($1[keyPath: c]) }.reduce(0, +) / total).rounded())
        }
        #expect(image.pixel(x: 2, y: 2) == RGBColour(channel(\.red), channel(\.green), channel(\.blue)))
        let (decoded, first, second) = try RankingInputs.roundTrip(try AttendedFrame(ranking: ranking))
        #expect(decoded == image && first == second)
    }

    @Test func readsNoFrameOfZeroWeight() throws {
        let folder = try TestData.temporaryDirectory("framefinder-attended")
        defer { try? FileManager.default.removeItem(at: folder) }
        let present = folder.appendingPathComponent("present.png")
        try RankingInputs.solid(RGBColour(7, 8, 9), width: 3, height: 2).writePNG(to: present)
        let ranking = try RankingInputs.ranking(
            frames: 2, scores: [0, 1], keepWeights: false, top: 0,
            paths: [folder.appendingPathComponent("missing.png").path, present.path])
        let image = try AttendedFrame(ranking: ranking).image()
        #expect(image == RankingInputs.solid(RGBColour(7, 8, 9), width: 3, height: 2))
    }

    @Test func withoutWeightsUsesTheScores() throws {
        let ranking = try RankingInputs.ranking(frames: 4, keepWeights: false)
        #expect(ranking.frameWeights == ranking.scores.scores)
    }

    @Test func refusesFramesWithNoPositiveWeight() {
        let frame = RankingInputs.solid(RGBColour(1, 2, 3), width: 2, height: 2)
        #expect(throws: ReportError.invalidInput("no frame has a positive weight")) {
            try AttendedFrame(frames: [frame, frame], weights: [0, .nan])
        }
    }
}
