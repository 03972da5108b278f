# Sourced by bench/serve/run.sh and bench/abuse/run.sh with `repo` set: checks for wrk, builds ruminate in release,
# indexes corpora/sqlite-docs into a temporary folder and starts `ruminate serve --port 0 "$@"` on it. Sets bin,
# work, index, server and url; on exit stops the server and removes the folder. Pass at least one option: sourced
# without arguments, "$@" would be the calling script's.
"$repo/scripts/ensure-system-deps"
command -v wrk > /dev/null || { [[ $(id -u) -eq 0 ]] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >&2; }
command -v wrk > /dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
"$repo/scripts/fetch-model" > /dev/null || true
swift build -c release --product ruminate --package-path "$repo" -q >&2
bin=$repo/.build/release/ruminate
# The binary finds the model through RUMINATE_MODEL (it never looks for the checkout itself).
export RUMINATE_MODEL="${RUMINATE_MODEL:-$repo/models/all-MiniLM-L6-v2}"
work=$(mktemp -d /tmp/ruminate-bench-serve.XXXXXX)
server=""
cleanup() { [[ -n $server ]] && kill "$server" 2> /dev/null; rm -rf "$work"; }
trap cleanup EXIT
index=$work/index.sqlite
"$bin" index --index "$index" "$repo/corpora/sqlite-docs" > /dev/null
"$bin" serve --index "$index" --port 0 "$@" 2> "$work/serve.err" &
server=$!
for _ in $(seq 600); do grep -q "http://" "$work/serve.err" && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$work/serve.err")
curl -sf "${url}api/search?q=warm+up" > /dev/null
