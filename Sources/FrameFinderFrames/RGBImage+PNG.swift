internal import CPNG
import Foundation
import FrameFinderMath

// MARK: - Decoding

extension RGBImage {
    /// The default pixel limit for decoding: 64 million pixels (64 Mpx).
    public static let defaultPixelLimit = 64_000_000

    /// Decodes a PNG file of any colour type, bit depth and interlace method into 8-bit RGB.
    ///
    /// The rules (see docs/frames.md):
    /// - grey (1, 2, 4, 8, 16 bits) is replicated to R = G = B; 1/2/4-bit levels are scaled to
    ///   0...255 (×255, ×85, ×17), palettes are looked up, Adam7 is de-interlaced;
    /// - 16-bit samples become `round(v / 257)`, i.e. `(v + 128) / 257` in integers
    ///   (no gamma, no sRGB curve: the samples are taken as they are stored);
    /// - alpha (an alpha channel or a tRNS chunk, after the 16-bit reduction) is composited
    ///   onto **black**: `c' = round(c · a / 255) = (c · a + 127) / 255`, i.e. the
    ///   premultiplied colour; a transparent pixel is black, an opaque one unchanged;
    /// - gAMA, cHRM, sRGB and iCCP chunks are ignored, as Pillow ignores them.
    ///
    /// - Parameters:
    ///   - url: the PNG file.
    ///   - pixelLimit: the largest `width × height` accepted; the header is checked before any
    ///     pixel memory is allocated.
    /// - Throws: `FrameError` naming the file: `.unreadable`, `.notPNG`, `.corrupt`
    ///   (libpng's message), `.tooLarge`.
    public init(contentsOfPNG url: URL, pixelLimit: Int = RGBImage.defaultPixelLimit) throws(FrameError) {
        let limit = UInt64(max(pixelLimit, 0))
        self = try Self.decode(path: url.path, pixelLimit: pixelLimit) { reader in
            FileSystemName.withCString(url.path) { ffpng_reader_open_file($0, limit, reader) }
        }.get()
    }

    /// Decodes the bytes of a PNG file; `path` only names it in errors.
    ///
    /// Follows the same rules as `init(contentsOfPNG:pixelLimit:)`.
    public init(pngData data: Data, path: String = "<data>", pixelLimit: Int = RGBImage.defaultPixelLimit)
        throws(FrameError)
    {
        let limit = UInt64(max(pixelLimit, 0))
        let result = data.withUnsafeBytes { raw in
            // The reader reads `raw` until `decode` returns, inside this closure.
            Self.decode(path: path, pixelLimit: pixelLimit) { reader in
                ffpng_reader_open_memory(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, limit, reader)
            }
        }
        self = try result.get()
    }

    /// Decodes a PNG through the CPNG shim; libpng's errors come back as a `Result`.
    ///
    /// `open` makes the reader (from a file or from memory) and reads the header.
    private static func decode(
        path: String, pixelLimit: Int,
        open: (UnsafeMutablePointer<UnsafeMutablePointer<ffpng_reader>?>) -> Int32
    ) -> Result<RGBImage, FrameError> {
        func failure(_ kind: FrameError.Kind, _ reason: String) -> Result<RGBImage, FrameError> {
            .failure(FrameError(path: path, kind: kind, reason: reason))
        }
        var reader: UnsafeMutablePointer<ffpng_reader>?
        defer { ffpng_reader_close(reader) }
        let opened = open(&reader)
        guard let reader else { return failure(.unreadable, "out of memory") }
        let width = Int(reader.pointee.width), height = Int(reader.pointee.height)
        switch Int(opened) {
        case FFPNG_OK: break
        case FFPNG_TOO_LARGE:
            return failure(.tooLarge, "\(width)x\(height) pixels exceeds the limit of \(pixelLimit) pixels")
        case FFPNG_NOT_PNG: return failure(.notPNG, readerMessage(reader))
        case FFPNG_ERROR: return failure(.corrupt, "corrupt PNG (\(readerMessage(reader)))")
        case FFPNG_CANNOT_OPEN where path.contains("\u{FFFD}"):
            // Foundation gives a name that is not UTF-8 with U+FFFD in place of its bytes.
            return failure(
                .unreadable, "cannot open file: its name is not UTF-8, which FrameFinder cannot open yet; rename it")
        default: return failure(.unreadable, readerMessage(reader))
        }

        let channels = Int(reader.pointee.channels), depth = Int(reader.pointee.bitDepth)
        let rowBytes = Int(reader.pointee.rowBytes)
        var readFailed = false
        if channels == 3 && depth == 8 {
            // The common case: libpng writes the final samples directly.
            let samples = [UInt8](unsafeUninitializedCapacity: width * height * 3) { buffer, count in
                readFailed = ffpng_reader_read(reader, buffer.baseAddress, rowBytes) != FFPNG_OK
                if readFailed { buffer.initialize(repeating: 0) }
                count = buffer.count
            }
            if readFailed { return failure(.corrupt, "corrupt PNG (\(readerMessage(reader)))") }
            return .success(RGBImage(width: width, height: height, samples: samples))
        }
        if reader.pointee.passes == 1 {
            // Row by row: the peak memory is the 8-bit RGB result and one row of samples
            // (a 16-bit RGBA image no longer needs a whole-image buffer 2.7 times the result).
            var samples = [UInt8](repeating: 0, count: width * height * 3)
            var row = [UInt8](repeating: 0, count: rowBytes)
            samples.withUnsafeMutableBufferPointer { out in
                row.withUnsafeMutableBufferPointer { row in
                    for y in 0..<height where !readFailed {
                        readFailed = ffpng_reader_read_row(reader, row.baseAddress) != FFPNG_OK
                        reduceToRGB8(
                            UnsafeBufferPointer(row),
                            into: UnsafeMutableBufferPointer(rebasing: out[y * width * 3..<(y + 1) * width * 3]),
                            pixels: width, channels: channels, bitDepth: depth)
                    }
                }
            }
            if readFailed { return failure(.corrupt, "corrupt PNG (\(readerMessage(reader)))") }
            return .success(RGBImage(width: width, height: height, samples: samples))
        }
        // Adam7 fills every row over seven passes, so the samples are held whole.
        var decoded = [UInt8](repeating: 0, count: rowBytes * height)
        readFailed = decoded.withUnsafeMutableBufferPointer {
            ffpng_reader_read(reader, $0.baseAddress, rowBytes) != FFPNG_OK
        }
        if readFailed { return failure(.corrupt, "corrupt PNG (\(readerMessage(reader)))") }
        var samples = [UInt8](repeating: 0, count: width * height * 3)
        decoded.withUnsafeBufferPointer { src in
            samples.withUnsafeMutableBufferPointer { out in
                reduceToRGB8(src, into: out, pixels: width * height, channels: channels, bitDepth: depth)
            }
        }
        return .success(RGBImage(width: width, height: height, samples: samples))
    }

    private static func readerMessage(_ reader: UnsafeMutablePointer<ffpng_reader>) -> String {
        if reader.pointee.refused > 0 {
            return "a chunk claims \(reader.pointee.refused) bytes, more than the \(FFPNG_CHUNK_MALLOC_MAX)-byte limit"
        }
        return withUnsafeBytes(of: reader.pointee.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// RGB or RGBA samples of 8 or 16 bits (big-endian) → 8-bit RGB composited onto black,
    /// for `pixels` pixels from `src` into `out`.
    private static func reduceToRGB8(
        _ src: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>,
        pixels: Int, channels: Int, bitDepth: Int
    ) {
        let bytesPerSample = bitDepth / 8
        @inline(__always) func sample(_ index: Int) -> UInt32 {
            if bytesPerSample == 1 { return UInt32(src[index]) }
            let v = UInt32(src[2 * index]) << 8 | UInt32(src[2 * index + 1])
            return (v + 128) / 257  // round(v / 257); never a tie since 257 is odd
        }
        for pixel in 0..<pixels {
            let base = pixel * channels
            let alpha = channels == 4 ? sample(base + 3) : 255
            for c in 0..<3 {
                let v = sample(base + c)
                out[3 * pixel + c] = UInt8(alpha == 255 ? v : (v * alpha + 127) / 255)
            }
        }
    }
}

// MARK: - Encoding

extension RGBImage {
    /// Writes the image as an 8-bit RGB PNG through libpng, through `OutputFile`.
    ///
    /// A regular path is written under a temporary name in the same directory and renamed
    /// into place, so a reader never sees half a file and a failure leaves nothing behind; a
    /// symlink's target is written so; a device node is written in place.
    ///
    /// - Throws: `FrameError` (`.writeFailed`) naming the file.
    public func writePNG(to url: URL) throws(FrameError) {
        func fail(_ reason: String) -> FrameError { FrameError(path: url.path, kind: .writeFailed, reason: reason) }
        guard width > 0, height > 0 else { throw fail("cannot write an empty image") }
        do {
            try OutputFile(path: url.path).write { destination in
                var message = [CChar](repeating: 0, count: 256)
                let status = samples.withUnsafeBufferPointer { pixels in
                    ffpng_write_rgb8(
                        destination, pixels.baseAddress, UInt32(width), UInt32(height), width * 3, &message)
                }
                guard status == FFPNG_OK else {
                    let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                    throw fail(text.isEmpty ? "cannot write file" : text)
                }
            }
        } catch let error as FrameError {
            throw error
        } catch {
            throw fail(error.problemText)
        }
    }
}
