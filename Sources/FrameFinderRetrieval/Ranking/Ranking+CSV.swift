extension Ranking {
    /// The columns of `csv`.
    public static let csvHeader = "query,rank,frame,index,time,score,confidence"

    /// The ranking as CSV: `csvHeader`, then one row per kept frame (the query and the
    /// confidence repeated on each row, so that rows of several queries can be concatenated).
    public var csv: String {
        let rows = results.map { r in
            [query, String(r.rank), r.frame.path, String(r.frame.index), String(r.frame.time), r.score.description,
             confidence.description].map(CSV.escape).joined(separator: ",")
        }
        return ([Self.csvHeader] + rows).joined(separator: "\n")
    }
}
