import Foundation
import FrameFinderMath
import FrameFinderModel

/// The rankings of a batch's results file (`BatchResultsFile`) as evaluation reads them,
/// and its error lines.
public struct BatchResults: Sendable {
    /// What is read of a line: a result object (other keys are ignored) or an error line.
    struct Line: Decodable {
        struct Result: Decodable {
            var rank: Int
            var frame: String
        }
        var query: String
        var error: String?
        var frames: Int?
        var results: [Result]?
    }

    /// Each result line's ranking, paths standardised, in file order.
    public var rankings: [RetrievalEvaluation.RankedQuery] = []
    /// The clips of the error lines, standardised.
    public var errorQueries: [String] = []
    /// True when a torn last line (an interrupted run's) was skipped.
    public var skippedTornLine = false

    /// How many lines were error lines.
    public var errorLines: Int { errorQueries.count }

    /// Reads every line; paths are standardised (relative ones taken from the current folder).
    ///
    /// - Throws: `FileError` when the file is unreadable or a whole line is not a result
    ///   (a torn last line, from an interrupted run, is skipped: `skippedTornLine`).
    public init(contentsOf path: String) throws(FileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError(
                path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        let (lines, torn) = try Self.lines(of: data, path: path)
        skippedTornLine = torn
        // Every ranking names the same frames: standardise each distinct path once.
        var standardized: [String: String] = [:]
        func standardize(_ path: String) -> String {
            if let known = standardized[path] { return known }
            let result = URL(fileURLWithPath: path).standardizedFileURL.path
            standardized[path] = result
            return result
        }
        for (number, line) in lines.enumerated() {
            if line.error != nil {
                errorQueries.append(standardize(line.query))
                continue
            }
            guard let results = line.results else {
                throw FileError(path: path, reason: "line \(number + 1) has no results array")
            }
            rankings.append(
                RetrievalEvaluation.RankedQuery(
                    query: standardize(line.query),
                    frames: results.sorted { $0.rank < $1.rank }.map { standardize($0.frame) },
                    scoredFrames: line.frames))
        }
    }

    /// The lines of `data` decoded, and whether a last line without a line break that does
    /// not decode was left out (torn).
    ///
    /// - Throws: `FileError` naming `path` and the first whole line that is not a result line
    ///   (`purpose` appended to the reason).
    static func lines(of data: Data, path: String, purpose: String = "") throws(FileError) -> (
        lines: [Line], torn: Bool
    ) {
        let decoder = JSONDecoder()
        let lines = data.split(separator: UInt8(ascii: "\n"))
        var decoded: [Line] = []
        for (number, line) in lines.enumerated() {
            guard let value = try? decoder.decode(Line.self, from: Data(line)) else {
                if number == lines.count - 1 && data.last != UInt8(ascii: "\n") { return (decoded, true) }
                throw FileError(path: path, reason: "line \(number + 1) is not a batch result line\(purpose)")
            }
            decoded.append(value)
        }
        return (decoded, false)
    }
}

extension LabelledFiles {
    /// Every label CSV merged, by standardised path (`labelsByPath`): what a batch's results
    /// are evaluated against.
    ///
    /// - Throws: `FileError` when a CSV is unreadable or two CSVs label one file differently.
    public static func merged(_ csvs: [String]) throws(FileError) -> [String: String] {
        var merged: [String: String] = [:]
        for csv in csvs {
            for (path, label) in try LabelledFiles(csv: URL(fileURLWithPath: csv)).labelsByPath {
                if let earlier = merged[path], earlier != label {
                    throw FileError(
                        path: csv, reason: "labels \(path) '\(label)', but an earlier CSV says '\(earlier)'")
                }
                merged[path] = label
            }
        }
        return merged
    }
}
