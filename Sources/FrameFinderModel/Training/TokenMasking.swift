import FrameFinderMath

/// SpecAugment-style masking of query tokens while training (Park et al., "SpecAugment: A
/// simple data augmentation method for automatic speech recognition", 2019), applied to the
/// tokens rather than the spectrogram.
///
/// A token is read as consecutive blocks of `blockWidth` features: a segment profile is its
/// segments side by side, stacked frames are its frames. Each time a clip enters a batch,
/// `featureMasks` times a run of `w ~ U{0…maxFeatureWidth}` consecutive features is set to 0
/// in every block of every token (a frequency mask, the same coefficients in every segment),
/// and `blockMasks` times a run of `b ~ U{0…maxBlocks}` consecutive blocks of every token is
/// set to 0 (a time mask). With per-clip normalisation 0 is the clip's mean, so a masked part
/// says nothing. Tokens of a single block get no block masks.
public struct TokenMasking: Sendable, Equatable {
    /// Features per block (the audio front-end's feature width).
    public var blockWidth: Int
    /// Frequency masks per clip.
    public var featureMasks: Int
    /// The widest frequency mask, in features.
    public var maxFeatureWidth: Int
    /// Time masks per clip.
    public var blockMasks: Int
    /// The widest time mask, in blocks.
    public var maxBlocks: Int

    public init(
        blockWidth: Int, featureMasks: Int = 0, maxFeatureWidth: Int = 0, blockMasks: Int = 0, maxBlocks: Int = 0
    ) {
        self.blockWidth = blockWidth
        self.featureMasks = featureMasks
        self.maxFeatureWidth = maxFeatureWidth
        self.blockMasks = blockMasks
        self.maxBlocks = maxBlocks
    }

    /// Masks `tokens` in place, drawing the masks from `generator`.
    func apply(to tokens: inout Matrix, using generator: inout SeededGenerator) {
        let width = blockWidth
        guard width > 0, tokens.columns % width == 0 else { return }
        let blocks = tokens.columns / width
        for _ in 0..<featureMasks {
            let run = Int.random(in: 0...min(maxFeatureWidth, width), using: &generator)
            let start = Int.random(in: 0...(width - run), using: &generator)
            for row in 0..<tokens.rows {
                for block in 0..<blocks {
                    for feature in start..<(start + run) { tokens[row, block * width + feature] = 0 }
                }
            }
        }
        guard blocks > 1 else { return }
        for _ in 0..<blockMasks {
            let run = Int.random(in: 0...min(maxBlocks, blocks), using: &generator)
            let start = Int.random(in: 0...(blocks - run), using: &generator)
            for row in 0..<tokens.rows {
                for column in (start * width)..<((start + run) * width) { tokens[row, column] = 0 }
            }
        }
    }
}

extension TokenMasking {
    /// How many masks of one kind, and the widest: written `COUNT:WIDTH`.
    public struct Runs: Sendable, Equatable, LosslessStringConvertible {
        /// The most masks of one kind per clip.
        public static let maximumCount = 16
        /// The widest mask, in features or blocks.
        public static let maximumWidth = 64

        public var count: Int
        public var width: Int

        public init(count: Int, width: Int) {
            self.count = count
            self.width = width
        }

        /// Parses `COUNT:WIDTH` with `0...maximumCount` masks of `0...maximumWidth`; nil otherwise.
        public init?(_ text: String) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let count = Int(parts[0]), let width = Int(parts[1]),
                (0...Self.maximumCount).contains(count), (0...Self.maximumWidth).contains(width)
            else { return nil }
            self.init(count: count, width: width)
        }

        /// `COUNT:WIDTH`.
        public var description: String { "\(count):\(width)" }
    }

    /// Frequency masks of `features` and time masks of `blocks` (none for a nil one).
    public init(blockWidth: Int, features: Runs?, blocks: Runs?) {
        self.init(
            blockWidth: blockWidth, featureMasks: features?.count ?? 0, maxFeatureWidth: features?.width ?? 0,
            blockMasks: blocks?.count ?? 0, maxBlocks: blocks?.width ?? 0)
    }
}
