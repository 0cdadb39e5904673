#!/usr/bin/env python3
"""The seed corpus of tools/fuzz.py and of the corpus replay tests (Tests/Corpus).

Writes small files that once crashed FrameFinder, exhausted its memory or gave a quiet wrong
answer (issue 15), and a few valid seeds for the fuzzer to mutate:
- `png/`: a tEXt chunk claiming 2 GB in a 78-byte file; a 4000 x 4000 RGBA 16-bit image
  (122 KB, 128 MB of samples); a valid 2 x 2 RGB image;
- `audio/`: a valid 0.1 s WAV; a text file named .wav; a WAV whose header promises far
  more data than it holds;
- `model/`: a valid tiny model; the same with `model.hidden`, `model.pooling_queries`,
  `model.dimension`, `model.embedding` or `model.audio_token_width` set huge; a zero
  `frames.std`; a WAV given as a model;
- `index/`: a valid index of the tiny model; one with keys of another width; one whose
  value is huge (a flipped exponent bit).
`expected.json` maps each file to what reading it must give: `"ok"` or the start of the
error's reason. Model and index files are written as FrameFinder writes them (sorted
metadata, compact JSON, header padded to 8 bytes), so the index's `model.identity` (64-bit
FNV-1a of the model file) matches the tiny model.

Pinned versions: tools/requirements.txt (numpy 2.4.6, soundfile 0.14.0).
Run from the package root: python3 tools/gen_fuzz_corpus.py
"""
import json
import struct
import zlib
from pathlib import Path

import numpy as np
import soundfile

OUT = Path(__file__).resolve().parent.parent / "Tests/Corpus"


def png_chunk(kind, data, length=None):
    size = len(data) if length is None else length
    return struct.pack(">I", size) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, depth, colour, rows):
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(rows, 9))
            + png_chunk(b"IEND", b""))


def safetensors(tensors, metadata):
    """Bytes as FrameFinder's SafeTensors.serialized writes them (float32 tensors)."""
    fields = []
    if metadata:
        pairs = ",".join(f"{json.dumps(k)}:{json.dumps(metadata[k])}" for k in sorted(metadata))
        fields.append('"__metadata__":{' + pairs + "}")
    offset, blobs = 0, []
    for name in sorted(tensors, key=lambda n: n.encode()):
        array = np.ascontiguousarray(tensors[name], dtype="<f4")
        shape = ",".join(str(n) for n in array.shape)
        fields.append(f'{json.dumps(name)}:{{"dtype":"F32","shape":[{shape}],"data_offsets":[{offset},{offset + array.nbytes}]}}')
        offset += array.nbytes
        blobs.append(array.tobytes())
    header = ("{" + ",".join(fields) + "}").encode()
    header += b" " * ((8 - len(header) % 8) % 8)
    return struct.pack("<Q", len(header)) + header + b"".join(blobs)


def fnv1a64(data):
    h = 0xCBF29CE484222325
    for byte in data:
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"fnv1a64:{h:016x}"


def tiny_model(rng):
    """A model of 5-wide audio tokens, 6-wide frame tokens, hidden 4, embedding 4, d 4, d_v 2."""
    a, f, h, e, d, dv = 5, 6, 4, 4, 4, 2
    t = {"audio.mean": np.zeros((1, a)), "audio.std": np.ones((1, a)),
         "frames.mean": np.zeros((1, f)), "frames.std": np.ones((1, f))}
    for prefix, inputs in (("audio.encoder", a), ("frames.encoder", f)):
        t[f"{prefix}.norm.gain"] = np.ones((1, inputs))
        t[f"{prefix}.norm.bias"] = np.zeros((1, inputs))
        t[f"{prefix}.fc1.weight"] = rng.uniform(-0.5, 0.5, (inputs, h))
        t[f"{prefix}.fc1.bias"] = np.zeros((1, h))
        t[f"{prefix}.fc2.weight"] = rng.uniform(-0.5, 0.5, (h, e))
        t[f"{prefix}.fc2.bias"] = np.zeros((1, e))
    t["cross.wq"] = rng.uniform(-0.5, 0.5, (e, d))
    t["cross.wk"] = rng.uniform(-0.5, 0.5, (e, d))
    t["cross.wv"] = rng.uniform(-0.5, 0.5, (e, dv))
    metadata = {"format": "framefinder-model", "format_version": "1", "model.audio_token_width": str(a),
                "model.frame_token_width": str(f), "model.hidden": str(h), "model.embedding": str(e),
                "model.dimension": str(d), "model.value_dimension": str(dv), "model.heads": "1",
                "model.pooling_queries": "0", "model.attended_share": "0.5"}
    return {k: v.astype(np.float32) for k, v in t.items()}, metadata


def main():
    rng = np.random.default_rng(15)
    expected = {}
    for folder in ("png", "audio", "model", "index"):
        (OUT / folder).mkdir(parents=True, exist_ok=True)

    def write(name, data, outcome):
        (OUT / name).write_bytes(data)
        expected[name] = outcome

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    write("png/text_chunk_2gb.png",
          b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
          + png_chunk(b"tEXt", b"Comment\x00a chunk claiming 2 GB", 0x7FFFFFFF),
          "corrupt PNG (a chunk claims 2147483648 bytes")
    write("png/rgba16_4000x4000.png", png(4000, 4000, 16, 6, (b"\x00" + b"\x00" * 4000 * 8) * 4000), "ok")
    write("png/rgb8_2x2.png", png(2, 2, 8, 2, b"\x00" + bytes(range(6)) + b"\x00" + bytes(range(6, 12))), "ok")

    wav = OUT / "audio/tone_8k.wav"
    soundfile.write(wav, (0.5 * np.sin(2 * np.pi * 440 * np.arange(800) / 8000)).astype(np.float32), 8000,
                    subtype="PCM_16")
    expected["audio/tone_8k.wav"] = "ok"
    write("audio/text.wav", b"hello, this is not audio\n", "not a readable audio file")
    tone = wav.read_bytes()
    promised = tone[:40] + struct.pack("<I", 0x7FFFFF00) + tone[44:]
    write("audio/huge_data_chunk.wav", promised, "header claims")

    tensors, metadata = tiny_model(rng)
    model = safetensors(tensors, metadata)
    write("model/tiny.safetensors", model, "ok")
    for key, value in (("hidden", 2**61), ("pooling_queries", 2**62), ("dimension", 2**62),
                       ("embedding", 2**40), ("audio_token_width", 2**62), ("hidden", 300_000)):
        spoiled = dict(metadata, **{f"model.{key}": str(value)})
        write(f"model/huge_{key}_{value}.safetensors", safetensors(tensors, spoiled),
              f"model.{key} {value} exceeds the limit")
    write("model/zero_std.safetensors", safetensors(dict(tensors, **{"frames.std": np.zeros((1, 6), np.float32)}), metadata),
          "tensor frames.std holds a standard deviation that is not positive")
    write("model/wav_as_model.safetensors", tone, "not a safetensors file")

    identity = fnv1a64(model)
    frames = [{"path": f"/frames/f{i}.png", "index": i, "time": float(i)} for i in range(3)]
    index_metadata = {"format": "framefinder-index", "format_version": "1", "model.identity": identity,
                      "model.name": "tiny", "frames.count": "3", "frames.fps": "1.0", "frames.source": "/frames",
                      "frames.list": json.dumps(frames, separators=(",", ":"))}
    keys = rng.uniform(-1, 1, (3, 4)).astype(np.float32)
    values = rng.uniform(-1, 1, (3, 2)).astype(np.float32)
    write("index/tiny.ffindex", safetensors({"keys": keys, "values": values}, index_metadata), "ok")
    write("index/keys_3_wide.ffindex", safetensors({"keys": keys[:, :3], "values": values}, index_metadata),
          "index keys are 3 wide but the model's are 4")
    huge = values.copy()
    huge[1, 0] = 3e38
    write("index/huge_value.ffindex", safetensors({"keys": keys, "values": huge}, index_metadata),
          "scores are NaN or infinite")

    (OUT / "expected.json").write_text(json.dumps(dict(sorted(expected.items())), indent=1) + "\n")


if __name__ == "__main__":
    main()
