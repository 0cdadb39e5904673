import Foundation
import FrameFinder
import TestSupport
import Testing

/// A program using the library (`Retriever`, `FrameSource`, `SearchOptions`, as
/// `Examples/RankFrames` does) ranks exactly as `framefinder query`.
@Suite struct LibraryTests {
    private let samples = TestData.packageRoot.appendingPathComponent("samples")

    @Test func theRetrieverRanksAsTheQueryCommand() async throws {
        let (clip, video) = (
            samples.appendingPathComponent("clips/3_gbf.wav"), samples.appendingPathComponent("video").path
        )
        let retriever = try Retriever()
        #expect(retriever.name == "default" && retriever.identity == retriever.model.identity)
        let timeline = try await retriever.withFrames(try FrameSource(path: video)) { index in
            try retriever.timeline(of: clip, in: index, options: SearchOptions(top: 0))
        }
        let run = try CLI.run(["query", clip.path, video, "--top", "0", "--format", "csv"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }.filter { $0[1].isEmpty }
        #expect(rows.count == timeline.recording.frameCount)
        #expect(rows.map { String($0[5]) } == timeline.recording.results.map(\.frame.path))
        #expect(rows.map { String($0[8]) } == timeline.recording.results.map(\.score.description))
        #expect(run.stdout.trimmingCharacters(in: .newlines) == timeline.csv)
    }
}
