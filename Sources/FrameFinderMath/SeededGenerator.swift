/// A small, fast, seeded random number generator (SplitMix64), so that initialisation and
/// shuffling are reproducible for a given seed on every platform.
///
/// Each call advances a 64-bit state by the golden-ratio increment `0x9E3779B97F4A7C15` and
/// returns the state mixed by two xor-shift-multiply rounds (Steele, Lea and Flood, 2014).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Matrix {
    /// A matrix of independent uniform values in `range`, drawn row by row from `generator`.
    ///
    /// With `range = -b...b` and `b = √(6 / (rows + columns))` this is Glorot (Xavier) uniform
    /// initialisation of a `rows × columns` projection (`torch.nn.init.xavier_uniform_`).
    public init(
        rows: Int, columns: Int, uniformIn range: ClosedRange<Float>, using generator: inout some RandomNumberGenerator
    ) {
        var values = [Float]()
        values.reserveCapacity(rows * columns)
        for _ in 0..<rows * columns { values.append(Float.random(in: range, using: &generator)) }
        self.init(rows: rows, columns: columns, elements: values)
    }

    /// Glorot (Xavier) uniform initialisation: uniform in `±√(6 / (rows + columns))`.
    public static func glorotUniform(rows: Int, columns: Int, using generator: inout some RandomNumberGenerator)
        -> Matrix
    {
        let bound = (6 / Float(max(rows + columns, 1))).squareRoot()
        return Matrix(rows: rows, columns: columns, uniformIn: -bound...bound, using: &generator)
    }
}

extension Matrix {
    /// A reproducible matrix whose values numpy computes bit for bit the same way, so tests and
    /// benchmarks can rebuild large inputs from a seed instead of storing them.
    ///
    /// Element `i` (row-major) is `scale · (h / 2³² · 2 − 1)` in double precision, rounded to
    /// float, where `h` is a 32-bit multiply-xorshift hash of `(seed, i)`:
    /// `h = (i · 2654435761 + seed · 97531) mod 2³²; h ^= h >> 16; h = (h · 0x45D9F3B) mod 2³²;
    /// h ^= h >> 16` (the numpy version is `hashed` in `tools/gen_attention_fixtures.py`).
    public init(hashedSeed seed: UInt64, rows: Int, columns: Int, scale: Double = 1) {
        let elements = (0..<UInt64(rows * columns)).map { i -> Float in
            var h = (i &* 2_654_435_761 &+ seed &* 97_531) & 0xFFFF_FFFF
            h ^= h >> 16
            h = (h &* 0x45D_9F3B) & 0xFFFF_FFFF
            h ^= h >> 16
            return Float((Double(h) / 4_294_967_296 * 2 - 1) * scale)
        }
        self.init(rows: rows, columns: columns, elements: elements)
    }
}
