import Foundation

/// How FrameFinder finds where a recording holds sound: the settings of the detection.
///
/// A frame's level is the RMS of the 16 kHz mono signal over `frameLength` samples centred on
/// the frame, in dBFS (`20·log10(max(rms, 1e-5))`), one frame per feature hop, so level frame
/// `t` and log-mel frame `t` describe the same moment. A frame holds sound when its level is
/// above every one of three thresholds:
///
/// 1. **relative**: `peak − topDecibels`, the loudest frame's level less `top_db`, exactly as
///    `librosa.effects.split(y, top_db=topDecibels, frame_length=frameLength,
///    hop_length=hop)` decides (librosa 0.11: `rms(center=True, pad_mode='constant')`,
///    `amplitude_to_db(ref=np.max)`, `db > -top_db`);
/// 2. **absolute**: `floorDBFS`, so that digital silence, dither or a quiet hiss is "no sound"
///    rather than its own loudest noise;
/// 3. **background**: when the recording has a steady background, the 20th percentile of the
///    levels plus `backgroundMargin` dB. The background is steady when the 5th and 20th
///    percentiles lie within `stationarySpread` dB (as a hiss, hum or room tone does and a
///    word does not) and at least `backgroundSeconds` of frames lie within `stationarySpread`
///    dB above the 20th percentile (so the few quiet frames at the edges of a trimmed word
///    never count as a background). This lifts the threshold over steady noise that the
///    relative rule would keep as sound (noise 20 dB under a word is within 40 dB of the
///    word's peak); 0 turns the rule off.
///
/// Runs of sound frames become intervals; intervals separated by less than `mergeGap` seconds
/// become one sound. A query is cut from its first interval's start to its last interval's
/// end, widened by `margin` seconds on each side, before its tokens are made.
public struct SoundDetection: Sendable, Equatable {
    /// librosa's `top_db`: frames quieter than the loudest by more than this are silent.
    public var topDecibels: Double = 40
    /// The samples (at the analysis rate) whose RMS is a frame's level; librosa's `frame_length`.
    public var frameLength: Int = 800
    /// The absolute floor in dBFS: a frame at or under it is silent.
    public var floorDBFS: Double = -60
    /// How far above a stationary background a frame must be, in dB (0: no background rule).
    public var backgroundMargin: Double = 6
    /// Intervals closer than this many seconds are one sound.
    public var mergeGap: Double = 0.3
    /// Seconds of the recording kept on each side of the cut.
    public var margin: Double = 0

    /// The spread, in dB, between the 5th and 20th percentile levels under which the quiet
    /// frames count as a stationary background.
    public static let stationarySpread = 3.0
    /// The least duration, in seconds, of frames at the background's level for it to count.
    public static let backgroundSeconds = 0.25
    /// librosa's `amin` for `amplitude_to_db`: levels never go under `20·log10(1e-5)` = −100 dBFS.
    public static let minimumAmplitude = 1e-5

    /// The detection FrameFinder's models are trained with (see the type's documentation).
    public init() {}

    /// The settings with only librosa's relative rule: no floor, no background rule, no merging.
    public static func librosa(topDecibels: Double, frameLength: Int) -> SoundDetection {
        var detection = SoundDetection()
        detection.topDecibels = topDecibels
        detection.frameLength = frameLength
        detection.floorDBFS = -.infinity
        detection.backgroundMargin = 0
        detection.mergeGap = 0
        return detection
    }

    /// The threshold a frame's level must exceed to hold sound, in dBFS.
    ///
    /// `max(peak − topDecibels, floorDBFS, background)`, where the background term applies only
    /// when the 5th and 20th percentiles (numpy's linear interpolation) lie within
    /// `stationarySpread` dB and at least `backgroundSeconds · framesPerSecond` frames are at
    /// most `stationarySpread` dB above the 20th percentile. No levels: threshold `+∞`.
    public func threshold(levels: [Float], framesPerSecond: Double) -> Double {
        guard let peak = levels.max() else { return .infinity }
        var threshold = max(Double(peak) - topDecibels, floorDBFS)
        if backgroundMargin > 0 {
            let sorted = levels.map(Double.init).sorted()
            let low = Self.percentile(sorted, 5), quiet = Self.percentile(sorted, 20)
            let steady = sorted.prefix { $0 <= quiet + Self.stationarySpread }.count
            if quiet - low < Self.stationarySpread, Double(steady) >= Self.backgroundSeconds * framesPerSecond {
                threshold = max(threshold, quiet + backgroundMargin)
            }
        }
        return threshold
    }

    /// The sound of a recording: its intervals, in frames, from its frame levels.
    ///
    /// - Parameter levels: frame levels in dBFS, one per hop (see `AudioFeatures.levels`).
    /// - Parameter framesPerSecond: frames per second of the levels (`sampleRate / hop`).
    public func detect(levels: [Float], framesPerSecond: Double) -> DetectedSound {
        let threshold = threshold(levels: levels, framesPerSecond: framesPerSecond)
        var runs: [Range<Int>] = []
        var start: Int?
        for (t, level) in levels.enumerated() {
            let loud = Double(level) > threshold
            if loud, start == nil { start = t }
            if !loud, let first = start {
                runs.append(first..<t)
                start = nil
            }
        }
        if let first = start { runs.append(first..<levels.count) }
        let gap = Int((mergeGap * framesPerSecond).rounded())
        var merged: [Range<Int>] = []
        for run in runs {
            if let last = merged.last, run.lowerBound - last.upperBound < gap {
                merged[merged.count - 1] = last.lowerBound..<run.upperBound
            } else {
                merged.append(run)
            }
        }
        return DetectedSound(
            intervals: merged, thresholdDBFS: threshold, framesPerSecond: framesPerSecond,
            frameCount: levels.count, margin: Int((margin * framesPerSecond).rounded()))
    }

    /// The `p`th percentile of ascending `sorted` values with linear interpolation
    /// (`numpy.percentile(method='linear')`).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p / 100 * Double(sorted.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, sorted.count - 1)
        return sorted[below] + (sorted[above] - sorted[below]) * (position - Double(below))
    }
}

/// Where a recording holds sound: its intervals in feature frames, and the cut a query uses.
public struct DetectedSound: Sendable, Equatable {
    /// The sounds, in frames (`t` is the frame centred at `t / framesPerSecond` s), ascending,
    /// separated by at least the merge gap. Empty when the recording holds no sound.
    public let intervals: [Range<Int>]
    /// The level a frame had to exceed, in dBFS.
    public let thresholdDBFS: Double
    /// Frames per second (`sampleRate / hop`).
    public let framesPerSecond: Double
    /// The recording's frame count.
    public let frameCount: Int
    /// Frames added on each side of the cut.
    public let margin: Int

    /// True when no frame holds sound.
    public var isEmpty: Bool { intervals.isEmpty }

    /// The frames a query keeps: first interval's start to last interval's end, widened by the
    /// margin and clamped to the recording; nil when there is no sound.
    public var cut: Range<Int>? {
        guard let first = intervals.first, let last = intervals.last else { return nil }
        return max(0, first.lowerBound - margin)..<min(frameCount, last.upperBound + margin)
    }

    /// An interval in seconds: `[start / fps, end / fps)`, frame `t` being the moment `t / fps`.
    public func seconds(_ frames: Range<Int>) -> ClosedRange<Double> {
        Double(frames.lowerBound) / framesPerSecond...Double(frames.upperBound) / framesPerSecond
    }
}
