import FrameFinderFrames

extension RGBImage {
    /// The colour of the pixel at column `x`, row `y` (from the top left).
    ///
    /// - Precondition: the pixel is inside the image.
    public func pixel(x: Int, y: Int) -> RGBColour {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "Pixel outside the image")
        let i = 3 * (y * width + x)
        return RGBColour(samples[i], samples[i + 1], samples[i + 2])
    }

    /// Sets one pixel; pixels outside the image are ignored (drawing is clipped).
    mutating func setPixel(x: Int, y: Int, to colour: RGBColour) {
        guard x >= 0 && x < width && y >= 0 && y < height else { return }
        let i = 3 * (y * width + x)
        samples[i] = colour.red
        samples[i + 1] = colour.green
        samples[i + 2] = colour.blue
    }

    /// Fills a rectangle, clipped to the image.
    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with colour: RGBColour) {
        for row in max(y, 0)..<min(y + h, height) {
            for column in max(x, 0)..<min(x + w, width) { setPixel(x: column, y: row, to: colour) }
        }
    }

    /// Copies `image` with its top left corner at (`x`, `y`), clipped to this image.
    mutating func draw(_ image: RGBImage, x: Int, y: Int) {
        for row in 0..<image.height {
            for column in 0..<image.width { setPixel(x: x + column, y: y + row, to: image.pixel(x: column, y: row)) }
        }
    }
}
