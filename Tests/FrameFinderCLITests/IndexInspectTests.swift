import Foundation
import TestSupport
import Testing

@Suite struct IndexInspectTests {
    @Test func inspectShowsWhatAnIndexAndItsModelHold() throws {
        let workspace = try Workspace(frames: 6)
        defer { workspace.remove() }
        let (model, frames) = (workspace.model, workspace.frames)
        let index = try workspace.index(fps: "3")

        let modelRun = try CLI.run(["inspect", model.path, "--format", "json"])
        #expect(modelRun.status == 0, "\(modelRun.stderr)")
        let modelInfo = try jsonObject(modelRun.stdout)
        #expect(modelInfo["kind"] as? String == "model")
        let settings = try #require(modelInfo["settings"] as? [String: String])
        #expect(settings["model.embedding"] == "16" && settings["format"] == "framefinder-model")
        let tensors = try #require(modelInfo["tensors"] as? [[String: Any]])
        let shapes = tensors.compactMap { $0["shape"] as? [Int] }
        #expect(tensors.contains { $0["name"] as? String == "cross.wq" && $0["shape"] as? [Int] == [16, 16] })
        #expect(modelInfo["parameters"] as? Int == shapes.map { $0.reduce(1, *) }.reduce(0, +))

        let indexRun = try CLI.run(["inspect", index.path, "--format", "json"])
        #expect(indexRun.status == 0, "\(indexRun.stderr)")
        let indexInfo = try jsonObject(indexRun.stdout)
        #expect(indexInfo["kind"] as? String == "index")
        #expect(indexInfo["model_identity"] as? String == modelInfo["identity"] as? String)
        #expect(indexInfo["model"] as? String == model.path)
        #expect(indexInfo["frames"] as? Int == 6)
        #expect(indexInfo["fps"] as? Double == 3)
        #expect(indexInfo["source"] as? String == frames.path)
        #expect(indexInfo["key_width"] as? Int == 16 && indexInfo["value_width"] as? Int == 16)

        let table = try CLI.run(["inspect", index.path])
        #expect(table.status == 0)
        #expect(table.stdout.contains("kind: index") && table.stdout.contains("keys    6x16"))
    }

    @Test func anIndexIsWrittenWholeOrNotAtAll() throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try Inputs.model(in: folder)
        let broken = folder.appendingPathComponent("broken")
        try FileManager.default.createDirectory(at: broken, withIntermediateDirectories: true)
        try Inputs.file(broken.appendingPathComponent("a.png"), "not a png")
        let index = folder.appendingPathComponent("frames.ffindex")
        let run = try CLI.run(["index", broken.path, "--out", index.path, "--model", model.path])
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: index.path))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "broken", "model.safetensors",
            ])
    }
}
