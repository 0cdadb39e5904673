// Tests for FrameFinderFrames live beside this file.
