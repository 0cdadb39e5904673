/// An 8-bit sRGB colour, the unit `RGBImage` stores per pixel.
public struct RGBColour: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    /// Creates a colour from its red, green and blue samples.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `(1 − a)·self + a·other` per channel, rounded to the nearest sample; `a` is clamped to [0, 1].
    public func blended(with other: RGBColour, amount a: Float) -> RGBColour {
        let a = a.isFinite ? min(max(a, 0), 1) : 0
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 { UInt8(((1 - a) * Float(x) + a * Float(y)).rounded()) }
        return RGBColour(mix(red, other.red), mix(green, other.green), mix(blue, other.blue))
    }

    /// `#rrggbb`.
    public var description: String {
        "#" + [red, green, blue].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}
