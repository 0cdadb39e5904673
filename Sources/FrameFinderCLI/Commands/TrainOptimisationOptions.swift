import ArgumentParser
import FrameFinder

/// `train`'s optimisation: epochs, batches, AdamW, early stopping, seed and threads.
struct TrainOptimisationOptions: ParsableArguments {
    @Option(help: "Passes over the training clips (default: 30; 10 with --init, fine-tuning is short).")
    var epochs: Int?
    @Option(help: "Clips per mini-batch.") var batchClips: Int = 64
    @Option(help: "Candidate frames per mini-batch.") var batchFrames: Int = 256
    @Option(help: "Adam learning rate (default: 1e-3; 3e-4 with --init).") var lr: Float?
    @Option(help: "AdamW weight decay.") var weightDecay: Float = 1e-4
    @Option(help: "Epochs without a better validation mAP before stopping.") var patience: Int = 6
    @Option(help: "Random seed (initialisation, batches, augmentation).") var seed: UInt64 = 0
    @Option(
        help: ArgumentHelp(
            "OpenBLAS threads of the training steps (deterministic for a given seed and thread count); "
                + "the data are loaded on every core with one OpenBLAS thread each."))
    var threads: Int = 1

    func validate() throws {
        guard (epochs ?? 1) >= 1, batchClips >= 1, batchFrames >= 1, threads >= 1 else {
            throw ValidationError("--epochs, --batch-clips, --batch-frames and --threads must be at least 1")
        }
        guard (lr ?? 1) > 0 else { throw ValidationError("--lr must be positive") }
    }

    /// The training options; fine-tuning (`--init`) trains shorter and slower by default and
    /// keeps the model's normalisation statistics.
    func options(fineTuning: Bool, masking: TokenMasking?) -> TrainingOptions {
        TrainingOptions(
            epochs: epochs ?? (fineTuning ? 10 : 30), clipsPerBatch: batchClips, framesPerBatch: batchFrames,
            learningRate: lr ?? (fineTuning ? 3e-4 : 1e-3), weightDecay: weightDecay, patience: patience, seed: seed,
            masking: masking, fitsNormalization: !fineTuning)
    }
}
