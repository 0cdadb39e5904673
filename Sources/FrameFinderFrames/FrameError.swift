import FrameFinderMath

/// Why a frame, a directory of frames or a PNG file could not be read or written.
///
/// Its description is one line, `path: reason` (`PathError`), fit for stderr.
public struct FrameError: PathError, Equatable {
    /// The kinds of failure, for callers that react differently to each.
    public enum Kind: Sendable, Equatable {
        /// The file or directory could not be opened or read.
        case unreadable
        /// The file is not a PNG (empty, or the signature is wrong).
        case notPNG
        /// libpng rejected the data (bad CRC, bad zlib stream, truncated, bad header, ...).
        case corrupt
        /// width × height exceeds the pixel limit; nothing was allocated.
        case tooLarge
        /// A directory holds no readable PNG frame, or does not exist.
        case noFrames
        /// A PNG file could not be written.
        case writeFailed
    }

    /// The file or directory concerned.
    public let path: String
    /// What kind of failure this is.
    public let kind: Kind
    /// What is wrong, in a few words a user can act on.
    public let reason: String

    /// Creates an error about `path`.
    public init(path: String, kind: Kind, reason: String) {
        self.path = path
        self.kind = kind
        self.reason = reason
    }

    public var problem: String { reason }
}
