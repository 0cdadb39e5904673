/// A rectangle of a source image in pixel coordinates, edges as floats (Pillow's `box`).
public struct ImageBox: Sendable, Equatable {
    /// The left edge (x of the first column's left side).
    public var left: Float
    /// The top edge.
    public var top: Float
    /// The right edge (exclusive).
    public var right: Float
    /// The bottom edge (exclusive).
    public var bottom: Float

    /// Creates a box from its edges.
    public init(left: Float, top: Float, right: Float, bottom: Float) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }
}

extension RGBImage {
    /// The image (or the part inside `box`) resized to `width × height` with Pillow's BOX filter.
    ///
    /// Bit-exact with Pillow's `image.resize((width, height), Image.Resampling.BOX, box=box)`
    /// on an RGB image (`src/libImaging/Resample.c`): each output pixel of an axis averages
    /// the source pixels whose centres fall in its footprint. Per axis, with
    /// `scale = (in1 - in0) / out`, `s = max(scale, 1)`, support `0.5 s`, output `i` has centre
    /// `c = in0 + (i + 0.5) scale`, taps `x ∈ [int(c - 0.5s + 0.5), int(c + 0.5s + 0.5))`
    /// clipped to the image, weights `w(x) = box((x - c + 0.5) / s)` with
    /// `box(t) = 1 if -0.5 < t ≤ 0.5 else 0`, normalised to sum 1 and stored as
    /// `round(w · 2²²)` (fixed point with 22 fraction bits, ties away from zero). A horizontal
    /// pass then a vertical pass each compute `(2²¹ + Σ sample · weight) >> 22` clipped to
    /// 0...255, so the intermediate image is rounded to 8 bits as in Pillow. An axis whose size
    /// and box are unchanged is skipped, as Pillow skips it. (All taps of a box share one
    /// weight, so the sum is computed as `weight · Σ sample`: the same integer; see `BoxKernel`.)
    ///
    /// - Precondition: `width > 0`, `height > 0`, and the image is not empty.
    public func resized(width: Int, height: Int, box: ImageBox? = nil) -> RGBImage {
        precondition(width > 0 && height > 0, "Resize target must not be empty")
        precondition(self.width > 0 && self.height > 0, "Cannot resize an empty image")
        let box = box ?? ImageBox(left: 0, top: 0, right: Float(self.width), bottom: Float(self.height))
        let needHorizontal = width != self.width || box.left != 0 || box.right != Float(width)
        let needVertical = height != self.height || box.top != 0 || box.bottom != Float(height)
        var vertical = BoxKernel(inSize: self.height, from: box.top, to: box.bottom, outSize: height)

        var source = self
        if needHorizontal {
            // Only the rows the vertical pass reads are resampled horizontally.
            let firstRow = vertical.starts[0]
            let lastRow = vertical.starts[height - 1] + vertical.counts[height - 1]
            let horizontal = BoxKernel(inSize: self.width, from: box.left, to: box.right, outSize: width)
            source = resampledHorizontally(horizontal, rows: firstRow..<lastRow)
            for i in vertical.starts.indices { vertical.starts[i] -= firstRow }
        }
        if needVertical {
            source = source.resampledVertically(vertical)
        }
        return source
    }

    /// The horizontal pass over `rows`, giving an image `kernel.outSize` wide and `rows.count` high.
    private func resampledHorizontally(_ kernel: BoxKernel, rows: Range<Int>) -> RGBImage {
        let outWidth = kernel.outSize
        var out = [UInt8](repeating: 0, count: outWidth * rows.count * 3)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                kernel.starts.withUnsafeBufferPointer { starts in
                    kernel.counts.withUnsafeBufferPointer { counts in
                        kernel.weights.withUnsafeBufferPointer { weights in
                            var o = 0
                            for row in rows {
                                let rowBase = row * width * 3
                                for xx in 0..<outWidth {
                                    var i = rowBase + starts[xx] * 3
                                    var r = 0, g = 0, b = 0
                                    for _ in 0..<counts[xx] {
                                        r &+= Int(src[i])
                                        g &+= Int(src[i + 1])
                                        b &+= Int(src[i + 2])
                                        i += 3
                                    }
                                    let w = weights[xx]
                                    dst[o] = BoxKernel.clip8(BoxKernel.half &+ r &* w)
                                    dst[o + 1] = BoxKernel.clip8(BoxKernel.half &+ g &* w)
                                    dst[o + 2] = BoxKernel.clip8(BoxKernel.half &+ b &* w)
                                    o += 3
                                }
                            }
                        }
                    }
                }
            }
        }
        return RGBImage(width: outWidth, height: rows.count, samples: out)
    }

    /// The vertical pass, giving an image `kernel.outSize` high.
    private func resampledVertically(_ kernel: BoxKernel) -> RGBImage {
        let outHeight = kernel.outSize
        let rowLength = width * 3
        var out = [UInt8](repeating: 0, count: rowLength * outHeight)
        var sums = [Int](repeating: 0, count: rowLength)
        samples.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                sums.withUnsafeMutableBufferPointer { acc in
                    for yy in 0..<outHeight {
                        for i in 0..<rowLength { acc[i] = 0 }
                        // Row by row, so the inner loop runs along contiguous memory.
                        for y in kernel.starts[yy]..<kernel.starts[yy] + kernel.counts[yy] {
                            let rowBase = y * rowLength
                            for i in 0..<rowLength { acc[i] &+= Int(src[rowBase + i]) }
                        }
                        let w = kernel.weights[yy], o = yy * rowLength
                        for i in 0..<rowLength { dst[o + i] = BoxKernel.clip8(BoxKernel.half &+ acc[i] &* w) }
                    }
                }
            }
        }
        return RGBImage(width: width, height: outHeight, samples: out)
    }
}

/// Pillow's BOX resampling coefficients for one axis, in 22-bit fixed point.
///
/// The box filter gives each tap a weight of 1 or 0 before normalisation, so after it every
/// tap that counts has the same weight `1 / n` (fixed point `round(2²² / n)`), and the taps
/// that count are contiguous. Pillow's `Σ sample · weight` over its `ksize` taps is therefore
/// exactly `weight · Σ sample` over those `n` taps: the kernel keeps, per output pixel, the
/// first tap that counts, how many count, and the one weight.
struct BoxKernel {
    /// Pillow's `PRECISION_BITS`: 32 - 8 - 2.
    static let precisionBits = 22
    /// The rounding offset `2²¹` every sum starts from.
    static let half = 1 << (precisionBits - 1)

    let outSize: Int
    /// The first source index with a non-zero weight, per output pixel.
    var starts: [Int]
    /// How many consecutive source pixels have that weight, per output pixel.
    var counts: [Int]
    /// The fixed-point weight of those pixels, per output pixel.
    var weights: [Int]

    /// Computes the coefficients as Pillow's `precompute_coeffs` and `normalize_coeffs_8bpc` do.
    init(inSize: Int, from in0: Float, to in1: Float, outSize: Int) {
        self.outSize = outSize
        let scale = Double(in1 - in0) / Double(outSize)
        let filterScale = max(scale, 1)
        let support = 0.5 * filterScale
        let inverse = 1 / filterScale
        starts = [Int](repeating: 0, count: outSize)
        counts = [Int](repeating: 0, count: outSize)
        weights = [Int](repeating: 0, count: outSize)
        for xx in 0..<outSize {
            let centre = Double(in0) + (Double(xx) + 0.5) * scale
            let first = max(Int(centre - support + 0.5), 0)
            let end = min(Int(centre + support + 0.5), inSize)
            // Taps with box((x - centre + 0.5) / s) = 1, i.e. -0.5 < t <= 0.5.
            var firstInside = -1, inside = 0
            for x in first..<max(end, first) {
                let t = (Double(x) - centre + 0.5) * inverse
                if t > -0.5 && t <= 0.5 {
                    if firstInside < 0 { firstInside = x }
                    inside += 1
                }
            }
            starts[xx] = max(firstInside, 0)
            counts[xx] = inside
            // round(2²² / n) with ties away from zero, as Pillow's normalize_coeffs_8bpc.
            weights[xx] = inside > 0 ? Int(1 / Double(inside) * Double(1 << Self.precisionBits) + 0.5) : 0
        }
    }

    /// `sum >> 22` clipped to 0...255, Pillow's `clip8`.
    @inline(__always)
    static func clip8(_ sum: Int) -> UInt8 {
        UInt8(clamping: sum >> precisionBits)
    }
}
