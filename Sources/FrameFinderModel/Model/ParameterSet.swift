import FrameFinderMath

/// The named tensors of a model, in a fixed order: its weights, or gradients shaped like them.
///
/// Names are dotted paths such as `audio.encoder.fc1.weight`; they are the tensor names of
/// the model's safetensors file. A vector is stored as a `1 × n` matrix.
public struct ParameterSet: Sendable, Equatable {
    /// The names in the order they were added.
    public private(set) var names: [String] = []
    private var values: [String: Matrix] = [:]

    /// An empty set.
    public init() {}

    /// The tensor called `name`.
    ///
    /// - Precondition: the set holds `name`.
    public subscript(name: String) -> Matrix {
        get {
            guard let value = values[name] else { preconditionFailure("No parameter named \(name)") }
            return value
        }
        set {
            if values[name] == nil { names.append(name) }
            values[name] = newValue
        }
    }

    /// True when the set holds `name`.
    public func contains(_ name: String) -> Bool { values[name] != nil }

    /// A set with the same names and shapes, every element zero.
    public var zeros: ParameterSet {
        var result = ParameterSet()
        for name in names {
            let m = values[name]!
            result[name] = Matrix(rows: m.rows, columns: m.columns)
        }
        return result
    }

    /// Adds `alpha · other[name]` to every tensor that `other` also holds.
    public mutating func add(_ other: ParameterSet, scaledBy alpha: Float = 1) {
        for name in other.names where values[name] != nil {
            values[name]!.add(other[name], scaledBy: alpha)
        }
    }

    /// The total number of scalars.
    public var scalarCount: Int { values.values.reduce(0) { $0 + $1.elements.count } }

    /// True when no tensor holds a NaN or an infinity.
    public var isFinite: Bool { values.values.allSatisfy(\.isFinite) }
}
