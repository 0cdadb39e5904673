import FrameFinderModel

/// Frames next to each other in time whose scores stand out, taken together: at a video's
/// frame rate one thing shown for two seconds is one moment, not fifty near-identical frames.
///
/// Over the `N` scored frames, frame `j` **stands out** when
/// `score_j ≥ max(1/N, relativeFloor · max_k score_k)`: it received more than an even share
/// of the attention, and at least a tenth of what the best frame received. A moment is a
/// maximal run of standing-out frames whose sequence indices follow each other (`i, i+1,
/// ...`): a frame that does not stand out, or a frame missing from the sequence (an unreadable
/// one), ends it, so a moment never spans a gap. A moment runs from its first frame's time to
/// its last frame's time plus `1 / fps` (the last frame is shown until the next one); its
/// **score** is the sum of its frames' scores (the share of the attention it received, so the
/// scores of all moments add up to at most 1), and its **peak** is its best frame. Moments
/// are ranked by score, ties by time.
public struct Moment: Sendable, Equatable {
    /// 1 for the moment with the highest score.
    public var rank: Int
    /// When it starts and ends, in seconds of the video.
    public var start: Double
    public var end: Double
    /// How many frames it spans.
    public var frameCount: Int
    /// Its best frame (rank: its rank among all frames).
    public var peak: RankedFrame
    /// The sum of its frames' scores.
    public var score: Float

    /// The share of the best frame's score a frame needs to stand out.
    public static let relativeFloor: Float = 0.1

    /// The moments of `scores` over `frames` (one reference per score, in frame order) shown at
    /// `fps`, best first; the first `top` (all when 0) whose score is at least `minimumScore`.
    public static func moments(
        scores: [Float], frames: [FrameReference], fps: Double,
        top: Int = 10, minimumScore: Float = 0
    ) -> [Moment] {
        precondition(scores.count == frames.count, "One reference per score")
        guard let best = scores.max(), !scores.isEmpty else { return [] }
        let threshold = max(1 / Float(scores.count), relativeFloor * best)
        let frameRank = Dictionary(uniqueKeysWithValues: rankedIndices(scores).enumerated().map { ($1, $0 + 1) })
        var runs: [Range<Int>] = []
        for j in scores.indices where scores[j] >= threshold {
            if let last = runs.last, last.upperBound == j, frames[j].index == frames[j - 1].index + 1 {
                runs[runs.count - 1] = last.lowerBound..<j + 1
            } else {
                runs.append(j..<j + 1)
            }
        }
        var moments = runs.map { run -> Moment in
            let peak = run.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            return Moment(
                rank: 0, start: frames[run.lowerBound].time, end: frames[run.upperBound - 1].time + 1 / fps,
                frameCount: run.count,
                peak: RankedFrame(
                    rank: frameRank[peak]!, frame: frames[peak], score: scores[peak],
                    column: peak),
                score: run.reduce(Float(0)) { $0 + scores[$1] })
        }
        moments.sort { $0.score > $1.score || ($0.score == $1.score && $0.start < $1.start) }
        let kept = (top > 0 ? Array(moments.prefix(top)) : moments).filter { $0.score >= minimumScore }
        return kept.enumerated().map {
            var m = $1
            m.rank = $0 + 1
            return m
        }
    }
}

extension Timeline {
    /// The moments of `ranking`'s scores over this timeline's frames (see `Moment`).
    public func moments(of ranking: Ranking, top: Int = 10, minimumScore: Float = 0) -> [Moment] {
        Moment.moments(scores: ranking.scores.scores, frames: frames, fps: fps, top: top, minimumScore: minimumScore)
    }
}
