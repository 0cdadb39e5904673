import Foundation
import FrameFinderRetrieval

extension Ranking {
    /// `{"query", "model", "frames", "results": [{"rank", "frame", "index", "time", "score"}], "confidence"}`.
    var json: JSON {
        .object([
            ("query", .string(query)),
            ("model", .string(model)),
            ("frames", .integer(frameCount)),
            ("results", .array(results.map { r in
                .object([("rank", .integer(r.rank)), ("frame", .string(r.frame.path)), ("index", .integer(r.frame.index)),
                         ("time", .double(r.frame.time)), ("score", .float(r.score))])
            })),
            ("confidence", .double(confidence)),
        ])
    }

    /// A heading (query, model, frame count, confidence) and the ranked frames as columns.
    var table: String {
        var table = TextTable(header: ["rank", "frame", "index", "time (s)", "score"], numericColumns: [0, 2, 3, 4])
        table.rows = results.map { r in
            [String(r.rank), r.frame.path, String(r.frame.index), String(format: "%.3f", r.frame.time),
             String(format: "%.6f", r.score)]
        }
        let heading = """
            query: \(query)
            model: \(model)
            frames: \(frameCount) scored, \(results.count) shown
            confidence: \(String(format: "%.4f", confidence)) (1 − entropy/log N: 0 flat, 1 one frame)
            """
        return heading + "\n" + table.text
    }

    /// The ranking in `format`.
    func formatted(_ format: OutputFormat) -> String {
        switch format {
        case .table: table
        case .json: json.text
        case .csv: csv
        }
    }
}
