#!/usr/bin/env bash
# What loading stored vectors costs a search at scale: bench/vector-index/run.sh [PASSAGES]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
"$repo/scripts/ensure-system-deps"
swift build -c release --product ruminate-bench-vector-index --package-path "$repo/bench" -q >&2
exec "$repo/bench/.build/release/ruminate-bench-vector-index" "${1:-100000}"
