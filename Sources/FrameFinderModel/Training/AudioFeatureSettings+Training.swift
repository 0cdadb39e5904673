import FrameFinderAudio

extension AudioFeatureSettings {
    /// The audio recipe `framefinder train` gives a fresh model; a nil value takes its default.
    ///
    /// The defaults: MFCC (`mfccCount` 20) of per-clip normalised log-mel, a profile of 8
    /// segments as the one query token, clips cut to their sound (`SoundDetection`, top_db 40;
    /// `soundTopDecibels` 0 keeps every frame), no log-mel floor, no input rate limit, queries
    /// heard at speed 1; the rest as `AudioFeatureSettings()`.
    public static func training(
        kind: AudioFeatureKind? = nil, mfccCount: Int? = nil, normalization: AudioNormalization? = nil,
        tokens: AudioTokenKind? = nil, soundTopDecibels: Double? = nil, floorDecibels: Double? = nil,
        maxInputRate: Int? = nil, querySpeeds: [Double]? = nil
    ) -> AudioFeatureSettings {
        var settings = AudioFeatureSettings()
        settings.kind = kind ?? .mfcc
        settings.mfccCount = mfccCount ?? 20
        settings.normalization = normalization ?? .perClip
        settings.tokens = tokens ?? .segmentProfile(count: 8)
        var sound = SoundDetection()
        sound.topDecibels = soundTopDecibels ?? sound.topDecibels
        settings.sound = sound.topDecibels > 0 ? sound : nil
        settings.floorDecibels = floorDecibels ?? 0
        settings.maxInputRate = maxInputRate ?? 0
        settings.querySpeeds = querySpeeds ?? [1]
        return settings
    }
}
