import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch

/// The top frames side by side, best first, each with its rank, time and score under it.
///
/// Tiles run left to right, then top to bottom, in rank order, `columns` to a row (fewer when
/// there are fewer frames). A tile is a `tileSide × tileSide` black box holding the frame
/// resized to fit (aspect kept, centred; Pillow's BOX filter, see `RGBImage.resized`), then two
/// caption lines in `BitmapFont` at scale 2: `#<rank> t=<time>` and `score=<score>` (see
/// `captions(for:)`). Tiles are `padding` apart and from the edges, on a dark grey background.
/// So the image is `padding + c·(tileSide + padding)` wide and
/// `padding + r·(tileSide + captionHeight + padding)` high for `c` columns and `r` rows.
///
/// The sheet of a timeline cut into segments has one row per segment instead: first the
/// segment's label (its `start-end`, `Readout.span`, and `conf=<confidence>`) in a column
/// `labelWidth` wide, then its best frames (at most `columns`), so the image is
/// `padding + labelWidth + padding + c·(tileSide + padding)` wide, one row per segment.
public struct ContactSheet: ReportPicture {
    /// The side of a tile's picture box, in pixels.
    public static let tileSide = 144
    /// The space around tiles.
    public static let padding = 8
    /// The font scale of the captions.
    public static let fontScale = 2
    /// The height of a caption line, with the space above it.
    public static let lineHeight = BitmapFont.glyphHeight * fontScale + 4
    /// The height of the two caption lines under a tile.
    public static let captionHeight = 2 * lineHeight
    /// The default number of tiles in a row.
    public static let defaultColumns = 5
    /// The default largest number of tiles a sheet of a ranking shows.
    public static let defaultLimit = 25
    /// The sheet's background.
    public static let background = RGBColour(40, 40, 40)
    /// The box behind a frame that does not fill its tile.
    public static let tileBackground = RGBColour(0, 0, 0)
    /// The caption colour.
    public static let textColour = RGBColour(240, 240, 240)

    /// The frames shown, best first.
    public let results: [RankedFrame]
    /// Their pictures, in the same order.
    public let frames: [RGBImage]
    /// Tiles per row.
    public let columns: Int
    /// The label lines of each row when the sheet has one row per segment; empty otherwise.
    public private(set) var rowLabels: [[String]] = []
    /// The results (positions) of each row when the sheet has one row per segment.
    public private(set) var rowResults: [Range<Int>] = []

    /// The sheet of a ranking's first `limit` kept results, reading each frame from its path.
    ///
    /// - Throws: `ReportError.frame` when a frame cannot be read, `.invalidInput` when the
    ///   ranking kept no frame or `limit < 1`.
    public init(
        ranking: Ranking, columns: Int = ContactSheet.defaultColumns,
        limit: Int = ContactSheet.defaultLimit
    ) throws(ReportError) {
        guard limit >= 1 else { throw .invalidInput("a contact sheet shows at least one frame, not \(limit)") }
        let shown = Array(ranking.results.prefix(limit))
        var frames: [RGBImage] = []
        for result in shown { frames.append(try loadFrame(result.frame)) }
        try self.init(results: shown, frames: frames, columns: columns)
    }

    /// The sheet of ranked frames with their pictures, in the order given.
    ///
    /// - Throws: `ReportError.invalidInput` when there is no frame, the counts differ, a
    ///   picture is empty or `columns < 1`.
    public init(results: [RankedFrame], frames: [RGBImage], columns: Int = ContactSheet.defaultColumns)
        throws(ReportError)
    {
        guard !results.isEmpty else { throw .invalidInput("nothing to draw: no frame was kept") }
        guard results.count == frames.count else {
            throw .invalidInput("\(results.count) ranked frames but \(frames.count) pictures")
        }
        guard columns >= 1 else { throw .invalidInput("a contact sheet needs at least one column, not \(columns)") }
        if let empty = frames.firstIndex(where: { $0.width == 0 || $0.height == 0 }) {
            throw .invalidInput("\(results[empty].frame.path): the frame is empty")
        }
        self.results = results
        self.frames = frames
        self.columns = min(columns, results.count)
    }

    /// The sheet of a timeline: its recording's ranking (as `init(ranking:)`) when it was
    /// queried whole, or one row per segment: the segment's label, then its first `columns`
    /// results.
    ///
    /// - Throws: `ReportError.frame` when a frame cannot be read, `.invalidInput` when no
    ///   segment kept a frame.
    public init(timeline: Timeline, columns: Int = ContactSheet.defaultColumns) throws(ReportError) {
        guard timeline.isSegmented else {
            try self.init(ranking: timeline.recording, columns: columns)
            return
        }
        guard columns >= 1 else { throw .invalidInput("a contact sheet needs at least one column, not \(columns)") }
        var results: [RankedFrame] = [], frames: [RGBImage] = [], ranges: [Range<Int>] = []
        for segment in timeline.segments {
            let shown = segment.ranking.results.prefix(columns)
            for result in shown { frames.append(try loadFrame(result.frame)) }
            ranges.append(results.count..<results.count + shown.count)
            results += shown
        }
        try self.init(results: results, frames: frames, columns: min(columns, ranges.map(\.count).max() ?? 1))
        rowResults = ranges
        rowLabels = timeline.segments.map {
            [Readout.span($0.start, $0.end), "conf=" + Readout.fixed($0.ranking.confidence, decimals: 2)]
        }
    }

    /// The number of tile rows.
    public var rows: Int { rowLabels.isEmpty ? (results.count + columns - 1) / columns : rowLabels.count }

    /// The width of the segment labels' column (0 without segments).
    public var labelWidth: Int {
        rowLabels.joined().map { BitmapFont.width(of: $0, scale: Self.fontScale) }.max() ?? 0
    }

    private var tilesLeft: Int { Self.padding + (rowLabels.isEmpty ? 0 : labelWidth + Self.padding) }

    public var size: Size2D {
        Size2D(
            width: tilesLeft + columns * (Self.tileSide + Self.padding),
            height: Self.padding + rows * (Self.tileSide + Self.captionHeight + Self.padding))
    }

    /// The top left corner of the picture box of the tile at `position` (0 for the best frame;
    /// with segments, positions count the rows' results one row after another).
    public func tileOrigin(at position: Int) -> (x: Int, y: Int) {
        let row = rowLabels.isEmpty ? position / columns : rowResults.firstIndex { $0.contains(position) }!
        let column = rowLabels.isEmpty ? position % columns : position - rowResults[row].lowerBound
        return (
            tilesLeft + column * (Self.tileSide + Self.padding),
            Self.padding + row * (Self.tileSide + Self.captionHeight + Self.padding)
        )
    }

    /// The caption lines of a ranked frame: `#3 t=0:12.0` and `score=0.4312`.
    ///
    /// Times read `m:ss.s` (`Readout.time`); scores have `decimals` decimals (the sheet uses
    /// `Readout.decimals` of its scores, so that different scores read differently), and lose
    /// their `score=` when it would not fit the tile.
    public static func captions(for result: RankedFrame, decimals: Int = Readout.minimumDecimals) -> [String] {
        let score = Readout.fixed(Double(result.score), decimals: decimals)
        let labelled = "score=" + score
        return [
            "#\(result.rank) t=\(Readout.time(result.frame.time))",
            BitmapFont.width(of: labelled, scale: fontScale) <= tileSide ? labelled : score,
        ]
    }

    public func image() -> RGBImage {
        let size = self.size
        var sheet = RGBImage(
            width: size.width, height: size.height, red: Self.background.red,
            green: Self.background.green, blue: Self.background.blue)
        let decimals = Readout.decimals(for: results.map(\.score))
        for (row, lines) in rowLabels.enumerated() {
            let top =
                Self.padding + row * (Self.tileSide + Self.captionHeight + Self.padding) + Self.tileSide / 2
                - Self.lineHeight
            for (line, text) in lines.enumerated() {
                BitmapFont.draw(
                    text, into: &sheet, x: Self.padding, y: top + line * Self.lineHeight,
                    scale: Self.fontScale, colour: Self.textColour)
            }
        }
        for (position, (result, frame)) in zip(results, frames).enumerated() {
            let (x, y) = tileOrigin(at: position)
            sheet.fill(x: x, y: y, width: Self.tileSide, height: Self.tileSide, with: Self.tileBackground)
            let thumbnail = Self.fitted(frame, inside: Self.tileSide)
            sheet.draw(
                thumbnail, x: x + (Self.tileSide - thumbnail.width) / 2, y: y + (Self.tileSide - thumbnail.height) / 2)
            for (line, text) in Self.captions(for: result, decimals: decimals).enumerated() {
                BitmapFont.draw(
                    text, into: &sheet, x: x, y: y + Self.tileSide + 4 + line * Self.lineHeight,
                    scale: Self.fontScale, colour: Self.textColour, maxWidth: Self.tileSide)
            }
        }
        return sheet
    }

    /// `image` scaled so that its longer side is `side`, the other `max(1, round(...))`.
    static func fitted(_ image: RGBImage, inside side: Int) -> RGBImage {
        let longer = max(image.width, image.height)
        let width = max(1, (image.width * side + longer / 2) / longer)
        let height = max(1, (image.height * side + longer / 2) / longer)
        return image.resized(width: width, height: height)
    }
}
