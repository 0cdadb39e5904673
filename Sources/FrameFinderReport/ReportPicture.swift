import Foundation
import FrameFinderFrames
import FrameFinderModel
import FrameFinderSearch

/// A picture a report draws: its size is known before it is drawn, and it writes itself as PNG.
public protocol ReportPicture: Sendable {
    /// The size of `image()`, in pixels.
    var size: Size2D { get }
    /// Draws the picture. The same input always gives the same pixels.
    func image() -> RGBImage
}

extension ReportPicture {
    /// Draws the picture and writes it as an 8-bit RGB PNG, atomically (see `RGBImage.writePNG`).
    ///
    /// - Throws: `ReportError.frame` naming the file when it cannot be written.
    public func writePNG(to url: URL) throws(ReportError) {
        do { try image().writePNG(to: url) } catch { throw .frame(error) }
    }
}

/// Reads the PNG file of a ranked frame.
func loadFrame(_ reference: FrameReference) throws(ReportError) -> RGBImage {
    do { return try RGBImage(contentsOfPNG: URL(fileURLWithPath: reference.imagePath)) } catch { throw .frame(error) }
}
