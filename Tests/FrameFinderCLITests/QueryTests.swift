import Foundation
import Testing
import TestSupport

@Suite struct QueryTests {
    @Test func rankedFramesAsJSON() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Inputs.model(in: folder)
        let frames = try Inputs.frames(in: folder, count: 6)
        let run = try CLI.run(["query", Inputs.audioFixture("stereo_44k.wav").path, frames.path,
                               "--model", model.path, "--top", "0", "--fps", "2", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        _ = try jsonObject(run.stdout)
        print(run.stdout)
    }
}
