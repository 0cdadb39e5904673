import Foundation
import FrameFinderMath

/// The token matrices of a sequence's readable frames, and what could not be read.
public struct DescribedFrames: Sendable {
    /// The settings the tokens were made with.
    public let settings: FrameDescriptorSettings
    /// The readable frames, in frame order.
    public let entries: [FrameSequence.Entry]
    /// One token matrix per readable frame (`settings.tokensPerFrame × settings.tokenWidth`).
    public let tokens: [Matrix]
    /// The PNG files that could not be decoded, in frame order, with the reason.
    public let failures: [FrameError]

    /// The frames' times in seconds, one per readable frame.
    public var times: [Double] { entries.map(\.time) }

    /// The global tokens, one row per readable frame: the keys/values of frame-level attention.
    public var globalTokens: Matrix {
        Matrix(rows: tokens.count, columns: settings.tokenWidth, elements: tokens.flatMap { $0.row(0) })
    }

    /// Every token of every frame stacked (frame after frame, each `tokensPerFrame` rows).
    public var allTokens: Matrix {
        Matrix(
            rows: tokens.count * settings.tokensPerFrame, columns: settings.tokenWidth,
            elements: tokens.flatMap(\.elements))
    }
}

extension FrameSequence {
    /// The default number of frames decoded at once: two per core.
    public static var defaultFramesInFlight: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    /// Decodes and describes every frame on all cores, handing results over in frame order.
    ///
    /// At most `framesInFlight` frames are being decoded or waiting to be handed over at any
    /// time, so memory is bounded by that window, not by the length of the sequence.
    /// `body` runs on the caller's task, once per entry, in `entries` order.
    ///
    /// - Parameters:
    ///   - descriptor: turns each decoded picture into tokens.
    ///   - pixelLimit: the largest `width × height` decoded.
    ///   - framesInFlight: the window; 1 decodes one frame at a time.
    ///   - body: receives each entry with its tokens or its decoding error.
    public func forEachFrame(
        describedBy descriptor: FrameDescriptor,
        pixelLimit: Int = RGBImage.defaultPixelLimit,
        framesInFlight: Int = FrameSequence.defaultFramesInFlight,
        _ body: (Entry, Result<Matrix, FrameError>) -> Void
    ) async {
        let window = max(framesInFlight, 1)
        let entries = self.entries
        await withTaskGroup(of: (Int, Result<Matrix, FrameError>).self) { group in
            var next = 0
            func start() {
                guard next < entries.count else { return }
                let index = next, url = entries[index].url
                group.addTask {
                    do throws(FrameError) {
                        return (index, .success(try descriptor.tokens(forPNG: url, pixelLimit: pixelLimit)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
                next += 1
            }
            for _ in 0..<window { start() }
            var pending: [Int: Result<Matrix, FrameError>] = [:]
            var delivered = 0
            while let (index, result) = await group.next() {
                pending[index] = result
                while let ready = pending.removeValue(forKey: delivered) {
                    body(entries[delivered], ready)
                    delivered += 1
                }
                // Refill only as results leave the window, so `pending` stays within it too.
                while next - delivered < window && next < entries.count { start() }
            }
        }
    }

    /// Decodes and describes every frame on all cores; unreadable frames are listed, not fatal.
    ///
    /// - Throws: `FrameError` (`.noFrames`) when no frame is readable; it names the directory
    ///   and the first failure.
    public func describe(
        with descriptor: FrameDescriptor,
        pixelLimit: Int = RGBImage.defaultPixelLimit,
        framesInFlight: Int = FrameSequence.defaultFramesInFlight
    ) async throws(FrameError) -> DescribedFrames {
        var readable: [Entry] = []
        var tokens: [Matrix] = []
        var failures: [FrameError] = []
        await forEachFrame(describedBy: descriptor, pixelLimit: pixelLimit, framesInFlight: framesInFlight) {
            entry, result in
            switch result {
            case .success(let matrix):
                readable.append(entry)
                tokens.append(matrix)
            case .failure(let error):
                failures.append(error)
            }
        }
        guard !tokens.isEmpty else {
            let first = failures.first.map { " (first: \($0))" } ?? ""
            throw FrameError(
                path: directory.path, kind: .noFrames,
                reason: "none of \(entries.count) PNG files is readable\(first)")
        }
        return DescribedFrames(settings: descriptor.settings, entries: readable, tokens: tokens, failures: failures)
    }
}
