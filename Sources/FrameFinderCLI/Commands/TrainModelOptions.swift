import ArgumentParser
import FrameFinder

/// `train`'s model: the architecture of a fresh model (not with `--init`).
struct TrainModelOptions: ParsableArguments {
    @Option(help: "d: the width of queries and keys (default: 64).") var dim: Int?
    @Option(help: "d_v: the width of values (defaults to --dim).") var valueDim: Int?
    @Option(help: "Attention heads (dividing --dim; default: 1).") var heads: Int?
    @Option(help: "Hidden width of the per-token encoders (0: linear encoders; default: 256).") var hidden: Int?
    @Option(help: "Width of the encoded tokens (default: 64).") var embedding: Int?
    @Option(help: "Learned queries that pool a clip's tokens (0: every token queries the frames; default: 0).")
    var pooling: Int?
    @Option(help: "Share of the score given by the attended picture V' (0...1; default: 0.5).")
    var attendedShare: Float?

    /// The flags given (they conflict with `--init`).
    var given: [String] {
        [
            ("--dim", dim != nil), ("--value-dim", valueDim != nil), ("--heads", heads != nil),
            ("--hidden", hidden != nil), ("--embedding", embedding != nil), ("--pooling", pooling != nil),
            ("--attended-share", attendedShare != nil),
        ].filter(\.1).map(\.0)
    }

    /// The architecture the flags describe, `ModelArchitecture`'s defaults for the others.
    var architecture: ModelArchitecture {
        ModelArchitecture(
            hidden: hidden, embedding: embedding, dimension: dim, valueDimension: valueDim, heads: heads,
            poolingQueries: pooling, attendedShare: attendedShare)
    }
}
