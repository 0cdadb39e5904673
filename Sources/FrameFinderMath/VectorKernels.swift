/// The inner loops of softmax: a row maximum and `exp(x − shift)` with its sum.
///
/// Softmax and the streaming attention share these so that both compute one exponential.
/// They work on 16 floats at a time; `exp` is evaluated as `2ⁿ · e^r` with
/// `n = round(x / ln 2)`, `r = x − n·ln 2` (`|r| ≤ ln 2 / 2`) and `e^r` by its Taylor
/// polynomial of degree 7, whose truncation error `r⁸/8! < 6e-9` is below float precision.
/// Inputs below −87 give exactly 0 (the float result would be subnormal), so a masked score
/// of `−∞` carries no weight; inputs above 88 are clamped (they overflow in float anyway).
public enum VectorKernels {
    private typealias Lanes = SIMD16<Float>
    private static let width = Lanes.scalarCount

    /// The largest element, `max_j x[j]`; `−∞` for an empty buffer.
    public static func maximum(_ x: UnsafeBufferPointer<Float>) -> Float {
        var best = Lanes(repeating: -.infinity)
        let n = x.count
        var j = 0
        while j + width <= n {
            best = pointwiseMax(best, Lanes(x[j ..< j + width]))
            j += width
        }
        var result = best.max()
        while j < n {
            result = Swift.max(result, x[j])
            j += 1
        }
        return result
    }

    /// Replaces each element by `exp(x[j] − shift)` and returns their sum `Σ_j exp(x[j] − shift)`.
    ///
    /// With `shift = max_j x[j]` every exponent is ≤ 0, so nothing overflows and the sum is
    /// at least 1: the numerator and denominator of a stable softmax.
    @discardableResult
    public static func exponentiate(_ x: UnsafeMutableBufferPointer<Float>, subtracting shift: Float) -> Float {
        let n = x.count
        guard let base = x.baseAddress else { return 0 }
        var total = Lanes(repeating: 0)
        var j = 0
        let raw = UnsafeMutableRawPointer(base)
        while j + width <= n {
            let value = exp(raw.loadUnaligned(fromByteOffset: j * 4, as: Lanes.self) - Lanes(repeating: shift))
            raw.storeBytes(of: value, toByteOffset: j * 4, as: Lanes.self)
            total += value
            j += width
        }
        var sum = total.sum()
        while j < n {
            let value = exp(x[j] - shift)
            x[j] = value
            sum += value
            j += 1
        }
        return sum
    }

    /// `e^x` by the same formula as the vector loops, for single values.
    public static func exp(_ x: Float) -> Float { exp(Lanes(repeating: x))[0] }

    @inline(__always)
    private static func exp(_ x: Lanes) -> Lanes {
        let log2e: Float = 1.442_695_04
        // ln 2 split in two so that n · ln2High is exact for |n| < 256.
        let ln2High: Float = 0.693_145_75
        let ln2Low: Float = 1.428_606_8e-6
        // Adding 1.5 · 2²³ rounds to the nearest integer and leaves n in the low mantissa bits.
        let roundingMagic: Float = 12_582_912
        let clamped = x.clamped(lowerBound: Lanes(repeating: -87), upperBound: Lanes(repeating: 88))
        let shifted = clamped * log2e + roundingMagic
        let n = shifted - roundingMagic
        let r = clamped - n * ln2High - n * ln2Low
        var p = Lanes(repeating: 1 / 5040)
        p = p * r + 1 / 720
        p = p * r + 1 / 120
        p = p * r + 1 / 24
        p = p * r + 1 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // 2ⁿ: the biased exponent n + 127 moved into the exponent field.
        let bits = (unsafeBitCast(shifted, to: SIMD16<UInt32>.self) &+ 127) &<< 23
        var result = p * unsafeBitCast(bits, to: Lanes.self)
        result.replace(with: 0, where: x .< -87)
        return result
    }
}
