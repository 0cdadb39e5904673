import Foundation

/// The level of each analysis frame, computed while samples arrive.
///
/// Frame `t`'s level is `20·log10(max(rms_t, 1e-5))` dBFS with
/// `rms_t = √(mean of x[n]² for n in [t·hop − L/2, t·hop + L/2))`, the signal padded with `L/2`
/// zeros at both ends: `librosa.feature.rms(y, frame_length=L, hop_length=hop, center=True,
/// pad_mode='constant')` followed by `amplitude_to_db(ref=1.0, amin=1e-5)`. A clip of `n`
/// samples has `1 + ⌊n / hop⌋` frames, as many as its log-mel spectrogram. Squares are summed
/// in double; only about one frame of samples is held.
final class FrameLevelStream {
    private let frameLength: Int
    private let hop: Int
    /// Squared samples not yet fully consumed; index 0 is padded-signal position `offset`.
    private var squares: [Double]
    private var offset = 0
    private var levels: [Float] = []

    init(frameLength: Int, hop: Int) {
        self.frameLength = frameLength
        self.hop = hop
        squares = [Double](repeating: 0, count: frameLength / 2)
    }

    /// Appends samples at the analysis rate and measures every frame they complete.
    func append(_ samples: UnsafeBufferPointer<Float>) {
        squares.reserveCapacity(squares.count + samples.count)
        for sample in samples { squares.append(Double(sample) * Double(sample)) }
        measureFrames()
    }

    /// Pads the end, measures the last frames and returns `1 + ⌊sampleCount / hop⌋` levels.
    func finish(sampleCount: Int) -> [Float] {
        squares.append(contentsOf: repeatElement(0, count: frameLength - frameLength / 2))
        measureFrames()
        return Array(levels.prefix(1 + sampleCount / hop))
    }

    private func measureFrames() {
        let floor = 20 * log10(SoundDetection.minimumAmplitude)
        squares.withUnsafeBufferPointer { values in
            while true {
                let start = levels.count * hop - offset
                guard start + frameLength <= values.count else { break }
                var sum = 0.0
                for i in start..<start + frameLength { sum += values[i] }
                let rms = (sum / Double(frameLength)).squareRoot()
                levels.append(Float(rms > SoundDetection.minimumAmplitude ? 20 * log10(rms) : floor))
            }
        }
        let consumed = levels.count * hop - offset
        if consumed >= 1 << 13 {
            squares.removeFirst(consumed)
            offset += consumed
        }
    }
}
