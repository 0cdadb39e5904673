#!/usr/bin/env python3
"""numpy peer for bench-attention: the same blocked (online-softmax) attention in float32.

Inputs are rebuilt from seeds exactly as FrameFinder builds them (Matrix(hashedSeed:...)),
so both sides attend over identical numbers. Prints one JSON line: timings, GFLOP/s
(4·T·N·d per run), peak resident memory, and the first output rows for a cross-check.
numpy's own BLAS uses every core. Pinned versions: tools/requirements.txt.
"""
import argparse
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from gen_attention_fixtures import hashed  # noqa: E402


def streamed_attention(q, k, v, block):
    """softmax(q k^T / sqrt(d)) v over key blocks, never holding the T x N scores."""
    t, d = q.shape
    scale = np.float32(1.0 / np.sqrt(d))
    m = np.full(t, -np.inf, dtype=np.float32)
    total = np.zeros(t, dtype=np.float32)
    out = np.zeros((t, v.shape[1]), dtype=np.float32)
    for start in range(0, k.shape[0], block):
        s = q @ k[start:start + block].T
        s *= scale
        new_max = np.maximum(m, s.max(axis=1))
        correction = np.exp(m - new_max)
        s -= new_max[:, None]
        np.exp(s, out=s)
        total = total * correction + s.sum(axis=1)
        out *= correction[:, None]
        out += s @ v[start:start + block]
        m = new_max
    out /= total[:, None]
    return out, m + np.log(total)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=6000)
    parser.add_argument("--keys", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--block", type=int, default=2048)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    q = hashed(1, args.queries, args.dim, 3.0)
    k = hashed(2, args.keys, args.dim)
    v = hashed(3, args.keys, args.dim)

    # Correctness first: the blocked result against the plain softmax on a few queries.
    few = q[:16].astype(np.float64)
    s = few @ k.T.astype(np.float64) / np.sqrt(args.dim)
    a = np.exp(s - s.max(axis=1, keepdims=True))
    reference = (a / a.sum(axis=1, keepdims=True)) @ v
    out, _ = streamed_attention(q, k, v, args.block)
    error = float(np.abs(out[:16] - reference).max() / np.abs(reference).max())
    if error > 1e-5:
        sys.exit(f"attention_peer: blocked result differs from the reference by {error:.2e}")

    seconds = []
    streamed_attention(q, k, v, args.block)  # warm-up
    for _ in range(args.repeats):
        start = time.perf_counter()
        streamed_attention(q, k, v, args.block)
        seconds.append(time.perf_counter() - start)
    flops = 4.0 * args.queries * args.keys * args.dim
    print(json.dumps({
        "numpy": np.__version__,
        "block": args.block,
        "seconds_min": min(seconds),
        "seconds_median": float(np.median(seconds)),
        "gflops_min_time": flops / min(seconds) / 1e9,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "check_error": error,
        "first_rows": out[:4].reshape(-1).tolist(),
    }))


if __name__ == "__main__":
    main()
