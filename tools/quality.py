#!/usr/bin/env python3
"""Leave-one-speaker-out quality of FrameFinder's recipe on ../shared/data (docs/quality.md).

For each FSDD speaker: train `framefinder train` on the other three speakers' clips and the
7,000 MNIST images outside a fixed 1,000-image gallery (100 per digit, seed 0), then rank the
gallery for every clip of the held-out speaker (`framefinder batch --top 0`) and measure it
(`framefinder eval`). Each fold is the mean over --seeds. Prints a Markdown table.

The robustness protocol (on by default, `--conditions trimmed` to skip it): every test clip is
also scored as a recording a person makes (seeded, made once per run):
  padded   inside 0.2-0.8 s of digital silence on each side;
  noisy    the same, with white noise 20 dB under the word (its RMS 20 dB under the clip's);
  44k      the padded clip resampled to 44.1 kHz (soxr HQ) and written as stereo;
  speed0.9 / speed1.1  the clip at speed 0.9 / 1.1 (taken to be at 8 kHz x speed, resampled
           back to 8 kHz with soxr HQ: longer and lower / shorter and higher).
A table per condition, and a summary of each condition's mean mAP against the trimmed one.

Usage: python3 tools/quality.py [--seeds 0 1 2] [--espeak N] [--conditions ...]
                                [--binary .build/release/framefinder] [-- extra `train` arguments]
Needs a release build (`swift build -c release`) and, for the conditions, numpy, soundfile and
soxr (tools/requirements.txt); `--espeak N` also needs espeak-ng (Debian package `espeak-ng`):
N synthetic clips (N/10 per digit, random voice, variant, pitch and rate, seed 0) are added to
every fold's training clips, never to the test clips.
"""
import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SPEAKERS = ["jackson", "nicolas", "theo", "yweweler"]
# The recipe of the default model (docs/model.md); extra arguments after `--` are appended.
RECIPE = ["--tokens", "profile:8", "--speeds", "1", "0.85", "0.9", "0.95", "1.05", "1.1", "1.15",
          "--max-input-rate", "8000", "--epochs", "60", "--threads", "2"]
CONDITIONS = ["trimmed", "padded", "noisy", "44k", "speed0.9", "speed1.1"]


def write_csv(path, rows):
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "label"])
        writer.writerows(rows)


def make_folds(folder):
    """The gallery, the training images, and each speaker's clips, as file,label CSVs."""
    rng = random.Random(0)
    by_digit = {}
    with open(DATA / "mnist" / "labels.csv") as f:
        for row in csv.DictReader(f):
            by_digit.setdefault(row["label"], []).append(str(DATA / "mnist" / row["file"]))
    gallery, train = [], []
    for digit in sorted(by_digit):
        files = sorted(by_digit[digit])
        rng.shuffle(files)
        gallery += [(p, digit) for p in files[:100]]
        train += [(p, digit) for p in files[100:]]
    # `framefinder batch` reads frames from a directory: link the gallery images into one.
    frames = folder / "gallery"
    frames.mkdir()
    linked = []
    for number, (path, digit) in enumerate(gallery):
        link = frames / f"{number:04d}.png"
        link.symlink_to(path)
        linked.append((f"gallery/{link.name}", digit))
    write_csv(folder / "gallery.csv", linked)
    write_csv(folder / "train_images.csv", train)
    clips = sorted((DATA / "fsdd").glob("*.wav"))
    for speaker in SPEAKERS:
        mine = [(str(c), c.name.split("_")[0]) for c in clips if c.name.split("_")[1] == speaker]
        others = [(str(c), c.name.split("_")[0]) for c in clips if c.name.split("_")[1] != speaker]
        write_csv(folder / f"test_{speaker}.csv", mine)
        write_csv(folder / f"train_{speaker}.csv", others)


def make_conditions(folder, conditions):
    """Writes every FSDD clip as each condition's recording and a test CSV per speaker and condition."""
    import numpy as np
    import soundfile as sf
    import soxr
    rng = np.random.default_rng(0)
    clips = sorted((DATA / "fsdd").glob("*.wav"))
    for condition in conditions:
        if condition != "trimmed":
            (folder / condition).mkdir()
    rows = {c: {s: [] for s in SPEAKERS} for c in conditions}
    for clip in clips:
        y, rate = sf.read(clip, dtype="float32")
        word_rms = float(np.sqrt(np.mean(y.astype(np.float64) ** 2)))
        lead, trail = (int(rng.uniform(0.2, 0.8) * rate) for _ in range(2))
        padded = np.concatenate([np.zeros(lead, np.float32), y, np.zeros(trail, np.float32)])
        noise = rng.standard_normal(len(padded)) * word_rms * 10 ** (-20 / 20)
        made = {
            "padded": (padded, rate),
            "noisy": ((padded + noise).astype(np.float32), rate),
            "44k": (np.repeat(soxr.resample(padded, rate, 44100, quality="HQ")[:, None], 2, axis=1), 44100),
            "speed0.9": (soxr.resample(y, round(rate * 0.9), rate, quality="HQ"), rate),
            "speed1.1": (soxr.resample(y, round(rate * 1.1), rate, quality="HQ"), rate),
        }
        digit, speaker = clip.name.split("_")[:2]
        for condition in conditions:
            if condition == "trimmed":
                rows[condition][speaker].append((str(clip), digit))
                continue
            path = folder / condition / clip.name
            samples, at = made[condition]
            sf.write(path, samples, at, subtype="FLOAT")
            rows[condition][speaker].append((str(path), digit))
    for condition in conditions:
        for speaker in SPEAKERS:
            write_csv(folder / f"test_{speaker}_{condition}.csv", rows[condition][speaker])


def make_espeak(folder, count):
    """`count` espeak-ng clips of the ten digit words, as file,label rows (augmentation only)."""
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    listing = subprocess.run(["espeak-ng", "--voices=variant"], capture_output=True, text=True, check=True).stdout
    variants = sorted(line.split()[4].split("/")[-1] for line in listing.splitlines()[1:] if line.strip())
    languages = ["en-us", "en", "en-gb-scotland", "en-gb-x-rp", "en-029", "en-gb-x-gbclan", "en-us-nyc"]
    rng = random.Random(0)
    (folder / "espeak").mkdir()
    rows = []
    for number in range(count):
        digit = number % 10
        voice = f"{rng.choice(languages)}+{rng.choice(variants)}"
        path = folder / "espeak" / f"{number:05d}_{digit}.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-p", str(rng.randint(20, 80)), "-s", str(rng.randint(110, 200)),
                        "-w", str(path), words[digit]], check=True, capture_output=True)
        rows.append((str(path), str(digit)))
    return rows


def add_rows(path, rows):
    with open(path, "a", newline="") as f:
        csv.writer(f).writerows(rows)


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"quality.py: {' '.join(command[:2])} failed: {result.stderr.strip()}")
    return result.stdout


def score(binary, folder, model, tests, name):
    """Ranks the gallery for every clip of the `tests` CSV with `model` and measures it."""
    results = folder / f"{name}.jsonl"
    run([binary, "batch", str(tests), str(folder / "gallery"), "--model", str(model), "--top", "0",
         "--out", str(results)])
    report = json.loads(run([binary, "eval", str(results), "--labels", str(tests),
                             "--labels", str(folder / "gallery.csv"), "--format", "json"]))
    return {key: report[key] for key in ["R@1", "R@5", "mAP", "MRR"]}


def fold(binary, folder, speaker, seed, extra, tag="", conditions=("trimmed",)):
    """Trains on all but `speaker`, ranks the gallery for each of its clips (as each condition
    makes them), and measures it: a dict of metrics per condition.

    `tag` prefixes the file names, so that several configurations can share one folder.
    """
    model = folder / f"{tag}{speaker}-{seed}.safetensors"
    run([binary, "train", "--audio-labels", str(folder / f"train_{speaker}.csv"),
         "--image-labels", str(folder / "train_images.csv"), "--seed", str(seed),
         "--out", str(model)] + RECIPE + extra)
    measured = {}
    for condition in conditions:
        tests = folder / (f"test_{speaker}.csv" if condition == "trimmed" else f"test_{speaker}_{condition}.csv")
        measured[condition] = score(binary, folder, model, tests, f"{tag}{speaker}-{seed}-{condition}")
    return measured


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--espeak", type=int, default=0, help="espeak-ng clips added to every fold's training")
    parser.add_argument("--conditions", nargs="+", default=CONDITIONS, choices=CONDITIONS,
                        help="the conditions test clips are scored in (trimmed is always first)")
    parser.add_argument("--binary", default=str(ROOT / ".build" / "release" / "framefinder"))
    parser.add_argument("extra", nargs="*", help="extra `framefinder train` arguments (after --)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"quality.py: {DATA} is missing")
    keys = ["R@1", "R@5", "mAP", "MRR"]
    with tempfile.TemporaryDirectory(prefix="framefinder-quality-") as tmp:
        folder = Path(tmp)
        make_folds(folder)
        conditions = ["trimmed"] + [c for c in args.conditions if c != "trimmed"]
        if len(conditions) > 1:
            make_conditions(folder, conditions)
        if args.espeak > 0:
            synthetic = make_espeak(folder, args.espeak)
            for speaker in SPEAKERS:
                add_rows(folder / f"train_{speaker}.csv", synthetic)
        tables = {c: {} for c in conditions}
        for speaker in SPEAKERS:
            runs = [fold(args.binary, folder, speaker, seed, args.extra, conditions=conditions) for seed in args.seeds]
            for condition in conditions:
                tables[condition][speaker] = {k: sum(r[condition][k] for r in runs) / len(runs) for k in keys}
            per_seed = ", ".join(f"{r['trimmed']['mAP']:.3f}" for r in runs)
            print(f"{speaker}: trimmed mAP per seed {per_seed}", file=sys.stderr, flush=True)
    means = {}
    for condition in conditions:
        table = tables[condition]
        if len(conditions) > 1:
            print(f"\n**{condition}**\n")
        print(f"| held-out speaker | {' | '.join(keys)} |")
        print("| --- |" + " ---: |" * len(keys))
        for speaker in SPEAKERS:
            print(f"| {speaker} | " + " | ".join(f"{table[speaker][k]:.3f}" for k in keys) + " |")
        means[condition] = {k: sum(table[s][k] for s in SPEAKERS) / len(SPEAKERS) for k in keys}
        print("| **mean** | " + " | ".join(f"**{means[condition][k]:.3f}**" for k in keys) + " |")
    if len(conditions) > 1:
        base = means["trimmed"]["mAP"]
        print("\n| condition | mean mAP | mean R@1 | worst fold mAP | mAP / trimmed |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for condition in conditions:
            worst = min(tables[condition][s]["mAP"] for s in SPEAKERS)
            print(f"| {condition} | {means[condition]['mAP']:.3f} | {means[condition]['R@1']:.3f} | {worst:.3f} | "
                  f"{means[condition]['mAP'] / base:.3f} |")
    espeak = f"; {args.espeak} espeak-ng clips added to training" if args.espeak else ""
    print(f"\nseeds {args.seeds}; train arguments: {' '.join(RECIPE + args.extra)}{espeak}")


if __name__ == "__main__":
    main()
