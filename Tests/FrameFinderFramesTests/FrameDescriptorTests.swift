import Foundation
import FrameFinderFrames
import FrameFinderMath
import TestSupport
import Testing

/// The settings named in `tools/gen_frame_fixtures.py` (`DESCRIBE_SETTINGS`).
let referenceSettings: [String: FrameDescriptorSettings] = [
    "default": .default,
    "patches": FrameDescriptorSettings(
        frameSize: Size2D(width: 32, height: 24),
        thumbnail: .init(size: Size2D(width: 8, height: 6), colour: true),
        gradientHistogram: .init(cells: Size2D(width: 2, height: 2), bins: 6),
        colourStatistics: true,
        patchGrid: Size2D(width: 4, height: 3)),
    "hogonly": FrameDescriptorSettings(
        frameSize: Size2D(width: 20, height: 20),
        thumbnail: nil,
        gradientHistogram: .init(cells: Size2D(width: 5, height: 4), bins: 12),
        colourStatistics: false),
]

@Suite("Frame descriptors")
struct FrameDescriptorTests {
    /// Float32 arithmetic against the float64 numpy reference; the values are O(1).
    static let tolerance: Float = 1e-4

    @Test("tokens match the numpy reference", arguments: ["smooth", "flat"], ["default", "patches", "hogonly"])
    func matchesReference(image: String, settingsName: String) throws {
        let settings = try #require(referenceSettings[settingsName])
        let descriptor = try FrameDescriptor(settings: settings)
        let tokens = try descriptor.tokens(forPNG: FrameFixtures.url("describe/\(image).png"))
        let expected = try #require(try TestData.npy("describe/\(image)_\(settingsName).npy", in: Bundle.module).matrix)
        #expect(tokens.rows == settings.tokensPerFrame && tokens.columns == settings.tokenWidth)
        #expect(isClose(tokens, expected, absoluteTolerance: Self.tolerance))
        #expect(tokens.isFinite)
    }

    @Test("documented shapes: 346 values and one token by default; 1 + grid tokens with patches")
    func shapes() throws {
        #expect(FrameDescriptorSettings.default.tokenWidth == 14 * 14 + 4 * 4 * 9 + 6)
        #expect(FrameDescriptorSettings.default.tokensPerFrame == 1)
        let patches = try #require(referenceSettings["patches"])
        #expect(patches.tokenWidth == 8 * 6 * 3 + 2 * 2 * 6 + 6)
        #expect(patches.tokensPerFrame == 1 + 4 * 3)
    }

    @Test("tokens are deterministic")
    func deterministic() throws {
        let image = try FrameFixtures.resizeSource()
        let descriptor = try FrameDescriptor(settings: #require(referenceSettings["patches"]))
        #expect(descriptor.tokens(for: image) == descriptor.tokens(for: image))
    }

    @Test(
        "real MNIST digits give the reference tokens",
        .enabled(if: TestData.hasSharedData, "../shared/data is absent: MNIST tokens not checked"))
    func mnist() throws {
        let descriptor = try FrameDescriptor()
        for name in ["00001_2", "00003_0"] {
            let tokens = try descriptor.tokens(forPNG: TestData.sharedFile("mnist/images/\(name).png"))
            let expected = try #require(try TestData.npy("mnist/\(name)_default.npy", in: Bundle.module).matrix)
            #expect(isClose(tokens, expected, absoluteTolerance: Self.tolerance))
        }
    }
}

@Suite("Frame descriptor settings")
struct FrameDescriptorSettingsTests {
    @Test("metadata round trip is lossless", arguments: ["default", "patches", "hogonly"])
    func roundTrip(name: String) throws {
        let settings = try #require(referenceSettings[name])
        let metadata = settings.metadata
        #expect(metadata["frames.token_width"] == String(settings.tokenWidth))
        var withOthers = metadata
        withOthers["audio.sample_rate"] = "16000"
        #expect(try FrameDescriptorSettings(metadata: withOthers) == settings)
    }

    @Test(
        "bad metadata is refused with the key named",
        arguments: [
            ("frames.size", "28by28"),
            ("frames.size", "0x28"),
            ("frames.size", "none"),
            ("frames.thumbnail.colour", "purple"),
            ("frames.hog.bins", "many"),
            ("frames.hog.cells", "30x30"),
            ("frames.colour_stats", "yes"),
            ("frames.patches", "29x1"),
            ("frames.token_width", "345"),
            ("frames.unknown", "1"),
        ])
    func refusesBadValue(key: String, value: String) throws {
        var metadata = FrameDescriptorSettings.default.metadata
        metadata[key] = value
        do {
            _ = try FrameDescriptorSettings(metadata: metadata)
            Issue.record("\(key) = \(value) was accepted")
        } catch {
            #expect(error.path == key)
            #expect(error.description.contains(key))
        }
    }

    @Test("a missing key is refused")
    func missingKey() throws {
        var metadata = FrameDescriptorSettings.default.metadata
        metadata["frames.hog.bins"] = nil
        #expect(throws: FileError(path: "frames.hog.bins", reason: "is missing")) {
            try FrameDescriptorSettings(metadata: metadata)
        }
    }

    @Test("settings with no part are refused")
    func noPart() {
        let empty = FrameDescriptorSettings(thumbnail: nil, gradientHistogram: nil, colourStatistics: false)
        #expect(throws: FileError.self) { try FrameDescriptor(settings: empty) }
    }
}

@Suite struct SizeParsingTests {
    @Test(arguments: [("4x4", Size2D(width: 4, height: 4)), ("28X14", Size2D(width: 28, height: 14))])
    func parsesWidthByHeight(text: String, size: Size2D) {
        #expect(Size2D(text) == size)
        #expect(Size2D(size.description) == size)
    }

    @Test(arguments: ["", "4", "4x", "x4", "0x4", "4x-1", "4x4x4", "axb", "none"])
    func refusesOtherText(text: String) {
        #expect(Size2D(text) == nil)
    }
}
