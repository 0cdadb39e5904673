import Foundation
import FrameFinderMath

extension AudioFeatureExtractor {
    /// The features of mono samples heard at several speeds (speed perturbation, as in
    /// Kaldi's recipes and Ko et al., "Audio augmentation for speech recognition", 2015).
    ///
    /// At speed `s` the samples are taken to have been recorded at `sampleRate · s`, so
    /// resampling them to `settings.sampleRate` makes the clip `1/s` as long with every
    /// frequency `s` times higher, like `sox speed s`. A speed of 1 is the clip as recorded.
    ///
    /// A source faster than `settings.maxInputRate` is first resampled to that rate, and the
    /// speeds apply to the result (so a sped-up clip keeps the band a speed gives it).
    ///
    /// - Throws: `AudioError` as `features(samples:sampleRate:channels:name:)` does.
    public func features(
        monoSamples samples: [Float], sampleRate: Int, speeds: [Double], name: String = "<samples>"
    ) throws -> [AudioFeatures] {
        let baseRate = settings.limitedRate(sampleRate)
        let base = try AudioResampler.resample(samples, from: sampleRate, to: baseRate, name: name)
        return try speeds.map { speed in
            let rate = Int((Double(baseRate) * speed).rounded())
            return try features(samples: base, sampleRate: rate, channels: 1, name: name, limitInput: false)
        }
    }

    /// The features of a decoded clip heard at several speeds (see
    /// `features(monoSamples:sampleRate:speeds:name:)`).
    public func features(of decoded: DecodedAudio, speeds: [Double]) throws -> [AudioFeatures] {
        try features(
            monoSamples: decoded.samples, sampleRate: decoded.clip.sampleRate, speeds: speeds,
            name: decoded.clip.path)
    }

    /// A clip's features at each of `settings.querySpeeds`, in that order.
    ///
    /// With the default `querySpeeds` of `[1]` this is `[features(contentsOf:)]`, streamed;
    /// with several speeds the clip is decoded into memory once.
    ///
    /// - Throws: `AudioError` naming the file and the reason.
    public func queryFeatures(contentsOf url: URL) throws -> [AudioFeatures] {
        guard settings.querySpeeds != [1] else { return [try features(contentsOf: url)] }
        return try features(of: DecodedAudio(contentsOf: url), speeds: settings.querySpeeds)
    }

    /// A clip's query: its tokens at each of `settings.querySpeeds`, stacked row-wise (one
    /// speed's tokens after another's), so that each heard variant queries the frames.
    ///
    /// - Throws: `AudioError` naming the file and the reason.
    public func queryTokens(contentsOf url: URL) throws -> Matrix {
        Matrix.concatenatingRows(try queryFeatures(contentsOf: url).map(\.queryTokens), columns: settings.tokenWidth)
    }
}
