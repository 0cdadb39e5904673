// FrameFinderAttention: one attention mechanism, softmax(Q·Kᵀ/√d)·V, whose Q, K and V
// sources are its parameters (self-, cross-attention and attention pooling).
