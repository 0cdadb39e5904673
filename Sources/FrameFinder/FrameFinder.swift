// FrameFinder: find the frames of a video that match an audio clip, with cross-attention.
//
// This module is the library as one import. A program writes `import FrameFinder` and has
// every module below, in the order data flows through them:
//
// - FrameFinderMath: the dense matrix on OpenBLAS, NumPy and safetensors files, the error shape.
// - FrameFinderAudio: decode (libsndfile), resample (libsoxr), log-mel (FFTW), sound, tokens.
// - FrameFinderFrames: decode (libpng), resize (Pillow's BOX), frame descriptors.
// - FrameFinderAttention: scaled dot-product attention, its sources Q, K, V as parameters.
// - FrameFinderModel: the trained model, its feature recipe, its training data and trainer.
// - FrameFinderSearch: frame sources, the index, ranking, timelines, batch runs, `Retriever`.
// - FrameFinderReport: heatmaps, contact sheets, attended frames, patch overlays.

@_exported import FrameFinderAttention
@_exported import FrameFinderAudio
@_exported import FrameFinderFrames
@_exported import FrameFinderMath
@_exported import FrameFinderModel
@_exported import FrameFinderReport
@_exported import FrameFinderSearch
