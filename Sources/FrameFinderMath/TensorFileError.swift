/// Why a tensor file (NumPy `.npy` or safetensors) could not be read or written.
public struct TensorFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file concerned.
    public let path: String
    /// What is wrong with it, in a few words a user can act on.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
