#!/usr/bin/env bash
# The attention benchmark: FrameFinder's streamed attention (6,000 queries over 100,000 keys,
# d = 64) against the machine's sgemm rate and a numpy peer, in one run.
# Usage: bench/run-attention.sh [bench-attention options, e.g. --sweep or --repeats 5]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --package-path bench --product bench-attention 2>&1 | tail -1
bench/.build/release/bench-attention "$@"
