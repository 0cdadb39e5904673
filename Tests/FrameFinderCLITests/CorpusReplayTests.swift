import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch
import TestSupport
import Testing

/// Every file of `Tests/Corpus` (tools/gen_fuzz_corpus.py, and whatever tools/fuzz.py found)
/// read by the decoder or loader of its folder: none may crash, and the files listed in
/// `expected.json` must give their outcome ("ok" or the start of the error's reason).
@Suite struct CorpusReplayTests {
    static let corpus = TestData.packageRoot.appendingPathComponent("Tests/Corpus")

    /// Every file of one corpus folder, as `folder/name`.
    static func files(_ folder: String) -> [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(folder).path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { "\(folder)/\($0)" }
    }

    /// What reading `file` must give, or nil when only "no crash" is asked.
    static func expectation(_ file: String) throws -> String? {
        let data = try Data(contentsOf: corpus.appendingPathComponent("expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])[file]
    }

    /// Checks `outcome` ("ok" or an error's text) against the expectation of `file`.
    private func check(_ file: String, _ outcome: String) throws {
        guard let expected = try Self.expectation(file) else { return }
        if expected == "ok" {
            #expect(outcome == "ok", "\(file)")
        } else {
            #expect(outcome.contains(expected), "\(file): \(outcome)")
        }
    }

    private func outcome(_ work: () throws -> Void) -> String {
        do {
            try work()
            return "ok"
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: files("png"))
    func pngDecoder(file: String) throws {
        try check(file, outcome { _ = try RGBImage(contentsOfPNG: Self.corpus.appendingPathComponent(file)) })
    }

    @Test(arguments: files("audio"))
    func audioFrontEnd(file: String) throws {
        try check(
            file,
            outcome { _ = try AudioFeatureExtractor().features(contentsOf: Self.corpus.appendingPathComponent(file)) })
    }

    @Test(arguments: files("model"))
    func modelLoader(file: String) throws {
        try check(file, outcome { _ = try Model(contentsOf: Self.corpus.appendingPathComponent(file)) })
    }

    @Test(arguments: files("index"))
    func indexLoader(file: String) throws {
        let model = try Model(contentsOf: Self.corpus.appendingPathComponent("model/tiny.safetensors"))
        let url = Self.corpus.appendingPathComponent(file)
        try check(
            file, outcome { try FrameIndex(contentsOf: url).check(model: model, modelName: "tiny", path: url.path) })
    }

    /// A 4000 x 4000 RGBA 16-bit PNG is decoded row by row: the peak memory of `features`
    /// was 200 MB with a whole-image buffer of 16-bit samples (four of them in a folder took
    /// 1.4 GB); row by row it is 75 MB alone, up to 131 MB seen under a parallel test load
    /// (the 48 MB result and the resized copies of it, freed in other threads' arenas).
    @Test func aLarge16BitPNGIsDecodedInBoundedMemory() throws {
        let file = Self.corpus.appendingPathComponent("png/rgba16_4000x4000.png")
        let (status, peak) = try CLI.peakMemory(["features", file.path])
        #expect(status == 0)
        #expect(peak < 170_000_000, "peak resident memory \(peak) bytes")
    }
}
