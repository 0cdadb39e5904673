import Foundation
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

@Suite struct LabelledFilesTests {
    private func write(_ text: String) throws -> URL {
        let url = try TestData.temporaryDirectory().appendingPathComponent("labels.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func pathsAreRelativeToTheCSVAndTheHeaderIsSkipped() throws {
        let url = try write("file,label\nimages/a.png,3\n\"b, c.png\",7\n\n/abs/d.png,1\n")
        let files = try LabelledFiles(csv: url)
        let base = url.deletingLastPathComponent().standardizedFileURL.path
        #expect(files.entries.map(\.url.path) == ["\(base)/images/a.png", "\(base)/b, c.png", "/abs/d.png"])
        #expect(files.entries.map(\.label) == ["3", "7", "1"])
    }

    @Test func aLineWithoutALabelNamesTheLine() throws {
        let url = try write("file,label\na.png,1\nb.png\n")
        #expect(throws: FileError(path: url.path, reason: "line 3 is not 'file,label'")) { try LabelledFiles(csv: url) }
    }

    @Test func missingOrEmptyFilesAreRefused() throws {
        let empty = try write("file,label\n")
        #expect(throws: FileError.self) { try LabelledFiles(csv: empty) }
        #expect(throws: FileError.self) { try LabelledFiles(csv: URL(fileURLWithPath: "/nonexistent/labels.csv")) }
    }
}
