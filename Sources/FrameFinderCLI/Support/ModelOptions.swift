import ArgumentParser
import Foundation
import FrameFinder

/// The `--model` option of the commands that run a model.
struct ModelOptions: ParsableArguments {
    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A model file (safetensors) made by `framefinder train`; the default model ships with FrameFinder.",
            valueName: "file"))
    var path: String?

    /// The chosen model, loaded once with its recipe and identity; a build without the default
    /// model says how to choose another.
    func retriever() throws -> Retriever {
        do {
            return try Retriever(modelAt: path)
        } catch {
            let shipped = Model.defaultURL.map { FileManager.default.fileExists(atPath: $0.path) } ?? false
            guard path == nil, !shipped else { throw error }
            throw FileError(path: error.path, reason: error.problem + "; pass --model FILE")
        }
    }
}
