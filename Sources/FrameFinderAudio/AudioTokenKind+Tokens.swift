import FrameFinderMath

extension AudioTokenKind {
    /// The query tokens of a `frames × F` feature matrix, one token per row.
    ///
    /// - `stackedFrames(context: k, hop: h)`: token `i` is rows `t−k ... t+k` of the features
    ///   concatenated, `t = i·h`, for `t < frames` (`⌈frames / h⌉` tokens, width `(2k+1)·F`);
    ///   a row index outside `0..<frames` is clamped to the nearest edge row.
    /// - `segmentMeans(count: n)`: token `i` is the mean of rows `⌊i·T/n⌋ ..< max(⌊(i+1)·T/n⌋,
    ///   ⌊i·T/n⌋ + 1)` (n tokens whatever the clip length; short clips repeat rows).
    /// - `segmentProfile(count: n)`: one token, the n segment means above side by side.
    /// - `clipMean`: one token, the mean of all rows.
    ///
    /// An empty feature matrix gives no tokens.
    public func tokens(from features: Matrix) -> Matrix {
        let frames = features.rows
        let width = features.columns
        guard frames > 0 else { return Matrix(rows: 0, columns: tokenWidth(featureWidth: width)) }
        switch self {
        case .stackedFrames(let context, let hop):
            let count = (frames + hop - 1) / hop
            var tokens = Matrix(rows: count, columns: (2 * context + 1) * width)
            for i in 0..<count {
                for (slot, offset) in (-context...context).enumerated() {
                    let source = Swift.min(Swift.max(i * hop + offset, 0), frames - 1)
                    let target = i * tokens.columns + slot * width
                    tokens.elements.replaceSubrange(target..<target + width, with: features.row(source))
                }
            }
            return tokens
        case .segmentMeans(let count):
            var tokens = Matrix(rows: count, columns: width)
            for i in 0..<count {
                let start = i * frames / count
                let end = Swift.max((i + 1) * frames / count, start + 1)
                Self.mean(of: features, rows: start..<end, into: &tokens, row: i)
            }
            return tokens
        case .segmentProfile(let count):
            let segments = AudioTokenKind.segmentMeans(count: count).tokens(from: features)
            return Matrix(rows: 1, columns: segments.elements.count, elements: segments.elements)
        case .clipMean:
            var token = Matrix(rows: 1, columns: width)
            Self.mean(of: features, rows: 0..<frames, into: &token, row: 0)
            return token
        }
    }

    /// Writes the mean of `rows` of `features` (accumulated in double) into row `row` of `target`.
    private static func mean(of features: Matrix, rows: Range<Int>, into target: inout Matrix, row: Int) {
        for c in 0..<features.columns {
            var sum = 0.0
            for r in rows { sum += Double(features[r, c]) }
            target[row, c] = Float(sum / Double(rows.count))
        }
    }
}
