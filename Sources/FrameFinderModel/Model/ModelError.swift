import FrameFinderMath

/// Why a model could not be built, loaded, saved or applied: one line, `path: problem`.
///
/// `path` is the model file when it is known, otherwise what is at fault: a setting's metadata
/// key (`model.heads`, `audio.n_fft`), a tensor, or the tokens given to the model.
public enum ModelError: PathError, Equatable {
    /// The model file (or named model) at `path` is unusable, for `reason`.
    case invalidFile(path: String, reason: String)
    /// The setting stored under metadata key `key` is missing, malformed or out of range.
    case invalidSetting(key: String, reason: String)
    /// The tensor `name` is missing, misshapen or holds unusable values.
    case invalidTensor(name: String, reason: String)
    /// Tokens of the wrong width were given to the model.
    case tokenWidth(kind: String, expected: Int, actual: Int)
    /// A clip without tokens was given to the model.
    case noClipTokens

    public var path: String {
        switch self {
        case .invalidFile(let path, _): path
        case .invalidSetting(let key, _): key
        case .invalidTensor(let name, _): "tensor \(name)"
        case .tokenWidth(let kind, _, _): "\(kind) tokens"
        case .noClipTokens: "audio tokens"
        }
    }

    public var problem: String {
        switch self {
        case .invalidFile(_, let reason), .invalidSetting(_, let reason), .invalidTensor(_, let reason): reason
        case .tokenWidth(_, let expected, let actual): "are \(actual) wide but the model expects \(expected)"
        case .noClipTokens: "none given (a clip needs at least one token)"
        }
    }

    /// The error about a setting (its metadata key names it), from a front-end's settings check.
    init(setting error: FileError) {
        self = .invalidSetting(key: error.path, reason: error.reason)
    }

    /// The same problem told about the model file at `file`: `file: what problem`.
    public func located(in file: String) -> ModelError {
        if case .invalidFile = self { return self }
        return .invalidFile(path: file, reason: "\(path) \(problem)")
    }
}
