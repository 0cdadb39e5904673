import ArgumentParser
import Foundation
import FrameFinder

/// `framefinder train`: learn the encoders and the projections W_Q, W_K, W_V from pairs of
/// labels or aligned streams (`TrainingSources`), afresh or from a trained model (`--init`).
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a model from labelled clips and images, or from a soundtrack and its frames.",
        discussion: """
            Labels: --audio-labels A.csv --image-labels B.csv (file,label CSVs, paths relative to \
            the CSV). Footage: --video FILE (repeatable), --soundtrack S --frames DIR, or --streams \
            MANIFEST.csv, with --fps F, --context S and --exclude S. Validation (optional): \
            --validate-last FRACTION (the end of every stream) or --validate-audio V.csv \
            --validate-images W.csv; the epoch with the best validation mAP is kept and training \
            stops after --patience epochs without improvement. --init default|MODEL.safetensors \
            fine-tunes that model (its feature recipe and architecture are kept).
            """
    )

    @OptionGroup var data: TrainDataOptions
    @Option(
        name: .customLong("init"),
        help: ArgumentHelp(
            "Fine-tune a trained model: default (the shipped one) or a model file; "
                + "its feature recipe and architecture are kept.",
            valueName: "default|model"))
    var initial: String?
    @OptionGroup var features: TrainFeatureOptions
    @OptionGroup var model: TrainModelOptions
    @OptionGroup var optimisation: TrainOptimisationOptions
    @Option(name: .shortAndLong, help: "Where to write the model (safetensors).") var out: String
    @Flag(name: .shortAndLong, help: "Print a line per epoch on stderr even when it is not a terminal.")
    var verbose = false
    @OptionGroup var overwrite: OverwriteOptions

    func validate() throws {
        if features.recordings > 0 && data.footage {
            throw ValidationError("--recordings makes recordings of labelled clips; footage is already recorded")
        }
        let conflicting = features.given + model.given
        if initial != nil && !conflicting.isEmpty {
            throw ValidationError(
                "--init keeps the model's feature recipe and architecture; "
                    + "drop \(conflicting.joined(separator: ", "))")
        }
    }

    func run() async throws { try await reportingFailures { try await train() } }

    private func train() async throws {
        try overwrite.check([out])
        // Loading runs one front-end job per core, so OpenBLAS stays on one thread until training.
        BLAS.setThreadCount(1)
        let (start, recipe) = try startingModel()
        let loaded = try await data.sources(augmentation: features.augmentation, seed: optimisation.seed)
            .load(recipe: recipe)
        for note in loaded.notes { Terminal.warn("\(note)") }
        let masking = features.masking(blockWidth: recipe.audio.settings.featureWidth)
        let options = optimisation.options(fineTuning: initial != nil, masking: masking)
        BLAS.setThreadCount(optimisation.threads)
        let showProgress = verbose || Terminal.standardErrorIsTerminal
        var (best, last): (EpochReport?, EpochReport?)
        let trained = try Trainer.train(start, on: loaded.data, validation: loaded.validation, options: options) {
            (best, last) = ($0.isBest ? $0 : best, $0)
            if showProgress { Terminal.message("\($0)") }
        }
        try trained.save(to: URL(fileURLWithPath: out))
        let kept = (best ?? last).map { report in
            "; kept epoch \(report.epoch)" + (report.validation.map { ", validation \($0.summary)" } ?? "")
        }
        print(
            "wrote \(out): \(loaded.data.clips.count) clips, \(loaded.data.frames.rows) frames, "
                + "\(trained.parameters.scalarCount) parameters" + (kept ?? ""))
    }

    /// The model training starts from and its feature recipe: the `--init` model as it is, or a
    /// fresh model of the recipe and architecture the flags describe (their errors are usage errors).
    private func startingModel() throws -> (Model, FeatureRecipe) {
        guard let initial else {
            let settings = ModelSettings(
                audio: features.audioSettings, frames: features.frameSettings,
                architecture: model.architecture)
            do throws(ModelError) {
                return (try Model(settings: settings, seed: optimisation.seed), try FeatureRecipe(settings: settings))
            } catch { throw ValidationError("\(error)") }
        }
        let start = try Model.named(initial == Model.defaultName ? nil : initial)
        do { return (start, try FeatureRecipe(settings: start.settings)) } catch { throw error.located(in: initial) }
    }
}
