#!/usr/bin/env python3
"""Generate the sound-detection fixtures of FrameFinderAudio (docs/audio.md, "Finding the sound").

Each case is a 16 kHz mono 16-bit WAV made here from a seeded generator (tone bursts, chirps and
noise at several levels, with silences between), and its expected detection:
- `librosa`: `librosa.effects.split(y, top_db, frame_length=800, hop_length=160)` for several
  top_db, the reference FrameFinder's relative rule matches (within one hop);
- `framefinder`: the documented full rule (relative, absolute floor, stationary background,
  merging of close intervals), computed here with numpy from librosa's frame RMS.

Run from the package root:  python3 tools/gen_sound_fixtures.py   (pins: tools/requirements.txt)
"""
import json
import pathlib
import sys

import librosa
import numpy as np
import soundfile as sf

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "FrameFinderAudioTests" / "Fixtures"
SR, FRAME, HOP = 16000, 800, 160
PINS = {"numpy": "2.4.6", "librosa": "0.11.0", "soundfile": "0.14.0"}


def check_pins():
    found = {"numpy": np.__version__, "librosa": librosa.__version__, "soundfile": sf.__version__}
    wrong = [f"{k} {v} (pinned {PINS[k]})" for k, v in found.items() if PINS[k] != v]
    if wrong:
        sys.exit("gen_sound_fixtures: wrong versions: " + ", ".join(wrong))


def burst(rng, seconds, level_db, kind):
    """A sound of `seconds` at `level_db` dBFS RMS, with a 10 ms fade in and out."""
    n = int(seconds * SR)
    t = np.arange(n) / SR
    if kind == "tone":
        x = np.sin(2 * np.pi * rng.uniform(150, 900) * t)
    elif kind == "chirp":
        f0 = rng.uniform(100, 400)
        x = np.sin(2 * np.pi * (f0 * t + 800 * t * t))
    else:
        x = rng.standard_normal(n)
    fade = np.minimum(1, np.minimum(np.arange(n), np.arange(n)[::-1]) / (0.01 * SR))
    x = x * fade
    return x / np.sqrt(np.mean(x ** 2)) * 10 ** (level_db / 20)


def case_signal(name, rng):
    """The signal of one case: sounds and silences (seconds, dBFS, kind) end to end."""
    plans = {
        # Three words with clear silences between, one quiet.
        "words": [(0.4, None), (0.5, -18, "chirp"), (0.6, None), (0.3, -24, "tone"), (0.5, None),
                  (0.4, -38, "chirp"), (0.3, None)],
        # Two bursts 0.15 s apart (merged into one sound) and one far away.
        "close": [(0.3, None), (0.35, -20, "tone"), (0.15, None), (0.3, -22, "chirp"), (0.8, None),
                  (0.3, -20, "tone"), (0.2, None)],
        # A word in steady noise 20 dB under it: the background rule cuts the noise.
        "noisy": [(0.6, None), (0.5, -20, "chirp"), (0.7, None)],
        # A word that starts at the first sample and ends at the last.
        "edges": [(0.45, -15, "chirp"), (0.2, None), (0.3, -30, "tone")],
        # A trimmed word with a short steady tail: too short to be a background, so kept.
        "tail": [(0.35, -20, "chirp"), (0.12, -45, "noise")],
        # Quiet hiss only: no sound above the floor.
        "hiss": [(1.0, -70, "noise")],
    }
    parts = []
    for item in plans[name]:
        seconds = item[0]
        parts.append(np.zeros(int(seconds * SR)) if item[1] is None else burst(rng, seconds, item[1], item[2]))
    y = np.concatenate(parts)
    if name == "noisy":
        y = y + rng.standard_normal(len(y)) * 10 ** (-40 / 20)
    return y.astype(np.float32)


def framefinder_rule(y, top_db=40.0, floor_dbfs=-60.0, background_db=6.0, merge_gap=0.3, spread=3.0,
                     background_seconds=0.25):
    """FrameFinder's detection (docs/audio.md) from librosa's frame RMS: intervals in frames."""
    rms = librosa.feature.rms(y=y.astype(np.float64), frame_length=FRAME, hop_length=HOP)[0]
    levels = 20 * np.log10(np.maximum(rms, 1e-5))
    threshold = max(levels.max() - top_db, floor_dbfs)
    low, quiet = np.percentile(levels, 5), np.percentile(levels, 20)
    steady = np.count_nonzero(levels <= quiet + spread)
    if background_db > 0 and quiet - low < spread and steady >= background_seconds * SR / HOP:
        threshold = max(threshold, quiet + background_db)
    loud = levels > threshold
    runs, start = [], None
    for t, flag in enumerate(loud):
        if flag and start is None:
            start = t
        if not flag and start is not None:
            runs.append([start, t])
            start = None
    if start is not None:
        runs.append([start, len(loud)])
    gap = int(round(merge_gap * SR / HOP))
    merged = []
    for run in runs:
        if merged and run[0] - merged[-1][1] < gap:
            merged[-1][1] = run[1]
        else:
            merged.append(run)
    return {"threshold_dbfs": float(threshold), "intervals": merged, "frames": len(levels)}


def main():
    check_pins()
    rng = np.random.default_rng(7)
    expected = {}
    for name in ["words", "close", "noisy", "edges", "tail", "hiss"]:
        path = OUT / f"sound_{name}.wav"
        sf.write(path, case_signal(name, rng), SR, subtype="PCM_16")
        y, _ = sf.read(path, dtype="float32")  # the samples as the file holds them
        expected[name] = {
            "samples": len(y),
            "librosa": {str(top_db): librosa.effects.split(y, top_db=top_db, frame_length=FRAME,
                                                           hop_length=HOP).tolist()
                        for top_db in [20, 40, 60]},
            "framefinder": framefinder_rule(y),
        }
    (OUT / "sound_detection.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"wrote {len(expected)} cases to {OUT}")


if __name__ == "__main__":
    main()
