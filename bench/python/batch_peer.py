#!/usr/bin/env python3
"""numpy peer for bench-batch: one block of clips scored with one matmul and a softmax per step.

Reads the block bench-batch wrote (queries.npy: one row per clip, keys.npy, values.npy) and
computes, in float32 with numpy's BLAS on every core, FrameFinder's two attention steps:
    A = softmax(Q Kᵀ / √d),  V' = A V,  B = softmax(V' Vᵀ / √d_v),  score = (1 − λ) A + λ B
and each clip's 10 best frames. Prints one JSON line: timings, GFLOP/s (8·R·N·d, the four
products), peak resident memory, and agreement with FrameFinder's top frames and scores.
Pinned versions: tools/requirements.txt.
"""
import argparse
import json
import resource
import time
from pathlib import Path

import numpy as np


def softmax_rows(s):
    s -= s.max(axis=1, keepdims=True)
    np.exp(s, out=s)
    s /= s.sum(axis=1, keepdims=True)
    return s


def score(q, k, v, share):
    a = softmax_rows((q @ k.T) * np.float32(1 / np.sqrt(k.shape[1])))
    attended = a @ v
    b = softmax_rows((attended @ v.T) * np.float32(1 / np.sqrt(v.shape[1])))
    scores = a * np.float32(1 - share) + b * np.float32(share)
    top = np.argpartition(-scores, 10, axis=1)[:, :10]
    order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1, kind="stable")
    top = np.take_along_axis(top, order, axis=1)
    return top, np.take_along_axis(scores, top, axis=1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("--share", type=float, default=0.5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    q, k, v = (np.load(args.folder / f"{name}.npy").astype(np.float32) for name in ("queries", "keys", "values"))
    seconds = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        top, scores = score(q, k, v, args.share)
        seconds.append(time.perf_counter() - start)
    swift_top = np.load(args.folder / "top_indices.npy").astype(np.int64)
    swift_scores = np.load(args.folder / "top_scores.npy")
    flops = 8 * q.shape[0] * k.shape[0] * k.shape[1]
    print(json.dumps({
        "clips": q.shape[0], "frames": k.shape[0], "d": k.shape[1],
        "min_s": min(seconds), "median_s": float(np.median(seconds)),
        "gflops_at_min": flops / min(seconds) / 1e9,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "same_best_frame": float(np.mean(top[:, 0] == swift_top[:, 0])),
        "same_top10": float(np.mean(top == swift_top)),
        "max_rel_score_diff": float(np.max(np.abs(scores - swift_scores) / np.abs(scores))),
        "numpy": np.__version__,
    }))


if __name__ == "__main__":
    main()
