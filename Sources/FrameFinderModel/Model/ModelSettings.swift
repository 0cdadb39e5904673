import FrameFinderAudio
import FrameFinderFrames

/// The shape of a model and everything needed to reproduce its inputs.
///
/// A model trained by `framefinder train` carries its own feature recipe: the audio and frame
/// front-ends' settings, from which the token widths follow. A model of bare tokens (made by
/// a program that computes its own tokens) records the widths instead. The settings are
/// stored in the model file's `__metadata__` (see `ModelSettings+Metadata`).
@dynamicMemberLookup
public struct ModelSettings: Sendable, Equatable {
    /// What a model's tokens are made of.
    public enum Inputs: Sendable, Equatable {
        /// Tokens of the audio and frame front-ends with these settings.
        case features(audio: AudioFeatureSettings, frames: FrameDescriptorSettings)
        /// Tokens of these widths, made elsewhere.
        case tokens(audioWidth: Int, frameWidth: Int)
    }

    /// What the model's tokens are made of.
    public var inputs: Inputs
    /// The encoder and attention widths, heads, pooling and score mix.
    public var architecture: ModelArchitecture

    /// The settings of a model whose tokens the front-ends make with `audio` and `frames`.
    public init(
        audio: AudioFeatureSettings, frames: FrameDescriptorSettings,
        architecture: ModelArchitecture = ModelArchitecture()
    ) {
        self.init(inputs: .features(audio: audio, frames: frames), architecture: architecture)
    }

    /// The settings of a model of bare tokens of the given widths (no feature recipe).
    public init(audioTokenWidth: Int, frameTokenWidth: Int, architecture: ModelArchitecture = ModelArchitecture()) {
        self.init(inputs: .tokens(audioWidth: audioTokenWidth, frameWidth: frameTokenWidth), architecture: architecture)
    }

    public init(inputs: Inputs, architecture: ModelArchitecture) {
        self.inputs = inputs
        self.architecture = architecture
    }

    /// The audio front-end's settings, or nil for a model of bare tokens.
    public var audio: AudioFeatureSettings? {
        if case .features(let audio, _) = inputs { audio } else { nil }
    }

    /// The frame front-end's settings, or nil for a model of bare tokens.
    public var frames: FrameDescriptorSettings? {
        if case .features(_, let frames) = inputs { frames } else { nil }
    }

    /// The width of one audio (query) token: the audio settings' `tokenWidth`.
    public var audioTokenWidth: Int {
        switch inputs {
        case .features(let audio, _): audio.tokenWidth
        case .tokens(let width, _): width
        }
    }

    /// The width of one frame (key/value) token: the frame settings' `tokenWidth`.
    public var frameTokenWidth: Int {
        switch inputs {
        case .features(_, let frames): frames.tokenWidth
        case .tokens(_, let width): width
        }
    }

    /// The architecture's values read as the settings' own: `settings.heads`.
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ModelArchitecture, Value>) -> Value {
        get { architecture[keyPath: keyPath] }
        set { architecture[keyPath: keyPath] = newValue }
    }

    /// The largest width (token, hidden, embedding, attention) a model may have: 65,536.
    public static let maximumWidth = 1 << 16
    /// The most attention-pooling queries or heads a model may have: 4,096.
    public static let maximumCount = 1 << 12
    /// The most scalars a model may hold: 2²⁸ (1 GiB of F32).
    public static let maximumScalars = 1 << 28

    /// Why a model's settings are unusable.
    ///
    /// The front-ends' settings must pass their own checks; besides consistency, every width
    /// and count must lie within `maximumWidth` and `maximumCount` and the model within
    /// `maximumScalars`, so settings read from an untrusted file never make anything allocate
    /// or overflow.
    ///
    /// - Throws: `ModelError.invalidSetting` naming the setting's metadata key.
    public func validate() throws(ModelError) {
        if case .features(let audio, let frames) = inputs {
            do {
                try audio.validate()
                try frames.validate()
            } catch { throw ModelError(setting: error) }
        }
        func check(_ ok: Bool, _ key: String, _ reason: @autoclosure () -> String) throws(ModelError) {
            if !ok { throw .invalidSetting(key: key, reason: reason()) }
        }
        let a = architecture
        let widths = [
            (Key.audioTokenWidth, audioTokenWidth, 1), (Key.frameTokenWidth, frameTokenWidth, 1),
            (Key.hidden, a.hidden, 0), (Key.embedding, a.embedding, 1),
            (Key.dimension, a.dimension, 1), (Key.valueDimension, a.valueDimension, 1),
            (Key.heads, a.heads, 1), (Key.poolingQueries, a.poolingQueries, 0),
        ]
        for (key, value, least) in widths {
            try check(value >= least, key, "\(value) must be at least \(least)")
            let limit = key == Key.heads || key == Key.poolingQueries ? Self.maximumCount : Self.maximumWidth
            try check(value <= limit, key, "\(value) exceeds the limit of \(limit)")
        }
        for (key, value) in [(Key.dimension, a.dimension), (Key.valueDimension, a.valueDimension)] {
            try check(value % a.heads == 0, key, "\(value) is not a multiple of \(Key.heads) (\(a.heads))")
        }
        try check(
            a.attendedShare >= 0 && a.attendedShare <= 1, Key.attendedShare,
            "\(a.attendedShare) must lie in [0, 1]")
        // Every width is at most 2¹⁶, so each product below is at most 2³² and cannot overflow.
        let scalars = Model.parameterShapes(self).reduce(0) { $0 + $1.rows * $1.columns }
        try check(
            scalars <= Self.maximumScalars, "model settings",
            "make \(scalars) parameters, more than the limit of \(Self.maximumScalars)")
    }
}
