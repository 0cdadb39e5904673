#!/usr/bin/env python3
"""Mutation fuzzing of FrameFinder's decoders and loaders through the built `framefinder`.

Each target takes the seeds of one folder of Tests/Corpus (tools/gen_fuzz_corpus.py), mutates
them (bit flips, random bytes, 32-bit values set to extremes, truncation, duplicated slices)
and runs the command that reads them:

| target | seeds           | command                                          |
| ------ | --------------- | ------------------------------------------------ |
| png    | Tests/Corpus/png   | framefinder features FILE.png                 |
| audio  | Tests/Corpus/audio | framefinder features FILE.wav                 |
| model  | Tests/Corpus/model | framefinder inspect FILE                      |
| index  | Tests/Corpus/index | framefinder query CLIP FILE --model tiny       |

A run must end with status 0, 1 or 64 within --timeout seconds and never print "nan". Any
other outcome (a signal such as SIGILL or SIGSEGV, a hang, a NaN) is a finding: the input is
saved into the target's corpus folder as `finding-<hash>.<ext>`, where the corpus replay
tests (Tests/FrameFinderCLITests/CorpusReplayTests.swift) read it from then on.

Usage (after `swift build`), from the package root:
    python3 tools/fuzz.py png --seconds 60
    python3 tools/fuzz.py all --seconds 300 --executable .build/release/framefinder
Needs only the Python standard library.
"""
import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Tests/Corpus"
TARGETS = ["png", "audio", "model", "index"]


def mutate(data, rng):
    """One to four random mutations of `data`."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not data:
            data = bytearray(rng.randbytes(16))
        kind = rng.randrange(5)
        at = rng.randrange(len(data))
        if kind == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[at] = rng.randrange(256)
        elif kind == 2 and len(data) >= 4:
            at = min(at, len(data) - 4)
            value = rng.choice([0, 1, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, rng.getrandbits(32)])
            data[at:at + 4] = value.to_bytes(4, rng.choice(["little", "big"]))
        elif kind == 3:
            del data[rng.randrange(len(data) + 1):]
        else:
            end = min(len(data), at + rng.randint(1, 64))
            data[at:at] = data[at:end]
    return bytes(data)


def command(target, executable, path):
    if target in ("png", "audio"):
        return [executable, "features", path]
    if target == "model":
        return [executable, "inspect", path]
    return [executable, "query", str(CORPUS / "audio/tone_8k.wav"), path, "--model",
            str(CORPUS / "model/tiny.safetensors")]


def fuzz(target, seconds, executable, timeout, rng):
    seeds = [p for p in sorted((CORPUS / target).iterdir()) if p.is_file()]
    suffix = {"png": ".png", "audio": ".wav", "model": ".safetensors", "index": ".ffindex"}[target]
    runs, findings = 0, 0
    deadline = time.monotonic() + seconds
    with tempfile.TemporaryDirectory(prefix="framefinder-fuzz-") as folder:
        path = os.path.join(folder, "input" + suffix)
        while time.monotonic() < deadline:
            data = mutate(rng.choice(seeds).read_bytes(), rng)
            Path(path).write_bytes(data)
            runs += 1
            try:
                result = subprocess.run(command(target, executable, path), capture_output=True, timeout=timeout)
                bad = result.returncode not in (0, 1, 64) or b"nan" in result.stdout.lower()
                what = f"status {result.returncode}"
            except subprocess.TimeoutExpired:
                bad, what = True, f"no answer within {timeout} s"
            if bad:
                findings += 1
                name = f"finding-{hashlib.sha256(data).hexdigest()[:12]}{suffix}"
                (CORPUS / target / name).write_bytes(data)
                print(f"{target}: {what}: saved Tests/Corpus/{target}/{name}", file=sys.stderr)
    print(f"{target}: {runs} runs in {seconds} s, {findings} findings")
    return findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=TARGETS + ["all"])
    parser.add_argument("--seconds", type=float, default=60, help="how long to fuzz each target")
    parser.add_argument("--executable", default=str(ROOT / ".build/debug/framefinder"))
    parser.add_argument("--timeout", type=float, default=20, help="seconds one run may take")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    targets = TARGETS if args.target == "all" else [args.target]
    findings = sum(fuzz(t, args.seconds, args.executable, args.timeout, rng) for t in targets)
    sys.exit(1 if findings else 0)


if __name__ == "__main__":
    main()
