/// The inner loops of softmax: a row maximum, `exp(x − shift)` and a sum.
///
/// Softmax and the streaming attention share these so that both compute one exponential.
/// They are plain loops the compiler vectorises; `exp` is evaluated as `2ⁿ · e^r` with
/// `n = round(x / ln 2)`, `r = x − n·ln 2` (`|r| ≤ ln 2 / 2`) and `e^r` by its Taylor
/// polynomial of degree 7, whose truncation error `r⁸/8! < 6e-9` is below float precision.
/// Inputs below −87 give exactly 0 (the float result would be subnormal), so a masked score
/// of `−∞` carries no weight; inputs above 88 are clamped (they overflow in float anyway).
public enum VectorKernels {
    /// The largest element, `max_j x[j]`; `−∞` for an empty buffer.
    public static func maximum(_ x: UnsafeBufferPointer<Float>) -> Float {
        guard let p = x.baseAddress else { return -.infinity }
        // Four independent maxima let the compiler keep four comparisons in flight.
        var m0 = -Float.infinity, m1 = -Float.infinity, m2 = -Float.infinity, m3 = -Float.infinity
        let n = x.count
        var j = 0
        while j + 4 <= n {
            m0 = p[j] > m0 ? p[j] : m0
            m1 = p[j + 1] > m1 ? p[j + 1] : m1
            m2 = p[j + 2] > m2 ? p[j + 2] : m2
            m3 = p[j + 3] > m3 ? p[j + 3] : m3
            j += 4
        }
        while j < n {
            m0 = p[j] > m0 ? p[j] : m0
            j += 1
        }
        return Swift.max(Swift.max(m0, m1), Swift.max(m2, m3))
    }

    /// Replaces each element by `exp(x[j] − shift)`.
    ///
    /// With `shift = max_j x[j]` every exponent is ≤ 0, so nothing overflows: the numerators
    /// of a stable softmax.
    public static func exponentiate(_ x: UnsafeMutableBufferPointer<Float>, subtracting shift: Float) {
        guard let p = x.baseAddress else { return }
        // Eight lanes at a time; the tail through the scalar `exp`, which is one lane of it.
        let n = x.count
        var j = 0
        while j + 8 <= n {
            let raw = UnsafeMutableRawPointer(p + j)
            raw.storeBytes(of: exp(raw.loadUnaligned(as: SIMD8<Float>.self) - shift), as: SIMD8<Float>.self)
            j += 8
        }
        while j < n {
            p[j] = exp(p[j] - shift)
            j += 1
        }
    }

    /// `e^x` lane by lane, by the formula above: `n = round(x·log₂e)` by adding `1.5·2²³`
    /// (which leaves `n` in the low mantissa bits), `r = x − n·ln 2` with `ln 2` split in two
    /// so that `n·ln2High` is exact for `|n| < 256`, and `2ⁿ` by moving the biased exponent
    /// `n + 127` into the exponent field.
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low = x .< -87
        let clamped = x.replacing(with: -87, where: low).replacing(with: 88, where: x .> 88)
        let shifted = clamped * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
        var p = SIMD8<Float>(repeating: 1 / 5040)
        p = p * r + 1 / 720
        p = p * r + 1 / 120
        p = p * r + 1 / 24
        p = p * r + 1 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        let power = unsafeBitCast((unsafeBitCast(shifted, to: SIMD8<UInt32>.self) &+ 127) &<< 23, to: SIMD8<Float>.self)
        return (p * power).replacing(with: 0, where: low)
    }

    /// The sum `Σ_j x[j]`, added in a fixed order (eight partial sums), so it is deterministic.
    public static func sum(_ x: UnsafeBufferPointer<Float>) -> Float {
        guard let p = x.baseAddress else { return 0 }
        let n = x.count
        var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
        var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
        var j = 0
        while j + 8 <= n {
            s0 += p[j]
            s1 += p[j + 1]
            s2 += p[j + 2]
            s3 += p[j + 3]
            s4 += p[j + 4]
            s5 += p[j + 5]
            s6 += p[j + 6]
            s7 += p[j + 7]
            j += 8
        }
        while j < n {
            s0 += p[j]
            j += 1
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// `Σ_j x[j]·ln x[j]` over the positive elements (zeros and negatives add nothing), in
    /// blocks of 512 whose float sums are added in `Double`.
    ///
    /// `ln x = e·ln 2 + ln m` for `x = m·2^e` with `m ∈ [√½, √2)`, and `ln m = 2·atanh(s)`,
    /// `s = (m − 1)/(m + 1)`, `|s| ≤ 0.172`, by its series `2(s + s³/3 + … + s⁹/9)` (truncation
    /// below `2·s¹¹/11 < 1e-9`): a few float ulps from `Foundation.log`, several times faster,
    /// and a loop the compiler vectorises. `scratch` holds at least `min(x.count, 512)` floats.
    public static func sumOfXLogX(_ x: UnsafeBufferPointer<Float>, scratch: UnsafeMutablePointer<Float>) -> Double {
        guard let p = x.baseAddress else { return 0 }
        var total = 0.0
        for start in stride(from: 0, to: x.count, by: 512) {
            let n = Swift.min(512, x.count - start)
            var j = 0
            while j + 8 <= n {
                let v = UnsafeRawPointer(p + start + j).loadUnaligned(as: SIMD8<Float>.self)
                let terms = (v * logarithm(v)).replacing(with: 0, where: v .<= 0)
                UnsafeMutableRawPointer(scratch + j).storeBytes(of: terms, as: SIMD8<Float>.self)
                j += 8
            }
            while j < n {
                let v = p[start + j]
                scratch[j] = v > 0 ? v * logarithm(SIMD8(repeating: v))[0] : 0
                j += 1
            }
            total += Double(sum(UnsafeBufferPointer(start: scratch, count: n)))
        }
        return total
    }

    /// `ln x` lane by lane for finite `x > 0` by the formula of `sumOfXLogX` (lanes `≤ 1e-37`
    /// give `ln 1e-37`).
    @inline(__always)
    public static func logarithm(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let bits = unsafeBitCast(x.replacing(with: 1e-37, where: x .< 1e-37), to: SIMD8<UInt32>.self)
        // m in [1, 2), then in [√½, √2) with the exponent adjusted.
        let biased = SIMD8<Int32>(truncatingIfNeeded: (bits &>> 23) & 0xff) &- 127
        var e = SIMD8<Float>(biased)
        var m = unsafeBitCast((bits & 0x7f_ffff) | 0x3f80_0000, to: SIMD8<Float>.self)
        let large = m .> 1.414_213_6
        m.replace(with: m * 0.5, where: large)
        e.replace(with: e + 1, where: large)
        let s = (m - 1) / (m + 1), s2 = s * s
        var q = SIMD8<Float>(repeating: 1 / 9)
        q = q * s2 + 1 / 7
        q = q * s2 + 1 / 5
        q = q * s2 + 1 / 3
        q = q * s2 + 1
        return e * 0.693_147_18 + 2 * s * q
    }

    /// `ln x` for finite `x > 0` (`logarithm` of one lane).
    public static func logarithm(_ x: Float) -> Float { logarithm(SIMD8(repeating: x))[0] }

    /// `e^x` by the formula above (one lane of the eight-lane `exp`).
    @inline(__always)
    public static func exp(_ x: Float) -> Float { exp(SIMD8(repeating: x))[0] }
}
