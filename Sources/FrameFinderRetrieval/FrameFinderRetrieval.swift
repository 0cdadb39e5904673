// FrameFinderRetrieval: the model (encoders and cross-attention), training, ranking,
// frame indexes and retrieval metrics.
