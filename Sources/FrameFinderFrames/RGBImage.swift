import FrameFinderMath

/// An 8-bit RGB picture: what every decoded frame becomes before it is resized and described.
///
/// Samples are interleaved `R, G, B` in row-major order, the layout of a C-order NumPy array
/// of shape `(height, width, 3)` and of Pillow's `numpy.asarray(image.convert("RGB"))`.
/// Keeping 8-bit samples (not floats) lets the resize reproduce Pillow bit for bit.
public struct RGBImage: Sendable, Equatable {
    /// The width in pixels.
    public let width: Int
    /// The height in pixels.
    public let height: Int
    /// `width * height * 3` samples, `R, G, B` per pixel, rows top to bottom.
    public var samples: [UInt8]

    /// Creates an image from interleaved RGB samples.
    ///
    /// - Precondition: `samples.count == width * height * 3`.
    public init(width: Int, height: Int, samples: [UInt8]) {
        precondition(width >= 0 && height >= 0, "Image dimensions must not be negative")
        precondition(samples.count == width * height * 3, "An RGB image needs width * height * 3 samples")
        self.width = width
        self.height = height
        self.samples = samples
    }

    /// Creates an image whose every pixel is `(red, green, blue)`.
    public init(width: Int, height: Int, red: UInt8 = 0, green: UInt8 = 0, blue: UInt8 = 0) {
        var samples = [UInt8](repeating: 0, count: width * height * 3)
        for pixel in 0..<width * height {
            samples[3 * pixel] = red
            samples[3 * pixel + 1] = green
            samples[3 * pixel + 2] = blue
        }
        self.init(width: width, height: height, samples: samples)
    }

    /// The samples as floats in [0, 1] (`sample / 255`), in the same interleaved order.
    public var floatSamples: [Float] { samples.map { Float($0) / 255 } }

    /// The image as a `(height, width, 3)` float32 NumPy array with values in [0, 1].
    public var npyArray: NPYArray { NPYArray(shape: [height, width, 3], values: floatSamples) }

    /// The grey level of every pixel, as Pillow's `convert("L")` computes it.
    ///
    /// `L = (19595 R + 38470 G + 7471 B + 2¹⁵) >> 16`, the ITU-R 601-2 luma
    /// `0.299 R + 0.587 G + 0.114 B` in 16-bit fixed point, rounded; matches Pillow exactly.
    public var luma: [UInt8] {
        var grey = [UInt8](repeating: 0, count: width * height)
        samples.withUnsafeBufferPointer { rgb in
            for pixel in grey.indices {
                let r = UInt32(rgb[3 * pixel]), g = UInt32(rgb[3 * pixel + 1]), b = UInt32(rgb[3 * pixel + 2])
                grey[pixel] = UInt8((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16)
            }
        }
        return grey
    }
}
