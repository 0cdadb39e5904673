#!/usr/bin/env python3
"""Reference values for FrameFinderAttention's parity tests, computed with numpy.

Writes safetensors files (float32) to Tests/FrameFinderAttentionTests/Fixtures (and the
softmax/log-sum-exp reference to Tests/FrameFinderMathTests/Fixtures). Inputs come from
`hashed(seed, rows, columns, scale)`, an integer hash that Swift reproduces exactly
(`Matrix(hashedSeed:rows:columns:scale:)`), so the large case stores only samples and
summaries of the reference, never the inputs. References are computed in float64 from the float32 inputs.

Pinned versions: tools/requirements.txt (numpy 2.4.6, safetensors 0.8.0).
Run from the package root: python3 tools/gen_attention_fixtures.py
"""
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests/FrameFinderAttentionTests/Fixtures"
MATH_OUT = ROOT / "Tests/FrameFinderMathTests/Fixtures"


def hashed(seed, rows, columns, scale=1.0):
    """Values in [-scale, scale): a 32-bit multiply-xorshift hash of (seed, flat index)."""
    i = np.arange(rows * columns, dtype=np.uint64)
    h = (i * np.uint64(2654435761) + np.uint64(seed) * np.uint64(97531)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x45D9F3B)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    unit = h.astype(np.float64) / 4294967296.0 * 2.0 - 1.0
    return (unit * scale).astype(np.float32).reshape(rows, columns)


def softmax_rows(s):
    """Row softmax with the row maximum subtracted; a row that is -inf everywhere gives 0."""
    m = s.max(axis=1, keepdims=True)
    dead = ~np.isfinite(m)
    e = np.exp(s - np.where(dead, 0.0, m))
    total = e.sum(axis=1, keepdims=True)
    return np.where(dead, 0.0, e / np.where(dead, 1.0, total))


def logsumexp_rows(s):
    m = s.max(axis=1)
    dead = ~np.isfinite(m)
    safe = np.where(dead, 0.0, m)
    with np.errstate(divide="ignore"):
        return np.where(dead, -np.inf, safe + np.log(np.exp(s - safe[:, None]).sum(axis=1)))


def attention(q, k, v, heads=1, mask=None):
    """softmax(Q_h K_h^T / sqrt(d_h) + M) V_h per head, merged; float64."""
    q, k, v = (x.astype(np.float64) for x in (q, k, v))
    dh, dvh = q.shape[1] // heads, v.shape[1] // heads
    weights, outputs, lses = [], [], []
    for h in range(heads):
        s = q[:, h * dh:(h + 1) * dh] @ k[:, h * dh:(h + 1) * dh].T / np.sqrt(dh)
        if mask is not None:
            s = s + mask
        a = softmax_rows(s)
        weights.append(a)
        lses.append(logsumexp_rows(s))
        outputs.append(a @ v[:, h * dvh:(h + 1) * dvh])
    return weights, np.concatenate(outputs, axis=1), np.stack(lses, axis=1)


def f32(tensors):
    return {name: np.ascontiguousarray(value, dtype=np.float32) for name, value in tensors.items()}


def small_case(name, seed, t, n, d, dv, heads=1, mask=None):
    q, k, v = hashed(seed, t, d, 3.0), hashed(seed + 1, n, d), hashed(seed + 2, n, dv)
    weights, output, lse = attention(q, k, v, heads, mask)
    tensors = {"queries": q, "keys": k, "values": v, "output": output, "logSumExp": lse}
    tensors.update({f"weights{h}": w for h, w in enumerate(weights)})
    if mask is not None:
        tensors["mask"] = mask
    save_file(f32(tensors), str(OUT / f"{name}.safetensors"), metadata={"heads": str(heads)})


def layer_case():
    """A projection layer: Y = attend(Xq Wq, Xkv Wk, Xkv Wv, heads=2) Wo."""
    xq, xkv = hashed(50, 4, 6), hashed(51, 7, 5)
    wq, wk, wv, wo = hashed(52, 6, 8), hashed(53, 5, 8), hashed(54, 5, 6), hashed(55, 6, 3)
    q = xq.astype(np.float64) @ wq
    k = xkv.astype(np.float64) @ wk
    v = xkv.astype(np.float64) @ wv
    weights, attended, _ = attention(q, k, v, heads=2)
    tensors = {"queryTokens": xq, "keyValueTokens": xkv, "wq": wq, "wk": wk, "wv": wv, "wo": wo,
               "attended": attended, "output": attended @ wo, "weights0": weights[0], "weights1": weights[1]}
    save_file(f32(tensors), str(OUT / "layer.safetensors"), metadata={"heads": "2"})


def large_case():
    """6,000 queries over 2,000 keys at d = 16: only samples and summaries are stored."""
    t, n, d, dv = 6000, 2000, 16, 16
    q, k, v = hashed(70, t, d, 3.0), hashed(71, n, d), hashed(72, n, dv)
    weights, output, lse = attention(q, k, v)
    rows = np.arange(0, t, 97)  # 62 sampled queries
    tensors = {"sampleRows": rows.astype(np.float32), "output": output[rows], "weights": weights[0][rows[:8]],
               "logSumExp": lse[:, 0], "meanWeights": weights[0].mean(axis=0)}
    save_file(f32(tensors), str(OUT / "large.safetensors"), metadata={"queries": str(t), "keys": str(n),
                                                                      "dimension": str(d)})


def softmax_case():
    """Rows with huge, tiny, equal and -inf logits."""
    x = np.array([
        [1000.0, 999.0, -1000.0, 0.0],
        [-1000.0, -1001.0, -1002.0, -1003.0],
        [1e-30, -1e-30, 0.0, 1e-38],
        [3.0, 3.0, 3.0, 3.0],
        [-np.inf, 2.0, -np.inf, 1.0],
        [-np.inf, -np.inf, -np.inf, -np.inf],
        [88.0, -88.0, 50.0, -50.0],
    ], dtype=np.float32)
    save_file(f32({"logits": x, "softmax": softmax_rows(x.astype(np.float64)),
                   "logSumExp": logsumexp_rows(x.astype(np.float64))}), str(MATH_OUT / "softmax.safetensors"))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    small_case("single", 1, 1, 1, 1, 1)
    small_case("basic", 10, 5, 7, 4, 3)
    causal = np.where(np.tril(np.ones((6, 6))) > 0, 0.0, -np.inf)
    small_case("causal", 20, 6, 6, 8, 8, mask=causal)
    padding = np.zeros((5, 9))
    padding[:, [2, 7, 8]] = -np.inf
    small_case("padding", 30, 5, 9, 8, 4, mask=padding)
    bias = hashed(41, 4, 6, 2.0).astype(np.float64)
    bias[2, :] = -np.inf  # one query sees no key: zero weights, zero output
    small_case("additive", 40, 4, 6, 4, 4, mask=bias)
    small_case("heads", 60, 5, 9, 8, 12, heads=4)
    layer_case()
    large_case()
    softmax_case()


if __name__ == "__main__":
    main()
