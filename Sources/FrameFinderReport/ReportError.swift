import FrameFinderFrames
import FrameFinderMath

/// Why a picture could not be made or written.
///
/// A `PathError`: its description is one line, `path: problem`, fit for stderr.
public enum ReportError: PathError, Equatable {
    /// A frame could not be read, or the picture could not be written (the file is named).
    case frame(FrameError)
    /// The input holds nothing to draw, or its parts disagree; the reason says how.
    case invalidInput(String)

    /// The frame or picture file concerned; `picture` for input that holds nothing to draw.
    public var path: String {
        switch self {
        case .frame(let error): error.path
        case .invalidInput: "picture"
        }
    }

    public var problem: String {
        switch self {
        case .frame(let error): error.problem
        case .invalidInput(let reason): reason
        }
    }
}
