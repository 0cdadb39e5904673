import FrameFinderFrames

/// A frame with the attention its patches received laid over it as heat.
///
/// For a model whose frames have patch tokens (`FrameDescriptorSettings.patchGrid`), `weights`
/// holds one value per grid cell, row by row from the top left, the order of the patch tokens.
/// The frame is first enlarged by the whole factor `k = ⌈minimumSide / max(width, height)⌉`
/// (at least 1) so that small frames such as 28×28 digits are visible: the picture is
/// `k·width × k·height` (Pillow's BOX filter, which repeats pixels for a whole factor). Pixel
/// `(x, y)` lies in cell `(⌊x·columns/W⌋, ⌊y·rows/H⌋)`; with `t = w / max` for that cell's weight
/// `w` and the largest weight `max`, it becomes `(1 − a)·pixel + a·colourMap(t)` with
/// `a = opacity · t`: where no attention fell the frame shows unchanged.
public struct PatchOverlay: ReportPicture {
    /// The shortest longer side the frame is enlarged to.
    public static let minimumSide = 256
    /// The heat colour's share where the attention is largest.
    public static let opacity: Float = 0.6

    /// The frame.
    public let frame: RGBImage
    /// One non-negative weight per cell, row by row.
    public let weights: [Float]
    /// The patch grid, columns × rows.
    public let grid: Size2D
    /// The colour map of the heat.
    public var colourMap: ColourMap = .viridis

    /// An overlay of `weights` (one per cell of `grid`, row by row) on `frame`.
    ///
    /// - Throws: `ReportError.invalidInput` when the frame or grid is empty, or the weights do
    ///   not fill the grid.
    public init(frame: RGBImage, weights: [Float], grid: Size2D) throws(ReportError) {
        guard frame.width > 0, frame.height > 0 else { throw .invalidInput("nothing to draw: the frame is empty") }
        guard grid.width > 0, grid.height > 0 else { throw .invalidInput("the patch grid \(grid) is empty") }
        guard weights.count == grid.area else {
            throw .invalidInput("\(weights.count) patch weights for a \(grid) grid of \(grid.area) cells")
        }
        self.frame = frame
        self.weights = weights
        self.grid = grid
    }

    /// The enlargement factor `k`.
    public var factor: Int {
        let longer = max(frame.width, frame.height)
        return max(1, (Self.minimumSide + longer - 1) / longer)
    }

    public var size: Size2D { Size2D(width: frame.width * factor, height: frame.height * factor) }

    /// The cell, row by row, that pixel (`x`, `y`) of the picture lies in.
    public func cell(atPixelX x: Int, y: Int) -> Int {
        Self.cell(x: x, y: y, grid: grid, size: size)
    }

    private static func cell(x: Int, y: Int, grid: Size2D, size: Size2D) -> Int {
        (y * grid.height / size.height) * grid.width + x * grid.width / size.width
    }

    public func image() -> RGBImage {
        let size = self.size
        var picture = factor == 1 ? frame : frame.resized(width: size.width, height: size.height)
        let largest = weights.reduce(Float(0)) { $1.isFinite ? max($0, $1) : $0 }
        let heat = weights.map { w -> (colour: RGBColour, amount: Float) in
            let t = largest > 0 && w.isFinite ? max(w, 0) / largest : 0
            return (colourMap.colour(at: t), Self.opacity * t)
        }
        for y in 0..<size.height {
            for x in 0..<size.width {
                let (colour, amount) = heat[Self.cell(x: x, y: y, grid: grid, size: size)]
                guard amount > 0 else { continue }
                picture.setPixel(x: x, y: y, to: picture.pixel(x: x, y: y).blended(with: colour, amount: amount))
            }
        }
        return picture
    }
}
