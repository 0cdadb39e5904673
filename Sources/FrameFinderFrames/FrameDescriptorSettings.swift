import FrameFinderMath

/// A width × height count: of pixels for images, of cells for grids.
public struct Size2D: Sendable, Equatable, Hashable, LosslessStringConvertible {
    /// The horizontal count (pixels or columns).
    public var width: Int
    /// The vertical count (pixels or rows).
    public var height: Int

    /// Creates a size.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// `width * height`.
    public var area: Int { width * height }

    /// `"WxH"`, the form used in settings metadata and by the CLI.
    public var description: String { "\(width)x\(height)" }

    /// Parses `WxH` (or `WXH`) with positive integers, e.g. `4x4`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        self.init(width: width, height: height)
    }
}

/// What a frame's tokens are made of: the frame size, the descriptor parts and the patch grid.
///
/// Every token describes one region of the frame, resized first to `frameSize` with Pillow's
/// BOX filter: the whole frame (the global token, row 0) and, when `patchGrid` is set, each
/// cell of that grid (rows 1..., row by row from the top left). A token is the concatenation
/// of the enabled parts, in this order:
/// 1. `thumbnail`: the region resized to `thumbnail.size` (Pillow BOX with a `box`), grey
///    (Pillow's `convert("L")`) or RGB, as `sample / 255`, centred on its mean and scaled to
///    unit L2 norm (zeros for a flat region): `thumbnail.size.area × (1 or 3)` values;
/// 2. `gradientHistogram`: HOG-like unsigned gradient-orientation histograms of
///    `cells.area` cells with `bins` bins each, L2-normalised together:
///    `cells.area × bins` values;
/// 3. `colourStatistics`: mean and standard deviation of R, G, B in [0, 1]: 6 values.
///
/// The default, 28×28 frames with a 14×14 grey thumbnail, 4×4 cells of 9 orientations and
/// colour statistics, suits MNIST digits (their native size) as well as video frames:
/// 196 + 144 + 6 = 346 values per token, one token per frame.
public struct FrameDescriptorSettings: Sendable, Equatable, Hashable {
    /// The thumbnail part: a small picture of the region.
    public struct Thumbnail: Sendable, Equatable, Hashable {
        /// The thumbnail size in pixels.
        public var size: Size2D
        /// True for R, G, B samples; false for grey.
        public var colour: Bool

        /// Creates thumbnail settings.
        public init(size: Size2D, colour: Bool = false) {
            self.size = size
            self.colour = colour
        }

        /// The number of values this part adds to a token.
        public var width: Int { size.area * (colour ? 3 : 1) }
    }

    /// The gradient-orientation histogram part (HOG-like).
    public struct GradientHistogram: Sendable, Equatable, Hashable {
        /// The grid of cells the region is split into, columns × rows.
        public var cells: Size2D
        /// Orientation bins over [0°, 180°).
        public var bins: Int

        /// Creates histogram settings.
        public init(cells: Size2D, bins: Int = 9) {
            self.cells = cells
            self.bins = bins
        }

        /// The number of values this part adds to a token.
        public var width: Int { cells.area * bins }
    }

    /// The size every frame is resized to before it is described.
    public var frameSize: Size2D
    /// The thumbnail part, or nil to leave it out.
    public var thumbnail: Thumbnail?
    /// The gradient-histogram part, or nil to leave it out.
    public var gradientHistogram: GradientHistogram?
    /// Whether tokens end with the 6 colour statistics.
    public var colourStatistics: Bool
    /// The patch grid (columns × rows) of extra tokens per frame, or nil for the global token only.
    public var patchGrid: Size2D?

    /// Creates settings; check them with `validate()` (the metadata reader does).
    public init(
        frameSize: Size2D = Size2D(width: 28, height: 28),
        thumbnail: Thumbnail? = Thumbnail(size: Size2D(width: 14, height: 14)),
        gradientHistogram: GradientHistogram? = GradientHistogram(cells: Size2D(width: 4, height: 4)),
        colourStatistics: Bool = true,
        patchGrid: Size2D? = nil
    ) {
        self.frameSize = frameSize
        self.thumbnail = thumbnail
        self.gradientHistogram = gradientHistogram
        self.colourStatistics = colourStatistics
        self.patchGrid = patchGrid
    }

    /// The default settings (28×28 frames, 346-value tokens, one token per frame).
    public static let `default` = FrameDescriptorSettings()

    /// The number of values in each token.
    public var tokenWidth: Int {
        (thumbnail?.width ?? 0) + (gradientHistogram?.width ?? 0) + (colourStatistics ? 6 : 0)
    }

    /// The number of tokens per frame: 1 global plus one per patch-grid cell.
    public var tokensPerFrame: Int { 1 + (patchGrid?.area ?? 0) }

    /// The smallest region a token describes: a patch cell, or the whole frame.
    var smallestRegion: Size2D {
        guard let grid = patchGrid else { return frameSize }
        return Size2D(width: frameSize.width / grid.width, height: frameSize.height / grid.height)
    }

    /// Checks that the settings describe something computable.
    ///
    /// - Throws: `FileError` whose path is the metadata key at fault.
    public func validate() throws(FileError) {
        func check(_ ok: Bool, _ key: MetadataKey, _ value: String, _ reason: String) throws(FileError) {
            if !ok { throw key.error(value, reason) }
        }
        let sizes = 1...4096
        try check(
            sizes ~= frameSize.width && sizes ~= frameSize.height, .frameSize, "\(frameSize)",
            "frame size must be 1...4096 on each side")
        if let thumbnail {
            try check(
                1...512 ~= thumbnail.size.width && 1...512 ~= thumbnail.size.height, .thumbnail,
                "\(thumbnail.size)", "thumbnail size must be 1...512 on each side")
        }
        if let grid = patchGrid {
            try check(
                grid.width >= 1 && grid.height >= 1 && grid.width <= frameSize.width && grid.height <= frameSize.height,
                .patchGrid, "\(grid)", "patch grid must have 1 to \(frameSize) cells")
        }
        if let histogram = gradientHistogram {
            let region = smallestRegion
            try check(
                histogram.cells.width >= 1 && histogram.cells.height >= 1
                    && histogram.cells.width <= region.width && histogram.cells.height <= region.height,
                .gradientCells, "\(histogram.cells)", "need 1 to \(region) cells (at least one pixel per cell)")
            try check(1...180 ~= histogram.bins, .gradientBins, "\(histogram.bins)", "bins must be 1...180")
        }
        try check(
            tokenWidth > 0, .colourStatistics, "\(colourStatistics)", "at least one descriptor part must be enabled")
    }
}
