extension Model {
    typealias Name = TensorName

    /// The names of a model's tensors: the keys of its `ParameterSet` and of its safetensors file.
    public enum TensorName {
        /// `μ_a`, `σ_a` and `μ_f`, `σ_f`: the audio and frame tokens' normalisation statistics.
        public static let audioMean = "audio.mean", audioStd = "audio.std"
        public static let frameMean = "frames.mean", frameStd = "frames.std"
        /// The prefixes of the two per-token encoders' tensors (see `EncoderPart`).
        public static let audioEncoder = "audio.encoder", frameEncoder = "frames.encoder"
        /// `P` and the projections of the attention pooling.
        public static let poolQuery = "pool.query"
        public static let poolQueryProjection = "pool.wq", poolKeyProjection = "pool.wk",
            poolValueProjection = "pool.wv"
        /// `W_Q`, `W_K`, `W_V` of the cross-attention.
        public static let crossQueryProjection = "cross.wq", crossKeyProjection = "cross.wk",
            crossValueProjection = "cross.wv"

        /// The normalisation statistics: measured on data, never trained.
        public static let statistics: Set<String> = [audioMean, audioStd, frameMean, frameStd]

        /// The tensors of one encoder, each named `prefix.part` (`audio.encoder.fc1.weight`).
        public enum EncoderPart: String, Sendable, CaseIterable {
            /// LayerNorm's `γ`.
            case normGain = "norm.gain"
            /// LayerNorm's `β`.
            case normBias = "norm.bias"
            /// `W₁`: the first (or only) layer's weights.
            case firstWeight = "fc1.weight"
            /// `b₁`: the first layer's bias.
            case firstBias = "fc1.bias"
            /// `W₂`: the second layer's weights (with a hidden width).
            case secondWeight = "fc2.weight"
            /// `b₂`: the second layer's bias.
            case secondBias = "fc2.bias"
        }
    }
}
