#!/usr/bin/env bash
# Normal searches against `ruminate serve` while hostile full-text queries arrive, beside the same load with none.
# Normal load: wrk -t2 -c16 on GET /api/search over bench/serve/queries.txt, DURATION seconds. Hostile load, at the
# same time: HOSTILE connections sending the worst-case `fts=1` queries of bench/abuse/hostile.lua back to back, under
# --request-timeout 1 (the shortest). PASSES passes, each idle then under attack, over an index of the bundled
# sqlite-docs corpus. Prints each pass, the medians, the ratio of p99s (goal: at most 2) and the hostile queries'
# slowest answer (goal: within the 1 s deadline, plus the time to answer).
#   bench/abuse/run.sh [DURATION] [PASSES] [HOSTILE] [MODE]     (MODE: lexical | hybrid; default as the server)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
duration=${1:-20}
passes=${2:-3}
hostile=${3:-2}
mode=${4:-}
source "$repo/bench/serve/setup.sh" --request-timeout 1

# wrk's summary as "req/s p99_ms max_ms errors" (latencies in milliseconds).
summary() {
  awk '
    function ms(text) {
      if (text ~ /us$/) return text / 1000; if (text ~ /ms$/) return text + 0
      if (text ~ /m$/) return text * 60000; return text * 1000 }
    /Requests\/sec/ {rps = $2}
    $1 == "Latency" && NF > 4 {max = ms($4)}
    $1 == "99%" {p99 = ms($2)}
    /Non-2xx/ {non2xx = $NF}
    /Socket errors/ {gsub(",", ""); sock = $4 + $6 + $8 + $10}
    END {printf "%.1f %.2f %.1f %d\n", rps, p99, max, non2xx + sock}' "$1"
}

normal() {
  RUMINATE_QUERIES=$repo/bench/serve/queries.txt RUMINATE_MODE=$mode \
    wrk -t 2 -c 16 -d "${duration}s" --timeout 10s --latency -s "$repo/bench/serve/queries.lua" "$url" > "$1"
}

attack() {
  wrk -t 1 -c "$hostile" -d "${duration}s" --timeout 30s --latency -s "$repo/bench/abuse/hostile.lua" "$url" > "$1"
}

echo "ruminate serve --request-timeout 1: normal wrk -t2 -c16 -d${duration}s GET /api/search (mode: ${mode:-default}),"
echo "hostile: $hostile connection(s) of worst-case fts=1 queries; index of corpora/sqlite-docs; $(nproc) cores;"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-6s %-8s %10s %10s %8s\n" pass load req/s p99_ms errors
for pass in $(seq "$passes"); do
  normal "$work/idle.$pass"
  read -r rps p99 _ errors < <(summary "$work/idle.$pass")
  printf "%-6s %-8s %10s %10s %8s\n" "$pass" idle "$rps" "$p99" "$errors"
  attack "$work/hostile.$pass" &
  attacker=$!
  normal "$work/busy.$pass"
  wait "$attacker"
  read -r rps p99 _ errors < <(summary "$work/busy.$pass")
  printf "%-6s %-8s %10s %10s %8s\n" "$pass" attacked "$rps" "$p99" "$errors"
  read -r hrps _ hmax _ < <(summary "$work/hostile.$pass")
  echo "       hostile: $(grep -o '[0-9]* requests in' "$work/hostile.$pass" | cut -d' ' -f1) requests," \
    "slowest answer ${hmax} ms, $(grep '^statuses' "$work/hostile.$pass" | cut -d' ' -f2-)"
done
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
column() { for f in "$work"/"$1".*; do summary "$f"; done | awk -v c="$2" '{print $c}' | median; }
idle_rps=$(column idle 1) idle_p99=$(column idle 2) busy_rps=$(column busy 1) busy_p99=$(column busy 2)
slowest=$(for f in "$work"/hostile.*; do summary "$f"; done | awk '{print $3}' | sort -n | tail -1)
echo "median idle:     $idle_rps req/s, p99 $idle_p99 ms"
echo "median attacked: $busy_rps req/s, p99 $busy_p99 ms"
awk -v a="$idle_p99" -v b="$busy_p99" -v r="$idle_rps" -v s="$busy_rps" \
  'BEGIN {printf "p99 attacked / idle: %.2f (goal <= 2); throughput attacked / idle: %.2f\n", b / a, s / r}'
echo "slowest hostile answer over all passes: $slowest ms (deadline 1000 ms)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
