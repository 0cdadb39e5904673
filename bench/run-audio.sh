#!/usr/bin/env bash
# Audio front-end benchmark: makes a 60 s 44.1 kHz stereo WAV, builds bench-audio in release and
# runs it; it times the Swift pipeline, its floor (decode + resample alone) and the Python
# pipeline in the same run and prints ratios. One BLAS thread: the targets are per core.
# Usage: bench/run-audio.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")"
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
input="${TMPDIR:-/tmp}/framefinder-bench-60s-44k-stereo.wav"
[ -f "$input" ] || python3 python/audio_peer.py make-input "$input" --seconds 60
swift build -c release --product bench-audio >&2
"$(swift build -c release --show-bin-path)/bench-audio" "$input" python/audio_peer.py "${1:-7}"
