import Foundation
import TestSupport
import Testing

/// `framefinder eval` on the labelled set of `Tests/FrameFinderModelTests/Fixtures/metrics.json`,
/// whose expected metrics come from sklearn (tools/gen_metrics_fixtures.py).
@Suite struct EvalTests {
    /// The fixture as JSON.
    private func fixture() throws -> [String: Any] {
        let url = TestData.packageRoot.appendingPathComponent("Tests/FrameFinderModelTests/Fixtures/metrics.json")
        return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Writes the fixture as a batch would leave it: labels CSVs (frames and clips apart, paths
    /// relative to each CSV) and a JSONL of absolute paths with an error line; returns the paths.
    private func writeInputs(_ fixture: [String: Any], in folder: URL) throws -> (results: URL, labels: [URL]) {
        let frames = try #require(fixture["frames"] as? [[String: Any]])
        let queries = try #require(fixture["queries"] as? [[String: Any]])
        func csv(_ rows: [[String: Any]], name: String) throws -> URL {
            let body = rows.compactMap { row in (row["label"] as? String).map { "\(row["file"]!),\($0)" } }
            return try Inputs.file(
                folder.appendingPathComponent(name), (["file,label"] + body).joined(separator: "\n") + "\n")
        }
        let labels = [try csv(frames, name: "frames.csv"), try csv(queries, name: "clips.csv")]
        var lines: [String] = []
        for query in queries {
            let ranking = try #require(query["ranking"] as? [String])
            let results = ranking.enumerated().map { rank, file in
                "{\"rank\":\(rank + 1),\"frame\":\"\(folder.path)/\(file)\","
                    + "\"index\":\(rank),\"time\":0.0,\"score\":0.5}"
            }
            lines.append(
                "{\"query\":\"\(folder.path)/\(query["file"]!)\",\"model\":\"m\",\"frames\":\(query["scored"]!),"
                    + "\"results\":[\(results.joined(separator: ","))],\"confidence\":0.1}")
            if lines.count == 2 {
                for broken in try #require(fixture["error_queries"] as? [String]) {
                    lines.append(
                        "{\"query\":\"\(folder.path)/\(broken)\",\"error\":\"\(folder.path)/\(broken): corrupt\"}")
                }
            }
        }
        let results = try Inputs.file(folder.appendingPathComponent("r.jsonl"), lines.joined(separator: "\n") + "\n")
        return (results, labels)
    }

    /// True when every metric of `actual` is within 1e-12 of `expected` and the counts agree.
    private func matches(_ actual: [String: Any], _ expected: [String: Any]) -> Bool {
        guard actual["queries"] as? Int == expected["queries"] as? Int else { return false }
        return ["R@1", "R@5", "R@10", "mAP", "MRR"].allSatisfy { key in
            guard let a = actual[key] as? Double, let e = expected[key] as? Double else { return false }
            return abs(a - e) <= 1e-12
        }
    }

    @Test func metricsMatchSklearn() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = try fixture()
        let expected = try #require(fixture["expected"] as? [String: Any])
        let (results, labels) = try writeInputs(fixture, in: folder)
        let run = try CLI.run([
            "eval", results.path, "--labels", labels[0].path, "--labels", labels[1].path, "--format", "json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try jsonObject(run.stdout)
        #expect(matches(report, try #require(expected["overall"] as? [String: Any])))
        let rows = try #require(report["labels"] as? [[String: Any]])
        let expectedRows = try #require(expected["labels"] as? [[String: Any]])
        #expect(rows.map { $0["label"] as? String } == expectedRows.map { $0["label"] as? String })
        for (row, wanted) in zip(rows, expectedRows) { #expect(matches(row, wanted), "\(wanted)") }
        let skipped = try #require(report["skipped"] as? [String: Int])
        #expect(skipped == (expected["skipped"] as? [String: Int]))
        #expect(report["truncated_rankings"] as? Int == expected["truncated_rankings"] as? Int)
        // The cut ranking is pointed out on stderr.
        #expect(run.stderr.contains("2 rankings do not hold every frame"))
        #expect(run.stderr.contains("1 lines repeat a clip answered before"))

        let table = try CLI.run(["eval", results.path, "--labels", labels[0].path, "--labels", labels[1].path])
        #expect(table.status == 0)
        let header = table.stdout.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) }
        #expect(header == ["label", "queries", "R@1", "R@5", "R@10", "mAP", "MRR"])
        #expect(table.stdout.split(separator: "\n").filter { $0.hasPrefix("all ") || $0.hasPrefix("cat ") }.count == 2)

        let csv = try CLI.run([
            "eval", results.path, "--labels", labels[0].path, "--labels", labels[1].path, "--format", "csv",
        ])
        #expect(csv.status == 0, "\(csv.stderr)")
        let csvRows = csv.stdout.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        #expect(csvRows.first == ["label", "queries", "R@1", "R@5", "R@10", "mAP", "MRR"])
        let all = try #require(csvRows.dropFirst().first)
        let overall = try #require(expected["overall"] as? [String: Any])
        #expect(
            matches(
                Dictionary(
                    uniqueKeysWithValues: zip(csvRows[0], all).map { key, value in
                        (key, key == "queries" ? Int(value) as Any : Double(value) as Any)
                    }), overall))
    }

    @Test func conflictingLabelsAndNothingToEvaluateFail() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (results, labels) = try writeInputs(try fixture(), in: folder)
        let conflicting = try Inputs.file(folder.appendingPathComponent("conflict.csv"), "frames/f00.png,zebra\n")
        let conflict = try CLI.run(["eval", results.path, "--labels", labels[0].path, "--labels", conflicting.path])
        #expect(conflict.status == 1)
        #expect(conflict.stderr.hasPrefix("\(conflicting.path): labels \(folder.path)/frames/f00.png 'zebra'"))
        let unrelated = try Inputs.file(folder.appendingPathComponent("unrelated.csv"), "elsewhere.png,cat\n")
        let nothing = try CLI.run(["eval", results.path, "--labels", unrelated.path])
        #expect(nothing.status == 1)
        #expect(nothing.stderr.hasPrefix("\(results.path): no clip could be evaluated"))
        #expect(nothing.errorLines.count == 1)
    }

    @Test(needsSharedData) func evaluatesABatchOfAWholeRealGallery() throws {
        // The gallery is ranked whole (--top 0) so that mAP is exact; labels are the digits.
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Inputs.model(in: folder)
        let gallery = try linkedMNIST(in: folder, count: 30)
        let names = try FileManager.default.contentsOfDirectory(atPath: gallery.path).sorted()
        let clips = ["0_theo_0.wav", "1_theo_0.wav", "7_jackson_3.wav"]
        var labels = ["file,label"] + names.map { "mnist/\($0),\($0.split(separator: "_")[1].prefix(1))" }
        labels += clips.map { "\(TestData.sharedFile("fsdd/\($0)").path),\($0.prefix(1))" }
        let csv = try Inputs.file(folder.appendingPathComponent("labels.csv"), labels.joined(separator: "\n"))
        let manifest = try Inputs.file(
            folder.appendingPathComponent("clips.txt"),
            clips.map { TestData.sharedFile("fsdd/\($0)").path }.joined(separator: "\n"))
        let out = folder.appendingPathComponent("r.jsonl")
        let batch = try CLI.run([
            "batch", manifest.path, gallery.path, "--out", out.path, "--model", model.path, "--top", "0",
        ])
        #expect(batch.status == 0, "\(batch.stderr)")
        let run = try CLI.run(["eval", out.path, "--labels", csv.path, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        let report = try jsonObject(run.stdout)
        #expect(report["queries"] as? Int == 3)
        #expect(report["truncated_rankings"] as? Int == 0)
        let map = try #require(report["mAP"] as? Double)
        #expect(map > 0 && map <= 1)
    }
}
