extension AudioTokenKind: LosslessStringConvertible {
    /// The kinds' names, as settings and the command line write them.
    public static let names = ["stacked", "segments", "profile", "clip"]

    /// The kind's name: `stacked`, `segments`, `profile` or `clip`.
    public var name: String {
        switch self {
        case .stackedFrames: "stacked"
        case .segmentMeans: "segments"
        case .segmentProfile: "profile"
        case .clipMean: "clip"
        }
    }

    /// The kind's numbers in order: context and hop, the segment count, or none.
    public var parameters: [Int] {
        switch self {
        case .stackedFrames(let context, let hop): [context, hop]
        case .segmentMeans(let count), .segmentProfile(let count): [count]
        case .clipMean: []
        }
    }

    /// The kind called `name` with `parameters` (as `name` and `parameters` give them), or nil
    /// when the name is unknown or the count of parameters is not the kind's.
    ///
    /// Ranges are not checked here: `AudioFeatureSettings.validate()` does.
    public init?(name: String, parameters p: [Int]) {
        switch (name, p.count) {
        case ("stacked", 2): self = .stackedFrames(context: p[0], hop: p[1])
        case ("segments", 1): self = .segmentMeans(count: p[0])
        case ("profile", 1): self = .segmentProfile(count: p[0])
        case ("clip", 0): self = .clipMean
        default: return nil
        }
    }

    /// Parses the form `description` writes: `stacked:CONTEXT:HOP`, `segments:N`, `profile:N`
    /// or `clip`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let numbers = parts.dropFirst().compactMap { Int($0) }
        guard numbers.count == parts.count - 1 else { return nil }
        self.init(name: parts[0], parameters: numbers)
    }

    /// The name and parameters joined by colons, e.g. `profile:8` or `stacked:2:2`.
    public var description: String {
        ([name] + parameters.map(String.init)).joined(separator: ":")
    }
}
