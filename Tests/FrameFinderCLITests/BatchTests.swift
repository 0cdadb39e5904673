import Foundation
import TestSupport
import Testing

@Suite struct BatchTests {
    /// The `query` of each line of a batch output.
    private func queries(of url: URL) throws -> [String] {
        try lines(of: url).map { try #require(try jsonObject($0)["query"] as? String) }
    }

    @Test func aCorruptClipGivesAnErrorLineAndTheOthersAreAnswered() throws {
        let workspace = try Workspace(frames: 4)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 4)
        let corrupt = try Inputs.file(clips.appendingPathComponent("clip01b.wav"), "RIFF not really audio")
        let out = folder.appendingPathComponent("r.jsonl")
        let run = try CLI.run([
            "batch", clips.path, frames.path, "--out", out.path, "--model", model.path,
            "--top", "2", "--jobs", "3",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let objects = try lines(of: out).map(jsonObject)
        let names = objects.compactMap { ($0["query"] as? String).map { URL(fileURLWithPath: $0).lastPathComponent } }
        #expect(names == ["clip00.wav", "clip01.flac", "clip01b.wav", "clip02.wav", "clip03.ogg"])
        for (name, object) in zip(names, objects) {
            if name == "clip01b.wav" {
                #expect(Set(object.keys) == ["query", "error"])
                #expect((object["error"] as? String)?.hasPrefix("\(corrupt.path): not a readable audio file") == true)
            } else {
                #expect(Set(object.keys) == ["query", "model", "frames", "results", "confidence", "segments"])
                #expect((object["results"] as? [Any])?.count == 2)
            }
        }
        #expect(run.stderr.contains("\(corrupt.path): not a readable audio file"))
    }

    @Test func linesMatchSingleQueriesWhateverTheJobs() throws {
        let workspace = try Workspace(frames: 5)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 5)
        let outputs = try [1, 4].map { jobs in
            let out = folder.appendingPathComponent("r\(jobs).jsonl")
            let run = try CLI.run([
                "batch", clips.path, frames.path, "--out", out.path, "--model", model.path, "--jobs", "\(jobs)",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            return try lines(of: out)
        }
        #expect(outputs[0] == outputs[1])
        let single = try CLI.run([
            "query", clips.appendingPathComponent("clip03.ogg").path, frames.path,
            "--model", model.path, "--format", "json",
        ])
        #expect(outputs[0][3] + "\n" == single.stdout)
    }

    @Test func blocksOfAnySizeWriteTheSameLines() throws {
        // Block boundaries inside the batch (blocks of 2 and 3 of 6 clips), a failing clip
        // inside a block, with --top 3 and --top 0: the same lines as one block.
        let workspace = try Workspace(frames: 5)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 5)
        _ = try Inputs.file(clips.appendingPathComponent("clip02b.wav"), "RIFF not really audio")
        for top in ["3", "0"] {
            let outputs = try ["1", "2", "3", "256"].map { block in
                let out = folder.appendingPathComponent("r\(top)-\(block).jsonl")
                let run = try CLI.run([
                    "batch", clips.path, frames.path, "--out", out.path, "--model", model.path,
                    "--top", top, "--block", block, "--jobs", "2",
                ])
                #expect(run.status == 0, "\(run.stderr)")
                return try lines(of: out)
            }
            #expect(outputs.count == 4 && outputs.allSatisfy { $0 == outputs[0] })
            #expect(outputs[0].count == 6)
            #expect(try jsonObject(outputs[0][3])["error"] != nil)
            let single = try CLI.run([
                "query", clips.appendingPathComponent("clip03.ogg").path, frames.path,
                "--model", model.path, "--format", "json", "--top", top,
            ])
            #expect(outputs[0][4] + "\n" == single.stdout)
        }
    }

    @Test func threadingOptionsAreChecked() throws {
        let workspace = try Workspace(frames: 1)
        defer { workspace.remove() }
        let clips = try linkedClips(in: workspace.folder, count: 1)
        let out = workspace.folder.appendingPathComponent("r.jsonl")
        for (option, value) in [("--block", "0"), ("--blas-threads", "0")] {
            let run = try CLI.run(["batch", clips.path, workspace.frames.path, "--out", out.path, option, value])
            #expect(run.status == 64)
            #expect(run.stderr.contains("\(option) must be at least 1, not 0"))
        }
    }

    @Test func aManifestListsClipsRelativeToItself() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        _ = try linkedClips(in: folder, count: 3)
        let csv = try Inputs.file(
            folder.appendingPathComponent("clips.csv"),
            "label,file\nb,clips/clip02.wav\na,\"clips/clip00.wav\"\n")
        let text = try Inputs.file(
            folder.appendingPathComponent("clips.txt"), "clips/clip01.flac\n\n\(folder.path)/clips/clip00.wav\n")
        for (manifest, expected) in [(csv, ["clip02.wav", "clip00.wav"]), (text, ["clip01.flac", "clip00.wav"])] {
            let out = folder.appendingPathComponent(manifest.lastPathComponent + ".jsonl")
            let run = try CLI.run(["batch", manifest.path, frames.path, "--out", out.path, "--model", model.path])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try queries(of: out) == expected.map { folder.appendingPathComponent("clips/\($0)").path })
        }
    }

    @Test func resumeDropsATornLineAndFinishesTheJob() throws {
        let workspace = try Workspace(frames: 4)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 6)
        let complete = folder.appendingPathComponent("complete.jsonl")
        let arguments = ["batch", clips.path, frames.path, "--model", model.path, "--top", "0"]
        #expect(try CLI.run(arguments + ["--out", complete.path]).status == 0)
        let whole = try Data(contentsOf: complete)
        // Two whole lines and half of the third, as a kill in the middle of a write leaves them.
        let newlines = whole.indices.filter { whole[$0] == UInt8(ascii: "\n") }
        let interrupted = folder.appendingPathComponent("interrupted.jsonl")
        try whole.prefix(newlines[1] + 1 + (newlines[2] - newlines[1]) / 2).write(to: interrupted)
        let again = try CLI.run(arguments + ["--out", interrupted.path])
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists; pass --resume"))
        let resumed = try CLI.run(arguments + ["--out", interrupted.path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("dropped a torn last line"))
        #expect(try Data(contentsOf: interrupted) == whole)
        // Resuming a finished run changes nothing.
        let finished = try CLI.run(arguments + ["--out", interrupted.path, "--resume"])
        #expect(finished.status == 0)
        #expect(try Data(contentsOf: interrupted) == whole)
    }

    @Test func aKilledRunResumesWithEveryClipExactlyOnce() throws {
        let workspace = try Workspace(frames: 4)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 60)
        let out = folder.appendingPathComponent("r.jsonl")
        let arguments = [
            "batch", clips.path, frames.path, "--model", model.path, "--out", out.path, "--jobs", "2", "--block", "4",
        ]
        let process = try CLI.start(
            arguments, stdout: folder.appendingPathComponent("stdout"),
            stderr: folder.appendingPathComponent("stderr"))
        // Kill it as soon as a few lines are out (it may also finish first: then resuming has nothing to do).
        while process.isRunning, ((try? Data(contentsOf: out))?.filter { $0 == UInt8(ascii: "\n") }.count ?? 0) < 3 {
            usleep(2_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let resumed = try CLI.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let expected = (0..<60).map { i in
            clips.appendingPathComponent(
                String(format: "clip%02d.", i) + Inputs.audioFixture(clipFixtures[i % 5]).pathExtension
            ).path
        }
        #expect(try queries(of: out) == expected.sorted())
        #expect(try lines(of: out).allSatisfy { $0.hasSuffix("}") })
    }

    @Test func aBatchThatFailsBeforeItsFirstClipLeavesNoFile() throws {
        let workspace = try Workspace(frames: 1)
        defer { workspace.remove() }
        let clips = try linkedClips(in: workspace.folder, count: 2)
        let empty = workspace.folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let out = workspace.folder.appendingPathComponent("r.jsonl")
        let run = try CLI.run(["batch", clips.path, empty.path, "--out", out.path, "--model", workspace.model.path])
        #expect(run.status == 1)
        #expect(run.stderr == "\(empty.path): directory is empty\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// Every clip failing is a failed batch: exit 1, and the last line says how many failed.
    @Test func aBatchWhoseEveryClipFailedExitsOne() throws {
        let workspace = try Workspace(frames: 2)
        defer { workspace.remove() }
        let clips = workspace.folder.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: clips, withIntermediateDirectories: true)
        for name in ["a.wav", "b.wav"] {
            _ = try Inputs.file(clips.appendingPathComponent(name), "RIFF not really audio")
        }
        let out = workspace.folder.appendingPathComponent("r.jsonl")
        let run = try CLI.run([
            "batch", clips.path, workspace.frames.path, "--out", out.path, "--model", workspace.model.path,
        ])
        #expect(run.status == 1)
        #expect(run.errorLines.last == "\(out.path): answered 0 of 2 clips, 2 failed (error lines)")
        #expect(try lines(of: out).count == 2)
    }

    /// A second run on an output another run is writing is refused (two resumed runs wrote
    /// thousands of duplicate lines).
    @Test func aLockedOutputIsRefused() throws {
        let workspace = try Workspace(frames: 2)
        defer { workspace.remove() }
        let clips = try linkedClips(in: workspace.folder, count: 2)
        let out = try Inputs.file(workspace.folder.appendingPathComponent("r.jsonl"), "")
        let descriptor = open(out.path, O_WRONLY)
        defer { close(descriptor) }
        #expect(flock(descriptor, LOCK_EX) == 0)
        let run = try CLI.run([
            "batch", clips.path, workspace.frames.path, "--out", out.path, "--model", workspace.model.path,
            "--resume",
        ])
        #expect(run.status == 1)
        #expect(run.stderr == "\(out.path): is being written by another framefinder batch; wait for it to finish\n")
        #expect(try Data(contentsOf: out).isEmpty)
    }

    /// Resuming with another model, `--top` or ranking setting is refused with one line;
    /// `--force` starts the output over.
    @Test func resumingWithOtherSettingsIsRefused() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clips = try linkedClips(in: folder, count: 2)
        let out = folder.appendingPathComponent("r.jsonl")
        let base = ["batch", clips.path, frames.path, "--out", out.path]
        #expect(try CLI.run(base + ["--model", model.path, "--top", "2"]).status == 0)
        let before = try lines(of: out)
        let otherTop = try CLI.run(base + ["--model", model.path, "--top", "3", "--resume"])
        #expect(otherTop.status == 1)
        #expect(
            otherTop.stderr == "\(out.path): --resume with top 3, but the earlier run used 2; "
                + "resume with the same settings, or pass --force to start over\n")
        let otherModel = try CLI.run(base + ["--top", "2", "--resume"])
        #expect(otherModel.status == 1)
        #expect(
            otherModel.stderr.hasPrefix(
                "\(out.path): --resume with model default, but the earlier run used \(model.path)"))
        #expect(try lines(of: out) == before)
        #expect(try CLI.run(base + ["--model", model.path, "--top", "2", "--resume"]).status == 0)
        let forced = try CLI.run(base + ["--model", model.path, "--top", "1", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try lines(of: out).map { try #require(try jsonObject($0)["results"] as? [Any]).count } == [1, 1])
    }
}
