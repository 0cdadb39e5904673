internal import CSndfile
import Foundation
import FrameFinderMath

/// A libsndfile decoder that hands out the file as mono blocks, one block in memory at a time.
///
/// libsndfile opens files whose headers lie (a data chunk shorter or far longer than
/// declared, NaN samples); this reader checks each of those itself. It reads until
/// `sf_readf_float` returns 0 instead of trusting `SF_INFO.frames`.
final class SoundFileReader {
    /// Frames per block: 4,096 frames of up to `AudioClip.maximumChannels` channels.
    static let blockFrames = 4_096

    /// A header that promises more than this many times the audio present is corrupt,
    /// not merely truncated.
    static let implausibleLengthRatio: Int64 = 16

    let path: String
    let sampleRate: Int
    let channels: Int
    /// The frame count libsndfile reports (clamped to the data present): a size hint only,
    /// since reading goes on until `sf_readf_float` returns 0.
    let declaredFrames: Int
    /// Warnings found in the header (a truncated file).
    private(set) var warnings: [AudioWarning] = []
    /// Frames decoded so far.
    private(set) var framesRead = 0

    private let handle: OpaquePointer
    private var interleaved: [Float]

    /// Opens `url`, refusing anything that is not a sound file libsndfile can decode.
    init(url: URL) throws {
        let path = url.path
        self.path = path
        func fail(_ reason: AudioError.Reason) -> AudioError { AudioError(path: path, reason: reason) }

        // Opened by its bytes (`FileSystemName`), so a name that is not UTF-8 opens too.
        guard let status = FileSystemName.status(path) else {
            // Foundation gives a name that is not UTF-8 with U+FFFD in place of its bytes.
            if path.contains("\u{FFFD}") {
                throw fail(.unreadable("its name is not UTF-8, which FrameFinder cannot open yet; rename it"))
            }
            throw fail(.fileNotFound)
        }
        guard status.st_mode & S_IFMT != S_IFDIR else { throw fail(.isDirectory) }
        if status.st_size == 0 { throw fail(.emptyFile) }

        var info = SF_INFO()
        guard let handle = FileSystemName.withCString(path, { sf_open($0, Int32(SFM_READ), &info) }) else {
            throw fail(.unreadable(String(cString: sf_strerror(nil))))
        }
        self.handle = handle
        // From here on deinit closes the handle, whatever is thrown.
        sampleRate = Int(info.samplerate)
        channels = Int(info.channels)
        declaredFrames = Int(max(0, info.frames))
        interleaved = []
        guard (1...AudioClip.maximumChannels).contains(channels) else {
            throw fail(.invalidChannelCount(channels))
        }
        guard (1...AudioClip.maximumSampleRate).contains(sampleRate) else {
            throw fail(.invalidSampleRate(sampleRate))
        }
        guard Double(declaredFrames) <= AudioClip.maximumDuration * Double(sampleRate) else {
            throw fail(.tooLong(seconds: Double(declaredFrames) / Double(sampleRate)))
        }
        if let (claimed, present) = Self.lengthMismatch(inLog: Self.log(of: handle)) {
            guard claimed <= present * Self.implausibleLengthRatio else {
                throw fail(.implausibleLength(claimed: claimed, present: present))
            }
            warnings.append(
                AudioWarning(
                    path: path,
                    message:
                        "file is truncated (header promises \(claimed), the file holds \(present)); "
                        + "decoding what is present"
                ))
        }
        interleaved = [Float](repeating: 0, count: Self.blockFrames * channels)
    }

    deinit { sf_close(handle) }

    /// Decodes the next block, averaged over channels, into `mono` (at least `blockFrames` long).
    ///
    /// Samples are not checked here; `Downmix.checkedPeak` does that for every source.
    ///
    /// - Returns: the number of frames written; 0 at the end of the file.
    /// - Throws: `AudioError` (`.tooLong`) once more than `AudioClip.maximumDuration`
    ///   seconds were decoded (a header that did not say how long the source is).
    func read(into mono: UnsafeMutableBufferPointer<Float>) throws -> Int {
        guard Double(framesRead) <= AudioClip.maximumDuration * Double(sampleRate) else {
            throw AudioError(path: path, reason: .tooLong(seconds: Double(framesRead) / Double(sampleRate)))
        }
        let count = interleaved.withUnsafeMutableBufferPointer { buffer in
            Int(sf_readf_float(handle, buffer.baseAddress, sf_count_t(Self.blockFrames)))
        }
        guard count > 0 else { return 0 }
        interleaved.withUnsafeBufferPointer { buffer in
            Downmix.average(interleaved: buffer, frames: count, channels: channels, into: mono)
        }
        framesRead += count
        return count
    }

    /// libsndfile's parse log of the open file's header.
    private static func log(of handle: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 16_384)
        let length = buffer.withUnsafeMutableBytes { raw in
            sf_command(handle, Int32(SFC_GET_LOG_INFO), raw.baseAddress, Int32(raw.count))
        }
        guard length > 0 else { return "" }
        return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The largest `(claimed, present)` size pair where the header claims more than is present.
    ///
    /// libsndfile clamps `SF_INFO.frames` to the data present and records the header's claim
    /// in its log: `data : 4294967040 (should be 3200)` for WAV chunk sizes, and
    /// `Frame count read from 'COMM' chunk (N) not equal to ... 'SSND' chunk (M)` for AIFF.
    static func lengthMismatch(inLog log: String) -> (claimed: Int64, present: Int64)? {
        var pairs: [(Int64, Int64)] = []
        for match in log.matches(of: #/(\d+) \(should be (\d+)\)/#) {
            if let claimed = Int64(match.1), let present = Int64(match.2) { pairs.append((claimed, present)) }
        }
        let frameCount =
            #/chunk \((\d+)\) not equal to frame count\s*\**\s*calculated from length of '\w+' chunk \((\d+)\)/#
        for match in log.matches(of: frameCount) {
            if let claimed = Int64(match.1), let present = Int64(match.2) { pairs.append((claimed, present)) }
        }
        let longer = pairs.filter { $0.0 > $0.1 }
        // The worst ratio decides; compare claimed/present without division.
        return longer.max { a, b in
            a.0.multipliedFullWidth(by: max(b.1, 1)) < b.0.multipliedFullWidth(by: max(a.1, 1))
        }
    }
}
