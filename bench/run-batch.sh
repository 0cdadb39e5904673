#!/usr/bin/env bash
# Batch retrieval at archive scale (docs/benchmarks.md, "Batch retrieval"): indices of 1,000 to
# 1,000,000 synthetic frames through the real default model, the first 1,000 clips of
# ../shared/data/fsdd, the numpy peer, and `framefinder batch` end to end, all in one run.
# Usage: bench/run-batch.sh [work folder, default /tmp/ff-bench-batch]   (about 10 min)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/ff-bench-batch}
clips=../shared/data/fsdd
mkdir -p "$work"
swift build -c release --package-path bench --product bench-batch 2>&1 | tail -1
swift build -c release --product framefinder 2>&1 | tail -1
bench=bench/.build/release/bench-batch
ff=.build/release/framefinder
measure() { /usr/bin/time -f "  (%e s wall, peak %M KiB)" "$@"; }

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(date -u '+%F %T') UTC, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== index build (synthetic tokens, real model, streamed to the file)"
for n in 1000 10000 96000 100000 1000000; do
    measure "$bench" make-index --frames "$n" --out "$work/$n.ffindex"
done

echo "== scoring, 1,000 clips, scaling with the frame count"
for n in 10000 100000 1000000; do
    measure "$bench" score --index "$work/$n.ffindex" --clips "$clips" --count 1000 --repeats 2
done

echo "== numpy peer: the first block (256 clips) against 96,000 frames"
"$bench" score --index "$work/96000.ffindex" --clips "$clips" --count 256 --peer-dir "$work/peer"
python3 bench/python/batch_peer.py "$work/peer"

echo "== framefinder batch end to end (default --jobs, --block)"
# (sed reads its whole input: `head` would stop the pipe early, which pipefail counts as failure)
# Absolute paths: a manifest's relative paths are relative to the manifest.
ls "$(realpath "$clips")"/*.wav | sort -V | sed -n '1,500p' > "$work/clips500.txt"
ls "$(realpath "$clips")"/*.wav | sort -V | sed -n '1,1000p' > "$work/clips1000.txt"
for run in "clips500 1000" "clips500 96000" "clips1000 1000000"; do
    set -- $run
    rm -f "$work/$1-$2.jsonl"
    echo "$1 against $2 frames:"
    /usr/bin/time -o "$work/time" -f "  (%e s wall, peak %M KiB)" \
        "$ff" batch "$work/$1.txt" "$work/$2.ffindex" --out "$work/$1-$2.jsonl" --top 10 2> "$work/stderr"
    tail -1 "$work/stderr"
    cat "$work/time"
done
