#!/usr/bin/env bash
# Makes samples/ from packages anyone can install (Debian: espeak-ng).
# Re-runnable: the same espeak-ng version writes the same files.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p samples
espeak-ng -v en-us -s 150 -w samples/seven.wav "seven"
