import FrameFinderMath

/// The largest absolute difference between two equally long sequences of numbers.
///
/// Returns `.infinity` when the lengths differ or either side holds a NaN, so a comparison
/// against a tolerance fails loudly rather than passing by accident.
public func maxAbsoluteDifference<A: Collection, B: Collection>(_ a: A, _ b: B) -> Float
where A.Element == Float, B.Element == Float {
    guard a.count == b.count else { return .infinity }
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        let d = abs(x - y)
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// The largest relative difference `|a - b| / max(|b|, floor)` (b is the reference).
public func maxRelativeDifference<A: Collection, B: Collection>(
    _ a: A, _ reference: B, floor: Float = 1e-6
) -> Float where A.Element == Float, B.Element == Float {
    guard a.count == reference.count else { return .infinity }
    var worst: Float = 0
    for (x, y) in zip(a, reference) {
        let d = abs(x - y) / max(abs(y), floor)
        if d.isNaN { return .infinity }
        worst = max(worst, d)
    }
    return worst
}

/// True when two matrices have one shape and their elements differ by at most `tolerance`.
public func isClose(_ a: Matrix, _ b: Matrix, absoluteTolerance tolerance: Float) -> Bool {
    a.rows == b.rows && a.columns == b.columns
        && maxAbsoluteDifference(a.elements, b.elements) <= tolerance
}
