#!/usr/bin/env bash
# Concurrent writers: ROUNDS rounds of two `ruminate index` processes (with vectors) started together on one
# index, once on the same folder and once on two different folders. Counts, over all rounds, documents missing
# once both have exited (no re-run), passages holding more than one stored vector (read from the database
# itself, not through ruminate), passages left without a vector, raw SQLite messages on stderr and non-zero exits.
#   bench/writers/run.sh [ROUNDS] [RUMINATE_BINARY]
# The corpus is the repository's own Markdown files, split in two folders. Needs python3 (its sqlite3 module).
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
rounds=${1:-20}
bin=${2:-}
if [[ -z $bin ]]; then
  swift build -c release --product ruminate --package-path "$repo" -q >&2
  bin=$repo/.build/release/ruminate
fi
export RUMINATE_MODEL="${RUMINATE_MODEL:-$repo/models/all-MiniLM-L6-v2}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a" "$work/b"
n=0
while IFS= read -r file; do
  folder=$([[ $((n % 2)) == 0 ]] && echo a || echo b)
  cp "$repo/$file" "$work/$folder/$n-$(basename "$file")"
  n=$((n + 1))
done < <(git -C "$repo" ls-files '*.md')

# Documents one undisturbed run stores for a folder.
documents() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from documents").fetchone()[0])' "$1"; }
"$bin" index "$work/a" --index "$work/ref-a.sqlite" > /dev/null 2>&1
"$bin" index "$work/b" --index "$work/ref-b.sqlite" > /dev/null 2>&1
expect_a=$(documents "$work/ref-a.sqlite")
expect_b=$(documents "$work/ref-b.sqlite")

# Passages whose id occurs in more than one live vector row (a row is dead when its passage was deleted and
# tombstoned), and passages without any vector.
vector_check() {
  python3 - "$1" <<'PY'
import sqlite3, struct, sys
from collections import Counter
db = sqlite3.connect(sys.argv[1])
deleted = {r[0] for r in db.execute("select passage_id from vector_deleted")}
rows = Counter()
for (blob,) in db.execute("select passage_ids from vector_segments"):
    for (pid,) in struct.iter_unpack("<q", blob):
        if pid not in deleted:
            rows[pid] += 1
live = {r[0] for r in db.execute("select id from passages")}
print(sum(1 for p, c in rows.items() if c > 1), len(live - set(rows)))
PY
}

raw='constraint failed|SQLITE_|database is locked|no such table|already exists|disk I/O error|database table is locked'
lost=0 duplicated=0 unembedded=0 rawmessages=0 failures=0 waited=0
round_pair() {  # $1 $2: the two folders; $3: expected documents
  local index=$work/round.sqlite
  rm -rf "$index" "$index"-* "$index".*
  "$bin" index "$1" --index "$index" > "$work/out1" 2> "$work/err1" &
  local p1=$!
  "$bin" index "$2" --index "$index" > "$work/out2" 2> "$work/err2" &
  local p2=$!
  local s1=0 s2=0
  wait $p1 || s1=$?
  wait $p2 || s2=$?
  [[ $s1 == 0 ]] || failures=$((failures + 1))
  [[ $s2 == 0 ]] || failures=$((failures + 1))
  local got
  got=$(documents "$index")
  lost=$((lost + $3 - got))
  read -r dup none < <(vector_check "$index")
  duplicated=$((duplicated + dup))
  unembedded=$((unembedded + none))
  rawmessages=$((rawmessages + $(cat "$work/err1" "$work/err2" | grep -Eic "$raw" || true)))
  waited=$((waited + $(cat "$work/err1" "$work/err2" | grep -ic "waiting for" || true)))
  if [[ $s1 != 0 || $s2 != 0 || $got != "$3" || $dup != 0 || $none != 0 ]]; then
    echo "  round $round ($4): exits $s1 $s2, documents $got/$3, duplicated vectors $dup, without vector $none" >&2
    sed 's/^/    stderr: /' "$work/err1" "$work/err2" | head -6 >&2
  fi
}
for ((round = 1; round <= rounds; round++)); do
  round_pair "$work/a" "$work/a" "$expect_a" same
  round_pair "$work/a" "$work/b" $((expect_a + expect_b)) different
done
echo "two concurrent \`ruminate index\` with vectors, $rounds rounds on the same folder ($expect_a documents) and $rounds on two folders ($((expect_a + expect_b)) documents), $(basename "$bin")"
echo "lost documents            $lost"
echo "duplicated vectors        $duplicated"
echo "passages without vector   $unembedded"
echo "raw SQLite messages       $rawmessages"
echo "non-zero exits            $failures"
echo "runs that waited          $waited"
