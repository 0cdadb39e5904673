/// A perceptual colour map: values in [0, 1] to colours, dark to light.
///
/// The map is the piecewise-linear path through `controlPoints`, spaced evenly over [0, 1]:
/// with `n` points, `t` falls at `p = t·(n − 1)`, between points `i = ⌊p⌋` and `i + 1`, and each
/// channel is `round(cᵢ + (cᵢ₊₁ − cᵢ)·(p − i))`. `t` is clamped to [0, 1]; NaN maps to 0.
public struct ColourMap: Sendable, Equatable {
    /// The colours at `t = 0, 1/(n−1), ..., 1`.
    public let controlPoints: [RGBColour]

    /// Creates a map through at least two control points.
    public init(controlPoints: [RGBColour]) {
        precondition(controlPoints.count >= 2, "A colour map needs at least two control points")
        self.controlPoints = controlPoints
    }

    /// The colour of `t` (see the type's documentation).
    public func colour(at t: Float) -> RGBColour {
        let t = t.isNaN ? 0 : min(max(t, 0), 1)
        let position = t * Float(controlPoints.count - 1)
        let i = min(Int(position), controlPoints.count - 2)
        let f = position - Float(i)
        let a = controlPoints[i], b = controlPoints[i + 1]
        func channel(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Float(x) + (Float(y) - Float(x)) * f).rounded())
        }
        return RGBColour(channel(a.red, b.red), channel(a.green, b.green), channel(a.blue, b.blue))
    }

    /// A viridis-like map: dark blue-violet through teal and green to yellow.
    ///
    /// Nine control points at the colours of viridis (van der Walt and Smith's matplotlib map,
    /// designed to rise steadily in lightness and to read in greyscale and with colour-vision
    /// deficiency) sampled at `t = 0, 1/8, ..., 1`; the lines between them keep lightness rising.
    public static let viridis = ColourMap(controlPoints: [
        RGBColour(0x44, 0x01, 0x54), RGBColour(0x47, 0x2D, 0x7B), RGBColour(0x3B, 0x52, 0x8B),
        RGBColour(0x2C, 0x72, 0x8E), RGBColour(0x21, 0x91, 0x8C), RGBColour(0x28, 0xAE, 0x80),
        RGBColour(0x5E, 0xC9, 0x62), RGBColour(0xAD, 0xDC, 0x30), RGBColour(0xFD, 0xE7, 0x25),
    ])
}
