import FrameFinderMath

/// A video's frames as the cross-attention sees them: keys `K = E_f·W_K` and values `V = E_f·W_V`.
///
/// Held in memory (`init(keys:values:)`, what `Model.encodeFrames` makes) or read in place
/// from a mapped index file (`init(mappedKeys:values:)`, what `FrameIndex(mapping:)` makes):
/// the scoring of `query` and `batch` reads them through `withViews` either way, so a mapped
/// index is never copied. Reading `keys` or `values` of a mapped set copies it.
public struct EncodedFrames: Sendable, Equatable {
    private enum Storage: Sendable {
        case held(keys: Matrix, values: Matrix)
        case mapped(keys: MatrixView, values: MatrixView)
    }

    private var storage: Storage

    public init(keys: Matrix, values: Matrix) {
        precondition(keys.rows == values.rows, "Keys and values must describe the same frames")
        storage = .held(keys: keys, values: values)
    }

    /// Frames whose keys and values are read in place; the views must own their memory
    /// (`MatrixView.owner`, a `MappedFile`).
    public init(mappedKeys keys: MatrixView, values: MatrixView) {
        precondition(keys.rows == values.rows, "Keys and values must describe the same frames")
        precondition(keys.owner != nil && values.owner != nil, "Mapped frames must keep their mapping alive")
        storage = .mapped(keys: keys, values: values)
    }

    /// `K`, `N × d` (a copy when mapped).
    public var keys: Matrix {
        get {
            switch storage {
            case .held(let keys, _): keys
            case .mapped(let keys, _): keys.matrix
            }
        }
        set { storage = .held(keys: newValue, values: values) }
    }

    /// `V`, `N × d_v` (a copy when mapped).
    public var values: Matrix {
        get {
            switch storage {
            case .held(_, let values): values
            case .mapped(_, let values): values.matrix
            }
        }
        set { storage = .held(keys: keys, values: newValue) }
    }

    /// The number of frames.
    public var count: Int {
        switch storage {
        case .held(let keys, _): keys.rows
        case .mapped(let keys, _): keys.rows
        }
    }

    /// True when the keys and values are read in place from a mapped file.
    public var isMapped: Bool {
        if case .mapped = storage { true } else { false }
    }

    /// Runs `body` with views of the keys and values, valid during the call; nothing is copied.
    public func withViews<T>(_ body: (_ keys: MatrixView, _ values: MatrixView) throws -> T) rethrows -> T {
        switch storage {
        case .held(let keys, let values):
            try keys.withView { k in try values.withView { v in try body(k, v) } }
        case .mapped(let keys, let values):
            try body(keys, values)
        }
    }

    public static func == (a: EncodedFrames, b: EncodedFrames) -> Bool {
        a.withViews { ak, av in
            b.withViews { bk, bv in
                ak.rows == bk.rows && ak.columns == bk.columns && av.columns == bv.columns
                    && ak.elements.elementsEqual(bk.elements) && av.elements.elementsEqual(bv.elements)
            }
        }
    }
}
