import Foundation

extension Model {
    /// The name commands report for the model that ships with the package.
    public static let defaultName = "default"

    /// Where the default model lives: the package resource `Resources/default.safetensors`.
    public static var defaultURL: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Resources/default.safetensors")
    }

    /// The model that ships inside the package, used when no `--model` is given.
    ///
    /// - Throws: `ModelError.invalidFile` when the resource is missing (a build without the
    ///   trained model) or unreadable.
    public static func loadDefault() throws(ModelError) -> Model {
        guard let url = defaultURL, FileManager.default.fileExists(atPath: url.path) else {
            throw .invalidFile(
                path: defaultURL?.path ?? "Resources/default.safetensors",
                reason: "the default model is missing from this build; pass --model FILE")
        }
        return try Model(contentsOf: url)
    }
}
