/// How an aligned stream (a soundtrack and its frames) becomes training pairs, as video works:
/// a frame is on screen from its time `t` until the next frame, `[t, t + 1/fps)`, and what is
/// heard meanwhile is what it shows.
///
/// - **By frame** (no sound detection): frame `i`'s clip is the audio of `[t_i − context,
///   t_i + 1/fps + context)`, and its positive is frame `i`.
/// - **By sound** (the recipe detects sound, `SoundDetection`): each sound `[s, e)` of the
///   soundtrack is a clip, the audio of `[s − context, e + context)`, and its positives are the
///   frames on screen while it is heard: every frame whose on-screen interval lies inside the
///   sound, or covers at least `minimumShare` of it (the frame covering most of it always
///   does), so a word's fading tail in the next frame does not make that frame a positive.
///
/// In both, a frame that is not a positive is **excluded** (neither positive nor negative:
/// it leaves the clip's softmax) when its time lies within `exclusion` seconds of a positive's
/// time, or when it is on screen during the clip's sound at all. At video frame rates the
/// neighbours of a frame are near-duplicates of it; training them as negatives teaches the
/// model to tell apart pictures that cannot be told apart.
public struct StreamPairing: Sendable, Equatable {
    /// Seconds of audio added on each side of a frame's interval or a sound.
    public var context: Double
    /// Frames within this many seconds of a positive are excluded (0: none).
    public var exclusion: Double
    /// The share of a sound a frame must be on screen for to be its positive (when the frame
    /// is not on screen for the whole frame period within the sound).
    public var minimumShare: Double

    /// The defaults of `framefinder train`: 0.1 s of context, neighbours within 0.5 s excluded
    /// (none at 1 fps; twelve on each side at 25 fps), a quarter of a sound for a positive.
    public init(context: Double = 0.1, exclusion: Double = 0.5, minimumShare: Double = 0.25) {
        self.context = context
        self.exclusion = exclusion
        self.minimumShare = minimumShare
    }

    /// One training pair of a stream: the audio to cut, and the frames it is about.
    public struct Pair: Sendable, Equatable {
        /// The audio, in seconds of the soundtrack (clamped to it by whoever cuts it).
        public var audio: Range<Double>
        /// Indices (into the stream's frame times) of the positive frames, ascending, at least one.
        public var positives: [Int]
        /// Indices of the excluded frames, ascending.
        public var excluded: [Int]
    }

    /// Pairs each frame with the audio heard while it is on screen.
    ///
    /// - Parameters:
    ///   - frameTimes: each frame's time in seconds (ascending).
    ///   - fps: frames per second (a frame is on screen `1/fps` seconds).
    public func pairsByFrame(frameTimes: [Double], fps: Double) -> [Pair] {
        let period = 1 / fps
        return frameTimes.indices.map { i in
            let t = frameTimes[i]
            return Pair(
                audio: (t - context)..<(t + period + context), positives: [i],
                excluded: excluded(frameTimes: frameTimes, positives: [i], period: period, sound: nil))
        }
    }

    /// Pairs each sound with the frames on screen while it is heard; a sound during which no
    /// frame is on screen gives no pair.
    ///
    /// - Parameter sounds: the soundtrack's sounds in seconds, `[start, end)`, ascending.
    public func pairsBySound(frameTimes: [Double], fps: Double, sounds: [Range<Double>]) -> [Pair] {
        let period = 1 / fps
        return sounds.compactMap { sound in
            let length = sound.upperBound - sound.lowerBound
            let overlaps = frameTimes.map { t in
                max(0, min(t + period, sound.upperBound) - max(t, sound.lowerBound))
            }
            guard let most = overlaps.indices.max(by: { overlaps[$0] < overlaps[$1] }), overlaps[most] > 0 else {
                return nil
            }
            let positives = overlaps.indices.filter { j in
                j == most || overlaps[j] >= period * (1 - 1e-9) || overlaps[j] >= minimumShare * length
            }
            return Pair(
                audio: (sound.lowerBound - context)..<(sound.upperBound + context), positives: positives,
                excluded: excluded(frameTimes: frameTimes, positives: positives, period: period, sound: sound))
        }
    }

    /// The frames that are not positives but lie within `exclusion` seconds of one, or are on
    /// screen during `sound`.
    private func excluded(frameTimes: [Double], positives: [Int], period: Double, sound: Range<Double>?) -> [Int] {
        let positiveSet = Set(positives)
        let times = positives.map { frameTimes[$0] }
        // Only frames near the positives or the sound can be excluded; frame times ascend.
        let low = min(times.min()! - exclusion, sound.map { $0.lowerBound - period } ?? .infinity)
        let high = max(times.max()! + exclusion, sound?.upperBound ?? -.infinity)
        let first = Self.firstIndex(in: frameTimes, notBelow: low)
        let end = Self.firstIndex(in: frameTimes, notBelow: high.nextUp)
        return (first..<max(first, end)).filter { j in
            guard !positiveSet.contains(j) else { return false }
            let t = frameTimes[j]
            if let sound, t < sound.upperBound, t + period > sound.lowerBound { return true }
            return times.contains { abs($0 - t) < exclusion }
        }
    }

    /// The first index whose time is at least `value` in ascending `times` (binary search).
    static func firstIndex(in times: [Double], notBelow value: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
