#!/usr/bin/env python3
"""The Python peer of bench-frames: Pillow + numpy doing the same decode + resize + descriptor work.

  frames_peer.py make DIR [--count 2000] [--size 320x240]   write synthetic video frames
  frames_peer.py run DIR [--repeats 5] [--processes 1] [--tokens OUT.npy]

`run` decodes each PNG with Pillow (convert("RGB")), resizes it to 28x28 with
Image.Resampling.BOX and computes the default FrameFinder token (14x14 grey thumbnail,
4x4 cells x 9 orientation bins, colour statistics; docs/frames.md) with vectorised numpy.
Before timing it checks its tokens against the reference `describe` of
tools/gen_frame_fixtures.py. Pinned versions: tools/requirements.txt.
"""
from __future__ import annotations

import argparse
import math
import multiprocessing
import pathlib
import statistics
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "tools"))
import gen_frame_fixtures as reference  # noqa: E402

FRAME, THUMB, CELLS, BINS = (28, 28), (14, 14), 4, 9

# The cell of every pixel of the 28x28 frame, as gen_frame_fixtures.split() cuts it.
_rows = np.repeat(np.arange(CELLS), [b - a for a, b in reference.split(0, FRAME[1], CELLS)])
_cols = np.repeat(np.arange(CELLS), [b - a for a, b in reference.split(0, FRAME[0], CELLS)])
CELL = (_rows[:, None] * CELLS + _cols[None, :]) * BINS


def unit(v: np.ndarray) -> np.ndarray:
    n = math.sqrt(float(v @ v))
    return v / n if n > 1e-6 else np.zeros_like(v)


def token(path: str) -> np.ndarray:
    frame = Image.open(path).convert("RGB").resize(FRAME, Image.Resampling.BOX)
    thumb = np.asarray(frame.resize(THUMB, Image.Resampling.BOX).convert("L"), np.float64).ravel() / 255
    g = np.asarray(frame.convert("L"), np.float64) / 255
    p = np.pad(g, 1, mode="edge")
    gx = p[1:-1, 2:] - p[1:-1, :-2]
    gy = p[2:, 1:-1] - p[:-2, 1:-1]
    mag = np.sqrt(gx * gx + gy * gy)
    ang = np.arctan2(gy, gx)
    ang[ang < 0] += math.pi
    ang[ang >= math.pi] -= math.pi
    pos = ang / (math.pi / BINS) - 0.5
    lo = np.floor(pos)
    frac = pos - lo
    lo = lo.astype(np.int64) % BINS
    hist = np.bincount((CELL + lo).ravel(), (mag * (1 - frac)).ravel(), CELLS * CELLS * BINS)
    hist += np.bincount((CELL + (lo + 1) % BINS).ravel(), (mag * frac).ravel(), CELLS * CELLS * BINS)
    rgb = np.asarray(frame, np.float64).reshape(-1, 3) / 255
    return np.concatenate([unit(thumb - thumb.mean()), unit(hist), rgb.mean(0), rgb.std(0)]).astype(np.float32)


def tokens(paths: list[str]) -> np.ndarray:
    return np.stack([token(p) for p in paths])


def natural_key(name: str):
    import re

    return [(0, int(t), len(t)) if t.isdigit() else (1, t, 0) for t in re.findall(r"\d+|\D+", name)]


def make(directory: pathlib.Path, count: int, size: tuple[int, int]) -> None:
    """Synthetic video frames: a moving disc and bar over a shifting gradient, with sensor noise."""
    directory.mkdir(parents=True, exist_ok=True)
    w, h = size
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    for i in range(count):
        t = i / 25.0
        r = 128 + 90 * np.sin(x / w * 4 + t) * np.cos(y / h * 3 - 0.5 * t)
        g = 255 * ((x + 40 * t) % w) / w
        b = 200 * y / h + 30 * np.sin(t)
        img = np.stack([r, g, b], axis=2)
        cx, cy = w * (0.5 + 0.35 * math.sin(0.7 * t)), h * (0.5 + 0.3 * math.cos(0.5 * t))
        img[(x - cx) ** 2 + (y - cy) ** 2 < (h * 0.15) ** 2] = (240, 230, 40)
        bar = int((i * 3) % h)
        img[bar:bar + 12, w // 5:w // 2] = (20, 20, 180)
        img += rng.normal(0, 3, img.shape).astype(np.float32)
        Image.fromarray(np.clip(np.rint(img), 0, 255).astype(np.uint8)).save(directory / f"frame{i + 1}.png")


def run(directory: pathlib.Path, repeats: int, processes: int, tokens_out: str | None) -> None:
    paths = [str(p) for p in sorted(directory.glob("*.png"), key=lambda p: natural_key(p.name))]
    first = np.asarray(Image.open(paths[0]).convert("RGB"))
    expected = reference.describe(first, reference.Settings())[0]
    assert np.allclose(token(paths[0]), expected, atol=1e-5), "peer disagrees with the reference describe"
    if tokens_out:
        np.save(tokens_out, tokens(paths[:20]))
    pool = multiprocessing.Pool(processes) if processes > 1 else None
    chunks = [paths[i::processes] for i in range(processes)]

    def once():
        if pool:
            pool.map(tokens, chunks)
        else:
            tokens(paths)

    # One process is timed by its CPU time (robust on a shared machine), a pool by wall time.
    clock, clock_name = (time.perf_counter, "wall") if pool else (time.process_time, "CPU")
    once()  # warm-up
    runs = []
    for _ in range(repeats):
        start = clock()
        once()
        runs.append(clock() - start)
    label = f"Python Pillow+numpy, {processes} process{'es' if processes > 1 else ''}"
    med = statistics.median(runs)
    print(f"{label:<40}{len(paths) / med:8.1f} frames/s median {len(paths) / min(runs):8.1f} best  ({clock_name} time, median {med:.3f} s)")
    if pool:
        pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("make")
    m.add_argument("directory", type=pathlib.Path)
    m.add_argument("--count", type=int, default=2000)
    m.add_argument("--size", default="320x240")
    r = sub.add_parser("run")
    r.add_argument("directory", type=pathlib.Path)
    r.add_argument("--repeats", type=int, default=5)
    r.add_argument("--processes", type=int, default=1)
    r.add_argument("--tokens")
    args = parser.parse_args()
    if args.command == "make":
        w, h = (int(v) for v in args.size.split("x"))
        make(args.directory, args.count, (w, h))
    else:
        run(args.directory, args.repeats, args.processes, args.tokens)


if __name__ == "__main__":
    main()
