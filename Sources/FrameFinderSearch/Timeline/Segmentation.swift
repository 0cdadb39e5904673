import FrameFinderAudio
import FrameFinderMath
import FrameFinderModel

/// How a recording is cut into the moments that query the frames: the rows of `Q`.
///
/// - `whole`: the recording is one query, as a clip always was.
/// - `sound(maximumLength:)`: one segment per sound. The sound is found as
///   `SoundDetection` finds it (librosa's relative rule, the absolute floor, the background
///   rule), with intervals closer than `mergeGap` seconds joined into one (a pause shorter
///   than that, such as a stop consonant's closure, stays inside a word) and runs shorter than
///   `minimumLength` seconds dropped (a click is not a word: the 50 ms level window makes a
///   click of a few milliseconds about 0.06 s long, and the shortest spoken digits last 0.15 s
///   or more). A sound longer than
///   `maximumLength` seconds is split into `⌈length / maximumLength⌉` equal pieces. When this
///   finds fewer than two segments, the recording is queried whole (`whole`), so a clip of one
///   word ranks exactly as it always did.
/// - `window(length:hop:)`: windows of `length` seconds every `hop` seconds,
///   `[k·hop, min(k·hop + length, end))` for `k = 0 ..< max(1, ⌈(end − length) / hop⌉ + 1)`,
///   so the last window reaches the recording's end; windows holding no detected sound are left
///   out (a clip without sound is refused, never ranked).
///
/// Every segment is then encoded as a clip is: when the model cuts clips to their sound
/// (`AudioFeatureSettings.sound`), the segment with up to `context` seconds on each side (never
/// past the neighbouring segments) is taken as a clip a person would have cut out, and cut to
/// its sound by the model's own detection, relative to that clip's own peak (as the word
/// queried alone would be: a quiet word's soft edges are not lost to a louder word elsewhere
/// in the recording); its features are those of a clip holding only its frames
/// (`AudioFeatures.tokens(frames:)`).
public enum Segmentation: Sendable, Equatable, CustomStringConvertible {
    case whole
    case sound(maximumLength: Double)
    case window(length: Double, hop: Double)

    /// The default: one segment per sound (`sound`, pieces of at most `defaultMaximumLength` s).
    public static let `default` = Segmentation.sound(maximumLength: defaultMaximumLength)
    /// The longest sound segment, in seconds: a few spoken words.
    public static let defaultMaximumLength = 2.0
    /// Sounds closer than this many seconds are one segment.
    public static let mergeGap = 0.1
    /// Sounds shorter than this many seconds are not segments.
    public static let minimumLength = 0.12
    /// Seconds of the recording around a segment that it is cut from, as a clip is.
    public static let context = 0.5

    /// Parses `whole`, `sound`, `sound:MAX`, `window:LEN` or `window:LEN,HOP` (seconds).
    ///
    /// - Throws: `SegmentationError` saying what is wrong with the text.
    public init(parsing text: String) throws(SegmentationError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        func seconds(_ value: Substring) throws(SegmentationError) -> Double {
            guard let x = Double(value), x.isFinite, x > 0 else {
                throw SegmentationError(text: text, reason: "'\(value)' is not a positive number of seconds")
            }
            return x
        }
        switch (parts.first ?? "", parts.count) {
        case ("whole", 1): self = .whole
        case ("sound", 1): self = .default
        case ("sound", 2): self = .sound(maximumLength: try seconds(Substring(parts[1])))
        case ("window", 2):
            let numbers = parts[1].split(separator: ",", omittingEmptySubsequences: false)
            guard numbers.count <= 2 else {
                throw SegmentationError(text: text, reason: "give window:LEN or window:LEN,HOP")
            }
            let length = try seconds(numbers[0])
            self = .window(length: length, hop: numbers.count == 2 ? try seconds(numbers[1]) : length)
        default:
            throw SegmentationError(
                text: text, reason: "expected whole, sound, sound:MAX, window:LEN or window:LEN,HOP")
        }
    }

    public var description: String {
        switch self {
        case .whole: "whole"
        case .sound(let maximum): "sound:\(maximum)"
        case .window(let length, let hop): "window:\(length),\(hop)"
        }
    }

    /// The sound detection segments are found with: the model's (or the default one), its
    /// intervals merged across gaps shorter than `mergeGap` instead of its own.
    public static func detection(for settings: AudioFeatureSettings) -> SoundDetection {
        var detection = settings.sound ?? SoundDetection()
        detection.mergeGap = mergeGap
        return detection
    }

    /// The segments of a recording, in feature frames, each cut as a clip is (see the type's
    /// documentation); empty when the recording is to be queried whole.
    public func segments(of features: AudioFeatures) -> [Range<Int>] {
        let sound = Self.detection(for: features.settings)
            .detect(levels: features.levels, framesPerSecond: features.settings.framesPerSecond)
        let found = uncut(sound)
        guard let detection = features.settings.sound else { return found }
        let context = Int((Self.context * sound.framesPerSecond).rounded())
        return found.indices.compactMap { i in
            let segment = found[i]
            let lower = max(i > 0 ? found[i - 1].upperBound : 0, segment.lowerBound - context)
            let upper = min(
                i + 1 < found.count ? found[i + 1].lowerBound : sound.frameCount, segment.upperBound + context)
            let clip = detection.detect(
                levels: Array(features.levels[lower..<upper]), framesPerSecond: sound.framesPerSecond)
            guard let cut = clip.cut else { return nil }
            return lower + cut.lowerBound..<lower + cut.upperBound
        }
    }

    /// The segments found in `sound`, before any cut.
    private func uncut(_ sound: DetectedSound) -> [Range<Int>] {
        let fps = sound.framesPerSecond
        switch self {
        case .whole:
            return []
        case .sound(let maximumLength):
            let merged = sound.intervals.filter { Double($0.count) >= Self.minimumLength * fps }
            let pieces = merged.flatMap { Self.split($0, maximum: max(1, Int((maximumLength * fps).rounded()))) }
            return pieces.count > 1 ? pieces : []
        case .window(let length, let hop):
            let end = sound.frameCount
            let span = max(1, Int((length * fps).rounded())), step = max(1, Int((hop * fps).rounded()))
            let count = end > span ? (end - span + step - 1) / step + 1 : 1
            return (0..<count).map { $0 * step..<min($0 * step + span, end) }
                .filter { window in sound.intervals.contains { $0.overlaps(window) } }
        }
    }

    /// `interval` in `⌈count / maximum⌉` pieces of equal length (±1 frame).
    static func split(_ interval: Range<Int>, maximum: Int) -> [Range<Int>] {
        let pieces = (interval.count + maximum - 1) / maximum
        return (0..<pieces).map {
            interval.lowerBound + $0 * interval.count / pieces..<interval.lowerBound + ($0 + 1) * interval.count
                / pieces
        }
    }
}

/// A segmentation's text that cannot be understood: `text: reason`.
public struct SegmentationError: PathError, Equatable {
    /// The text as given.
    public var text: String
    /// What is wrong with it.
    public var reason: String

    /// The text as given (the named input of the `PathError` shape).
    public var path: String { text }
    public var problem: String { reason }
}
