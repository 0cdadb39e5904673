import ArgumentParser
import FrameFinder

/// The `--model` option of the commands that run a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "A model file (safetensors) made by `framefinder train`; the default model ships with FrameFinder.",
        valueName: "file"))
    var path: String?

    /// The chosen model, loaded once with its recipe and identity.
    func retriever() throws -> Retriever { try Retriever(modelAt: path) }
}
