#!/usr/bin/env python3
"""Python peer of the audio benchmark: soundfile + soxr + librosa, the reference pipeline.

  audio_peer.py make-input OUT.wav [--seconds 60]   write a 44.1 kHz stereo 16-bit test file
  audio_peer.py run IN.wav [--repeats 5] [--npy OUT.npy]
      time decode + downmix + resample (soxr HQ) + log-mel, imports excluded; print JSON
      {"min", "median", "cpu_min", "cpu_median" (seconds), "frames"}; --npy saves the frames x 64 log-mel for the
      correctness check the Swift benchmark makes before timing.
"""
import argparse
import json
import statistics
import time

import librosa
import numpy as np
import soundfile as sf
import soxr

MEL_ARGS = dict(sr=16000, n_fft=512, hop_length=160, win_length=400, window="hann", center=True,
                pad_mode="constant", power=2.0, n_mels=64, fmin=0, fmax=8000, htk=False,
                norm="slaney")


def make_input(path, seconds):
    """A minute of two different mixtures of tones and noise, stereo, 44.1 kHz, PCM 16."""
    sr = 44100
    rng = np.random.default_rng(7)
    t = np.arange(int(seconds * sr)) / sr
    left = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.1 * np.sin(2 * np.pi * 3000 * t * (1 + 0.01 * t))
    right = 0.3 * np.sin(2 * np.pi * 660 * t) + 0.05 * rng.standard_normal(t.size)
    sf.write(path, np.stack([left, right], axis=1), sr, subtype="PCM_16")


def pipeline(path):
    y, sr = sf.read(path, dtype="float32", always_2d=True)
    mono = librosa.to_mono(y.T)
    y16 = soxr.resample(mono, sr, 16000, quality="HQ")
    S = librosa.feature.melspectrogram(y=y16, **MEL_ARGS)
    return np.log(S + 1e-6).T


def run(path, repeats, npy):
    logmel = pipeline(path)  # warm-up (and the correctness output)
    if npy:
        np.save(npy, np.ascontiguousarray(logmel, dtype=np.float32))
    seconds, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        pipeline(path)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(json.dumps({"min": min(seconds), "median": statistics.median(seconds),
                      "cpu_min": min(cpu), "cpu_median": statistics.median(cpu),
                      "frames": logmel.shape[0]}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("make-input")
    make.add_argument("out")
    make.add_argument("--seconds", type=float, default=60)
    bench = sub.add_parser("run")
    bench.add_argument("input")
    bench.add_argument("--repeats", type=int, default=5)
    bench.add_argument("--npy")
    args = parser.parse_args()
    if args.command == "make-input":
        make_input(args.out, args.seconds)
    else:
        run(args.input, args.repeats, args.npy)


if __name__ == "__main__":
    main()
