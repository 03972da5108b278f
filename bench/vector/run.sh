#!/usr/bin/env bash
# Vector search benchmark: RuminateVector's exact int8+float32 search against a numpy float32 brute-force
# scan, on the same seeded 100,000 × 384 unit vectors and 1,000 queries, in one run.
#
#   bench/vector/run.sh [--kind random|embedding-like|both] [--count N] [--queries Q] [any other bench flag]
#
# Needs python3 with numpy. Takes about a minute and ~0.5 GB of /tmp; run it on an otherwise idle machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
package="${RUMINATE_BENCH_PACKAGE:-$(cd "$here/.." && pwd)}"  # bench/Package.swift; another package declaring the target also works

kinds=(random embedding-like)
passthrough=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --kind)
            [[ "$2" == both ]] && kinds=(random embedding-like) || kinds=("$2")
            shift 2 ;;
        *) passthrough+=("$1"); shift ;;
    esac
done

echo "== building ruminate-bench-vector (release) in $package"
swift build -c release --package-path "$package" --product ruminate-bench-vector >/dev/null
binary="$(swift build -c release --package-path "$package" --show-bin-path)/ruminate-bench-vector"

work="$(mktemp -d "${TMPDIR:-/tmp}/ruminate-bench-vector.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"

for kind in "${kinds[@]}"; do
    echo
    "$binary" --dir "$work" --kind "$kind" "${passthrough[@]}"
    # OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE may be set on this machine kind for old OpenBLAS builds; they slow
    # a current numpy, so they are unset for this one command (never in tests or CI).
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 "$here/numpy_bench.py" "$work" "$kind"
    rm -f "$work/$kind".*
done
