import FrameFinderMath

extension Timeline {
    /// `{"query", "model", "frames", "results": [...], "confidence", "segments": [{"start", "end",
    /// "confidence", "results": [...]}]}`: the recording's ranking, then each segment's.
    ///
    /// A result is `{"rank", "frame", "index", "time", "score"}`, or, when moments are listed,
    /// `{"rank", "start", "end", "frames", "frame", "index", "time", "score", "peak_score"}`
    /// (`frame`, `index` and `time` are the moment's peak frame's, `score` the moment's).
    public var json: JSON {
        .object([
            ("query", .string(recording.query)),
            ("model", .string(recording.model)),
            ("frames", .integer(recording.frameCount)),
            ("results", results(of: recording)),
            ("confidence", .double(recording.confidence)),
            (
                "segments",
                .array(
                    segments.map { segment in
                        .object([
                            ("start", .double(segment.start)), ("end", .double(segment.end)),
                            ("confidence", .double(segment.ranking.confidence)),
                            ("results", results(of: segment.ranking)),
                        ])
                    })
            ),
        ])
    }

    private func results(of ranking: Ranking) -> JSON {
        if let moments = listedMoments(of: ranking) {
            return .array(
                moments.map { m in
                    .object([
                        ("rank", .integer(m.rank)), ("start", .double(m.start)), ("end", .double(m.end)),
                        ("frames", .integer(m.frameCount)), ("frame", .string(m.peak.frame.path)),
                        ("index", .integer(m.peak.frame.index)), ("time", .double(m.peak.frame.time)),
                        ("score", .float(m.score)), ("peak_score", .float(m.peak.score)),
                    ])
                })
        }
        return .array(
            ranking.results.map { r in
                .object([
                    ("rank", .integer(r.rank)), ("frame", .string(r.frame.path)), ("index", .integer(r.frame.index)),
                    ("time", .double(r.frame.time)), ("score", .float(r.score)),
                ])
            })
    }
}
