import Foundation
import FrameFinderFrames
import TestSupport
import Testing

@Suite("PNG decoding")
struct PNGDecodingTests {
    static let kinds = [
        "grey1", "grey2", "grey4", "grey8", "grey16", "grey8_trns", "greyalpha8", "greyalpha16",
        "rgb8", "rgb16", "rgb8_trns", "rgba8", "rgba16",
        "palette8", "palette8_trns", "palette4", "palette2_trns",
        "grey1_adam7", "grey8_adam7", "grey16_adam7", "rgb8_adam7", "rgba16_adam7",
        "palette4_adam7", "palette8_trns_adam7", "greyalpha8_adam7",
    ]

    @Test("every colour type, bit depth and interlace decodes to the reference RGB", arguments: kinds)
    func decodesToReference(kind: String) throws {
        let image = try RGBImage(contentsOfPNG: FrameFixtures.url("decode/\(kind).png"))
        let expected = try FrameFixtures.expectedImage("decode/\(kind).npy")
        #expect(image.width == expected.width && image.height == expected.height)
        #expect(image.samples == expected.samples)
    }

    @Test("decoding bytes in memory equals decoding the file", arguments: ["rgb8", "palette2_trns", "rgba16_adam7"])
    func fromMemory(kind: String) throws {
        let url = FrameFixtures.url("decode/\(kind).png")
        let fromData = try RGBImage(pngData: Data(contentsOf: url), path: "memory")
        #expect(fromData == (try RGBImage(contentsOfPNG: url)))
    }

    @Test(
        "bad bytes in memory are refused like bad files",
        arguments: [
            ("empty.png", FrameError.Kind.notPNG), ("bad_zlib.png", .corrupt), ("huge.png", .tooLarge),
        ])
    func badMemory(name: String, kind: FrameError.Kind) throws {
        let data = try Data(contentsOf: FrameFixtures.url("bad/\(name)"))
        do {
            _ = try RGBImage(pngData: data, path: "memory")
            Issue.record("\(name) was accepted")
        } catch {
            #expect(error.kind == kind)
            #expect(error.path == "memory")
        }
    }

    @Test("16-bit samples reduce to round(v / 257), not through an sRGB curve")
    func sixteenBitReduction() throws {
        let image = try RGBImage(contentsOfPNG: FrameFixtures.url("decode/grey16.png"))
        let expected = try FrameFixtures.expectedImage("decode/grey16.npy")
        #expect(image.samples == expected.samples)
        #expect(image.samples.contains { $0 > 0 && $0 < 255 })
    }

    @Test("float view is samples / 255 and the .npy array is H x W x 3")
    func floatView() throws {
        let image = try RGBImage(contentsOfPNG: FrameFixtures.url("decode/rgb8.png"))
        #expect(image.npyArray.shape == [image.height, image.width, 3])
        #expect(image.floatSamples == image.samples.map { Float($0) / 255 })
        #expect(image.floatSamples.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    @Test("writing a PNG and reading it back gives the same pixels")
    func writeRoundTrip() throws {
        let source = try FrameFixtures.resizeSource()
        let directory = try TestData.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("round-trip.png")
        try source.writePNG(to: url)
        #expect(try RGBImage(contentsOfPNG: url) == source)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(leftovers == ["round-trip.png"])
    }

    @Test("writing into a missing directory fails with one line and leaves nothing")
    func writeFailure() throws {
        let url = URL(fileURLWithPath: "/nonexistent-framefinder-dir/out.png")
        #expect(throws: FrameError.self) { try RGBImage(width: 2, height: 2).writePNG(to: url) }
    }

    @Test(
        "real MNIST digits decode like Pillow",
        .enabled(if: TestData.hasSharedData, "../shared/data is absent: MNIST decoding not checked"))
    func mnist() throws {
        for name in ["00001_2", "00003_0"] {
            let url = TestData.sharedFile("mnist/images/\(name).png")
            let image = try RGBImage(contentsOfPNG: url)
            #expect(image == (try FrameFixtures.expectedImage("mnist/\(name).npy")))
        }
    }
}

@Suite("PNG bad input")
struct PNGBadInputTests {
    func decodeError(_ name: String, pixelLimit: Int = RGBImage.defaultPixelLimit) -> FrameError? {
        do {
            _ = try RGBImage(contentsOfPNG: FrameFixtures.url("bad/\(name)"), pixelLimit: pixelLimit)
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "each bad file gives one error of the right kind naming the file",
        arguments: [
            ("empty.png", FrameError.Kind.notPNG),
            ("bad_signature.png", .notPNG),
            ("truncated.png", .corrupt),
            ("bad_crc.png", .corrupt),
            ("bad_zlib.png", .corrupt),
            ("huge.png", .tooLarge),
            ("zero_size.png", .corrupt),
            ("missing.png", .unreadable),
        ])
    func rejects(name: String, kind: FrameError.Kind) throws {
        let error = try #require(decodeError(name))
        #expect(error.kind == kind)
        #expect(error.path.hasSuffix(name))
        #expect(!error.description.contains("\n"))
        #expect(!error.reason.isEmpty)
    }

    @Test("libpng's reason is kept in the message")
    func reasons() throws {
        #expect(try #require(decodeError("truncated.png")).reason.contains("truncated"))
        #expect(try #require(decodeError("bad_crc.png")).reason.contains("CRC"))
        #expect(try #require(decodeError("empty.png")).reason.contains("empty"))
    }

    @Test("the control file of the bad set decodes")
    func goodControl() throws {
        let image = try RGBImage(contentsOfPNG: FrameFixtures.url("bad/good.png"))
        #expect(image.width == 8 && image.height == 4)
        #expect(Array(image.samples.prefix(6)) == [0, 0, 0, 1, 1, 1])
    }

    @Test("the pixel limit is checked from the header and can be set")
    func pixelLimit() throws {
        let huge = try #require(decodeError("huge.png"))
        #expect(huge.reason.contains("100000x100000"))
        let small = try #require(decodeError("good.png", pixelLimit: 31))
        #expect(small.kind == .tooLarge)
        #expect(decodeError("good.png", pixelLimit: 32) == nil)
    }
}
