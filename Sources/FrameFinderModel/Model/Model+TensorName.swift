extension Model {
    typealias Name = TensorName

    /// The names of a model's tensors: the keys of its `ParameterSet` and of its safetensors file.
    public enum TensorName {
        /// `μ_a`, `σ_a`: the audio tokens' normalisation statistics.
        public static let audioMean = "audio.mean"
        public static let audioStd = "audio.std"
        /// `μ_f`, `σ_f`: the frame tokens' normalisation statistics.
        public static let frameMean = "frames.mean"
        public static let frameStd = "frames.std"
        /// The prefixes of the two per-token encoders' tensors (see `EncoderPart`).
        public static let audioEncoder = "audio.encoder"
        public static let frameEncoder = "frames.encoder"
        /// `P` and the projections of the attention pooling.
        public static let poolQuery = "pool.query"
        public static let poolQueryProjection = "pool.wq"
        public static let poolKeyProjection = "pool.wk"
        public static let poolValueProjection = "pool.wv"
        /// `W_Q`, `W_K`, `W_V` of the cross-attention.
        public static let crossQueryProjection = "cross.wq"
        public static let crossKeyProjection = "cross.wk"
        public static let crossValueProjection = "cross.wv"

        /// The normalisation statistics: measured on data, never trained.
        public static let statistics: Set<String> = [audioMean, audioStd, frameMean, frameStd]

        /// The tensors of one encoder, each named `prefix.part` (`audio.encoder.fc1.weight`).
        public enum EncoderPart: String, Sendable, CaseIterable {
            case normGain = "norm.gain"
            case normBias = "norm.bias"
            case firstWeight = "fc1.weight"
            case firstBias = "fc1.bias"
            case secondWeight = "fc2.weight"
            case secondBias = "fc2.bias"
        }
    }
}
