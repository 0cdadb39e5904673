import ArgumentParser
import Foundation
import FrameFinder

/// The `--model` option of the commands that run a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp(
        "A model file (safetensors) made by `framefinder train`; the default model ships with FrameFinder.",
        valueName: "file"))
    var path: String?

    /// The name results report: the path as given, or `default`.
    var name: String { path ?? Model.defaultName }

    /// Loads the chosen model.
    func load() throws(ModelError) -> Model {
        guard let path else { return try Model.default }
        return try Model(contentsOf: URL(fileURLWithPath: path))
    }
}

/// The model a command runs, loaded once, with its feature recipe.
struct LoadedModel: Sendable {
    let model: Model
    let name: String
    let recipe: FeatureRecipe

    init(_ options: ModelOptions) throws {
        model = try options.load()
        name = options.name
        do { recipe = try FeatureRecipe(settings: model.settings) } catch {
            throw ModelError.invalidFile(path: name, reason: "\(error)")
        }
    }
}
