// Tests for FrameFinderAudio live beside this file.
