#!/usr/bin/env bash
# Lexical benchmark, ours vs bm25s, in one run on this machine (not a test).
#   bench/lexical/run.sh [BEIR_DIR] [RUNS]
# Prints indexing docs/s (ours: a fresh index persisted to disk, whole `ruminate index` process, median of
# RUNS; bm25s: its own in-memory tokenize+index, median of 3), single-thread top-10 queries/s (median of
# RUNS passes over the test queries each), nDCG@10 of both, and the ratios ours/peer.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
beir=${1:-$repo/../shared/eval/scifact}
runs=${2:-5}
beir=$(cd "$beir" && pwd)
venv=$repo/bench/.venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q bm25s PyStemmer numpy scipy >&2
fi
"$repo/scripts/ensure-system-deps"
swift build -c release --product ruminate --package-path "$repo" -q >&2
bin=$repo/.build/release/ruminate
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "peer: bm25s (RUNS=$runs) ..." >&2
RUNS=$runs "$venv/bin/python" "$repo/../shared/peers/bm25s_beir.py" "$beir" test > "$work/peer.json"

echo "ours: indexing $runs times ..." >&2
times=()
for ((i = 0; i < runs; i++)); do
  rm -f "$work"/ours.sqlite*
  start=$(date +%s%N)
  "$bin" index "$beir/corpus.jsonl" --index "$work/ours.sqlite" --no-vectors > /dev/null
  end=$(date +%s%N)
  times+=("$((end - start))")
done
echo "ours: querying ..." >&2
"$bin" eval "$beir" --index "$work/ours.sqlite" --repeats "$runs" --mode lexical --json > "$work/ours.json"

python3 - "$work/peer.json" "$work/ours.json" "${times[@]}" <<'PY'
import json, statistics, sys
peer = json.load(open(sys.argv[1])); ours = json.load(open(sys.argv[2]))
times = [int(t) / 1e9 for t in sys.argv[3:]]
docs = ours["documents"]
ours_index = docs / statistics.median(times)
rows = [
    ("indexing docs/s", ours_index, peer["index_docs_per_s"]),
    ("queries/s (1 thread, top-10)", ours["queries_per_second"], peer["queries_per_s_top10_1thread"]),
    ("nDCG@10", ours["ndcg_at_10"], peer["ndcg@10"]),
    ("Recall@100", ours["recall_at_100"], peer["recall@100"]),
]
print(f"collection {ours['collection']} ({docs} documents, {ours['queries']} test queries); peer {peer['peer']}")
print(f"{'':32}{'ruminate':>12}{'bm25s':>12}{'ratio':>8}")
for name, a, b in rows:
    print(f"{name:32}{a:12.4g}{b:12.4g}{a / b:8.2f}")
print("ours indexing runs (s): " + ", ".join(f"{t:.3f}" for t in times))
PY
