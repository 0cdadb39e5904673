import FrameFinderFrames

/// Why a picture could not be made or written.
///
/// Its description is one line, fit for stderr.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A frame could not be read, or the picture could not be written (the file is named).
    case frame(FrameError)
    /// The input holds nothing to draw, or its parts disagree; the reason says how.
    case invalidInput(String)

    public var description: String {
        switch self {
        case .frame(let error): error.description
        case .invalidInput(let reason): reason
        }
    }
}
