#!/usr/bin/env python3
"""Trains the shipped default model: the recipe of tools/quality.py on all of ../shared/data.

Every FSDD clip (4 speakers x 10 digits x 50 takes) and all 8,000 MNIST images, seed 0, the
same `framefinder train` arguments as each leave-one-speaker-out fold (quality.RECIPE), no
validation data (the last epoch is kept). Training is deterministic for a seed and thread
count, so this rewrites Sources/FrameFinderModel/Resources/default.safetensors byte for
byte. Needs a release build (`swift build -c release`) and only Python's standard library.

Usage: python3 tools/train_default_model.py [--out PATH] [--binary PATH]
"""
import argparse
import sys
import tempfile
from pathlib import Path

import quality

DEFAULT_MODEL = quality.ROOT / "Sources" / "FrameFinderModel" / "Resources" / "default.safetensors"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    parser.add_argument("--binary", default=str(quality.ROOT / ".build" / "release" / "framefinder"))
    args = parser.parse_args()
    if not quality.DATA.exists():
        sys.exit(f"train_default_model.py: {quality.DATA} is missing")
    with tempfile.TemporaryDirectory(prefix="framefinder-default-") as tmp:
        folder = Path(tmp)
        clips = sorted((quality.DATA / "fsdd").glob("*.wav"))
        quality.write_csv(folder / "clips.csv", [(str(c), c.name.split("_")[0]) for c in clips])
        print(quality.run([args.binary, "train", "--audio-labels", str(folder / "clips.csv"),
                           "--image-labels", str(quality.DATA / "mnist" / "labels.csv"),
                           "--seed", "0", "--out", args.out, "--force"] + quality.RECIPE), end="")


if __name__ == "__main__":
    main()
