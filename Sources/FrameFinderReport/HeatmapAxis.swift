/// How one axis of a heatmap maps items (frames or query tokens) to pixels.
///
/// Up to `maximumExtent` items, each item gets `cell = clamp(targetExtent / count, 1, maximumCell)`
/// pixels, so a handful of items is still drawn in large cells and a few hundred fill about
/// `targetExtent` pixels. Beyond `maximumExtent` items, the axis is `maximumExtent` pixels and
/// pixel `p` covers the items `⌊p·count/extent⌋ ..< ⌊(p+1)·count/extent⌋` (every item in exactly
/// one pixel).
struct HeatmapAxis: Sendable, Equatable {
    static let targetExtent = 512
    static let maximumCell = 32
    static let maximumExtent = 4096

    /// The number of items.
    let count: Int
    /// Pixels per item, or 0 when several items share a pixel.
    let cell: Int
    /// The axis length in pixels.
    let extent: Int

    /// An axis of `count` items; with `minimumExtent`, a few items get cells large enough to
    /// fill that many pixels (`⌈minimumExtent / count⌉`) when the rule above gives fewer.
    init(count: Int, minimumExtent: Int = 0) {
        precondition(count > 0, "A heatmap axis needs at least one item")
        self.count = count
        if count <= Self.maximumExtent {
            let cell = min(max(Self.targetExtent / count, 1), Self.maximumCell)
            self.cell = cell * count >= minimumExtent ? cell : (minimumExtent + count - 1) / count
            extent = self.cell * count
        } else {
            cell = 0
            extent = Self.maximumExtent
        }
    }

    /// The items pixel `p` shows.
    func items(atPixel p: Int) -> Range<Int> {
        if cell > 0 { return p / cell..<p / cell + 1 }
        return p * count / extent..<(p + 1) * count / extent
    }

    /// The pixels item `i` is drawn in.
    func pixels(ofItem i: Int) -> Range<Int> {
        if cell > 0 { return i * cell..<(i + 1) * cell }
        let p = ((i + 1) * extent - 1) / count
        return p..<p + 1
    }
}
