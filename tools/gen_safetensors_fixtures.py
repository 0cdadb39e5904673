#!/usr/bin/env python3
"""Safetensors files written by Python's reference implementation, for FrameFinderMath's tests.

- `python_f32.safetensors`: float32 tensors of several shapes (a scalar, an empty tensor,
  names that sort differently by case) and one metadata key. FrameFinder must read it and
  write byte-identical bytes for the same tensors and metadata.
- `python_mixed.safetensors`: F64, F16, I64, I32, U8 and BOOL tensors with several metadata
  keys, to test reading and converting other dtypes; `python_mixed_expected.safetensors`
  holds the same tensors converted to float32 by numpy (`astype(np.float32)`).

Pinned versions: tools/requirements.txt (numpy 2.4.6, safetensors 0.8.0).
Run from the package root: python3 tools/gen_safetensors_fixtures.py
"""
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

OUT = Path(__file__).resolve().parent.parent / "Tests/FrameFinderMathTests/Fixtures"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(2024)
    f32 = {
        "wq": rng.standard_normal((3, 4)).astype(np.float32),
        "Wk": rng.standard_normal((2, 4)).astype(np.float32),
        "bias": np.array([0.5, -1.25, 3.0e-8, 65504.0], dtype=np.float32),
        "scalar": np.array(7.5, dtype=np.float32),
        "empty": np.zeros((0, 3), dtype=np.float32),
        "cube": rng.standard_normal((2, 2, 2)).astype(np.float32),
    }
    save_file(f32, str(OUT / "python_f32.safetensors"), metadata={"format": "framefinder-test \"1\"\n"})

    mixed = {
        "f64": np.array([[1.0 / 3.0, -2.5], [1e-3, 0.0]], dtype=np.float64),
        "f16": np.array([0.5, -2.0, 65504.0, 6.0e-8], dtype=np.float16),
        "i64": np.array([-3, 0, 2**40], dtype=np.int64),
        "i32": np.array([[7, -8]], dtype=np.int32),
        "u8": np.array([0, 255, 17], dtype=np.uint8),
        "flags": np.array([True, False, True]),
    }
    save_file(mixed, str(OUT / "python_mixed.safetensors"), metadata={"a": "1", "b": "two", "c": "é"})
    expected = {name: value.astype(np.float32) for name, value in mixed.items()}
    save_file(expected, str(OUT / "python_mixed_expected.safetensors"))


if __name__ == "__main__":
    main()
