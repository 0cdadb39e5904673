import FrameFinderMath

/// Every setting of the audio front-end: analysis rate, STFT, mel bands, feature kind,
/// normalisation and query tokens.
///
/// The defaults reproduce
/// `librosa.feature.melspectrogram(y, sr=16000, n_fft=512, hop_length=160, win_length=400,
/// window='hann', center=True, pad_mode='constant', power=2.0, n_mels=64, fmin=0, fmax=8000,
/// htk=False, norm='slaney')` followed by `log(S + 1e-6)`, tokenised as stacked frames.
/// The value round-trips losslessly through `[String: String]` (see `metadata`) so that a
/// model file records exactly how its queries were made.
public struct AudioFeatureSettings: Sendable, Equatable {
    /// The rate every clip is resampled to before analysis, in Hz (librosa's `sr`).
    public var sampleRate: Int = 16_000
    /// The FFT length in samples (`n_fft`).
    public var fftSize: Int = 512
    /// The distance between frame starts in samples (`hop_length`).
    public var hopLength: Int = 160
    /// The length of the periodic Hann window, centred in the FFT frame (`win_length`).
    public var windowLength: Int = 400
    /// The number of mel bands (`n_mels`).
    public var melBands: Int = 64
    /// The lowest filter edge in Hz (`fmin`).
    public var minFrequency: Double = 0
    /// The highest filter edge in Hz (`fmax`).
    public var maxFrequency: Double = 8_000
    /// The constant added before the logarithm: `log(S + logOffset)`.
    public var logOffset: Double = 1e-6
    /// The fastest rate a source is analysed at, in Hz (0: no limit): a faster source is first
    /// resampled to it (libsoxr HQ), so its band ends at `maxInputRate / 2` as the audio a
    /// model learned from did (FSDD's 8 kHz for the default model: a 44.1 kHz microphone
    /// recording would otherwise bring 4-8 kHz content the model never heard).
    public var maxInputRate: Int = 0
    /// Where a clip holds sound; when set, a clip's features and tokens are cut to its sound
    /// (first to last interval, see `SoundDetection`) and a clip with no sound is refused.
    /// nil keeps every frame (the librosa-parity default; models trained by `framefinder
    /// train` cut by default).
    public var sound: SoundDetection?
    /// A floor this many decibels below the clip's loudest log-mel value, applied after
    /// the cut and before MFCC (0: none); see `Matrix.flooredBelowPeak(decibels:)`.
    public var floorDecibels: Double = 0
    /// The feature each frame is described by.
    public var kind: AudioFeatureKind = .logMel
    /// The number of MFCC coefficients kept when `kind` is `.mfcc` (`n_mfcc`).
    public var mfccCount: Int = 20
    /// The per-clip normalisation applied to the features.
    public var normalization: AudioNormalization = .none
    /// How the feature matrix becomes query tokens.
    public var tokens: AudioTokenKind = .stackedFrames(context: 2, hop: 2)
    /// The speeds a query clip is heard at (test-time speed perturbation): the clip's tokens
    /// at each speed are stacked into one query, so every variant queries the frames and the
    /// scores average over them. `[1]` is the clip as recorded; see
    /// `AudioFeatureExtractor.features(monoSamples:sampleRate:speeds:name:)` for what a speed means.
    public var querySpeeds: [Double] = [1]

    /// The most speeds a query may be heard at.
    public static let maximumQuerySpeeds = 16
    /// The speeds speed perturbation accepts: a clip at most twice as fast or twice as slow.
    public static let speedRange: ClosedRange<Double> = 0.5.nextUp...2.0.nextDown

    /// The default settings (librosa parity, log-mel, no normalisation, stacked ±2 frames, hop 2).
    public init() {}

    /// The width of one feature row: `melBands` for log-mel, `mfccCount` for MFCC.
    public var featureWidth: Int { kind == .mfcc ? mfccCount : melBands }

    /// The rate a source at `sourceRate` is brought to before resampling to the analysis rate:
    /// `maxInputRate` when set and the source is faster, the source's own rate otherwise.
    public func limitedRate(_ sourceRate: Int) -> Int {
        maxInputRate > 0 && sourceRate > maxInputRate ? maxInputRate : sourceRate
    }

    /// Feature frames per second: `sampleRate / hopLength`.
    public var framesPerSecond: Double { Double(sampleRate) / Double(hopLength) }

    /// The width of one query token for features of `featureWidth` columns.
    public var tokenWidth: Int { tokens.tokenWidth(featureWidth: featureWidth) }

    /// Checks that the settings describe a computable analysis.
    ///
    /// - Throws: `FileError` whose path is the offending setting's metadata key.
    public func validate() throws(FileError) {
        func require(_ condition: Bool, _ key: String, _ reason: String) throws(FileError) {
            if !condition { throw FileError(path: key, reason: reason) }
        }
        try require((1...1_000_000).contains(sampleRate), Key.sampleRate, "must be 1...1000000 Hz")
        try require((2...65_536).contains(fftSize), Key.fftSize, "must be 2...65536")
        try require((1...fftSize).contains(windowLength), Key.windowLength, "must be 1...n_fft (\(fftSize))")
        try require(hopLength >= 1, Key.hopLength, "must be at least 1")
        try require((1...1_024).contains(melBands), Key.melBands, "must be 1...1024")
        try require(minFrequency.isFinite && minFrequency >= 0, Key.minFrequency, "must be finite and >= 0")
        try require(
            maxFrequency.isFinite && maxFrequency > minFrequency && maxFrequency <= Double(sampleRate) / 2,
            Key.maxFrequency, "must be above fmin and at most half the sample rate")
        try require(logOffset.isFinite && logOffset > 0, Key.logOffset, "must be finite and > 0")
        try require(
            maxInputRate == 0 || (1...1_000_000).contains(maxInputRate), Key.maxInputRate,
            "must be 0 (no limit) or 1...1000000 Hz")
        if let sound {
            try require(
                sound.topDecibels.isFinite && sound.topDecibels > 0, Key.soundTopDecibels, "must be finite and > 0")
            try require((1...65_536).contains(sound.frameLength), Key.soundFrameLength, "must be 1...65536")
            try require(!sound.floorDBFS.isNaN && sound.floorDBFS <= 0, Key.soundFloor, "must be at most 0 dBFS")
            try require(
                sound.backgroundMargin.isFinite && sound.backgroundMargin >= 0, Key.soundBackground,
                "must be finite and >= 0")
            try require(
                sound.mergeGap.isFinite && (0...60).contains(sound.mergeGap), Key.soundMergeGap, "must be 0...60 s")
            try require(sound.margin.isFinite && (0...10).contains(sound.margin), Key.soundMargin, "must be 0...10 s")
        }
        try require(floorDecibels.isFinite && (0...200).contains(floorDecibels), Key.floorDecibels, "must be 0...200")
        try require((1...melBands).contains(mfccCount), Key.mfccCount, "must be 1...n_mels (\(melBands))")
        try require(
            (1...Self.maximumQuerySpeeds).contains(querySpeeds.count)
                && querySpeeds.allSatisfy(Self.speedRange.contains),
            Key.querySpeeds, "must be 1...\(Self.maximumQuerySpeeds) speeds, each in (0.5, 2)")
        switch tokens {
        case .stackedFrames(let context, let hop):
            try require((0...64).contains(context), Key.tokenContext, "must be 0...64")
            try require(hop >= 1, Key.tokenHop, "must be at least 1")
        case .segmentMeans(let count), .segmentProfile(let count):
            try require((1...4_096).contains(count), Key.tokenSegments, "must be 1...4096")
        case .clipMean:
            break
        }
    }
}

/// The feature that describes each analysis frame.
public enum AudioFeatureKind: String, Sendable, Equatable, CaseIterable {
    /// `log(mel power + logOffset)`, `melBands` values per frame.
    case logMel = "logmel"
    /// DCT-II (orthonormal) of the log-mel frame, first `mfccCount` coefficients.
    case mfcc
}

/// The normalisation of a clip's feature matrix.
public enum AudioNormalization: String, Sendable, Equatable, CaseIterable {
    /// Features as computed.
    case none
    /// Per band: subtract the clip's mean, divide by the clip's standard deviation floored at
    /// `AudioFeatures.minimumStandardDeviation`, so loudness differences between speakers
    /// vanish and silent bands never divide by zero.
    case perClip = "per_clip"
}

/// How a clip's feature matrix (frames × features) becomes a sequence of query tokens.
public enum AudioTokenKind: Sendable, Equatable {
    /// One token per `hop` frames: frame `t` with its `context` neighbours on each side,
    /// concatenated (width `(2·context + 1)·F`); frames past either end repeat the edge frame.
    case stackedFrames(context: Int, hop: Int)
    /// A fixed number of tokens: the mean of each of `count` equal consecutive segments.
    case segmentMeans(count: Int)
    /// One token: the `count` segment means of `segmentMeans` side by side (width
    /// `count·F`), a fixed-length profile of the whole clip that keeps the order of its parts.
    case segmentProfile(count: Int)
    /// One token: the mean of all frames.
    case clipMean

    /// The width of one token built from feature rows of `featureWidth` values.
    public func tokenWidth(featureWidth: Int) -> Int {
        switch self {
        case .stackedFrames(let context, _): (2 * context + 1) * featureWidth
        case .segmentMeans, .clipMean: featureWidth
        case .segmentProfile(let count): count * featureWidth
        }
    }
}
