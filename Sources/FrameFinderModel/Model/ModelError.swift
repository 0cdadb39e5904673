/// Why a model could not be built, loaded, saved or applied.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings are inconsistent or unreadable.
    case invalidSettings(String)
    /// The model file at `path` is unusable, for `reason`.
    case invalidFile(path: String, reason: String)
    /// Tokens of the wrong width were given to the model.
    case tokenWidth(kind: String, expected: Int, actual: Int)

    public var description: String {
        switch self {
        case .invalidSettings(let reason): "invalid model settings: \(reason)"
        case .invalidFile(let path, let reason): "\(path): \(reason)"
        case .tokenWidth(let kind, let expected, let actual):
            "\(kind) tokens are \(actual) wide but the model expects \(expected)"
        }
    }
}
