import ArgumentParser
import Foundation
import FrameFinder

/// `train`'s data: labelled clips and images or footage, and what validates the training.
struct TrainDataOptions: ParsableArguments {
    @Option(help: "Clips with labels: a file,label CSV.") var audioLabels: String?
    @Option(help: "Images with labels: a file,label CSV.") var imageLabels: String?
    @Option(help: "Footage: a soundtrack (any format libsndfile or ffmpeg reads), with --frames.")
    var soundtrack: String?
    @Option(help: "Footage: the directory of PNG frames of --soundtrack.") var frames: String?
    @Option(help: "Footage: a video with sound, read through ffmpeg (repeat for several).") var video: [String] = []
    @Option(help: "Footage: a CSV manifest of streams (columns video, or soundtrack and frames; optional fps).")
    var streams: String?
    @OptionGroup var frameRate: FrameRateOptions
    @Option(
        help: ArgumentHelp(
            "Footage: seconds of audio added on each side of what is heard while a frame is on screen, or of a sound."))
    var context: Double = StreamPairing().context
    @Option(help: "Footage: frames within this many seconds of a positive are neither positives nor negatives.")
    var exclude: Double = StreamPairing().exclusion
    @Option(help: "Footage: hold out the last FRACTION of every stream for validation (early stopping).")
    var validateLast: Double?
    @Option(help: "Validation clips with labels (file,label CSV).") var validateAudio: String?
    @Option(help: "Validation images with labels (file,label CSV).") var validateImages: String?

    /// True when footage (streams) is given.
    var footage: Bool { soundtrack != nil || frames != nil || !video.isEmpty || streams != nil }

    func validate() throws {
        let labelled = audioLabels != nil || imageLabels != nil
        guard labelled != footage else {
            throw ValidationError(
                "give either --audio-labels and --image-labels, "
                    + "or footage (--video, --soundtrack and --frames, or --streams)")
        }
        for (first, second, names) in [
            (audioLabels, imageLabels, "--audio-labels and --image-labels"),
            (soundtrack, frames, "--soundtrack and --frames"),
            (validateAudio, validateImages, "--validate-audio and --validate-images"),
        ]
        where (first == nil) != (second == nil) {
            throw ValidationError("\(names) go together")
        }
        if let validateLast {
            guard footage else {
                throw ValidationError(
                    "--validate-last holds out the end of footage; "
                        + "labelled data validates with --validate-audio")
            }
            if validateAudio != nil { throw ValidationError("give --validate-last or --validate-audio, not both") }
            if !(validateLast > 0 && validateLast < 1) { throw ValidationError("--validate-last must lie in (0, 1)") }
        }
        guard context >= 0 && context.isFinite, exclude >= 0 && exclude.isFinite else {
            throw ValidationError("--context and --exclude must be at least 0 seconds")
        }
    }

    /// The sources the flags name, each training clip varied by `augmentation`.
    func sources(augmentation: ClipAugmentation, seed: UInt64) -> TrainingSources {
        func url(_ path: String) -> URL { URL(fileURLWithPath: path) }
        func labels(_ audio: String?, _ images: String?) -> TrainingSources.Labels? {
            guard let audio, let images else { return nil }
            return TrainingSources.Labels(audio: url(audio), images: url(images))
        }
        let fps = frameRate.rate
        var streams = video.map { TrainingStream(.video(url($0)), fps: fps) }
        if let soundtrack, let frames {
            streams.append(TrainingStream(.soundtrack(url(soundtrack), frames: url(frames)), fps: fps))
        }
        return TrainingSources(
            labels: labels(audioLabels, imageLabels), streams: streams, manifest: self.streams.map(url), fps: fps,
            pairing: StreamPairing(context: context, exclusion: exclude), augmentation: augmentation, seed: seed,
            validateLast: validateLast ?? 0, validationLabels: labels(validateAudio, validateImages))
    }
}
