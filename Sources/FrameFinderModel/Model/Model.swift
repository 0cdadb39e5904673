import FrameFinderAttention
import FrameFinderMath

/// FrameFinder's model: per-token encoders for each modality and one cross-attention from
/// a clip's tokens (queries) to a video's frames (keys and values).
///
/// A clip's tokens `X_a` and the frames' tokens `X_f` flow as
/// ```
/// E_a = encoder_a((X_a − μ_a) / σ_a)          per audio token
/// S   = pool(E_a) or E_a                       optional attention pooling, P fixed & learned
/// E_f = encoder_f((X_f − μ_f) / σ_f)          per frame
/// Q = S · W_Q,  K = E_f · W_K,  V = E_f · W_V   the cross-attention's projections
/// A = softmax(Q · Kᵀ / √d),  V' = A · V        which frames the sound is about
/// ```
/// and each frame's score is a function of the attention weights (see `Model+Scoring`).
/// The statistics `μ, σ` are measured on the training data; every other tensor is learned.
public struct Model: Sendable, Equatable {
    /// The architecture and the feature recipe.
    public let settings: ModelSettings
    /// Every tensor of the model, by name.
    public var parameters: ParameterSet

    /// A model with fresh weights drawn from a seeded generator and neutral statistics.
    public init(settings: ModelSettings, seed: UInt64) throws(ModelError) {
        try settings.validate()
        self.settings = settings
        var generator = SeededGenerator(seed: seed)
        var p = ParameterSet()
        p[Name.audioMean] = Matrix(rows: 1, columns: settings.audioTokenWidth)
        p[Name.audioStd] = Matrix(rows: 1, columns: settings.audioTokenWidth, repeating: 1)
        p[Name.frameMean] = Matrix(rows: 1, columns: settings.frameTokenWidth)
        p[Name.frameStd] = Matrix(rows: 1, columns: settings.frameTokenWidth, repeating: 1)
        Self.audioEncoder(settings).initialize(into: &p, using: &generator)
        Self.frameEncoder(settings).initialize(into: &p, using: &generator)
        let e = settings.embedding
        if settings.poolingQueries > 0 {
            p[Name.poolQuery] = Matrix(rows: settings.poolingQueries, columns: e, uniformIn: -1...1, using: &generator)
            p[Name.poolQueryProjection] = .glorotUniform(rows: e, columns: e, using: &generator)
            p[Name.poolKeyProjection] = .glorotUniform(rows: e, columns: e, using: &generator)
            p[Name.poolValueProjection] = .glorotUniform(rows: e, columns: e, using: &generator)
        }
        p[Name.crossQueryProjection] = .glorotUniform(rows: e, columns: settings.dimension, using: &generator)
        p[Name.crossKeyProjection] = .glorotUniform(rows: e, columns: settings.dimension, using: &generator)
        p[Name.crossValueProjection] = .glorotUniform(rows: e, columns: settings.valueDimension, using: &generator)
        parameters = p
    }

    /// A model from its settings and tensors, checking that every tensor is there with its
    /// shape, finite, and that the standard deviations are positive.
    ///
    /// The settings are checked against `ModelSettings.validate()`'s limits and the tensors
    /// against `parameterShapes(_:)` before anything is allocated from the settings, so a
    /// file claiming huge sizes is refused without building anything of that size.
    public init(settings: ModelSettings, parameters: ParameterSet) throws(ModelError) {
        try settings.validate()
        for (name, rows, columns) in Self.parameterShapes(settings) {
            guard parameters.contains(name) else { throw .invalidTensor(name: name, reason: "is missing") }
            let actual = parameters[name]
            guard rows == actual.rows && columns == actual.columns else {
                let shapes = "\(actual.rows)x\(actual.columns), expected \(rows)x\(columns)"
                throw .invalidTensor(name: name, reason: "is " + shapes)
            }
            guard actual.isFinite else { throw .invalidTensor(name: name, reason: "holds NaN or infinity") }
        }
        for name in [Name.audioStd, Name.frameStd] where !parameters[name].elements.allSatisfy({ $0 > 0 }) {
            throw .invalidTensor(name: name, reason: "holds a standard deviation that is not positive")
        }
        self.settings = settings
        self.parameters = parameters
    }

    /// The name and shape of every tensor a model of `settings` holds, in the order
    /// `init(settings:seed:)` adds them; computed from the numbers alone, nothing allocated.
    static func parameterShapes(_ s: ModelSettings) -> [(name: String, rows: Int, columns: Int)] {
        var shapes: [(name: String, rows: Int, columns: Int)] = [
            (Name.audioMean, 1, s.audioTokenWidth), (Name.audioStd, 1, s.audioTokenWidth),
            (Name.frameMean, 1, s.frameTokenWidth), (Name.frameStd, 1, s.frameTokenWidth),
        ]
        shapes += audioEncoder(s).parameterShapes + frameEncoder(s).parameterShapes
        let e = s.embedding
        if s.poolingQueries > 0 {
            shapes += [
                (Name.poolQuery, s.poolingQueries, e), (Name.poolQueryProjection, e, e),
                (Name.poolKeyProjection, e, e), (Name.poolValueProjection, e, e),
            ]
        }
        shapes += [
            (Name.crossQueryProjection, e, s.dimension), (Name.crossKeyProjection, e, s.dimension),
            (Name.crossValueProjection, e, s.valueDimension),
        ]
        return shapes
    }

    /// The names of the tensors that training changes (all but the normalisation statistics).
    public var trainableNames: [String] {
        parameters.names.filter { !Name.statistics.contains($0) }
    }

    // MARK: - Parts

    static func audioEncoder(_ s: ModelSettings) -> Encoder {
        Encoder(prefix: Name.audioEncoder, inputs: s.audioTokenWidth, hidden: s.hidden, outputs: s.embedding)
    }

    static func frameEncoder(_ s: ModelSettings) -> Encoder {
        Encoder(prefix: Name.frameEncoder, inputs: s.frameTokenWidth, hidden: s.hidden, outputs: s.embedding)
    }

    /// The attention that pools a clip's tokens: learned queries over the clip's tokens.
    var pooling: Attention? {
        guard settings.poolingQueries > 0 else { return nil }
        return Attention(
            queryProjection: parameters[Name.poolQueryProjection],
            keyProjection: parameters[Name.poolKeyProjection],
            valueProjection: parameters[Name.poolValueProjection])
    }

    /// The cross-attention from the clip's tokens to the frames.
    var crossAttention: Attention {
        Attention(
            queryProjection: parameters[Name.crossQueryProjection],
            keyProjection: parameters[Name.crossKeyProjection],
            valueProjection: parameters[Name.crossValueProjection], heads: settings.heads)
    }

    // MARK: - Normalisation statistics

    /// Sets `μ` and `σ` of each modality to the column means and standard deviations of
    /// training tokens (σ floored at 1e-3 so constant features do not divide by zero).
    public mutating func fitNormalization(audioTokens: Matrix, frameTokens: Matrix) {
        (parameters[Name.audioMean], parameters[Name.audioStd]) = Self.statistics(of: audioTokens)
        (parameters[Name.frameMean], parameters[Name.frameStd]) = Self.statistics(of: frameTokens)
    }

    static func statistics(of tokens: Matrix) -> (mean: Matrix, std: Matrix) {
        let n = Float(max(tokens.rows, 1))
        let mean = tokens.columnSums.map { $0 / n }
        var variance = [Float](repeating: 0, count: tokens.columns)
        for r in 0..<tokens.rows {
            for c in 0..<tokens.columns {
                let d = tokens[r, c] - mean[c]
                variance[c] += d * d
            }
        }
        let std = variance.map { max(($0 / n).squareRoot(), 1e-3) }
        return (
            Matrix(rows: 1, columns: mean.count, elements: mean), Matrix(rows: 1, columns: std.count, elements: std)
        )
    }

    /// `(x − μ) / σ` for every row.
    static func standardize(_ x: Matrix, mean: Matrix, std: Matrix) -> Matrix {
        var result = x
        let c = x.columns
        result.elements.withUnsafeMutableBufferPointer { r in
            for i in 0..<x.rows {
                for j in 0..<c { r[i * c + j] = (r[i * c + j] - mean.elements[j]) / std.elements[j] }
            }
        }
        return result
    }
}
