#!/usr/bin/env python3
"""The footage benchmark (docs/footage.md): does `framefinder train`
learn from a user's own video?

Made from ../shared/data, in stages (each reuses what the earlier ones wrote in --work):

  make     A 10-minute "video" at 1 fps: 600 MNIST images (seed 0), each narrated by one FSDD
           speaker (--narrator) saying its digit, the word starting 0.1-0.4 s into its second
           (a random take of takes 10-49). Train footage = the first 70 % (420 s: soundtrack
           WAV + PNG frames), test gallery = the last 30 % (180 frames, labelled by digit).
           Test queries: the narrator's takes 0-9 (never in the video), and takes 0-9 of every
           other speaker.
  base     A default-style model that never heard the narrator: the shipped recipe
           (tools/quality.py RECIPE) on the other speakers' clips and the MNIST images that are
           not in the video. It stands in for "the default model" of a user nobody has heard.
  scratch  `train --soundtrack --frames --fps 1` on the train footage, from scratch.
  tuned    the same with `--init base.safetensors` (fine-tuning, as a user would with --init default),
           and again with `--validate-last 0.2` (the epoch chosen on the footage's last fifth).
  eval     every model against the test gallery, for the narrator's and the other speakers' takes.
  bunny    Big Buck Bunny's 10 s clip: `train --video --fps 5` from scratch, then each 1-second
           excerpt of its soundtrack ranks the clip's frames; relevant are the 5 frames on
           screen during the excerpt (chance mAP about 0.1). A memorisation check of the video
           path, not generalisation: the excerpts were heard in training.

Usage: python3 tools/footage.py [--stages make base scratch tuned eval bunny] [--work DIR]
                                [--narrator theo] [--binary .build/release/framefinder]
                                [-- extra `train` arguments for the scratch and tuned stages]
Needs a release build, numpy and soundfile (tools/requirements.txt), and ffmpeg for `bunny`.
The base stage trains for minutes on 2 cores; run the stages with `nice`.
"""
import argparse
import csv
import json
import os
import sys
from pathlib import Path

import quality

STAGES = ["make", "base", "scratch", "tuned", "eval", "bunny"]
SECONDS, FPS, TRAIN_SHARE = 600, 1, 0.7
RATE = 8000  # FSDD's rate; the soundtrack is written at it


def make(work, narrator):
    """Writes the footage, the gallery, the query CSVs and the base model's training CSVs."""
    import numpy as np
    import soundfile as sf
    rng = np.random.default_rng(0)
    with open(quality.DATA / "mnist" / "labels.csv") as f:
        images = [(str(quality.DATA / "mnist" / row["file"]), row["label"]) for row in csv.DictReader(f)]
    chosen = rng.choice(len(images), size=SECONDS * FPS, replace=False)
    frames = [images[i] for i in chosen]
    takes = {}
    for clip in sorted((quality.DATA / "fsdd").glob("*.wav")):
        digit, speaker, take = clip.stem.split("_")
        takes.setdefault((speaker, digit, int(take)), clip)
    track = np.zeros(SECONDS * RATE, np.float64)
    for second, (_, digit) in enumerate(frames):
        take = int(rng.integers(10, 50))
        y, rate = sf.read(takes[(narrator, digit, take)], dtype="float64")
        assert rate == RATE
        start = int((second + rng.uniform(0.1, 0.4)) * RATE)
        end = min(len(track), start + len(y))
        track[start:end] += y[: end - start]
    cut = int(SECONDS * TRAIN_SHARE)
    for part, seconds in [("train", range(cut)), ("test", range(cut, SECONDS))]:
        folder = work / part
        folder.mkdir(parents=True, exist_ok=True)
        for number, second in enumerate(seconds):
            link = folder / f"frame{number:04d}.png"
            if not link.exists():
                link.symlink_to(frames[second][0])
    sf.write(work / "train.wav", track[: cut * RATE].astype(np.float32), RATE, subtype="FLOAT")
    quality.write_csv(work / "gallery.csv", [(f"test/frame{n:04d}.png", frames[s][1])
                                             for n, s in enumerate(range(cut, SECONDS))])
    narrated, others, base_clips = [], [], []
    for (speaker, digit, take), clip in sorted(takes.items()):
        if take < 10:
            (narrated if speaker == narrator else others).append((str(clip), digit))
        if speaker != narrator:
            base_clips.append((str(clip), digit))
    quality.write_csv(work / "queries_narrator.csv", narrated)
    quality.write_csv(work / "queries_others.csv", others)
    quality.write_csv(work / "base_clips.csv", base_clips)
    in_video = {path for path, _ in frames}
    quality.write_csv(work / "base_images.csv", [row for row in images if row[0] not in in_video])


def train(binary, arguments):
    print("+ framefinder train " + " ".join(arguments), file=sys.stderr, flush=True)
    print(quality.run([binary, "train"] + arguments).strip(), file=sys.stderr, flush=True)


def score(binary, work, model, queries, gallery, labels):
    name = f"{Path(model).stem}-{Path(queries).stem}"
    results = work / f"{name}.jsonl"
    if results.exists():
        results.unlink()
    quality.run([binary, "batch", str(queries), str(gallery), "--model", str(model), "--top", "0",
                 "--out", str(results)])
    report = json.loads(quality.run([binary, "eval", str(results), "--labels", str(queries),
                                     "--labels", str(labels), "--format", "json"]))
    return report


def evaluate(binary, work):
    print("| model | queries | R@1 | mAP |")
    print("| --- | --- | ---: | ---: |")
    for model, title in [("base", "default-style, never heard the narrator (no footage)"),
                         ("scratch", "footage, from scratch"), ("tuned", "footage, --init base"),
                         ("tuned-validated", "footage, --init base --validate-last 0.2")]:
        path = work / f"{model}.safetensors"
        if not path.exists():
            print(f"| {title} | (not trained) | | |")
            continue
        for queries, who in [("queries_narrator.csv", "narrator's other takes"), ("queries_others.csv", "other speakers")]:
            report = score(binary, work, path, work / queries, work / "test", work / "gallery.csv")
            print(f"| {title} | {who} | {report['R@1']:.3f} | {report['mAP']:.3f} |", flush=True)


def bunny(binary, work, extra):
    """Trains on Big Buck Bunny's clip and finds each second's excerpt in it."""
    import numpy as np
    import soundfile as sf
    folder = work / "bunny"
    folder.mkdir(exist_ok=True)
    video = quality.DATA / "video" / "big_buck_bunny_10s.mp4"
    wav = folder / "sound.wav"
    quality.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(video), "-vn", "-ac", "1", "-ar", "16000",
                 str(wav)])
    frames = folder / "frames"
    frames.mkdir(exist_ok=True)
    quality.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(video), "-an", "-vf", "fps=5",
                 "-start_number", "0", str(frames / "frame%04d.png")])
    y, rate = sf.read(wav, dtype="float32")
    count = len(sorted(frames.glob("*.png")))
    seconds = min(int(len(y) / rate), count // 5)
    excerpts = []
    for second in range(seconds):
        path = folder / f"excerpt{second:02d}.wav"
        sf.write(path, y[second * rate:(second + 1) * rate], rate)
        excerpts.append((str(path), str(second)))
    quality.write_csv(folder / "excerpts.csv", excerpts)
    quality.write_csv(folder / "frames.csv", [(f"frames/frame{n:04d}.png", str(n // 5)) for n in range(seconds * 5)])
    model = folder / "bunny.safetensors"
    # Music and ambience sound without pause: pair frame by frame (no sound detection).
    train(binary, ["--video", str(video), "--fps", "5", "--sound-top-db", "0", "--seed", "0", "--out", str(model)] + extra)
    report = score(binary, folder, model, folder / "excerpts.csv", frames, folder / "frames.csv")
    print(f"\n| Big Buck Bunny, 1 s excerpt → its own second (5 fps) | R@1 | mAP |\n| --- | ---: | ---: |\n"
          f"| trained on the clip (`--video --fps 5`) | {report['R@1']:.3f} | {report['mAP']:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stages", nargs="+", default=STAGES, choices=STAGES)
    parser.add_argument("--work", default="/tmp/framefinder-footage")
    parser.add_argument("--narrator", default="theo", choices=quality.SPEAKERS)
    parser.add_argument("--binary", default=str(quality.ROOT / ".build" / "release" / "framefinder"))
    parser.add_argument("extra", nargs="*", help="extra `framefinder train` arguments (after --)")
    args = parser.parse_args()
    if not quality.DATA.exists():
        sys.exit(f"footage.py: {quality.DATA} is missing")
    work = Path(args.work) / args.narrator
    work.mkdir(parents=True, exist_ok=True)
    footage = ["--soundtrack", str(work / "train.wav"), "--frames", str(work / "train"), "--fps", str(FPS),
               "--seed", "0"]
    if "make" in args.stages:
        make(work, args.narrator)
    if "base" in args.stages:
        train(args.binary, ["--audio-labels", str(work / "base_clips.csv"), "--image-labels", str(work / "base_images.csv"),
                            "--seed", "0", "--out", str(work / "base.safetensors")] + quality.RECIPE)
    if "scratch" in args.stages:
        train(args.binary, footage + ["--out", str(work / "scratch.safetensors")] + args.extra)
    if "tuned" in args.stages:
        train(args.binary, footage + ["--init", str(work / "base.safetensors"), "--out", str(work / "tuned.safetensors")]
              + args.extra)
        train(args.binary, footage + ["--init", str(work / "base.safetensors"), "--validate-last", "0.2",
                                      "--out", str(work / "tuned-validated.safetensors")] + args.extra)
    if "eval" in args.stages:
        print(f"narrator {args.narrator}; train arguments: {' '.join(args.extra) or '(defaults)'}\n")
        evaluate(args.binary, work)
    if "bunny" in args.stages:
        bunny(args.binary, Path(args.work), args.extra)


if __name__ == "__main__":
    main()
