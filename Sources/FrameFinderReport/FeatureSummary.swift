import Foundation
import FrameFinderAudio
import FrameFinderFrames
import FrameFinderMath

/// What the front-ends make of an input, as the lines `features` prints.
public enum FeatureSummary {
    /// A clip's duration, rates, channels, log-mel shape and statistics, and its sound.
    public static func lines(of features: AudioFeatures, settings: AudioFeatureSettings) -> [String] {
        let (clip, logMel, sound) = (features.clip, features.logMel, features.sound)
        let stats = SummaryStatistics(logMel.elements)
        let spans = sound.intervals.map { span in
            let seconds = sound.seconds(span)
            return String(format: "%.2f-%.2f s", seconds.lowerBound, seconds.upperBound)
        }
        return [
            "file: \(clip.path)",
            "duration: \(String(format: "%.3f", clip.duration)) s (\(clip.frameCount) frames)",
            "sample rate: \(clip.sampleRate) Hz (analysed at \(settings.sampleRate) Hz)",
            "channels: \(clip.channels)",
            "log-mel: \(logMel.rows) x \(logMel.columns) (frames x mel bands, hop \(settings.hopLength) samples)",
            String(format: "min %.4f  max %.4f  mean %.4f  std %.4f", stats.min, stats.max, stats.mean, stats.std),
            "sound: " + (spans.isEmpty ? "none" : spans.joined(separator: ", "))
                + String(format: " (frames above %.1f dBFS)", sound.thresholdDBFS),
        ]
    }

    /// One PNG frame: its decoded and resized sizes, and its token shape.
    public static func lines(
        ofFrame path: String, image: RGBImage, resized size: Size2D,
        settings: FrameDescriptorSettings
    ) -> [String] {
        [
            "frame: \(path)", "  decoded: \(image.width)x\(image.height) RGB",
            "  resized: \(size.width)x\(size.height)x3 (Pillow BOX)", tokenShape(settings, frames: 1),
        ]
    }

    /// A directory of frames: its PNG files, how many were unreadable, its rate, the resized
    /// size and the token shape of the `readable` frames.
    public static func lines(
        ofFrames path: String, files: Int, readable: Int, fps: Double,
        settings: FrameDescriptorSettings
    ) -> [String] {
        let size = settings.frameSize
        return [
            "frames: \(path)",
            "  PNG files: \(files) (\(files - readable) unreadable), fps \(String(format: "%g", fps))",
            "  resized: \(size.width)x\(size.height)x3 (Pillow BOX)", tokenShape(settings, frames: readable),
        ]
    }

    /// The token shape and what each part contributes.
    public static func tokenShape(_ settings: FrameDescriptorSettings, frames: Int) -> String {
        var parts: [String] = []
        if let t = settings.thumbnail { parts.append("thumbnail \(t.size) \(t.colour ? "rgb" : "grey") \(t.width)") }
        if let h = settings.gradientHistogram {
            parts.append("gradient histograms \(h.cells) cells x \(h.bins) bins \(h.width)")
        }
        if settings.colourStatistics { parts.append("colour statistics 6") }
        return "  tokens: \(frames) frame(s) x \(settings.tokensPerFrame) token(s) x \(settings.tokenWidth) values "
            + "(\(parts.joined(separator: ", ")))"
    }
}

/// Minimum, maximum, mean and population standard deviation, accumulated in double.
public struct SummaryStatistics: Sendable, Equatable {
    public var min = Double.nan, max = Double.nan, mean = Double.nan, std = Double.nan

    public init(_ values: [Float]) {
        guard !values.isEmpty else { return }
        var low = Double.infinity, high = -Double.infinity, sum = 0.0
        for v in values {
            let x = Double(v)
            low = Swift.min(low, x)
            high = Swift.max(high, x)
            sum += x
        }
        let mean = sum / Double(values.count)
        let squares = values.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
        (min, max, self.mean, std) = (low, high, mean, (squares / Double(values.count)).squareRoot())
    }
}
