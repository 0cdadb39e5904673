#!/usr/bin/env python3
"""Writes the FrameFinderFrames test fixtures: small PNGs and the Pillow/numpy reference outputs.

Run from the package root:  python3 tools/gen_frame_fixtures.py
Pinned versions (tools/requirements.txt): pillow 13.0.0, numpy 2.4.6, pypng 0.20220715.0.

What it writes into Tests/FrameFinderFramesTests/Fixtures:
- decode/<kind>.png + decode/<kind>.npy: one PNG per colour type / bit depth / interlace, written
  by pypng from a known array, and the expected 8-bit RGB image (uint8, H x W x 3). The rule
  (docs/frames.md): 16-bit samples -> round(v / 257); alpha (channel or tRNS) composited onto
  black, c' = (c * a + 127) // 255. For 8-bit files the expected image is computed from
  Pillow's own decoding (Image.convert("RGBA")) and checked against the source array; for
  16-bit files from the source array (Pillow 13 clips 16-bit grey, so it is no reference).
- resize/source.png + resize/<W>x<H>[_box].npy: Pillow's
  Image.convert("RGB").resize((W, H), Image.Resampling.BOX[, box]) outputs.
- describe/<image>_<settings>.npy: the token matrices of frame descriptors (float32), from the
  numpy reference `describe` below, which the benchmark's Python peer also uses.
- bad/*.png: empty, wrong signature, truncated, bad CRC, bad zlib stream, huge and zero-size
  headers.
- mnist/<name>.npy: Pillow's decoding of two shared MNIST files, when ../shared/data is present
  (a small fixture computed from them; the PNGs themselves are never copied).
"""
from __future__ import annotations

import math
import pathlib
import struct
import sys
import zlib

import numpy as np
import PIL
from PIL import Image

PINS = {"numpy": "2.4.6", "pillow": "13.0.0", "pypng": "0.20220715.0"}

# --------------------------------------------------------------------------------------------
# The frame descriptor reference (mirrors Sources/FrameFinderFrames/FrameDescriptor.swift)
# --------------------------------------------------------------------------------------------


class Settings:
    """FrameDescriptorSettings: sizes are (width, height); None disables a part."""

    def __init__(self, frame=(28, 28), thumbnail=(14, 14), thumbnail_rgb=False, hog_cells=(4, 4),
                 hog_bins=9, colour_stats=True, patches=None):
        self.frame = frame
        self.thumbnail = thumbnail
        self.thumbnail_rgb = thumbnail_rgb
        self.hog_cells = hog_cells
        self.hog_bins = hog_bins
        self.colour_stats = colour_stats
        self.patches = patches


def luma(rgb: np.ndarray) -> np.ndarray:
    """Pillow's convert("L"): (19595 R + 38470 G + 7471 B + 0x8000) >> 16."""
    c = rgb.astype(np.uint32)
    return ((c[..., 0] * 19595 + c[..., 1] * 38470 + c[..., 2] * 7471 + 0x8000) >> 16).astype(np.uint8)


def unit(v: np.ndarray) -> np.ndarray:
    """v / ||v||, or zeros when ||v|| <= 1e-6."""
    n = float(np.sqrt(np.sum(v * v)))
    return v / n if n > 1e-6 else np.zeros_like(v)


def split(start: int, length: int, parts: int) -> list[tuple[int, int]]:
    """Part i covers [start + floor(i * length / parts), start + floor((i + 1) * length / parts))."""
    return [(start + i * length // parts, start + (i + 1) * length // parts) for i in range(parts)]


def orientation_votes(grey: np.ndarray, bins: int):
    """Per pixel: (lower bin, upper bin, lower weight, upper weight) of unsigned gradient angles."""
    g = grey.astype(np.float64) / 255.0
    h, w = g.shape
    xs, ys = np.arange(w), np.arange(h)
    gx = g[:, np.minimum(xs + 1, w - 1)] - g[:, np.maximum(xs - 1, 0)]
    gy = g[np.minimum(ys + 1, h - 1), :] - g[np.maximum(ys - 1, 0), :]
    mag = np.sqrt(gx * gx + gy * gy)
    ang = np.arctan2(gy, gx)
    ang = np.where(ang < 0, ang + math.pi, ang)
    ang = np.where(ang >= math.pi, ang - math.pi, ang)
    pos = ang / (math.pi / bins) - 0.5
    lo = np.floor(pos)
    frac = pos - lo
    lo = lo.astype(np.int64)
    return np.mod(lo, bins), np.mod(lo + 1, bins), mag * (1 - frac), mag * frac


def region_token(frame: np.ndarray, votes, box, s: Settings) -> np.ndarray:
    x0, y0, x1, y1 = box
    parts = []
    if s.thumbnail is not None:
        t = Image.fromarray(frame).resize(s.thumbnail, Image.Resampling.BOX, box=(x0, y0, x1, y1))
        if not s.thumbnail_rgb:
            t = t.convert("L")
        v = np.asarray(t, dtype=np.float64).reshape(-1) / 255.0
        parts.append(unit(v - v.mean()))
    if s.hog_cells is not None:
        lo, hi, wlo, whi = votes
        cols, rows = s.hog_cells
        hist = []
        for cy0, cy1 in split(y0, y1 - y0, rows):
            for cx0, cx1 in split(x0, x1 - x0, cols):
                cell = np.zeros(s.hog_bins)
                np.add.at(cell, lo[cy0:cy1, cx0:cx1].ravel(), wlo[cy0:cy1, cx0:cx1].ravel())
                np.add.at(cell, hi[cy0:cy1, cx0:cx1].ravel(), whi[cy0:cy1, cx0:cx1].ravel())
                hist.append(cell)
        parts.append(unit(np.concatenate(hist)))
    if s.colour_stats:
        p = frame[y0:y1, x0:x1].reshape(-1, 3).astype(np.float64) / 255.0
        parts.append(np.concatenate([p.mean(axis=0), p.std(axis=0)]))
    return np.concatenate(parts)


def describe(rgb: np.ndarray, s: Settings) -> np.ndarray:
    """The token matrix of one frame: row 0 global, then the patch grid row by row."""
    frame = np.asarray(Image.fromarray(rgb).resize(s.frame, Image.Resampling.BOX))
    votes = orientation_votes(luma(frame), s.hog_bins) if s.hog_cells is not None else None
    w, h = s.frame
    rows = [region_token(frame, votes, (0, 0, w, h), s)]
    if s.patches is not None:
        pc, pr = s.patches
        for py0, py1 in split(0, h, pr):
            for px0, px1 in split(0, w, pc):
                rows.append(region_token(frame, votes, (px0, py0, px1, py1), s))
    return np.stack(rows).astype(np.float32)


# --------------------------------------------------------------------------------------------
# Fixture writing
# --------------------------------------------------------------------------------------------

OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests/FrameFinderFramesTests/Fixtures"


def check_pins() -> None:
    import png  # pypng

    found = {"numpy": np.__version__, "pillow": PIL.__version__, "pypng": png.__version__}
    if found != PINS:
        sys.exit(f"gen_frame_fixtures: need {PINS}, found {found} (pip install -r tools/requirements.txt)")


def composite_black(rgb: np.ndarray, alpha: np.ndarray | None) -> np.ndarray:
    """8-bit colour onto black: (c * a + 127) // 255."""
    if alpha is None:
        return rgb.astype(np.uint8)
    c = rgb.astype(np.uint32)
    return ((c * alpha.astype(np.uint32)[..., None] + 127) // 255).astype(np.uint8)


def reduce16(v: np.ndarray) -> np.ndarray:
    """round(v / 257) in integers."""
    return ((v.astype(np.uint32) + 128) // 257).astype(np.uint8)


def write_png(path: pathlib.Path, rows: np.ndarray, **kwargs) -> None:
    import png

    h, w = rows.shape[0], rows.shape[1]
    flat = rows.reshape(h, -1)
    with open(path, "wb") as f:
        png.Writer(w, h, **kwargs).write(f, flat.tolist())


def decode_fixtures(rng: np.random.Generator) -> None:
    d = OUT / "decode"
    d.mkdir(parents=True, exist_ok=True)
    w, h = 13, 11  # odd sizes exercise every Adam7 pass and partial bytes at low bit depths

    def levels(bits, shape):
        return rng.integers(0, 1 << bits, shape, dtype=np.uint32)

    cases = []  # (name, rows, writer kwargs, expected rgb, pillow_comparable)
    for bits in (1, 2, 4, 8, 16):
        g = levels(bits, (h, w))
        if bits == 16:
            g8 = reduce16(g)
        else:
            g8 = (g * (255 // ((1 << bits) - 1))).astype(np.uint8)
        rgb = np.repeat(g8[..., None], 3, axis=2)
        cases.append((f"grey{bits}", g, dict(greyscale=True, bitdepth=bits), rgb, bits <= 8))
    g = levels(8, (h, w))
    g[0, :4] = 77
    g8 = g.astype(np.uint8)
    alpha = np.where(g8 == 77, 0, 255).astype(np.uint8)
    cases.append(("grey8_trns", g, dict(greyscale=True, bitdepth=8, transparent=77),
                  composite_black(np.repeat(g8[..., None], 3, axis=2), alpha), True))
    for bits in (8, 16):
        la = levels(bits, (h, w, 2))
        v = la.astype(np.uint8) if bits == 8 else reduce16(la)
        cases.append((f"greyalpha{bits}", la, dict(greyscale=True, alpha=True, bitdepth=bits),
                      composite_black(np.repeat(v[..., :1], 3, axis=2), v[..., 1]), bits == 8))
    for bits in (8, 16):
        rgb = levels(bits, (h, w, 3))
        v = rgb.astype(np.uint8) if bits == 8 else reduce16(rgb)
        cases.append((f"rgb{bits}", rgb, dict(greyscale=False, bitdepth=bits), v, bits == 8))
        rgba = levels(bits, (h, w, 4))
        v = rgba.astype(np.uint8) if bits == 8 else reduce16(rgba)
        cases.append((f"rgba{bits}", rgba, dict(greyscale=False, alpha=True, bitdepth=bits),
                      composite_black(v[..., :3], v[..., 3]), bits == 8))
    rgb = levels(8, (h, w, 3))
    rgb[1, :3] = (10, 20, 30)
    mask = np.all(rgb == (10, 20, 30), axis=2)
    cases.append(("rgb8_trns", rgb, dict(greyscale=False, bitdepth=8, transparent=(10, 20, 30)),
                  composite_black(rgb.astype(np.uint8), np.where(mask, 0, 255).astype(np.uint8)), True))
    for bits, trns in ((8, False), (8, True), (4, False), (2, True)):
        n = 1 << bits
        colours = rng.integers(0, 256, (n, 3), dtype=np.uint8)
        alphas = rng.integers(0, 256, n, dtype=np.uint8) if trns else np.full(n, 255, np.uint8)
        palette = [tuple(int(x) for x in c) + ((int(a),) if trns else ()) for c, a in zip(colours, alphas)]
        idx = levels(bits, (h, w))
        name = f"palette{bits}" + ("_trns" if trns else "")
        cases.append((name, idx, dict(palette=palette, bitdepth=bits),
                      composite_black(colours[idx], alphas[idx] if trns else None), True))

    interlaced = {"grey1", "grey8", "grey16", "rgb8", "rgba16", "palette4", "palette8_trns", "greyalpha8"}
    for name, rows, kwargs, expected, pillow_ok in cases:
        variants = [(name, False)] + ([(name + "_adam7", True)] if name in interlaced else [])
        for vname, interlace in variants:
            path = d / f"{vname}.png"
            write_png(path, rows, interlace=interlace, **kwargs)
            if pillow_ok:
                rgba = np.asarray(Image.open(path).convert("RGBA"))
                pillow = composite_black(rgba[..., :3], rgba[..., 3])
                assert np.array_equal(pillow, expected), f"{vname}: Pillow disagrees with the source"
            np.save(d / f"{vname}.npy", expected)


def smooth_image(rng: np.random.Generator, w: int, h: int) -> np.ndarray:
    """A picture-like RGB image: gradients, a disc, a bar and noise."""
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 128 + 100 * np.sin(x / w * 5.0) * np.cos(y / h * 3.0)
    g = 255 * x / max(w - 1, 1)
    b = 255 * y / max(h - 1, 1)
    img = np.stack([r, g, b], axis=2)
    disc = (x - w * 0.6) ** 2 + (y - h * 0.4) ** 2 < (min(w, h) * 0.25) ** 2
    img[disc] = (250, 240, 20)
    img[int(h * 0.7):int(h * 0.8), int(w * 0.1):int(w * 0.5)] = (10, 10, 200)
    img += rng.normal(0, 12, img.shape)
    return np.clip(np.rint(img), 0, 255).astype(np.uint8)


def resize_fixtures(rng: np.random.Generator) -> None:
    d = OUT / "resize"
    d.mkdir(parents=True, exist_ok=True)
    src = smooth_image(rng, 37, 23)
    Image.fromarray(src).save(d / "source.png")
    source = Image.open(d / "source.png").convert("RGB")
    assert np.array_equal(np.asarray(source), src)
    for w, h in ((28, 28), (10, 7), (64, 50), (13, 23), (37, 11), (17, 9), (5, 3), (1, 1), (74, 46), (37, 23)):
        np.save(d / f"{w}x{h}.npy", np.asarray(source.resize((w, h), Image.Resampling.BOX)))
    for (w, h), box in (((7, 5), (3, 2, 20, 17)), ((14, 14), (9, 0, 16, 7)), ((6, 4), (0.5, 1.25, 30.75, 22.0))):
        name = f"{w}x{h}_box_" + "_".join(f"{v:g}" for v in box)
        np.save(d / f"{name}.npy", np.asarray(source.resize((w, h), Image.Resampling.BOX, box=box)))


DESCRIBE_SETTINGS = {
    "default": Settings(),
    "patches": Settings(frame=(32, 24), thumbnail=(8, 6), thumbnail_rgb=True, hog_cells=(2, 2),
                        hog_bins=6, colour_stats=True, patches=(4, 3)),
    "hogonly": Settings(frame=(20, 20), thumbnail=None, hog_cells=(5, 4), hog_bins=12,
                        colour_stats=False),
}


def describe_fixtures(rng: np.random.Generator) -> None:
    d = OUT / "describe"
    d.mkdir(parents=True, exist_ok=True)
    images = {"smooth": smooth_image(rng, 48, 36), "flat": np.full((9, 7, 3), 90, np.uint8)}
    for iname, img in images.items():
        Image.fromarray(img).save(d / f"{iname}.png")
        for sname, s in DESCRIBE_SETTINGS.items():
            np.save(d / f"{iname}_{sname}.npy", describe(img, s))


def chunk(kind: bytes, body: bytes, crc: int | None = None) -> bytes:
    c = zlib.crc32(kind + body) if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", c & 0xFFFFFFFF)


def bad_fixtures() -> None:
    d = OUT / "bad"
    d.mkdir(parents=True, exist_ok=True)
    sig = b"\x89PNG\r\n\x1a\n"
    w, h = 8, 4
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + bytes(range(i * w, (i + 1) * w)) for i in range(h))
    idat = zlib.compress(raw)
    good = sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    files = {
        "empty.png": b"",
        "bad_signature.png": b"GIF89a" + good[6:],
        "truncated.png": good[: len(sig) + 25 + 12 + len(idat) // 2],
        "bad_crc.png": sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat, crc=zlib.crc32(b"IDAT" + idat) ^ 1)
        + chunk(b"IEND", b""),
        "bad_zlib.png": sig + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"\x78\x9c\xff\xff\xff\xff" + idat[6:])
        + chunk(b"IEND", b""),
        "huge.png": sig + chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b""),
        "zero_size.png": sig + chunk(b"IHDR", struct.pack(">IIBBBBB", 0, 0, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", idat) + chunk(b"IEND", b""),
        "good.png": good,
    }
    for name, data in files.items():
        (d / name).write_bytes(data)
    assert np.array_equal(np.asarray(Image.open(d / "good.png")), np.frombuffer(raw, np.uint8).reshape(h, w + 1)[:, 1:])


def mnist_fixtures() -> None:
    shared = OUT.parent.parent.parent.parent / "shared/data/mnist/images"
    if not shared.is_dir():
        print("gen_frame_fixtures: ../shared/data/mnist absent, MNIST fixtures not refreshed")
        return
    d = OUT / "mnist"
    d.mkdir(parents=True, exist_ok=True)
    for name in ("00001_2", "00003_0"):
        img = Image.open(shared / f"{name}.png").convert("RGB")
        np.save(d / f"{name}.npy", np.asarray(img))
        np.save(d / f"{name}_default.npy", describe(np.asarray(img), Settings()))


def main() -> None:
    check_pins()
    rng = np.random.default_rng(20261125)
    decode_fixtures(rng)
    resize_fixtures(rng)
    describe_fixtures(rng)
    bad_fixtures()
    mnist_fixtures()
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"gen_frame_fixtures: wrote {OUT} ({total} bytes)")


if __name__ == "__main__":
    main()
