#!/usr/bin/env bash
# Checks that the example package (Examples/RankFrames) ranks the samples exactly as the CLI:
# the same frames in the same order with the same scores as `framefinder query --top 0
# --format csv` (the recording's rows). Run from anywhere after `swift build`; exits 1 on a
# difference. Usage: tools/check_example.sh [CLIP [FRAMES]]
set -euo pipefail
cd "$(dirname "$0")/.."
clip=${1:-samples/clips/3_gbf.wav}
frames=${2:-samples/video}

swift build --package-path Examples/RankFrames
example=$(swift run --skip-build --package-path Examples/RankFrames RankFrames "$clip" "$frames")
# CSV columns: query,segment,segment_start,segment_end,rank,frame,index,time,score,confidence;
# the recording's rows have an empty segment.
cli=$(.build/debug/framefinder query "$clip" "$frames" --top 0 --format csv \
    | awk -F, 'NR > 1 && $2 == "" { print $5, $6, $9 }')

if [ -z "$example" ] || [ "$example" != "$cli" ]; then
    echo "check_example: the example's ranking differs from the CLI's" >&2
    diff <(echo "$example") <(echo "$cli") >&2 || true
    exit 1
fi
echo "check_example: $(echo "$example" | wc -l) frames ranked alike by the example and the CLI"
