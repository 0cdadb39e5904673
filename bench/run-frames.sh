#!/usr/bin/env bash
# Frame front-end benchmark: decode + describe 2,000 PNG frames of 320x240 RGB.
#
# In one run: makes the frames (numpy + Pillow, into a temporary directory), builds and runs
# the Swift bench (both cores, and one core), the Python peer (Pillow + numpy, one process and
# a pool of one process per core) and the C floor (libpng's simplified API, one core).
# Usage: bench/run-frames.sh [FRAMES] [REPEATS]     (defaults 2000 and 5)
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-2000}
repeats=${2:-5}
cores=$(nproc)
work=$(mktemp -d "${TMPDIR:-/tmp}/framefinder-bench-frames.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== machine: $(uname -m), $cores cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== making $frames frames of 320x240 RGB in $work"
python3 bench/python/frames_peer.py make "$work/frames" --count "$frames" --size 320x240

echo "== building"
swift build -c release --package-path bench --product bench-frames 2>&1 | tail -1
cc -O2 -o "$work/png_floor" bench/c/png_floor.c $(pkg-config --cflags --libs libpng16)

echo "== results (frames per second; higher is better)"
python3 bench/python/frames_peer.py run "$work/frames" --repeats "$repeats" --tokens "$work/peer.npy"
python3 bench/python/frames_peer.py run "$work/frames" --repeats "$repeats" --processes "$cores"
bench/.build/release/bench-frames "$work/frames" --repeats "$repeats" --check "$work/peer.npy"
# Natural order, as the Swift and Python sides read them.
ls "$work/frames" | sort -V | sed "s|^|$work/frames/|" | "$work/png_floor" "$repeats"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
