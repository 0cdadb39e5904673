// Tests for FrameFinderRetrieval live beside this file.
