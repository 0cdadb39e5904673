import FrameFinderModel

extension Timeline {
    /// The columns of `csv` when single frames are listed.
    public static let csvHeader = "query,segment,segment_start,segment_end,rank,frame,index,time,score,confidence"
    /// The columns of `csv` when moments are listed (`frame`, `index`, `time`: the peak frame).
    public static let momentsCSVHeader =
        "query,segment,segment_start,segment_end,rank,start,end,frames,frame,index,time,score,peak_score,confidence"

    /// The timeline as CSV: the header, the recording's rows (`segment`, `segment_start` and
    /// `segment_end` empty), then, when the recording was cut into segments, each segment's rows
    /// (`segment` counting from 1, its start and end in seconds). Each row is one frame or
    /// moment; the query and the ranking's confidence are repeated on each row, so that rows of
    /// several queries can be concatenated.
    public var csv: String {
        var lines = [momentListing == nil ? Self.csvHeader : Self.momentsCSVHeader]
        lines += rows(of: recording, segment: ["", "", ""])
        if isSegmented {
            for (n, segment) in segments.enumerated() {
                lines += rows(
                    of: segment.ranking, segment: [String(n + 1), String(segment.start), String(segment.end)])
            }
        }
        return lines.joined(separator: "\n")
    }

    private func rows(of ranking: Ranking, segment: [String]) -> [String] {
        let confidence = ranking.confidence.description
        if let moments = listedMoments(of: ranking) {
            return moments.map { m in
                ([ranking.query] + segment + [
                    String(m.rank), String(m.start), String(m.end), String(m.frameCount),
                    m.peak.frame.path, String(m.peak.frame.index), String(m.peak.frame.time), m.score.description,
                    m.peak.score.description, confidence,
                ]).map(CSV.escape).joined(separator: ",")
            }
        }
        return ranking.results.map { r in
            ([ranking.query] + segment + [
                String(r.rank), r.frame.path, String(r.frame.index), String(r.frame.time),
                r.score.description, confidence,
            ]).map(CSV.escape).joined(separator: ",")
        }
    }
}
