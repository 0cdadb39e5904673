import FrameFinderFrames

extension AttentionHeatmap {
    public func image() -> RGBImage {
        let size = self.size
        var image = RGBImage(
            width: size.width, height: size.height, red: Self.background.red,
            green: Self.background.green, blue: Self.background.blue)
        let (left, top) = gridOrigin
        let scale = Self.fontScale, text = Self.textColour
        BitmapFont.draw(title, into: &image, x: Self.margin, y: Self.margin, scale: scale, colour: text)
        BitmapFont.draw(
            Self.key, into: &image, x: Self.margin, y: Self.margin + Self.lineHeight, scale: scale, colour: text)
        drawCells(into: &image, left: left, top: top)

        // Row labels, right-aligned and centred on their rows, where they do not overlap.
        let glyphHeight = BitmapFont.glyphHeight * scale
        var free = 0
        for (i, label) in rowLabels.enumerated() {
            let pixels = pixelRows(ofRow: i)
            let y = top + (pixels.lowerBound + pixels.upperBound - glyphHeight) / 2
            guard y >= free else { continue }
            BitmapFont.draw(
                label, into: &image, x: left - Self.gap - BitmapFont.width(of: label, scale: scale), y: y,
                scale: scale, colour: text)
            free = y + glyphHeight + 2
        }

        // Each row's top frames outlined, the best one thicker; worst first so the best wins.
        for (i, row) in marks.enumerated() {
            let ys = pixelRows(ofRow: i)
            for (rank, column) in row.enumerated().reversed() {
                let xs = pixelColumns(ofFrame: column)
                outline(
                    &image, x: left + xs.lowerBound, y: top + ys.lowerBound, width: xs.count, height: ys.count,
                    thickness: rank == 0 ? 2 : 1)
            }
        }

        // Time ticks under the grid, labels centred on them and never overlapping.
        let bottom = top + gridSize.height
        var nextFree = 0
        for tick in ticks {
            let xs = pixelColumns(ofFrame: tick.column)
            let x = left + (xs.lowerBound + xs.upperBound) / 2
            let width = BitmapFont.width(of: tick.label, scale: scale)
            let labelX = min(max(x - width / 2, 0), size.width - width)
            guard labelX >= nextFree else { continue }
            image.fill(x: x, y: bottom, width: 1, height: Self.tickLength, with: text)
            BitmapFont.draw(
                tick.label, into: &image, x: labelX, y: bottom + Self.tickLength + 2, scale: scale, colour: text)
            nextFree = labelX + width + Self.gap
        }

        // The colour bar, 1 at the top, with its values beside it and `score` above.
        let barLeft = left + gridSize.width + Self.gap, height = gridSize.height
        for y in 0..<height {
            let t = height > 1 ? 1 - Float(y) / Float(height - 1) : 1
            image.fill(x: barLeft, y: top + y, width: Self.colourBarWidth, height: 1, with: colourMap.colour(at: t))
        }
        let valueLeft = barLeft + Self.colourBarWidth + Self.gap
        BitmapFont.draw("score", into: &image, x: barLeft, y: top - Self.lineHeight + 2, scale: scale, colour: text)
        let labels = colourBarLabels
        for (k, label) in labels.enumerated() {
            let centre = top + (height - 1) * k / (labels.count - 1)
            let y = min(max(centre - glyphHeight / 2, top - 2), top + height - glyphHeight + 2)
            image.fill(x: barLeft + Self.colourBarWidth, y: centre, width: 4, height: 1, with: text)
            BitmapFont.draw(label, into: &image, x: valueLeft, y: y, scale: scale, colour: text)
        }
        return image
    }

    /// One colour per grid pixel: a pixel row and column cover items; the largest value wins.
    private func drawCells(into image: inout RGBImage, left: Int, top: Int) {
        let largest = colourBarValues[0]
        let scale: Float = largest > 0 ? 1 / largest : 0
        for y in 0..<gridSize.height {
            let segmentRows = rows.items(atPixel: y)
            for x in 0..<gridSize.width {
                var value: Float = 0
                for i in segmentRows {
                    for j in frames(atPixelColumn: x) where values[i, j].isFinite { value = max(value, values[i, j]) }
                }
                image.setPixel(x: left + x, y: top + y, to: colourMap.colour(at: value * scale))
            }
        }
    }

    /// A rectangle's outline, `thickness` pixels wide, inside the rectangle.
    private func outline(_ image: inout RGBImage, x: Int, y: Int, width: Int, height: Int, thickness: Int) {
        let colour = Self.markerColour
        image.fill(x: x, y: y, width: width, height: min(thickness, height), with: colour)
        image.fill(
            x: x, y: y + height - min(thickness, height), width: width, height: min(thickness, height), with: colour)
        image.fill(x: x, y: y, width: min(thickness, width), height: height, with: colour)
        image.fill(
            x: x + width - min(thickness, width), y: y, width: min(thickness, width), height: height, with: colour)
    }
}
