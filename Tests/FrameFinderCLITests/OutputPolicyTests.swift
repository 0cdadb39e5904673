import Foundation
import TestSupport
import Testing

/// One policy for every output: an existing file is refused unless `--force`; a device node
/// or a symlink stays what it is; a failed write exits 1 and leaves nothing.
@Suite struct OutputPolicyTests {
    @Test func everyOutputRefusesAnExistingFileUnlessForced() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let clip = Inputs.audioFixture("format_pcm_16.wav")
        let existing = try Inputs.file(folder.appendingPathComponent("existing"), "keep me")
        let runs: [[String]] = [
            ["index", frames.path, "--out", existing.path, "--model", model.path],
            ["train", "--audio-labels", "a.csv", "--image-labels", "b.csv", "--out", existing.path],
            ["features", clip.path, "--npy", existing.path],
            ["query", clip.path, frames.path, "--model", model.path, "--heatmap", existing.path],
            ["query", clip.path, frames.path, "--model", model.path, "--sheet", existing.path],
        ]
        for arguments in runs {
            let run = try CLI.run(arguments)
            #expect(run.status == 1, "\(arguments[0])")
            #expect(run.stderr == "\(existing.path): already exists; pass --force to overwrite it\n", "\(arguments[0])")
            #expect(try String(contentsOf: existing, encoding: .utf8) == "keep me")
        }
        let forced = try CLI.run(["index", frames.path, "--out", existing.path, "--model", model.path, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try Data(contentsOf: existing).count > 100)
    }

    @Test func aSymlinkStaysALinkAndADeviceIsWrittenInPlace() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let (folder, model, frames) = (workspace.folder, workspace.model, workspace.frames)
        let target = folder.appendingPathComponent("target.ffindex")
        let link = folder.appendingPathComponent("link.ffindex")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let viaLink = try CLI.run(["index", frames.path, "--out", link.path, "--model", model.path])
        #expect(viaLink.status == 0, "\(viaLink.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == target.path)
        #expect(FileManager.default.fileExists(atPath: target.path))

        let clip = Inputs.audioFixture("format_pcm_16.wav")
        let toNull = try CLI.run(["query", clip.path, frames.path, "--model", model.path, "--heatmap", "/dev/null"])
        #expect(toNull.status == 0, "\(toNull.stderr)")
        let full = try CLI.run(["features", clip.path, "--npy", "/dev/full"])
        #expect(full.status == 1)
        #expect(full.stderr.contains("/dev/full: cannot write"), "\(full.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func resultsThatCannotBeWrittenExitOne() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let clip = Inputs.audioFixture("format_pcm_16.wav")
        let err = workspace.folder.appendingPathComponent("stderr")
        let process = try CLI.start(
            ["query", clip.path, workspace.frames.path, "--model", workspace.model.path],
            stdout: URL(fileURLWithPath: "/dev/full"), stderr: err)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(
            try String(contentsOf: err, encoding: .utf8) == "standard output: cannot write (No space left on device)\n")
    }

    /// `--overlay` with a model without patch tokens is a usage error found before any work:
    /// no other picture is written.
    @Test func anOverlayWithoutPatchTokensFailsBeforeAnyPicture() throws {
        let workspace = try Workspace(frames: 3)
        defer { workspace.remove() }
        let heatmap = workspace.folder.appendingPathComponent("h.png")
        let run = try CLI.run([
            "query", Inputs.audioFixture("format_pcm_16.wav").path, workspace.frames.path,
            "--model", workspace.model.path, "--heatmap", heatmap.path,
            "--overlay", workspace.folder.appendingPathComponent("o.png").path,
        ])
        #expect(run.status == 64)
        #expect(run.errorLines.first?.contains("has no patch tokens for --overlay") == true, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: heatmap.path))
    }
}

/// Usage manners: negative numbers, mistyped commands, readable defaults, honest formats.
@Suite struct UsageMannersTests {
    @Test func aNegativeTopIsNamed() throws {
        let run = try CLI.run(["query", "clip.wav", "frames", "--top", "-1"])
        #expect(run.status == 64)
        #expect(run.errorLines.first == "Error: --top must be 0 (all) or more, not -1")
    }

    @Test func aMistypedCommandGetsASuggestion() throws {
        let run = try CLI.run(["qeury", "clip.wav", "frames"])
        #expect(run.status == 64)
        #expect(run.stderr.hasPrefix("Error: 'qeury' is not a framefinder command. Did you mean 'query'?"))
    }

    @Test func helpShowsDefaultsAsTheyAreTypedAndOnlyTheFormatsPrinted() throws {
        let train = try CLI.run(["train", "--help"])
        #expect(train.stdout.contains("(default: profile:8)"), "\(train.stdout)")
        let inspect = try CLI.run(["inspect", "--help"])
        #expect(!inspect.stdout.contains("csv"))
        #expect(try CLI.run(["inspect", "m.safetensors", "--format", "csv"]).status == 64)
    }
}
