// Tests for FrameFinderReport live beside this file.
