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
            /// LayerNorm's `γ`, `β`.
            case normGain = "norm.gain", normBias = "norm.bias"
            /// `W₁`, `b₁`: the first (or only) layer.
            case firstWeight = "fc1.weight", firstBias = "fc1.bias"
            /// `W₂`, `b₂`: the second layer, with a hidden width.
            case secondWeight = "fc2.weight", secondBias = "fc2.bias"
        }
    }
}
