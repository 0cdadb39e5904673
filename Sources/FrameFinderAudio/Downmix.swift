/// Channel averaging and sample checks shared by file and in-memory input.
enum Downmix {
    /// Averages interleaved channels into mono: `mono[t] = (Σ_c x[t·C + c]) / C`.
    ///
    /// Channels are summed in order, then divided, as `numpy.mean(y, axis=0)` does on the
    /// (channels, frames) float32 array that `librosa.to_mono` averages.
    static func average(
        interleaved: UnsafeBufferPointer<Float>, frames: Int, channels: Int,
        into mono: UnsafeMutableBufferPointer<Float>
    ) {
        precondition(mono.count >= frames && interleaved.count >= frames * channels)
        let source = interleaved.baseAddress!, target = mono.baseAddress!
        switch channels {
        case 1:
            target.update(from: source, count: frames)
        case 2:
            for t in 0..<frames { target[t] = (source[2 * t] + source[2 * t + 1]) / 2 }
        default:
            let divisor = Float(channels)
            for t in 0..<frames {
                let frame = source + t * channels
                var sum = frame[0]
                for c in 1..<channels { sum += frame[c] }
                target[t] = sum / divisor
            }
        }
    }

    /// Whether a block is all zeros (±0) and whether every sample is finite, in one SIMD pass.
    ///
    /// `x − x` is 0 for every finite x and NaN otherwise, so the sum of those differences
    /// tells whether the block is finite; OR-ing the bit patterns without the sign bit tells
    /// whether any sample is non-zero.
    static func scan(_ samples: UnsafeBufferPointer<Float>) -> (finite: Bool, silent: Bool) {
        typealias Vector = SIMD8<Float>
        typealias Bits = SIMD8<UInt32>
        var check = Vector(repeating: 0), bits = Bits(repeating: 0)
        let vectors = samples.count / Vector.scalarCount
        let raw = UnsafeRawPointer(samples.baseAddress!)
        for i in 0..<vectors {
            let v = raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Vector>.stride, as: Vector.self)
            check += v - v
            bits |= unsafeBitCast(v, to: Bits.self)
        }
        var finite = check.sum() == 0
        var silent = (bits & 0x7fff_ffff) == Bits(repeating: 0)
        for x in samples[(vectors * Vector.scalarCount)...] {
            finite = finite && x.isFinite
            silent = silent && x == 0
        }
        return (finite, silent)
    }

    /// Whether a block is silent, throwing `nonFiniteSample` with the file frame index of the
    /// first NaN or infinite sample; `firstFrame` is the block's first frame in the file.
    static func checkedSilence(_ samples: UnsafeBufferPointer<Float>, firstFrame: Int, path: String) throws -> Bool {
        let (finite, silent) = scan(samples)
        if finite { return silent }
        let bad = samples.firstIndex { !$0.isFinite } ?? 0
        throw AudioError(path: path, reason: .nonFiniteSample(frame: firstFrame + bad))
    }
}
