import FrameFinderFrames
import FrameFinderMath
import FrameFinderModel
import FrameFinderSearch

/// A picture of what each moment of the sound attends to: one row per segment of the
/// recording, one column per frame, a person can read without the docs.
///
/// Layout (all text in `BitmapFont` at scale `fontScale`, `lineHeight` pixels a line), top to
/// bottom: a `margin`; the title (`clip: NAME   model: MODEL`); a key line (`rows: sound
/// segments   columns: frames   boxes: top frames`); a line holding `score` over the colour
/// bar; the grid, with the row labels
/// (each segment's `start-end`, `Readout.span`) right-aligned in the `labelWidth` pixels to its
/// left and the colour bar after a `gap` to its right, its values (the top, the middle and 0,
/// `Readout.fixed` with `Readout.decimals` decimals) beside it; under the
/// grid, time ticks `tickLength` high and their labels (`Readout.time` of the frame the tick
/// marks); a `margin`. So the picture is
/// `margin + labelWidth + gap + gridWidth + gap + colourBarWidth + gap + valueWidth + margin`
/// wide (at least the title's width) and
/// `margin + 3·lineHeight + gridHeight + tickLength + lineHeight + margin` high.
///
/// Each axis maps items to pixels as `HeatmapAxis` documents (`clamp(512 / count, 1, 32)`
/// pixels an item up to 4,096 items, rows at least `3·lineHeight` pixels in all so the colour
/// bar has room for its values; beyond 4,096, a pixel shows the largest value of the items it
/// covers). A cell of value `v` has `colourMap.colour(at: v / max)`, `max` being the largest
/// value in the picture, as the colour bar shows. A row label is drawn only where it does not
/// overlap the one above; time ticks are spaced a whole number of `tickSteps` apart, at
/// least a label's width plus `3·gap`.
///
/// Each row's top frames (its first `marksPerRow` results) are outlined in `markerColour`:
/// the best frame two pixels thick, the others one.
public struct AttentionHeatmap: ReportPicture {
    public static let margin = 8
    public static let gap = 8
    public static let fontScale = 2
    public static let lineHeight = BitmapFont.glyphHeight * fontScale + 6
    public static let colourBarWidth = 16
    public static let tickLength = 4
    public static let marksPerRow = 3
    /// Seconds between time ticks, the smallest that leaves room for the labels.
    public static let tickSteps: [Double] = [
        0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
    ]
    public static let background = RGBColour(255, 255, 255)
    public static let textColour = RGBColour(20, 20, 20)
    public static let markerColour = RGBColour(220, 20, 60)

    /// The values drawn, segments down, frames across.
    public let values: Matrix
    /// One label per row.
    public let rowLabels: [String]
    /// The time of each column's frame, in seconds.
    public let columnTimes: [Double]
    /// Each row's marked columns, best first.
    public let marks: [[Int]]
    /// The title.
    public let title: String
    /// The colour map of the cells.
    public var colourMap: ColourMap = .viridis

    let rows: HeatmapAxis
    let columns: HeatmapAxis

    /// The heatmap of a timeline: each segment's scores, labelled with its times, its first
    /// results marked; titled with the clip's file name and the model.
    ///
    /// - Throws: `ReportError.invalidInput` when no frame was scored.
    public init(timeline: Timeline) throws(ReportError) {
        let segments = timeline.segments
        let n = timeline.recording.frameCount
        var values = Matrix(rows: segments.count, columns: n)
        for (i, segment) in segments.enumerated() {
            for (j, score) in segment.ranking.scores.scores.enumerated() { values[i, j] = score }
        }
        let clip = timeline.recording.query.split(separator: "/").last.map(String.init) ?? timeline.recording.query
        try self.init(
            values: values, rowLabels: segments.map { Readout.span($0.start, $0.end) },
            columnTimes: timeline.frames.map(\.time),
            marks: segments.map { Array($0.ranking.resultColumns.prefix(Self.marksPerRow)) },
            title: "clip: \(clip)   model: \(timeline.recording.model)")
    }

    /// The heatmap of any non-negative matrix.
    ///
    /// - Throws: `ReportError.invalidInput` when the matrix is empty, the labels, times or
    ///   marks do not match it, or a mark is outside it.
    public init(values: Matrix, rowLabels: [String], columnTimes: [Double], marks: [[Int]], title: String)
        throws(ReportError)
    {
        guard values.rows > 0, values.columns > 0 else {
            throw .invalidInput("nothing to draw: the attention matrix is empty (\(values.rows) × \(values.columns))")
        }
        guard rowLabels.count == values.rows, marks.count == values.rows, columnTimes.count == values.columns else {
            throw .invalidInput(
                "\(values.rows) × \(values.columns) values but \(rowLabels.count) row labels, "
                    + "\(marks.count) rows of marks and \(columnTimes.count) column times")
        }
        if let bad = marks.joined().first(where: { $0 < 0 || $0 >= values.columns }) {
            throw .invalidInput("marked frame \(bad) is outside the \(values.columns) frames")
        }
        self.values = values
        self.rowLabels = rowLabels
        self.columnTimes = columnTimes
        self.marks = marks
        self.title = title
        rows = HeatmapAxis(count: values.rows, minimumExtent: 3 * Self.lineHeight)
        columns = HeatmapAxis(count: values.columns)
    }

    /// The grid's size in pixels.
    public var gridSize: Size2D { Size2D(width: columns.extent, height: rows.extent) }

    /// The width of the row labels' column.
    public var labelWidth: Int { rowLabels.map { BitmapFont.width(of: $0, scale: Self.fontScale) }.max() ?? 0 }

    /// The grid's top left corner in the picture.
    public var gridOrigin: (x: Int, y: Int) { (Self.margin + labelWidth + Self.gap, Self.margin + 3 * Self.lineHeight) }

    /// The colour bar's values, top to bottom: the largest value, half of it, 0.
    public var colourBarValues: [Float] {
        let largest = values.elements.reduce(Float(0)) { $1.isFinite ? max($0, $1) : $0 }
        return [largest, largest / 2, 0]
    }

    /// The colour bar's value labels, top to bottom.
    public var colourBarLabels: [String] {
        let decimals = Readout.decimals(for: colourBarValues)
        return colourBarValues.map { Readout.fixed(Double($0), decimals: decimals) }
    }

    private var valueWidth: Int {
        (colourBarLabels + ["score"]).map { BitmapFont.width(of: $0, scale: Self.fontScale) }.max()!
    }

    public var size: Size2D {
        let content = gridOrigin.x + columns.extent + 2 * Self.gap + Self.colourBarWidth + valueWidth + Self.margin
        let text =
            Self.margin + [title, Self.key].map { BitmapFont.width(of: $0, scale: Self.fontScale) }.max()! + Self.margin
        return Size2D(
            width: max(content, text),
            height: gridOrigin.y + rows.extent + Self.tickLength + Self.lineHeight + Self.margin)
    }

    /// The key line under the title.
    public static let key = "rows: sound segments   columns: frames   boxes: top frames"

    /// The pixel columns (of the grid) frame column `index` is drawn in.
    public func pixelColumns(ofFrame index: Int) -> Range<Int> { columns.pixels(ofItem: index) }

    /// The frame columns pixel column `x` of the grid shows.
    public func frames(atPixelColumn x: Int) -> Range<Int> { columns.items(atPixel: x) }

    /// The pixel rows (of the grid) row `index` is drawn in.
    public func pixelRows(ofRow index: Int) -> Range<Int> { rows.pixels(ofItem: index) }

    /// The time ticks: the frame column each marks and its label, left to right.
    public var ticks: [(column: Int, label: String)] {
        guard let first = columnTimes.first, let last = columnTimes.last else { return [] }
        let room = Double(BitmapFont.width(of: Readout.time(last), scale: Self.fontScale) + 3 * Self.gap)
        let pixelsPerSecond = last > first ? Double(columns.extent) / (last - first) : .infinity
        let step = Self.tickSteps.first { $0 * pixelsPerSecond >= room } ?? max(last - first, 1)
        var ticks: [(Int, String)] = []
        var next = (first / step).rounded(.up) * step
        for (column, time) in columnTimes.enumerated() where time >= next - 1e-9 {
            ticks.append((column, Readout.time(time)))
            next = ((time + 1e-9) / step).rounded(.down) * step + step
        }
        return ticks
    }
}
