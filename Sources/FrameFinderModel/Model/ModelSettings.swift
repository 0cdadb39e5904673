/// The shape of a model and everything needed to reproduce its inputs.
///
/// Stored as strings in the `__metadata__` of the model's safetensors file, so a model file
/// carries its own feature recipe: audio feature and token settings, frame descriptor
/// settings, and the widths and score of the attention model.
public struct ModelSettings: Sendable, Equatable {
    /// The model file format this code writes; files of another version are refused.
    public static let formatVersion = 1

    /// The audio front-end's settings (feature kind, mel and token parameters), as strings.
    public var audioFeatures: [String: String]
    /// The frame front-end's settings (frame size, descriptor kinds), as strings.
    public var frameDescriptors: [String: String]
    /// The width of one audio (query) token.
    public var audioTokenWidth: Int
    /// The width of one frame (key/value) token.
    public var frameTokenWidth: Int
    /// The hidden width of both per-token encoders; 0 makes them linear.
    public var hidden: Int
    /// The width of the encoded tokens, before the attention projections.
    public var embedding: Int
    /// `d`: the width of queries and keys.
    public var dimension: Int
    /// `d_v`: the width of values.
    public var valueDimension: Int
    /// The number of attention heads of the cross-attention.
    public var heads: Int
    /// The number of learned constant queries that pool a clip's tokens (attention pooling);
    /// 0 lets every clip token query the frames itself.
    public var poolingQueries: Int
    /// `λ`: the share of the score given by the attended picture `V'` (see `Model+Scoring`).
    public var attendedShare: Float

    public init(
        audioFeatures: [String: String] = [:], frameDescriptors: [String: String] = [:],
        audioTokenWidth: Int, frameTokenWidth: Int, hidden: Int = 256, embedding: Int = 64,
        dimension: Int = 64, valueDimension: Int = 64, heads: Int = 1, poolingQueries: Int = 0,
        attendedShare: Float = 0.5
    ) {
        self.audioFeatures = audioFeatures
        self.frameDescriptors = frameDescriptors
        self.audioTokenWidth = audioTokenWidth
        self.frameTokenWidth = frameTokenWidth
        self.hidden = hidden
        self.embedding = embedding
        self.dimension = dimension
        self.valueDimension = valueDimension
        self.heads = heads
        self.poolingQueries = poolingQueries
        self.attendedShare = attendedShare
    }

    /// The largest width (token, hidden, embedding, attention) a model may have: 65,536.
    public static let maximumWidth = 1 << 16
    /// The most attention-pooling queries or heads a model may have: 4,096.
    public static let maximumCount = 1 << 12
    /// The most scalars a model may hold: 2²⁸ (1 GiB of F32).
    public static let maximumScalars = 1 << 28

    /// Why a model's settings are unusable.
    ///
    /// Besides consistency, every width and count must lie within `maximumWidth` and
    /// `maximumCount` and the model within `maximumScalars`, so settings read from an
    /// untrusted file never make anything allocate or overflow.
    public func validate() throws(ModelError) {
        func check(_ ok: Bool, _ reason: String) throws(ModelError) {
            if !ok { throw ModelError.invalidSettings(reason) }
        }
        try check(audioTokenWidth > 0 && frameTokenWidth > 0, "token widths must be positive")
        try check(hidden >= 0 && embedding > 0, "encoder widths must be positive")
        let widths = [("audio_token_width", audioTokenWidth), ("frame_token_width", frameTokenWidth), ("hidden", hidden),
                      ("embedding", embedding), ("dimension", dimension), ("value_dimension", valueDimension)]
        for (name, width) in widths {
            try check(width <= Self.maximumWidth, "model.\(name) \(width) exceeds the limit of \(Self.maximumWidth)")
        }
        for (name, count) in [("heads", heads), ("pooling_queries", poolingQueries)] {
            try check(count <= Self.maximumCount, "model.\(name) \(count) exceeds the limit of \(Self.maximumCount)")
        }
        try check(heads >= 1, "heads must be at least 1")
        try check(dimension > 0 && dimension % heads == 0, "heads (\(heads)) must divide dimension (\(dimension))")
        try check(valueDimension > 0 && valueDimension % heads == 0,
                  "heads (\(heads)) must divide the value dimension (\(valueDimension))")
        try check(poolingQueries >= 0, "pooling queries must not be negative")
        try check(attendedShare >= 0 && attendedShare <= 1, "the attended share must lie in [0, 1]")
        // Every width is at most 2¹⁶, so each product below is at most 2³² and cannot overflow.
        let scalars = Model.parameterShapes(self).reduce(0) { $0 + $1.rows * $1.columns }
        try check(scalars <= Self.maximumScalars, "the settings make \(scalars) parameters, more than the limit of \(Self.maximumScalars)")
    }
}

// MARK: - Metadata

extension ModelSettings {
    /// The settings as safetensors metadata; feature settings keep their own keys under
    /// `audio.` and `frames.` prefixes.
    public var metadata: [String: String] {
        var result: [String: String] = [
            "format": "framefinder-model",
            "format_version": String(Self.formatVersion),
            "model.audio_token_width": String(audioTokenWidth),
            "model.frame_token_width": String(frameTokenWidth),
            "model.hidden": String(hidden),
            "model.embedding": String(embedding),
            "model.dimension": String(dimension),
            "model.value_dimension": String(valueDimension),
            "model.heads": String(heads),
            "model.pooling_queries": String(poolingQueries),
            "model.attended_share": String(attendedShare),
        ]
        for (key, value) in audioFeatures { result["audio.\(key)"] = value }
        for (key, value) in frameDescriptors { result["frames.\(key)"] = value }
        return result
    }

    /// Reads settings back from safetensors metadata.
    ///
    /// - Throws: `ModelError` when the file is not a FrameFinder model of this format
    ///   version, or a setting is missing or malformed.
    public init(metadata: [String: String]) throws(ModelError) {
        guard metadata["format"] == "framefinder-model" else {
            throw .invalidSettings("not a FrameFinder model (metadata lacks format=framefinder-model)")
        }
        guard metadata["format_version"] == String(Self.formatVersion) else {
            throw .invalidSettings("model format version \(metadata["format_version"] ?? "none") is not \(Self.formatVersion)")
        }
        func integer(_ key: String) throws(ModelError) -> Int {
            guard let text = metadata["model.\(key)"], let value = Int(text) else {
                throw .invalidSettings("metadata model.\(key) is missing or not an integer")
            }
            return value
        }
        guard let shareText = metadata["model.attended_share"], let share = Float(shareText) else {
            throw .invalidSettings("metadata model.attended_share is missing or not a number")
        }
        func section(_ prefix: String) -> [String: String] {
            var result: [String: String] = [:]
            for (key, value) in metadata where key.hasPrefix(prefix) {
                result[String(key.dropFirst(prefix.count))] = value
            }
            return result
        }
        self.init(
            audioFeatures: section("audio."), frameDescriptors: section("frames."),
            audioTokenWidth: try integer("audio_token_width"), frameTokenWidth: try integer("frame_token_width"),
            hidden: try integer("hidden"), embedding: try integer("embedding"),
            dimension: try integer("dimension"), valueDimension: try integer("value_dimension"),
            heads: try integer("heads"), poolingQueries: try integer("pooling_queries"),
            attendedShare: share
        )
        try validate()
    }
}
