import FrameFinderFrames

/// A 5×7 pixel font for the few characters pictures print: digits, `# . : = -`, space and the
/// letters of `score` and `t`.
///
/// Each glyph is 7 rows, top to bottom; a row is 5 bits, the most significant (16) being the
/// leftmost pixel. The glyphs were drawn for FrameFinder on a 5×7 grid in the manner of
/// dot-matrix displays. A character without a glyph is drawn as `?`. Text advances 6 pixels a
/// character (one blank column between glyphs), times `scale`.
public enum BitmapFont {
    /// Glyph width in pixels, before scaling.
    public static let glyphWidth = 5
    /// Glyph height in pixels, before scaling.
    public static let glyphHeight = 7
    /// The horizontal step from one character to the next, before scaling.
    public static let advance = 6

    /// The glyphs, by character.
    public static let glyphs: [Character: [UInt8]] = [
        "0": [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
        "1": [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
        "2": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
        "3": [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
        "4": [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
        "5": [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
        "6": [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
        "7": [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
        "8": [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
        "9": [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
        "#": [0x0A, 0x0A, 0x1F, 0x0A, 0x1F, 0x0A, 0x0A],
        ".": [0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C],
        ":": [0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00],
        "=": [0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00],
        "-": [0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00],
        " ": [0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00],
        "c": [0x00, 0x00, 0x0E, 0x10, 0x10, 0x11, 0x0E],
        "e": [0x00, 0x00, 0x0E, 0x11, 0x1F, 0x10, 0x0E],
        "o": [0x00, 0x00, 0x0E, 0x11, 0x11, 0x11, 0x0E],
        "r": [0x00, 0x00, 0x16, 0x19, 0x10, 0x10, 0x10],
        "s": [0x00, 0x00, 0x0F, 0x10, 0x0E, 0x01, 0x1E],
        "t": [0x08, 0x08, 0x1C, 0x08, 0x08, 0x09, 0x06],
        "?": [0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04],
    ]

    /// The glyph drawn for `character` (`?`'s when it has none).
    public static func glyph(for character: Character) -> [UInt8] {
        glyphs[character] ?? glyphs["?"]!
    }

    /// The width in pixels of `text` drawn at `scale` (no blank column after the last glyph).
    public static func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (advance * text.count - (advance - glyphWidth)) * scale
    }

    /// Draws `text` with its top left corner at (`x`, `y`), each font pixel a `scale × scale`
    /// square; glyphs that would pass `x + maxWidth` are left out (the text is cut, not squeezed).
    public static func draw(_ text: String, into image: inout RGBImage, x: Int, y: Int, scale: Int,
                     colour: RGBColour, maxWidth: Int = .max) {
        for (n, character) in text.enumerated() {
            let left = x + n * advance * scale
            guard (n * advance + glyphWidth) * scale <= maxWidth else { return }
            for (row, bits) in glyph(for: character).enumerated() {
                for column in 0 ..< glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
                    image.fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, with: colour)
                }
            }
        }
    }
}
