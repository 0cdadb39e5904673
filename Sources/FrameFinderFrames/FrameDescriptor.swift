import Foundation
import FrameFinderMath

/// Turns a picture into its token matrix, as `FrameDescriptorSettings` say.
///
/// The image is resized to `settings.frameSize` (Pillow BOX, bit-exact); the token of each
/// region (the whole frame, then each patch-grid cell row by row) concatenates the enabled
/// parts described in `FrameDescriptorSettings`. The gradient histograms use the grey frame
/// `g = L / 255` (Pillow's `convert("L")`), central differences with the border replicated,
/// `gx = g[y, x+1] - g[y, x-1]`, `gy = g[y+1, x] - g[y-1, x]`, magnitude `√(gx² + gy²)` and
/// unsigned angle `θ = atan2(gy, gx) mod π`. Each pixel splits its magnitude linearly between
/// the two nearest of `bins` orientation centres `(b + 0.5) π / bins` (circularly). The
/// numpy reference is `describe` in `tools/gen_frame_fixtures.py` (agreement within 1e-4).
public struct FrameDescriptor: Sendable {
    /// The validated settings.
    public let settings: FrameDescriptorSettings

    /// Creates a descriptor.
    ///
    /// - Throws: `FileError` naming the setting (its metadata key) when `settings.validate()` fails.
    public init(settings: FrameDescriptorSettings = .default) throws(FileError) {
        try settings.validate()
        self.settings = settings
    }

    /// The image resized to the frame size: the picture every token is computed from.
    public func frame(of image: RGBImage) -> RGBImage {
        image.resized(width: settings.frameSize.width, height: settings.frameSize.height)
    }

    /// The token matrix of one picture: `settings.tokensPerFrame` rows of `settings.tokenWidth`.
    ///
    /// Row 0 is the global token; rows 1... are the patch-grid cells, row by row from the top
    /// left. The result is deterministic and every value is finite.
    public func tokens(for image: RGBImage) -> Matrix {
        let frame = frame(of: image)
        let votes = settings.gradientHistogram.map { OrientationVotes(frame: frame, bins: $0.bins) }
        let size = settings.frameSize
        var regions = [Region(x: 0..<size.width, y: 0..<size.height)]
        if let grid = settings.patchGrid {
            for rows in split(0..<size.height, into: grid.height) {
                for columns in split(0..<size.width, into: grid.width) {
                    regions.append(Region(x: columns, y: rows))
                }
            }
        }
        var elements: [Float] = []
        elements.reserveCapacity(regions.count * settings.tokenWidth)
        for region in regions {
            appendToken(of: region, in: frame, votes: votes, to: &elements)
        }
        return Matrix(rows: regions.count, columns: settings.tokenWidth, elements: elements)
    }

    /// Decodes a PNG file and returns its token matrix.
    ///
    /// - Throws: `FrameError` from decoding.
    public func tokens(forPNG url: URL, pixelLimit: Int = RGBImage.defaultPixelLimit) throws(FrameError) -> Matrix {
        tokens(for: try RGBImage(contentsOfPNG: url, pixelLimit: pixelLimit))
    }

    // MARK: - Parts

    private func appendToken(of region: Region, in frame: RGBImage, votes: OrientationVotes?, to token: inout [Float]) {
        if let thumbnail = settings.thumbnail {
            let box = ImageBox(
                left: Float(region.x.lowerBound), top: Float(region.y.lowerBound),
                right: Float(region.x.upperBound), bottom: Float(region.y.upperBound))
            let small = frame.resized(width: thumbnail.size.width, height: thumbnail.size.height, box: box)
            let samples = thumbnail.colour ? small.samples : small.luma
            appendCentredUnit(samples.map { Double($0) / 255 }, to: &token)
        }
        if let histogram = settings.gradientHistogram, let votes {
            var values: [Double] = []
            values.reserveCapacity(histogram.width)
            for rows in split(region.y, into: histogram.cells.height) {
                for columns in split(region.x, into: histogram.cells.width) {
                    values += votes.histogram(columns: columns, rows: rows)
                }
            }
            appendUnit(values, to: &token)
        }
        if settings.colourStatistics {
            appendColourStatistics(of: region, in: frame, to: &token)
        }
    }

    /// `v - mean(v)`, scaled to unit L2 norm.
    private func appendCentredUnit(_ values: [Double], to token: inout [Float]) {
        let mean = values.reduce(0, +) / Double(values.count)
        appendUnit(values.map { $0 - mean }, to: &token)
    }

    /// `v / ‖v‖`, or zeros when `‖v‖ ≤ 1e-6` (a flat region has no shape to describe).
    private func appendUnit(_ values: [Double], to token: inout [Float]) {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm > 1e-6 {
            token += values.map { Float($0 / norm) }
        } else {
            token += repeatElement(0, count: values.count)
        }
    }

    /// Mean R, G, B then standard deviation (population) of R, G, B, in [0, 1].
    private func appendColourStatistics(of region: Region, in frame: RGBImage, to token: inout [Float]) {
        var sum = [Double](repeating: 0, count: 3)
        var squares = [Double](repeating: 0, count: 3)
        for y in region.y {
            for x in region.x {
                for c in 0..<3 {
                    let v = Double(frame.samples[(y * frame.width + x) * 3 + c]) / 255
                    sum[c] += v
                    squares[c] += v * v
                }
            }
        }
        let n = Double(region.x.count * region.y.count)
        let means = sum.map { $0 / n }
        token += means.map { Float($0) }
        token += (0..<3).map { Float(max(squares[$0] / n - means[$0] * means[$0], 0).squareRoot()) }
    }
}

/// A rectangle of whole pixels.
struct Region {
    let x: Range<Int>
    let y: Range<Int>
}

/// `range` cut into `parts` pieces, piece `i` starting at `lower + ⌊i · count / parts⌋`.
func split(_ range: Range<Int>, into parts: Int) -> [Range<Int>] {
    (0..<parts).map { i in
        range.lowerBound + i * range.count / parts..<range.lowerBound + (i + 1) * range.count / parts
    }
}

/// Each pixel's gradient magnitude split between its two nearest orientation bins.
struct OrientationVotes {
    let width: Int
    let bins: Int
    /// Per pixel: the lower bin, the upper bin (circularly next), and their weights.
    var lower: [Int]
    var upper: [Int]
    var lowerWeight: [Float]
    var upperWeight: [Float]

    init(frame: RGBImage, bins: Int) {
        let width = frame.width, height = frame.height
        self.width = width
        self.bins = bins
        let grey = frame.luma.map { Float($0) / 255 }
        let count = width * height
        lower = [Int](repeating: 0, count: count)
        upper = [Int](repeating: 0, count: count)
        lowerWeight = [Float](repeating: 0, count: count)
        upperWeight = [Float](repeating: 0, count: count)
        let binWidth = Float.pi / Float(bins)
        for y in 0..<height {
            let up = max(y - 1, 0), down = min(y + 1, height - 1)
            for x in 0..<width {
                let left = max(x - 1, 0), right = min(x + 1, width - 1)
                let gx = grey[y * width + right] - grey[y * width + left]
                let gy = grey[down * width + x] - grey[up * width + x]
                let magnitude = (gx * gx + gy * gy).squareRoot()
                var angle = atan2(gy, gx)
                if angle < 0 { angle += .pi }
                if angle >= .pi { angle -= .pi }
                let position = angle / binWidth - 0.5
                let below = position.rounded(.down)
                let fraction = position - below
                let bin = Int(below)
                let i = y * width + x
                lower[i] = (bin + bins) % bins
                upper[i] = (bin + 1 + bins) % bins
                lowerWeight[i] = magnitude * (1 - fraction)
                upperWeight[i] = magnitude * fraction
            }
        }
    }

    /// The orientation histogram of one cell.
    func histogram(columns: Range<Int>, rows: Range<Int>) -> [Double] {
        var histogram = [Double](repeating: 0, count: bins)
        for y in rows {
            for x in columns {
                let i = y * width + x
                histogram[lower[i]] += Double(lowerWeight[i])
                histogram[upper[i]] += Double(upperWeight[i])
            }
        }
        return histogram
    }
}
