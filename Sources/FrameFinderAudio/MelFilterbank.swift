import Foundation
import FrameFinderMath

/// The Slaney mel scale and triangular filterbank of `librosa.filters.mel(htk=False, norm='slaney')`.
enum MelScale {
    private static let linearStep = 200.0 / 3  // Hz per mel below 1 kHz
    private static let breakFrequency = 1_000.0  // Hz where the scale turns logarithmic
    private static let breakMel = breakFrequency / linearStep  // = 15
    private static let logStep = log(6.4) / 27.0  // mels per log-Hz above 1 kHz

    /// Hz → mel: `f / (200/3)` below 1 kHz, `15 + ln(f / 1000) / (ln 6.4 / 27)` above
    /// (`librosa.hz_to_mel(f, htk=False)`).
    static func mel(fromHertz f: Double) -> Double {
        f >= breakFrequency ? breakMel + log(f / breakFrequency) / logStep : f / linearStep
    }

    /// Mel → Hz, the inverse of `mel(fromHertz:)` (`librosa.mel_to_hz(m, htk=False)`).
    static func hertz(fromMel m: Double) -> Double {
        m >= breakMel ? breakFrequency * exp(logStep * (m - breakMel)) : linearStep * m
    }

    /// The filterbank transposed, `(n_fft/2 + 1) × n_mels`, so that `power · W` is the mel power.
    ///
    /// Filter `m` rises linearly from `f[m]` to `f[m+1]` and falls to `f[m+2]`, where `f` are
    /// `n_mels + 2` points equally spaced in mel between fmin and fmax; it is scaled by
    /// `2 / (f[m+2] − f[m])` (Slaney's constant-area norm). Computed in double, rounded to
    /// float32 where librosa rounds (its weights array is float32).
    static func filterbank(settings s: AudioFeatureSettings) -> Matrix {
        let bins = s.fftSize / 2 + 1
        let points = s.melBands + 2
        let lowMel = mel(fromHertz: s.minFrequency)
        let highMel = mel(fromHertz: s.maxFrequency)
        let step = (highMel - lowMel) / Double(points - 1)
        var edges = (0..<points).map { hertz(fromMel: lowMel + Double($0) * step) }
        edges[points - 1] = hertz(fromMel: highMel)  // numpy.linspace ends exactly at stop
        let binFrequency = Double(s.sampleRate) / Double(s.fftSize)

        var weights = Matrix(rows: bins, columns: s.melBands)
        for m in 0..<s.melBands {
            let lowerWidth = edges[m + 1] - edges[m]
            let upperWidth = edges[m + 2] - edges[m + 1]
            let areaNorm = 2.0 / (edges[m + 2] - edges[m])
            for k in 0..<bins {
                let f = Double(k) * binFrequency
                let rising = (f - edges[m]) / lowerWidth
                let falling = (edges[m + 2] - f) / upperWidth
                let triangle = Float(max(0, min(rising, falling)))
                weights[k, m] = Float(Double(triangle) * areaNorm)
            }
        }
        return weights
    }
}
