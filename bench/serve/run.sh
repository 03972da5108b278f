#!/usr/bin/env bash
# Load on `ruminate serve`: wrk against GET /api/search on loopback, concurrency 16 (2 threads), DURATION
# seconds, over an index of the bundled sqlite-docs corpus. Runs twice in one go so the two are comparable:
# idle, then while `ruminate index` keeps updating the same index file (changed man pages re-indexed and
# embedded in a loop). Prints req/s, p50/p99 latency and errors for each, and the ratio.
#   bench/serve/run.sh [DURATION] [MODE]     (MODE: lexical | hybrid; default hybrid when the model is there)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-30}
mode=${2:-}
source "$repo/bench/serve/setup.sh" --request-timeout 60  # (the default: setup.sh passes its arguments on)

load() {
  RUMINATE_QUERIES=$repo/bench/serve/queries.txt RUMINATE_MODE=$mode \
    wrk -t 2 -c 16 -d "${duration}s" --timeout 10s --latency -s "$repo/bench/serve/queries.lua" "$url" > "$work/wrk.out"
  awk -v label="$1" '
    /Requests\/sec/ {rps = $2}
    $1 == "50%" {p50 = $2} $1 == "99%" {p99 = $2}
    /Non-2xx/ {non2xx = $NF}
    /Socket errors/ {gsub(",", ""); sock = $4 + $6 + $8 + $10}
    / requests in / {total = $1}
    END {printf "%-26s %9.1f req/s  p50 %8s  p99 %8s  requests %7d  errors %d\n", label, rps, p50, p99, total, non2xx + sock}' "$work/wrk.out"
}

# Indexing in a loop: alternately changes half of the man pages, so every run updates and re-embeds passages.
churn() {
  mkdir -p "$work/churn"
  local round=0
  while [[ -f $work/churning ]]; do
    round=$((round + 1))
    for file in "$repo"/corpora/zh-manpages/*.txt; do
      cp "$file" "$work/churn/"
      (( (round + ${#file}) % 2 )) && echo "revision $round of $(basename "$file")" >> "$work/churn/$(basename "$file")"
    done
    "$bin" index --index "$index" "$work/churn" > /dev/null 2>> "$work/churn.err" || echo "index run $round failed" >> "$work/churn.err"
    echo "$round" > "$work/rounds"
  done
}

echo "ruminate serve: wrk -t2 -c16 -d${duration}s GET /api/search (mode: ${mode:-default}), index of corpora/sqlite-docs, $(nproc) cores"
idle=$(load "idle")
echo "$idle"
touch "$work/churning"
churn &
churner=$!
busy=$(load "while indexing")
rm -f "$work/churning"
wait "$churner"
echo "$busy"
echo "indexing runs completed during the load: $(cat "$work/rounds" 2> /dev/null || echo 0); failed: $(grep -c failed "$work/churn.err" 2> /dev/null || true)"
rate() { awk '{for (i = 2; i <= NF; i++) if ($i == "req/s") print $(i - 1)}' <<< "$1"; }
awk -v a="$(rate "$idle")" -v b="$(rate "$busy")" 'BEGIN {printf "throughput while indexing / idle: %.2f\n", b / a}'
"$bin" status --index "$index" --check | tail -1
