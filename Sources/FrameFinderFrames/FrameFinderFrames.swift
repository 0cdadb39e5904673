// FrameFinderFrames: PNG frames become key/value tokens.
// decode (libpng) → RGB → resize (Pillow BOX arithmetic) → descriptors → tokens.
