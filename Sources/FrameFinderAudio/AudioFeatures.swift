import FrameFinderMath

/// The features of one clip: its log-mel spectrogram, the features derived from it, and
/// the warnings met on the way.
public struct AudioFeatures: Sendable {
    /// The floor of the per-band standard deviation in per-clip normalisation, so silent
    /// clips and empty high bands are never divided by (nearly) zero.
    public static let minimumStandardDeviation: Float = 0.1

    /// The source's description.
    public let clip: AudioClip
    /// The settings the features were computed with.
    public let settings: AudioFeatureSettings
    /// `log(mel power + logOffset)`, frames × `melBands`, before MFCC and normalisation.
    public let logMel: Matrix
    /// Each log-mel frame's level in dBFS (see `SoundDetection`); empty when not measured.
    public let levels: [Float]
    /// Where the clip holds sound, by `settings.sound` (or the default detection when the
    /// settings do not cut), from `levels`.
    public let sound: DetectedSound
    /// The log-mel frames the features are taken from: the sound's cut when `settings.sound`
    /// is set and the clip has sound, every frame otherwise.
    public let cut: Range<Int>
    /// The features per frame of `cut` (`settings.kind`, then `settings.normalization`),
    /// `cut.count` × `settings.featureWidth`.
    public let features: Matrix
    /// Unusual but non-fatal findings (a silent clip, a truncated file).
    public let warnings: [AudioWarning]

    /// Creates the features of a clip from its log-mel spectrogram and frame levels, cutting
    /// to the sound when the settings say so and applying their feature kind and normalisation.
    public init(
        clip: AudioClip, settings: AudioFeatureSettings, logMel: Matrix, levels: [Float] = [],
        warnings: [AudioWarning] = []
    ) {
        self.clip = clip
        self.settings = settings
        self.logMel = logMel
        self.levels = levels
        self.warnings = warnings
        sound = (settings.sound ?? SoundDetection()).detect(levels: levels, framesPerSecond: settings.framesPerSecond)
        let all = 0..<logMel.rows
        cut = settings.sound == nil ? all : (sound.cut?.clamped(to: all) ?? all)
        features = Self.features(of: logMel.rows(cut), settings: settings)
    }

    /// The features of frames `frames` of the log-mel spectrogram taken on their own, as a clip
    /// holding only those frames would have them (floor, MFCC and normalisation over them).
    public func features(frames: Range<Int>) -> Matrix {
        Self.features(of: logMel.rows(frames.clamped(to: 0..<logMel.rows)), settings: settings)
    }

    /// The query tokens of frames `frames` taken on their own (`features(frames:)`, tokenised).
    public func tokens(frames: Range<Int>) -> Matrix {
        settings.tokens.tokens(from: features(frames: frames))
    }

    /// The clip's query tokens, tokens × `settings.tokenWidth` (see `AudioTokenKind`).
    public var queryTokens: Matrix { settings.tokens.tokens(from: features) }

    private static func features(of logMel: Matrix, settings: AudioFeatureSettings) -> Matrix {
        let kept = settings.floorDecibels > 0 ? logMel.flooredBelowPeak(decibels: settings.floorDecibels) : logMel
        var features = settings.kind == .mfcc ? kept.mfcc(count: settings.mfccCount) : kept
        if settings.normalization == .perClip {
            features = features.normalizedPerColumn(minimumStandardDeviation: Self.minimumStandardDeviation)
        }
        return features
    }
}
