/// A failure tied to one file or one named input: where it is, and what is wrong with it.
///
/// Every error FrameFinder's library throws has this shape, so a caller shows any of them the
/// same way: the description is one line, `path: problem`, which the CLI prints on standard
/// error as it is. `path` names a file or folder, or an input that has no file (`standard
/// output`, a model setting's key, the text of an option's value).
public protocol PathError: Error, Sendable, CustomStringConvertible {
    /// The file, folder or named input concerned.
    var path: String { get }
    /// What is wrong with it, in a few words a user can act on (never a command-line flag:
    /// the library does not know how it was called).
    var problem: String { get }
}

extension PathError {
    /// `path: problem`, on one line.
    public var description: String { "\(path): \(problem)" }
}

/// The plain `PathError`: a path and the problem in words.
///
/// Modules whose callers react differently to kinds of failure throw their own `PathError`
/// (`AudioError` with its `Reason`, `FrameError` with its `Kind`); the rest throw this.
public struct FileError: PathError, Equatable {
    /// The file, folder or named input concerned.
    public let path: String
    /// What is wrong with it.
    public let reason: String

    /// Creates an error about `path`.
    public init(path: String, reason: String) { (self.path, self.reason) = (path, reason) }

    public var problem: String { reason }
}

extension Error {
    /// What is wrong, without the path: a `PathError`'s `problem`, any other error's
    /// description. For wrapping an inner failure into an error about another path.
    public var problemText: String { (self as? any PathError)?.problem ?? "\(self)" }
}
