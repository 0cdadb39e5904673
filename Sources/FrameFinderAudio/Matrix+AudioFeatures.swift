import Foundation
import FrameFinderMath

extension Matrix {
    /// Mel-frequency cepstral coefficients: the orthonormal DCT-II of each row, first `count` kept.
    ///
    /// `c[t, k] = s_k · Σ_m x[t, m] · cos(π·k·(2m + 1) / (2M))` with `s_0 = √(1/M)` and
    /// `s_k = √(2/M)`, i.e. `scipy.fft.dct(x, type=2, norm='ortho', axis=-1)[:, :count]`, which
    /// is `librosa.feature.mfcc(S=x.T, n_mfcc=count).T`. Given our natural-log mel spectrogram
    /// (not librosa's default dB spectrogram, which is 10/ln 10 times larger plus a constant),
    /// this is FrameFinder's MFCC. Computed as one `sgemm` with the DCT basis.
    public func mfcc(count: Int) -> Matrix {
        precondition((1...columns).contains(count), "MFCC count must be 1...\(columns)")
        let m = Double(columns)
        var basis = Matrix(rows: columns, columns: count)
        for k in 0..<count {
            let scale = (k == 0 ? (1 / m) : (2 / m)).squareRoot()
            for n in 0..<columns {
                basis[n, k] = Float(scale * cos(Double.pi * Double(k) * Double(2 * n + 1) / (2 * m)))
            }
        }
        return Matrix.product(self, basis)
    }

    /// Each column shifted to mean 0 and divided by its standard deviation, floored.
    ///
    /// `y[t, f] = (x[t, f] − μ_f) / max(σ_f, minimumStandardDeviation)` with the population
    /// statistics `μ_f = mean_t x[t, f]`, `σ_f = √(mean_t (x[t, f] − μ_f)²)` (numpy's
    /// `x.mean(0)` and `x.std(0)`), accumulated in double.
    public func normalizedPerColumn(minimumStandardDeviation: Float) -> Matrix {
        guard rows > 0 else { return self }
        var mean = [Double](repeating: 0, count: columns)
        var variance = [Double](repeating: 0, count: columns)
        for r in 0..<rows {
            for c in 0..<columns { mean[c] += Double(self[r, c]) }
        }
        for c in 0..<columns { mean[c] /= Double(rows) }
        for r in 0..<rows {
            for c in 0..<columns {
                let d = Double(self[r, c]) - mean[c]
                variance[c] += d * d
            }
        }
        let scale = (0..<columns).map { c in
            1 / max(Float((variance[c] / Double(rows)).squareRoot()), minimumStandardDeviation)
        }
        var result = self
        for r in 0..<rows {
            for c in 0..<columns { result[r, c] = (self[r, c] - Float(mean[c])) * scale[c] }
        }
        return result
    }
}

extension Matrix {
    /// A log-mel spectrogram with a floor `decibels` below its loudest value.
    ///
    /// `x' = log(exp(x) + exp(max x) · 10^(−decibels/10))`, computed as
    /// `m + log(exp(x − m) + 10^(−decibels/10))` with `m = max x`: the power of every bin gets
    /// the same fraction of the clip's peak power added, as `librosa.power_to_db(S, ref=np.max,
    /// top_db=...)` bounds a spectrogram relative to its peak (smoothly here, not by clipping).
    /// The fixed `logOffset` of `log(S + 1e-6)` is a floor in absolute terms, so a quiet
    /// recording meets it much closer to its speech than a loud one does; a floor relative to
    /// the peak reaches every recording at the same depth, whatever its gain.
    public func flooredBelowPeak(decibels: Double) -> Matrix {
        guard let peak = elements.max(), peak.isFinite else { return self }
        let floor = Foundation.pow(10, -decibels / 10)
        var result = self
        let m = Double(peak)
        for index in result.elements.indices {
            result.elements[index] = Float(m + Foundation.log(Foundation.exp(Double(elements[index]) - m) + floor))
        }
        return result
    }
}
