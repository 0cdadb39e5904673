import FrameFinderMath

/// Why an audio file or a block of samples could not be turned into features.
///
/// The description is one line, `path: reason` (`PathError`), ready for stderr: the CLI prints it as is.
/// Every failure of the audio front-end (decoding, resampling, analysis) arrives as this type,
/// never as a crash or a NaN.
public struct AudioError: PathError, Equatable {
    /// What went wrong, with the numbers a user needs to act on it.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// Nothing exists at the path.
        case fileNotFound
        /// The path names a directory, not a file.
        case isDirectory
        /// The file holds no bytes at all.
        case emptyFile
        /// libsndfile refused the file; the payload is its message.
        case unreadable(String)
        /// The header declares a channel count outside `1...AudioClip.maximumChannels`.
        case invalidChannelCount(Int)
        /// The header declares a sample rate outside `1...AudioClip.maximumSampleRate`.
        case invalidSampleRate(Int)
        /// The header promises far more audio than the file holds (a corrupt or placeholder size).
        case implausibleLength(claimed: Int64, present: Int64)
        /// A decoded sample is NaN or infinite; `frame` is its index in the file.
        case nonFiniteSample(frame: Int)
        /// After resampling, the clip is shorter than one analysis window.
        case tooShort(samples: Int, needed: Int)
        /// libsoxr refused to resample; the payload is its message.
        case resampler(String)
        /// Samples so large that the power spectrum overflows float32.
        case featuresOverflow
        /// In-memory samples whose count is not a multiple of their channel count.
        case incompleteFrame(samples: Int, channels: Int)
        /// No frame of the clip is louder than the sound detection's threshold (dBFS).
        case noSound(thresholdDBFS: Double)
        /// A source longer than `AudioClip.maximumDuration` seconds.
        case tooLong(seconds: Double)

        /// The reason in a few words, with its numbers.
        public var description: String {
            switch self {
            case .fileNotFound: "no such file"
            case .isDirectory: "is a directory, not an audio file"
            case .emptyFile: "file is empty (0 bytes)"
            case .unreadable(let message): "not a readable audio file (\(message))"
            case .invalidChannelCount(let n): "header declares \(n) channels"
            case .invalidSampleRate(let rate): "header declares a sample rate of \(rate) Hz"
            case .implausibleLength(let claimed, let present):
                "header claims \(claimed) bytes or frames of audio but the file holds \(present): corrupt header"
            case .nonFiniteSample(let frame): "sample frame \(frame) is NaN or infinite"
            case .tooShort(let samples, let needed):
                "clip is too short: \(samples) samples at the analysis rate, one analysis window needs \(needed)"
            case .resampler(let message): "resampling failed (\(message))"
            case .featuresOverflow: "samples are too large to analyse (the power spectrum overflows float32)"
            case .incompleteFrame(let samples, let channels):
                "\(samples) interleaved samples do not fill whole frames of \(channels) channels"
            case .noSound(let threshold): "no sound above \(Int(threshold.rounded(.down))) dBFS"
            case .tooLong(let seconds):
                "lasts \(String(format: "%.0f", seconds)) s or more, longer than the "
                    + "\(String(format: "%.0f", AudioClip.maximumDuration)) s (2 hours) FrameFinder reads"
            }
        }
    }

    /// The file concerned (or the name given to in-memory samples).
    public let path: String
    /// What is wrong with it.
    public let reason: Reason

    /// Creates an error about `path`.
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var problem: String { reason.description }
}

/// Something unusual but not fatal about a clip, returned beside its features.
public struct AudioWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file concerned (or the name given to in-memory samples).
    public let path: String
    /// What is unusual, in a few words.
    public let message: String

    /// Creates a warning about `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`, on one line.
    public var description: String { "\(path): \(message)" }
}
