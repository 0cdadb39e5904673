// Tests for FrameFinderAttention live beside this file.
