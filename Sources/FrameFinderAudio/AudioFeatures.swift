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
    /// The features per frame (`settings.kind`, then `settings.normalization`),
    /// frames × `settings.featureWidth`.
    public let features: Matrix
    /// Unusual but non-fatal findings (a silent clip, a truncated file).
    public let warnings: [AudioWarning]

    /// Creates the features of a clip from its log-mel spectrogram, applying the settings'
    /// feature kind and normalisation.
    public init(clip: AudioClip, settings: AudioFeatureSettings, logMel: Matrix, warnings: [AudioWarning] = []) {
        self.clip = clip
        self.settings = settings
        self.logMel = logMel
        self.warnings = warnings
        let trimmed = settings.trimDecibels > 0
            ? logMel.trimmedQuietEdges(decibels: settings.trimDecibels, logOffset: settings.logOffset)
            : logMel
        let kept = settings.floorDecibels > 0 ? trimmed.flooredBelowPeak(decibels: settings.floorDecibels) : trimmed
        var features = settings.kind == .mfcc ? kept.mfcc(count: settings.mfccCount) : kept
        if settings.normalization == .perClip {
            features = features.normalizedPerColumn(minimumStandardDeviation: Self.minimumStandardDeviation)
        }
        self.features = features
    }

    /// The clip's query tokens, tokens × `settings.tokenWidth` (see `AudioTokenKind`).
    public var queryTokens: Matrix { settings.tokens.tokens(from: features) }
}
