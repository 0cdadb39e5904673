import FrameFinderFrames
import FrameFinderRetrieval

/// The top frames side by side, best first, each with its rank, time and score under it.
///
/// Tiles run left to right, then top to bottom, in rank order, `columns` to a row (fewer when
/// there are fewer frames). A tile is a `tileSide × tileSide` black box holding the frame
/// resized to fit (aspect kept, centred; Pillow's BOX filter, see `RGBImage.resized`), then two
/// caption lines in `BitmapFont` at scale 2: `#<rank> t=<time>` and `score=<score>` (see
/// `captions(for:)`). Tiles are `padding` apart and from the edges, on a dark grey background.
/// So the image is `padding + c·(tileSide + padding)` wide and
/// `padding + r·(tileSide + captionHeight + padding)` high for `c` columns and `r` rows.
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

    /// The sheet of a ranking's first `limit` kept results, reading each frame from its path.
    ///
    /// - Throws: `ReportError.frame` when a frame cannot be read, `.invalidInput` when the
    ///   ranking kept no frame or `limit < 1`.
    public init(ranking: Ranking, columns: Int = ContactSheet.defaultColumns,
                limit: Int = ContactSheet.defaultLimit) throws(ReportError) {
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
    public init(results: [RankedFrame], frames: [RGBImage], columns: Int = ContactSheet.defaultColumns) throws(ReportError) {
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

    /// The number of tile rows.
    public var rows: Int { (results.count + columns - 1) / columns }

    public var size: Size2D {
        Size2D(width: Self.padding + columns * (Self.tileSide + Self.padding),
               height: Self.padding + rows * (Self.tileSide + Self.captionHeight + Self.padding))
    }

    /// The top left corner of the picture box of the tile at `position` (0 for the best frame).
    public func tileOrigin(at position: Int) -> (x: Int, y: Int) {
        (Self.padding + (position % columns) * (Self.tileSide + Self.padding),
         Self.padding + (position / columns) * (Self.tileSide + Self.captionHeight + Self.padding))
    }

    /// The caption lines of a ranked frame: `#3 t=12.0s` and `score=0.4312`.
    ///
    /// Times of a minute or more read `m:ss.s` (`t=1:05.0`); scores have four decimals.
    public static func captions(for result: RankedFrame) -> [String] {
        ["#\(result.rank) t=\(formattedTime(result.frame.time))", "score=\(fixed(Double(result.score), decimals: 4))"]
    }

    public func image() -> RGBImage {
        let size = self.size
        var sheet = RGBImage(width: size.width, height: size.height, red: Self.background.red,
                             green: Self.background.green, blue: Self.background.blue)
        for (position, (result, frame)) in zip(results, frames).enumerated() {
            let (x, y) = tileOrigin(at: position)
            sheet.fill(x: x, y: y, width: Self.tileSide, height: Self.tileSide, with: Self.tileBackground)
            let thumbnail = Self.fitted(frame, inside: Self.tileSide)
            sheet.draw(thumbnail, x: x + (Self.tileSide - thumbnail.width) / 2, y: y + (Self.tileSide - thumbnail.height) / 2)
            for (line, text) in Self.captions(for: result).enumerated() {
                BitmapFont.draw(text, into: &sheet, x: x, y: y + Self.tileSide + 4 + line * Self.lineHeight,
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

    /// `12.0s` under a minute, `m:ss.s` from a minute on.
    static func formattedTime(_ seconds: Double) -> String {
        let tenths = Int((max(seconds, 0) * 10).rounded())
        let minutes = tenths / 600
        let rest = fixed(Double(tenths % 600) / 10, decimals: 1)
        guard minutes > 0 else { return rest + "s" }
        return "\(minutes):" + (tenths % 600 < 100 ? "0" : "") + rest
    }

    /// `value` with `decimals` digits after the point, rounded half away from zero; no locale.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "-" }
        var factor = 1.0
        for _ in 0 ..< decimals { factor *= 10 }
        let scaled = Int((abs(value) * factor).rounded())
        let whole = scaled / Int(factor), fraction = String(scaled % Int(factor))
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return sign + "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
