import Foundation

extension Model {
    /// The name commands report for the model that ships with the package.
    public static let defaultName = "default"

    /// Where the default model lives: the package resource `Resources/default.safetensors`.
    ///
    /// The copied `Resources` folder is the bundle's resource folder itself on Linux and a
    /// folder inside it on Apple platforms, so both places are looked at.
    public static var defaultURL: URL? {
        guard let resources = Bundle.module.resourceURL else { return nil }
        let candidates = [
            resources.appendingPathComponent("Resources/default.safetensors"),
            resources.appendingPathComponent("default.safetensors"),
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) } ?? candidates[0]
    }

    /// The model file at `path`, or the default model (`default`) when `path` is nil.
    ///
    /// - Throws: `ModelError.invalidFile` naming the file (or the default model) and the problem.
    public static func named(_ path: String?) throws(ModelError) -> Model {
        if let path { try Model(contentsOf: URL(fileURLWithPath: path)) } else { try Model.default }
    }

    /// The model that ships inside the package, used when no model file is chosen.
    ///
    /// - Throws: `ModelError.invalidFile` when the resource is missing (a build without the
    ///   trained model) or unreadable.
    public static var `default`: Model {
        get throws(ModelError) {
            guard let url = defaultURL, FileManager.default.fileExists(atPath: url.path) else {
                let folder = Bundle.module.resourceURL?.path ?? "the package resources"
                throw .invalidFile(
                    path: defaultName + " model",
                    reason: "missing from this build (no default.safetensors in \(folder))")
            }
            return try Model(contentsOf: url)
        }
    }
}
