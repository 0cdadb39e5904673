import Foundation
import FrameFinderMath

/// What every stream of one settings value shares: window, filterbank and FFT plan.
struct LogMelAnalysis: Sendable {
    let settings: AudioFeatureSettings
    /// The periodic Hann window of `windowLength`, `w[n] = 0.5 − 0.5·cos(2πn / N)`.
    let window: [Float]
    /// Where the window starts inside the FFT frame: `(n_fft − win_length) / 2`.
    let windowOffset: Int
    /// `(n_fft/2 + 1) × n_mels`, see `MelScale.filterbank`.
    let filterbank: Matrix
    let plan: FFTPlan

    init(settings: AudioFeatureSettings) {
        self.settings = settings
        let length = settings.windowLength
        window = (0..<length).map { n in
            Float(0.5 - 0.5 * cos(2 * Double.pi * Double(n) / Double(length)))
        }
        windowOffset = (settings.fftSize - length) / 2
        filterbank = MelScale.filterbank(settings: settings)
        plan = FFTPlan.realForward(size: settings.fftSize)
    }
}

/// A log-mel spectrogram computed while samples arrive, holding only one batch of frames.
///
/// Frames follow `librosa.stft(center=True, pad_mode='constant')`: the signal is padded with
/// `n_fft/2` zeros at both ends and frame `t` covers padded samples `[t·hop, t·hop + n_fft)`,
/// so a clip of `n` samples gives `1 + ⌊n / hop⌋` frames. Each frame's power spectrum
/// `|X[k]|²` goes into a batch; a full batch is multiplied by the filterbank in one `sgemm`
/// and turned into `log(S + logOffset)`.
final class LogMelStream {
    /// Frames per filterbank product.
    static let batchFrames = 256

    private let analysis: LogMelAnalysis
    private let buffers: FFTBuffers
    private let bins: Int
    /// Samples not yet fully consumed; index 0 is padded-signal position `pendingStart`.
    private var pending: [Float]
    private var nextFrame = 0  // start of the next frame, in `pending` coordinates
    private var power: Matrix
    private var batchCount = 0
    private var output: [Float] = []
    /// Samples appended so far (the clip length at the analysis rate).
    private(set) var sampleCount = 0
    /// False once a log-mel value came out NaN or infinite (samples too large for float32 power).
    private(set) var isFinite = true

    /// The most output values reserved up front from a length estimate (64 MB).
    static let maximumReservation = 1 << 24

    /// Creates a stream; `expectedSamples` (at the analysis rate), when known, sizes the output
    /// once instead of growing it by copies.
    init(analysis: LogMelAnalysis, expectedSamples: Int? = nil) {
        self.analysis = analysis
        if let expectedSamples, expectedSamples > 0 {
            let frames = 1 + expectedSamples / analysis.settings.hopLength
            output.reserveCapacity(
                min(
                    frames.multipliedReportingOverflow(by: analysis.settings.melBands).partialValue,
                    Self.maximumReservation))
        }
        let n = analysis.settings.fftSize
        buffers = FFTBuffers(size: n)
        bins = n / 2 + 1
        pending = [Float](repeating: 0, count: n / 2)
        pending.reserveCapacity(1 << 14)
        power = Matrix(rows: Self.batchFrames, columns: bins)
    }

    /// Appends samples at the analysis rate and computes every frame they complete.
    func append(_ samples: UnsafeBufferPointer<Float>) {
        pending.append(contentsOf: samples)
        sampleCount += samples.count
        computeFrames()
    }

    /// Pads the end with `n_fft/2` zeros, computes the last frames and returns the
    /// `frames × n_mels` log-mel matrix.
    func finish() -> Matrix {
        pending.append(contentsOf: repeatElement(0, count: analysis.settings.fftSize / 2))
        computeFrames()
        flushBatch()
        let bands = analysis.settings.melBands
        return Matrix(rows: output.count / bands, columns: bands, elements: output)
    }

    /// Computes every frame that `pending` holds completely, a batch at a time.
    ///
    /// The loops run on raw buffers taken once per batch: per-frame access to the class's
    /// arrays would cost more (exclusivity checks) than the FFT itself.
    private func computeFrames() {
        let n = analysis.settings.fftSize
        let hop = analysis.settings.hopLength
        let bins = bins
        let plan = analysis.plan
        let buffers = buffers
        let real = buffers.real + analysis.windowOffset
        let spectrum = buffers.bins
        while nextFrame + n <= pending.count {
            let ready = min(Self.batchFrames - batchCount, (pending.count - n - nextFrame) / hop + 1)
            let first = nextFrame + analysis.windowOffset
            let firstRow = batchCount
            pending.withUnsafeBufferPointer { samples in
                analysis.window.withUnsafeBufferPointer { window in
                    power.elements.withUnsafeMutableBufferPointer { rows in
                        for j in 0..<ready {
                            let frame = samples.baseAddress! + first + j * hop
                            for i in 0..<window.count { real[i] = frame[i] * window[i] }
                            plan.execute(buffers)
                            let row = rows.baseAddress! + (firstRow + j) * bins
                            for k in 0..<bins {
                                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                                row[k] = re * re + im * im
                            }
                        }
                    }
                }
            }
            batchCount += ready
            nextFrame += ready * hop
            if batchCount == Self.batchFrames { flushBatch() }
        }
        // Drop consumed samples now and then, keeping memory bounded without copying per frame.
        if nextFrame >= 1 << 13 {
            pending.removeFirst(nextFrame)
            nextFrame = 0
        }
    }

    private func flushBatch() {
        guard batchCount > 0 else { return }
        let batch =
            batchCount == Self.batchFrames
            ? power
            : Matrix(rows: batchCount, columns: bins, elements: Array(power.elements.prefix(batchCount * bins)))
        let mel = Matrix.product(batch, analysis.filterbank)
        let offset = Float(analysis.settings.logOffset)
        let start = output.count
        output.append(contentsOf: mel.elements)
        var check: Float = 0
        output.withUnsafeMutableBufferPointer { values in
            for i in start..<values.count {
                values[i] = log(values[i] + offset)
                check += values[i] - values[i]  // NaN as soon as one value is not finite
            }
        }
        if check != 0 { isFinite = false }
        batchCount = 0
    }
}
