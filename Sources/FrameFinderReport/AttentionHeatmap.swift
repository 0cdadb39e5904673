import FrameFinderFrames
import FrameFinderMath
import FrameFinderRetrieval

/// A picture of the cross-attention weights: clip time down, frames across, top frames marked.
///
/// Layout, top to bottom: a marker band `markerHeight` pixels high, a `gap`, then the grid of
/// cells (row `i` is query token `i`, column `j` is frame `j`); to the right of the grid, after
/// a `gap`, a colour bar `colourBarWidth` wide, high values at the top. Each axis maps items to
/// pixels as `HeatmapAxis` documents: with `count ≤ 4096` items, each gets
/// `clamp(512 / count, 1, 32)` pixels (a 3-frame matrix is drawn in 32-pixel cells, 100 frames
/// in 5-pixel columns); more items share pixels, a pixel showing the largest value among them.
/// So the image is `gridWidth + gap + colourBarWidth` wide and `markerHeight + gap + gridHeight`
/// high, where `gridWidth = cell(N)·N` (4096 beyond 4096 frames) and likewise for the rows.
///
/// A cell of value `v` has the colour `colourMap.colour(at: v / max)`, `max` being the largest
/// value of the matrix (weights and scores are non-negative), so the strongest attention is the
/// lightest cell; a matrix of zeros is drawn in the map's darkest colour.
///
/// In the marker band, the columns of the marked frames (the ranking's kept results) carry a
/// tick in `markerColour`: the full band high for the best frame, the lower half for the others.
///
/// When the ranking holds no weight matrix (frame sets too large to hold `T' × N` weights are
/// streamed, see `Model.heldWeightLimit`), the picture is a one-row strip of the per-frame
/// scores instead, drawn and marked the same way; `isScoreStrip` is then true.
public struct AttentionHeatmap: ReportPicture {
    /// The height of the marker band above the grid.
    public static let markerHeight = 8
    /// The space between the band, the grid and the colour bar.
    public static let gap = 2
    /// The width of the colour bar.
    public static let colourBarWidth = 12
    /// The background, behind the marker band and in the gaps.
    public static let background = RGBColour(255, 255, 255)
    /// The colour of the ticks over the marked frames.
    public static let markerColour = RGBColour(220, 20, 60)

    /// The values drawn: `T' × N` weights, or `1 × N` scores.
    public let values: Matrix
    /// The marked frames (columns), best first.
    public let markedFrames: [Int]
    /// True when `values` are the per-frame scores because the ranking held no weights.
    public private(set) var isScoreStrip: Bool
    /// The colour map of the cells.
    public var colourMap: ColourMap = .viridis

    private let rows: HeatmapAxis
    private let columns: HeatmapAxis

    /// The heatmap of a ranking: its weights (or its scores when it holds none), its kept
    /// results marked (at `Ranking.resultColumns`).
    ///
    /// - Throws: `ReportError.invalidInput` when the ranking scored no frame.
    public init(ranking: Ranking) throws(ReportError) {
        let scores = ranking.scores
        let values = scores.weights ?? Matrix(rows: 1, columns: scores.scores.count, elements: scores.scores)
        try self.init(values: values, markedFrames: ranking.resultColumns)
        isScoreStrip = scores.weights == nil
    }

    /// The heatmap of any non-negative matrix, rows down, columns across, `markedFrames`
    /// (column indices, best first) ticked.
    ///
    /// - Throws: `ReportError.invalidInput` when the matrix is empty or a marked column is
    ///   outside it.
    public init(values: Matrix, markedFrames: [Int]) throws(ReportError) {
        guard values.rows > 0, values.columns > 0 else {
            throw .invalidInput("nothing to draw: the attention matrix is empty (\(values.rows) × \(values.columns))")
        }
        if let bad = markedFrames.first(where: { $0 < 0 || $0 >= values.columns }) {
            throw .invalidInput("marked frame \(bad) is outside the \(values.columns) frames")
        }
        self.values = values
        self.markedFrames = markedFrames
        self.isScoreStrip = false
        rows = HeatmapAxis(count: values.rows)
        columns = HeatmapAxis(count: values.columns)
    }

    /// The grid's size in pixels (without band, gaps and colour bar).
    public var gridSize: Size2D { Size2D(width: columns.extent, height: rows.extent) }

    /// The grid's top edge in the image.
    public var gridTop: Int { Self.markerHeight + Self.gap }

    public var size: Size2D {
        Size2D(width: columns.extent + Self.gap + Self.colourBarWidth, height: gridTop + rows.extent)
    }

    /// The pixel columns frame `index` is drawn in.
    public func pixelColumns(ofFrame index: Int) -> Range<Int> { columns.pixels(ofItem: index) }

    /// The frames pixel column `x` of the grid shows.
    public func frames(atPixelColumn x: Int) -> Range<Int> { columns.items(atPixel: x) }

    public func image() -> RGBImage {
        let size = self.size
        var image = RGBImage(width: size.width, height: size.height, red: Self.background.red,
                             green: Self.background.green, blue: Self.background.blue)
        let largest = values.elements.reduce(Float(0)) { $1.isFinite ? max($0, $1) : $0 }
        let scale: Float = largest > 0 ? 1 / largest : 0

        // One colour per grid pixel: a pixel row and column cover items; the largest wins.
        var columnColours = [RGBColour](repeating: Self.background, count: columns.extent)
        for y in 0 ..< rows.extent {
            let tokenRows = rows.items(atPixel: y)
            if y > 0 && tokenRows == rows.items(atPixel: y - 1) {
                for x in 0 ..< columns.extent { image.setPixel(x: x, y: gridTop + y, to: columnColours[x]) }
                continue
            }
            for x in 0 ..< columns.extent {
                var value: Float = 0
                for i in tokenRows {
                    for j in columns.items(atPixel: x) where values[i, j].isFinite { value = max(value, values[i, j]) }
                }
                columnColours[x] = colourMap.colour(at: value * scale)
                image.setPixel(x: x, y: gridTop + y, to: columnColours[x])
            }
        }

        // The colour bar: t = 1 at the top of the grid, 0 at the bottom.
        let barLeft = columns.extent + Self.gap
        for y in 0 ..< rows.extent {
            let t = rows.extent > 1 ? 1 - Float(y) / Float(rows.extent - 1) : 1
            image.fill(x: barLeft, y: gridTop + y, width: Self.colourBarWidth, height: 1, with: colourMap.colour(at: t))
        }

        // Ticks over the marked frames, the best one twice as tall; drawn worst first so the
        // best frame's tick wins where frames share a pixel.
        for (rank, frame) in markedFrames.enumerated().reversed() {
            let top = rank == 0 ? 0 : Self.markerHeight / 2
            let span = columns.pixels(ofItem: frame)
            image.fill(x: span.lowerBound, y: top, width: span.count, height: Self.markerHeight - top, with: Self.markerColour)
        }
        return image
    }
}
