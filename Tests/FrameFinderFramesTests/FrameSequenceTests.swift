import Foundation
import FrameFinderFrames
import FrameFinderMath
import TestSupport
import Testing

@Suite("Frame sequences")
struct FrameSequenceTests {
    /// A temporary directory holding copies of fixture PNGs under the given names.
    func directory(_ files: [String: String]) throws -> URL {
        let url = try TestData.temporaryDirectory("framefinder-frames")
        for (name, fixture) in files {
            let target = url.appendingPathComponent(name)
            if fixture.isEmpty {
                try Data("not an image".utf8).write(to: target)
            } else {
                try FileManager.default.copyItem(at: FrameFixtures.url(fixture), to: target)
            }
        }
        return url
    }

    @Test("PNG files are listed in natural order with times i / fps; others are set aside")
    func naturalOrder() throws {
        let names = [
            "frame10.png", "frame2.png", "frame1.PNG", "frame002.png", "frame100.png", "Frame3.png", "notes.txt",
        ]
        let url = try directory(
            Dictionary(uniqueKeysWithValues: names.map { ($0, $0.hasSuffix("txt") ? "" : "decode/rgb8.png") }))
        defer { try? FileManager.default.removeItem(at: url) }
        let sequence = try FrameSequence(directory: url, fps: 4)
        #expect(
            sequence.entries.map(\.url.lastPathComponent)
                == ["Frame3.png", "frame1.PNG", "frame2.png", "frame002.png", "frame10.png", "frame100.png"])
        #expect(sequence.entries.map(\.time) == [0, 0.25, 0.5, 0.75, 1.0, 1.25])
        #expect(sequence.skippedNames == ["notes.txt"])
    }

    @Test("unreadable PNGs are listed with their reason and skipped; times keep their places")
    func unreadableSkipped() async throws {
        let url = try directory([
            "f1.png": "decode/rgb8.png", "f2.png": "bad/bad_crc.png", "f3.png": "decode/palette4.png",
        ])
        defer { try? FileManager.default.removeItem(at: url) }
        let described = try await FrameSequence(directory: url).describe(with: FrameDescriptor())
        #expect(described.entries.map(\.url.lastPathComponent) == ["f1.png", "f3.png"])
        #expect(described.times == [0, 2])
        #expect(described.failures.count == 1)
        #expect(described.failures.first?.path.hasSuffix("f2.png") == true)
        #expect(described.failures.first?.kind == .corrupt)
        #expect(described.globalTokens.rows == 2 && described.globalTokens.columns == 346)
    }

    @Test("parallel results equal serial ones, in frame order")
    func parallelEqualsSerial() async throws {
        var files: [String: String] = [:]
        let fixtures = [
            "decode/rgb8.png", "decode/grey16.png", "describe/smooth.png", "resize/source.png",
            "decode/rgba16_adam7.png",
        ]
        for i in 0..<23 { files["f\(i).png"] = fixtures[i % fixtures.count] }
        let url = try directory(files)
        defer { try? FileManager.default.removeItem(at: url) }
        let sequence = try FrameSequence(directory: url)
        let descriptor = try FrameDescriptor(settings: #require(referenceSettings["patches"]))
        let parallel = try await sequence.describe(with: descriptor, framesInFlight: 4)
        let serial = try await sequence.describe(with: descriptor, framesInFlight: 1)
        let oneByOne = try sequence.entries.map { try descriptor.tokens(forPNG: $0.url) }
        #expect(parallel.tokens == serial.tokens)
        #expect(parallel.tokens == oneByOne)
        #expect(parallel.entries == sequence.entries)
        #expect(parallel.allTokens.rows == 23 * 13)
    }

    @Test(
        "a directory with no PNG and an empty one are errors",
        arguments: [
            (["a.txt": ""], FrameError.Kind.noFrames), ([:], .noFrames),
        ])
    func noFrames(files: [String: String], kind: FrameError.Kind) throws {
        let url = try directory(files)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: FrameError.self) { try FrameSequence(directory: url) }
        do { _ = try FrameSequence(directory: url) } catch { #expect(error.kind == kind) }
    }

    @Test("a missing directory is an error naming it")
    func missingDirectory() {
        let url = URL(fileURLWithPath: "/nonexistent-framefinder-frames")
        do {
            _ = try FrameSequence(directory: url)
            Issue.record("a missing directory was accepted")
        } catch {
            #expect(error.kind == .unreadable)
            #expect(error.description == "/nonexistent-framefinder-frames: no such directory")
        }
    }

    @Test("a directory whose PNGs are all unreadable is an error")
    func allUnreadable() async throws {
        let url = try directory(["a.png": "bad/truncated.png", "b.png": "bad/empty.png"])
        defer { try? FileManager.default.removeItem(at: url) }
        let sequence = try FrameSequence(directory: url)
        let descriptor = try FrameDescriptor()
        do {
            _ = try await sequence.describe(with: descriptor)
            Issue.record("no readable frame was accepted")
        } catch {
            #expect(error.kind == .noFrames)
        }
    }
}
