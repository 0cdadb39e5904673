import FrameFinderFrames
import FrameFinderReport
import Testing

@Suite struct PatchOverlayTests {
    let grid = Size2D(width: 4, height: 4)
    /// Most attention on the cell in row 1, column 2; none on the first row.
    let weights: [Float] = [0, 0, 0, 0, 0.05, 0.1, 0.4, 0.05, 0.1, 0.05, 0.05, 0.02, 0.03, 0.05, 0.05, 0.05]

    @Test func enlargesSmallFramesAndColoursTheAttendedCell() throws {
        let frame = RankingInputs.solid(RGBColour(10, 20, 30), width: 28, height: 28)
        let overlay = try PatchOverlay(frame: frame, weights: weights, grid: grid)
        let image = overlay.image()
        #expect(overlay.factor == 10)
        #expect(overlay.size == Size2D(width: 280, height: 280))
        #expect(image.width == 280 && image.height == 280)
        for y in stride(from: 0, to: 280, by: 7) {
            for x in stride(from: 0, to: 280, by: 7) {
                let cell = overlay.cell(atPixelX: x, y: y)
                #expect(cell == (y / 70) * 4 + x / 70)
                let t = weights[cell] / 0.4
                let expected = RGBColour(10, 20, 30).blended(
                    with: ColourMap.viridis.colour(at: t), amount: PatchOverlay.opacity * t)
                #expect(image.pixel(x: x, y: y) == expected)
            }
        }
        // Where no attention fell the frame is unchanged; the strongest cell carries the map's top colour.
        #expect(image.pixel(x: 5, y: 5) == RGBColour(10, 20, 30))
        #expect(
            image.pixel(x: 175, y: 105)
                == RGBColour(10, 20, 30).blended(with: ColourMap.viridis.colour(at: 1), amount: PatchOverlay.opacity))
    }

    @Test func keepsTheFramesPixelsUnderTheHeat() throws {
        var frame = RGBImage(width: 300, height: 200)
        frame.samples = (0..<frame.samples.count).map { UInt8($0 % 251) }
        let overlay = try PatchOverlay(
            frame: frame, weights: [Float](repeating: 0, count: 6), grid: Size2D(width: 3, height: 2))
        #expect(overlay.factor == 1)
        #expect(overlay.image() == frame)
    }

    @Test func isAValidDeterministicPNG() throws {
        let frame = RankingInputs.solid(RGBColour(200, 200, 200), width: 40, height: 30)
        let overlay = try PatchOverlay(frame: frame, weights: weights, grid: grid)
        let (decoded, first, second) = try RankingInputs.roundTrip(overlay)
        #expect(decoded == overlay.image())
        #expect(first == second)
        #expect(decoded.width == 40 * 7 && decoded.height == 30 * 7)
    }

    @Test func refusesWeightsThatDoNotFillTheGrid() {
        let frame = RankingInputs.solid(RGBColour(1, 2, 3), width: 8, height: 8)
        #expect(throws: ReportError.invalidInput("3 patch weights for a 2x2 grid of 4 cells")) {
            try PatchOverlay(frame: frame, weights: [1, 2, 3], grid: Size2D(width: 2, height: 2))
        }
    }
}
