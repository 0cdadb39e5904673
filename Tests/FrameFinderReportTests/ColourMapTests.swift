import Foundation
import FrameFinderReport
import Testing

/// CIE 1976 L* of an sRGB colour (IEC 61966-2-1 transfer curve, D65 luminance weights).
private func lightness(_ c: RGBColour) -> Double {
    func linear(_ v: UInt8) -> Double {
        let s = Double(v) / 255
        return s <= 0.04045 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }
    let y = 0.2126 * linear(c.red) + 0.7152 * linear(c.green) + 0.0722 * linear(c.blue)
    return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389 / 27
}

@Suite struct ColourMapTests {
    let map = ColourMap.viridis

    @Test func endpointsAreTheFirstAndLastControlPoints() {
        #expect(map.colour(at: 0) == map.controlPoints.first)
        #expect(map.colour(at: 1) == map.controlPoints.last)
        #expect(map.colour(at: -3) == map.controlPoints.first)
        #expect(map.colour(at: 7) == map.controlPoints.last)
        #expect(map.colour(at: .nan) == map.controlPoints.first)
        #expect(map.colour(at: .infinity) == map.controlPoints.last)
    }

    @Test func passesThroughEveryControlPoint() {
        let n = map.controlPoints.count
        for (i, point) in map.controlPoints.enumerated() {
            #expect(map.colour(at: Float(i) / Float(n - 1)) == point)
        }
    }

    @Test func lightnessRisesFromDarkToLight() {
        // Between control points strictly,
        let points = map.controlPoints.map(lightness)
        for (a, b) in zip(points, points.dropFirst()) { #expect(b > a) }
        #expect(points.last! - points.first! > 60, "a readable map spans most of the lightness range")
        // and along the map up to the rounding to 8 bits: a channel falling by one step before
        // another rises may lower L* by at most what one step of one channel is worth there.
        let colours = (0...1024).map { map.colour(at: Float($0) / 1024) }
        for (a, b) in zip(colours, colours.dropFirst()) {
            let oneStep = [\RGBColour.red, \.green, \.blue].map { channel -> Double in
                var c = a
                c[keyPath: channel] = a[keyPath: channel] == 255 ? 254 : a[keyPath: channel] + 1
                return abs(lightness(c) - lightness(a))
            }.max()!
            #expect(lightness(b) >= lightness(a) - oneStep, "\(a) → \(b)")
        }
    }

    @Test func blendingMixesChannelsAndClampsTheAmount() {
        let black = RGBColour(0, 0, 0), white = RGBColour(255, 255, 255)
        #expect(black.blended(with: white, amount: 0) == black)
        #expect(black.blended(with: white, amount: 1) == white)
        #expect(black.blended(with: white, amount: 2) == white)
        #expect(black.blended(with: white, amount: .nan) == black)
        #expect(black.blended(with: white, amount: 0.5) == RGBColour(128, 128, 128))
        #expect(RGBColour(1, 171, 255).description == "#01abff")
    }
}
