import Foundation

/// What one epoch of training did.
public struct EpochReport: Sendable {
    public var epoch: Int
    /// The mean training loss over the epoch's batches.
    public var loss: Float
    /// Metrics on the validation data, when given.
    public var validation: RetrievalMetrics?
    /// Training clips processed per second (each against its batch of frames).
    public var pairsPerSecond: Double
    /// True when this epoch's model is the best so far (and so the one kept).
    public var isBest: Bool
}

extension EpochReport: CustomStringConvertible {
    /// `epoch 3: loss 0.1234, 5120 pairs/s`, then the validation metrics when there are some
    /// (`, R@1 0.500, mAP 0.612`) and ` *` when the epoch is the best so far.
    public var description: String {
        var line = "epoch \(epoch): loss \(String(format: "%.4f", loss)), \(Int(pairsPerSecond)) pairs/s"
        if let validation { line += ", " + validation.summary }
        return line + (isBest && validation != nil ? " *" : "")
    }
}

extension RetrievalMetrics {
    /// The metrics early stopping looks at, as a line: `R@1 0.500, mAP 0.612`.
    public var summary: String {
        String(format: "R@1 %.3f, mAP %.3f", recallAt1, meanAveragePrecision)
    }
}
