// Tests for FrameFinderCLI live beside this file.
