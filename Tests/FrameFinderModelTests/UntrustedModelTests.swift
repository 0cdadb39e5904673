import Foundation
import FrameFinderMath
import FrameFinderModel
import TestSupport
import Testing

/// A small model's file, whose settings and tensors the tests below spoil one at a time.
private func smallFile() throws -> SafeTensors {
    try Model(
        settings: ModelSettings(
            audioTokenWidth: 5, frameTokenWidth: 6,
            architecture: ModelArchitecture(
                hidden: 4, embedding: 4, dimension: 4, valueDimension: 2)), seed: 1
    ).safeTensors
}

/// The reason `Model(safeTensors:)` gives for `file`, or nil when it is accepted.
private func refusal(_ file: SafeTensors) -> String? {
    do {
        _ = try Model(safeTensors: file, path: "m.safetensors")
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite struct UntrustedModelTests {
    /// Settings claiming huge sizes are refused before anything of that size is built
    /// (they crashed with an arithmetic overflow, aborted, or took 773 MB).
    @Test(arguments: [
        ("hidden", "2305843009213693952"), ("pooling_queries", "4611686018427387904"),
        ("dimension", "4611686018427387904"), ("embedding", "1099511627776"),
        ("audio_token_width", "4611686018427387904"), ("hidden", "300000"),
    ])
    func hugeSettingsAreRefusedBeforeAllocating(key: String, value: String) throws {
        var file = try smallFile()
        file.metadata["model.\(key)"] = value
        let reason = try #require(refusal(file))
        #expect(reason.hasPrefix("m.safetensors: model.\(key) \(value) exceeds the limit"), "\(reason)")
    }

    @Test func settingsWithinTheLimitsThatDoNotMatchTheTensorsAreRefused() throws {
        var file = try smallFile()
        file.metadata["model.hidden"] = "60000"
        #expect(refusal(file) == "m.safetensors: tensor audio.encoder.fc1.weight is 5x4, expected 5x60000")
    }

    @Test func aZeroStandardDeviationIsRefused() throws {
        var file = try smallFile()
        file.tensors["frames.std"] = NPYArray(shape: [1, 6], values: [Float](repeating: 0, count: 6))
        #expect(refusal(file) == "m.safetensors: tensor frames.std holds a standard deviation that is not positive")
    }

    /// A WAV, a PNG or a text file given as a model is "not a safetensors file", not a
    /// header length of billions of bytes.
    @Test(arguments: [
        "RIFF\u{24}\u{08}\u{00}\u{00}WAVEfmt ", "\u{89}PNG\r\n\u{1A}\n\u{00}\u{00}\u{00}\rIHDR",
        "hello, this is a text file\n", "{\"a\": 1}",
    ])
    func otherFilesAreNotSafetensors(head: String) throws {
        let folder = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        try Data(head.utf8).write(to: url)
        #expect { try Model(contentsOf: url) } throws: { error in
            "\(error)".hasPrefix("\(url.path): not a safetensors file")
        }
    }
}
