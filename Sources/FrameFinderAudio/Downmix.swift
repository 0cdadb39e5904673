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
        if channels == 1 {
            for t in 0..<frames { mono[t] = interleaved[t] }
            return
        }
        let divisor = Float(channels)
        for t in 0..<frames {
            let base = t * channels
            var sum = interleaved[base]
            for c in 1..<channels { sum += interleaved[base + c] }
            mono[t] = sum / divisor
        }
    }

    /// The index of the first NaN or infinite value among the first `count`, or nil.
    static func firstNonFinite(_ samples: UnsafeMutableBufferPointer<Float>, count: Int) -> Int? {
        for t in 0..<count where !samples[t].isFinite { return t }
        return nil
    }
}
