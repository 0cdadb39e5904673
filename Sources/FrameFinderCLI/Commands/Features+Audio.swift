import Foundation
import FrameFinder

extension Features {
    /// Prints the clip's duration, rate, channels, log-mel shape and statistics; with
    /// `--npy`, writes the `frames × 64` float32 log-mel matrix atomically.
    ///
    /// Warnings (a silent or truncated clip) go to stderr; errors are thrown as one line.
    func runAudio() throws {
        let extractor = try AudioFeatureExtractor()
        let result = try extractor.features(contentsOf: URL(fileURLWithPath: input))
        for warning in result.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let clip = result.clip
        let logMel = result.logMel
        let settings = extractor.settings
        let stats = SummaryStatistics(logMel.elements)
        print("file: \(clip.path)")
        print("duration: \(String(format: "%.3f", clip.duration)) s (\(clip.frameCount) frames)")
        print("sample rate: \(clip.sampleRate) Hz (analysed at \(settings.sampleRate) Hz)")
        print("channels: \(clip.channels)")
        print("log-mel: \(logMel.rows) x \(logMel.columns) (frames x mel bands, hop \(settings.hopLength) samples)")
        print(String(format: "min %.4f  max %.4f  mean %.4f  std %.4f", stats.min, stats.max, stats.mean, stats.std))
        let sound = result.sound
        let spans = sound.intervals.map { span in
            let seconds = sound.seconds(span)
            return String(format: "%.2f-%.2f s", seconds.lowerBound, seconds.upperBound)
        }
        print("sound: " + (spans.isEmpty ? "none" : spans.joined(separator: ", "))
              + String(format: " (frames above %.1f dBFS)", sound.thresholdDBFS))
        if let npyPath {
            try logMel.npyArray.write(to: URL(fileURLWithPath: npyPath))
            print("wrote \(npyPath)")
        }
    }
}

/// Minimum, maximum, mean and population standard deviation, accumulated in double.
private struct SummaryStatistics {
    var min = Double.nan, max = Double.nan, mean = Double.nan, std = Double.nan

    init(_ values: [Float]) {
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
