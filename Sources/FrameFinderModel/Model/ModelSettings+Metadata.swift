import FrameFinderAudio
import FrameFinderFrames

/// The model file's coding of `ModelSettings`: the only place its metadata keys are spelled.
///
/// The model's own settings are under `model.`; the front-ends' settings keep the keys their
/// own coding gives them (`AudioFeatureSettings.metadata`, all `audio.…`, and
/// `FrameDescriptorSettings.metadata`, all `frames.…`), so a model file records its recipe as
/// the front-ends write it.
extension ModelSettings {
    /// The model file format this code writes; files of another version are refused.
    public static let formatVersion = 1
    /// The `format` every model file declares.
    static let formatName = "framefinder-model"

    /// The metadata keys of the model's own settings.
    enum Key {
        static let format = "format", formatVersion = "format_version"
        static let audioTokenWidth = "model.audio_token_width", frameTokenWidth = "model.frame_token_width"
        static let hidden = "model.hidden", embedding = "model.embedding"
        static let dimension = "model.dimension", valueDimension = "model.value_dimension"
        static let heads = "model.heads", poolingQueries = "model.pooling_queries"
        static let attendedShare = "model.attended_share"
    }

    /// The settings as safetensors metadata: the format, the model's settings and, for a model
    /// with a feature recipe, the front-ends' settings. The token widths are written too, for
    /// readers, and checked against the recipe on the way back.
    public var metadata: [String: String] {
        var result: [String: String] = [
            Key.format: Self.formatName,
            Key.formatVersion: String(Self.formatVersion),
            Key.audioTokenWidth: String(audioTokenWidth),
            Key.frameTokenWidth: String(frameTokenWidth),
            Key.hidden: String(architecture.hidden),
            Key.embedding: String(architecture.embedding),
            Key.dimension: String(architecture.dimension),
            Key.valueDimension: String(architecture.valueDimension),
            Key.heads: String(architecture.heads),
            Key.poolingQueries: String(architecture.poolingQueries),
            Key.attendedShare: String(architecture.attendedShare),
        ]
        if case .features(let audio, let frames) = inputs {
            result.merge(audio.metadata) { own, _ in own }
            result.merge(frames.metadata) { own, _ in own }
        }
        return result
    }

    /// Reads settings back from safetensors metadata; a file with any `audio.` or `frames.`
    /// key has a feature recipe, one with neither is a model of bare tokens.
    ///
    /// - Throws: `ModelError.invalidSetting` naming the key, when the file is not a FrameFinder
    ///   model of this format version, a setting is missing or malformed, or the settings fail
    ///   `validate()`.
    public init(metadata: [String: String]) throws(ModelError) {
        guard metadata[Key.format] == Self.formatName else {
            throw .invalidSetting(key: Key.format, reason: "is not \(Self.formatName): not a FrameFinder model")
        }
        guard metadata[Key.formatVersion] == String(Self.formatVersion) else {
            let version = metadata[Key.formatVersion] ?? "none"
            throw .invalidSetting(key: Key.formatVersion, reason: "\(version) is not \(Self.formatVersion)")
        }
        func integer(_ key: String) throws(ModelError) -> Int {
            guard let text = metadata[key], let value = Int(text) else {
                throw .invalidSetting(key: key, reason: "is missing or not an integer")
            }
            return value
        }
        guard let shareText = metadata[Key.attendedShare], let share = Float(shareText) else {
            throw .invalidSetting(key: Key.attendedShare, reason: "is missing or not a number")
        }
        let architecture = ModelArchitecture(
            hidden: try integer(Key.hidden), embedding: try integer(Key.embedding),
            dimension: try integer(Key.dimension), valueDimension: try integer(Key.valueDimension),
            heads: try integer(Key.heads), poolingQueries: try integer(Key.poolingQueries), attendedShare: share)
        let widths = (audio: try integer(Key.audioTokenWidth), frames: try integer(Key.frameTokenWidth))
        let prefixes = [AudioFeatureSettings.metadataPrefix, FrameDescriptorSettings.metadataPrefix]
        guard metadata.keys.contains(where: { key in prefixes.contains { key.hasPrefix($0) } }) else {
            self.init(audioTokenWidth: widths.audio, frameTokenWidth: widths.frames, architecture: architecture)
            try validate()
            return
        }
        do {
            self.init(
                audio: try AudioFeatureSettings(metadata: metadata),
                frames: try FrameDescriptorSettings(metadata: metadata), architecture: architecture)
        } catch { throw ModelError(setting: error) }
        try validate()
        for (key, stored, derived) in [
            (Key.audioTokenWidth, widths.audio, audioTokenWidth),
            (Key.frameTokenWidth, widths.frames, frameTokenWidth),
        ] where stored != derived {
            throw .invalidSetting(
                key: key,
                reason: "\(stored) does not match the feature settings, which give \(derived)")
        }
    }
}
