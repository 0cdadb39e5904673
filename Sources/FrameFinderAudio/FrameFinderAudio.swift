// FrameFinderAudio: an audio clip becomes query tokens.
// decode (libsndfile) → downmix → resample to 16 kHz (libsoxr HQ) → log-mel (FFTW) → tokens.
