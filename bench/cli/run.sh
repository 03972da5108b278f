#!/usr/bin/env bash
# CLI cold start: wall time of whole `ruminate` processes (start, open the index, load the model when
# needed, answer), median of RUNS, on a BEIR collection's index (built by `ruminate eval` if missing).
#   bench/cli/run.sh [BEIR_DIR] [RUNS]
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
beir=$(cd "${1:-$repo/../shared/eval/scifact}" && pwd)
runs=${2:-10}
"$repo/scripts/ensure-system-deps"
"$repo/scripts/fetch-model" > /dev/null
swift build -c release --product ruminate --package-path "$repo" -q >&2
bin=$repo/.build/release/ruminate
# The binary finds the model through RUMINATE_MODEL (it never looks for the checkout itself).
export RUMINATE_MODEL="${RUMINATE_MODEL:-$repo/models/all-MiniLM-L6-v2}"
index=$repo/indexes/beir-$(basename "$beir").sqlite
[[ -f $index ]] || "$bin" eval "$beir" --index "$index" --repeats 1 > /dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
measure() {
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N); "$bin" "$@" --index "$index" > /dev/null; end=$(date +%s%N)
    echo $(((end - start) / 1000000))
  done | median
}
echo "ruminate CLI, whole process, median of $runs runs (ms), index $(basename "$index")"
echo "search --mode lexical   $(measure search "vitamin D prevents fractures" --mode lexical)"
echo "search (hybrid)         $(measure search "vitamin D prevents fractures")"
echo "ask --mode lexical      $(measure ask "Does vitamin D prevent fractures in older people?" --mode lexical)"
echo "ask (hybrid)            $(measure ask "Does vitamin D prevent fractures in older people?")"
