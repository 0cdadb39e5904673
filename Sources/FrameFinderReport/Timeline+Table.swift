import FrameFinderSearch

extension Timeline {
    /// The most frames (or moments) the table shows for each segment of a timeline.
    public static let tableResultsPerSegment = 3

    /// A heading, the recording's ranked frames (or moments) as columns, then, when the
    /// recording was cut into segments, the timeline: each segment's times and its best frames.
    public var table: String {
        let heading = """
            query: \(recording.query)
            model: \(recording.model)
            frames: \(recording.frameCount) scored, \(rows(of: recording).count) shown
            confidence: \(Readout.fixed(recording.confidence, decimals: 4)) (1 − entropy/log N: 0 flat, 1 one frame)
            """
        var table = TextTable(header: header, numericColumns: numericColumns)
        table.rows = rows(of: recording)
        guard isSegmented else { return heading + "\n" + table.text }
        var timeline = TextTable(
            header: ["segment", "confidence"] + header, numericColumns: Set(numericColumns.map { $0 + 2 }).union([1]))
        for segment in segments {
            let shown = rows(of: segment.ranking).prefix(Self.tableResultsPerSegment)
            for (n, row) in (shown.isEmpty ? [header.map { _ in "" }] : Array(shown)).enumerated() {
                let lead =
                    n == 0
                    ? [
                        Readout.span(segment.start, segment.end),
                        Readout.fixed(segment.ranking.confidence, decimals: 4),
                    ] : ["", ""]
                timeline.rows.append(lead + row)
            }
        }
        let shown = min(Self.tableResultsPerSegment, segments.map { rows(of: $0.ranking).count }.max() ?? 0)
        return heading + "\n" + table.text + "\n\ntimeline: \(segments.count) segments, each with its best "
            + "\(shown) \(momentListing == nil ? "frames" : "moments")\n" + timeline.text
    }

    private var header: [String] {
        momentListing == nil
            ? ["rank", "frame", "index", "time", "score"] : ["rank", "moment", "frames", "peak frame", "peak", "score"]
    }

    private var numericColumns: Set<Int> { momentListing == nil ? [0, 2, 3, 4] : [0, 2, 4, 5] }

    private func rows(of ranking: Ranking) -> [[String]] {
        if let moments = listedMoments(of: ranking) {
            let decimals = Readout.decimals(for: moments.map(\.score))
            return moments.map { m in
                [
                    String(m.rank), Readout.span(m.start, m.end), String(m.frameCount), m.peak.frame.path,
                    Readout.time(m.peak.frame.time), Readout.fixed(Double(m.score), decimals: decimals),
                ]
            }
        }
        let decimals = Readout.decimals(for: ranking.results.map(\.score))
        return ranking.results.map { r in
            [
                String(r.rank), r.frame.path, String(r.frame.index), Readout.time(r.frame.time),
                Readout.fixed(Double(r.score), decimals: decimals),
            ]
        }
    }
}
