import FrameFinderMath

/// How to train: epochs, batch sizes, optimiser settings, early stopping and the seed.
public struct TrainingOptions: Sendable, Equatable {
    public var epochs: Int
    /// Clips per mini-batch.
    public var clipsPerBatch: Int
    /// Candidate frames per mini-batch; the softmax of each clip runs over them.
    public var framesPerBatch: Int
    public var learningRate: Float
    public var weightDecay: Float
    /// Epochs without a better validation mAP before training stops.
    public var patience: Int
    /// Seeds initialisation, batch order, frame sampling and augmentation choice.
    public var seed: UInt64
    /// Masks laid over each clip's tokens as it enters a batch, or nil for none.
    public var masking: TokenMasking?
    /// Whether the normalisation statistics `μ, σ` are measured on the training tokens first.
    /// Fine-tuning a trained model keeps its own (false), so its encoders see what they learned on.
    public var fitsNormalization: Bool

    public init(
        epochs: Int = 30, clipsPerBatch: Int = 64, framesPerBatch: Int = 256, learningRate: Float = 1e-3,
        weightDecay: Float = 1e-4, patience: Int = 6, seed: UInt64 = 0, masking: TokenMasking? = nil,
        fitsNormalization: Bool = true
    ) {
        self.fitsNormalization = fitsNormalization
        self.epochs = epochs
        self.clipsPerBatch = clipsPerBatch
        self.framesPerBatch = framesPerBatch
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.patience = patience
        self.seed = seed
        self.masking = masking
    }
}

/// Why training could not run: `training data: problem` or `training: problem`.
public enum TrainingError: PathError, Equatable {
    /// The training data cannot train a model, for the reason given.
    case noData(String)
    /// The loss stopped being finite in `epoch`.
    case diverged(epoch: Int)

    public var path: String {
        switch self {
        case .noData: "training data"
        case .diverged: "training"
        }
    }

    public var problem: String {
        switch self {
        case .noData(let reason): reason
        case .diverged(let epoch): "diverged (non-finite loss) in epoch \(epoch)"
        }
    }
}

/// Trains a model by mini-batch InfoNCE with Adam; keeps the best checkpoint on validation.
public enum Trainer {
    /// Trains `model` on `data`, checking `validation` after each epoch.
    ///
    /// Deterministic for a given seed and BLAS thread count. Normalisation statistics are
    /// measured on the training tokens first (unless `options.fitsNormalization` is false).
    /// Without validation data the last epoch's model is returned; with it, the model of the
    /// epoch with the best validation mAP, and training stops after `options.patience` epochs
    /// without improvement.
    ///
    /// - Parameter progress: called after every epoch (e.g. to print a line on stderr).
    public static func train(
        _ model: Model, on data: TrainingData, validation: TrainingData? = nil, options: TrainingOptions,
        progress: (EpochReport) -> Void = { _ in }
    ) throws(TrainingError) -> Model {
        guard !data.clips.isEmpty, data.frames.rows > 0 else { throw .noData("no clips or no frames") }
        guard data.everyClipHasAPositive else { throw .noData("some clips have no frame of their label") }
        var model = model
        if options.fitsNormalization {
            let allTokens = Matrix.concatenatingRows(data.clips.map { $0[0] }, columns: model.settings.audioTokenWidth)
            model.fitNormalization(audioTokens: allTokens, frameTokens: data.frames)
        }

        var generator = SeededGenerator(seed: options.seed &+ 0x5eed)
        var optimiser = Adam(learningRate: options.learningRate, weightDecay: options.weightDecay)
        let sampler = BatchSampler(data: data, framesPerBatch: options.framesPerBatch, masking: options.masking)
        var best = model
        var bestScore = -Double.infinity
        var sinceBest = 0
        for epoch in 1...max(options.epochs, 1) {
            let start = ContinuousClock.now
            var order = Array(data.clips.indices)
            order.shuffle(using: &generator)
            var lossSum: Double = 0
            var batches = 0
            for chunkStart in stride(from: 0, to: order.count, by: max(options.clipsPerBatch, 1)) {
                let clipIndices = Array(order[chunkStart..<min(chunkStart + options.clipsPerBatch, order.count)])
                let batch = sampler.batch(clips: clipIndices, using: &generator)
                let (loss, gradients) = model.loss(on: batch)
                guard loss.isFinite else { throw .diverged(epoch: epoch) }
                optimiser.update(&model.parameters, with: gradients)
                lossSum += Double(loss)
                batches += 1
            }
            let elapsed = start.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let metrics = validation.map { evaluate(model, on: $0) }
            var isBest = true
            if let metrics {
                isBest = metrics.meanAveragePrecision > bestScore
                if isBest {
                    bestScore = metrics.meanAveragePrecision
                    best = model
                    sinceBest = 0
                } else {
                    sinceBest += 1
                }
            } else {
                best = model
            }
            progress(
                EpochReport(
                    epoch: epoch, loss: Float(lossSum / Double(max(batches, 1))), validation: metrics,
                    pairsPerSecond: Double(order.count) / max(seconds, 1e-9), isBest: isBest))
            if validation != nil && sinceBest >= options.patience { break }
        }
        return best
    }

    /// Ranks all of `data`'s frames for each of its clips (as recorded) and measures the result.
    public static func evaluate(_ model: Model, on data: TrainingData) -> RetrievalMetrics {
        guard let frames = try? model.encodeFrames(data.frames) else { return RetrievalMetrics(mean: []) }
        var parts: [RetrievalMetrics] = []
        for (number, (clip, group)) in zip(data.clips, data.clipGroups).enumerated() {
            guard let queries = try? model.encodeClip(clip[0]) else { continue }
            var ranking = rankedIndices(model.scores(queries: queries, frames: frames).scores)
            if let positives = data.positives {
                let relevant = Set(positives[number]), excluded = Set(data.excluded[number])
                ranking.removeAll(where: excluded.contains)
                parts.append(RetrievalMetrics(rankedRelevance: ranking.map(relevant.contains)))
            } else {
                parts.append(RetrievalMetrics(rankedRelevance: ranking.map { data.frameGroups[$0] == group }))
            }
        }
        return RetrievalMetrics(mean: parts)
    }
}

/// Draws mini-batches: the chosen clips (a random variant of each) and candidate frames that
/// hold positives for every clip, filled up with random frames.
struct BatchSampler {
    let data: TrainingData
    let framesPerBatch: Int
    let framesByGroup: [Int: [Int]]
    let masking: TokenMasking?

    init(data: TrainingData, framesPerBatch: Int, masking: TokenMasking? = nil) {
        self.data = data
        self.framesPerBatch = framesPerBatch
        self.masking = masking
        framesByGroup = data.framesByGroup
    }

    func batch(clips clipIndices: [Int], using generator: inout SeededGenerator) -> TrainingBatch {
        if let positives = data.positives {
            return pairedBatch(clips: clipIndices, positives: positives, using: &generator)
        }
        let groups = Array(Set(clipIndices.map { data.clipGroups[$0] })).sorted()
        let perGroup = max(1, framesPerBatch / max(groups.count, 1))
        var chosen: [Int] = []
        var taken = Set<Int>()
        for group in groups {
            var pool = framesByGroup[group] ?? []
            pool.shuffle(using: &generator)
            for frame in pool.prefix(perGroup) where taken.insert(frame).inserted { chosen.append(frame) }
        }
        let target = min(max(framesPerBatch, chosen.count), data.frames.rows)
        while chosen.count < target {
            let frame = Int.random(in: 0..<data.frames.rows, using: &generator)
            if taken.insert(frame).inserted { chosen.append(frame) }
        }
        let frameGroups = chosen.map { data.frameGroups[$0] }
        let positives = clipIndices.map { clip in
            frameGroups.indices.filter { frameGroups[$0] == data.clipGroups[clip] }
        }
        let clips = variants(of: clipIndices, using: &generator)
        return TrainingBatch(clips: clips, frames: data.frames.gatheringRows(chosen), positives: positives)
    }

    /// A batch of clips paired frame by frame: every clip's positives, then random frames; each
    /// clip's excluded frames that made it into the batch are excluded there.
    private func pairedBatch(clips clipIndices: [Int], positives: [[Int]], using generator: inout SeededGenerator)
        -> TrainingBatch
    {
        var chosen: [Int] = []
        var position: [Int: Int] = [:]
        func take(_ frame: Int) {
            guard position[frame] == nil else { return }
            position[frame] = chosen.count
            chosen.append(frame)
        }
        for clip in clipIndices { positives[clip].forEach(take) }
        let target = min(max(framesPerBatch, chosen.count), data.frames.rows)
        while chosen.count < target { take(Int.random(in: 0..<data.frames.rows, using: &generator)) }
        return TrainingBatch(
            clips: variants(of: clipIndices, using: &generator), frames: data.frames.gatheringRows(chosen),
            positives: clipIndices.map { positives[$0].map { position[$0]! } },
            excluded: clipIndices.map { data.excluded[$0].compactMap { position[$0] } })
    }

    /// A random variant of each clip, masked when training masks tokens.
    private func variants(of clipIndices: [Int], using generator: inout SeededGenerator) -> [Matrix] {
        clipIndices.map { clip in
            let variants = data.clips[clip]
            var tokens = variants[Int.random(in: 0..<variants.count, using: &generator)]
            masking?.apply(to: &tokens, using: &generator)
            return tokens
        }
    }
}
