#!/usr/bin/env python3
"""The ablation table of docs/quality.md: each row changes one choice of the recipe.

Runs the leave-one-speaker-out protocol of tools/quality.py (same folds, same gallery) once
per row with one seed, and prints a Markdown table of mAP per held-out speaker, mean mAP and
mean R@1. Each row of ROWS is train arguments appended to quality.RECIPE (later options win)
and a number of espeak-ng clips added to every fold's training clips. One seed and 30 epochs
by default keep the table to about a quarter of an hour on 2 cores; tools/quality.py gives the 3-seed figures.

Usage: python3 tools/ablations.py [--seed 0] [--epochs 30] [--rows NAME ...] [--binary PATH]
Needs a release build (`swift build -c release`) and, for the espeak rows, espeak-ng.
"""
import argparse
import sys
import tempfile
from pathlib import Path

import quality

ROWS = {
    "recipe": ([], 0),
    "log-mel instead of MFCC": (["--features", "logmel"], 0),
    "no per-clip normalisation": (["--normalize", "none"], 0),
    "tokens: 8 segment means, each a query": (["--tokens", "segments:8"], 0),
    "tokens: stacked ±4 every 4, 1 learned pooling query": (["--tokens", "stacked:4:4", "--pooling", "1"], 0),
    "linear encoders": (["--hidden", "0"], 0),
    "+ 600 espeak-ng clips": ([], 600),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--rows", nargs="+", default=list(ROWS), choices=list(ROWS))
    parser.add_argument("--binary", default=str(quality.ROOT / ".build" / "release" / "framefinder"))
    args = parser.parse_args()
    if not quality.DATA.exists():
        sys.exit(f"ablations.py: {quality.DATA} is missing")
    print("| change | " + " | ".join(quality.SPEAKERS) + " | mean mAP | mean R@1 |")
    print("| --- |" + " ---: |" * (len(quality.SPEAKERS) + 2))
    with tempfile.TemporaryDirectory(prefix="framefinder-ablations-") as tmp:
        folder = Path(tmp)
        quality.make_folds(folder)
        synthetic = {}
        for number, name in enumerate(args.rows):
            extra, espeak = ROWS[name]
            extra = extra + ["--epochs", str(args.epochs)]
            if espeak and espeak not in synthetic:
                synthetic[espeak] = quality.make_espeak(folder, espeak)
            results = {}
            for speaker in quality.SPEAKERS:
                csv_path = folder / f"train_{speaker}.csv"
                original = csv_path.read_text()
                if espeak:
                    quality.add_rows(csv_path, synthetic[espeak])
                try:
                    results[speaker] = quality.fold(args.binary, folder, speaker, args.seed, extra,
                                                    tag=f"row{number}-")["trimmed"]
                finally:
                    csv_path.write_text(original)
            maps = [results[s]["mAP"] for s in quality.SPEAKERS]
            recall = sum(results[s]["R@1"] for s in quality.SPEAKERS) / len(quality.SPEAKERS)
            print(f"| {name} | " + " | ".join(f"{m:.3f}" for m in maps)
                  + f" | {sum(maps) / len(maps):.3f} | {recall:.3f} |", flush=True)
    print(f"\nseed {args.seed}; recipe: {' '.join(quality.RECIPE)} (--epochs {args.epochs} overrides it)")


if __name__ == "__main__":
    main()
