#!/usr/bin/env bash
# Scale benchmark (issue 15): the same relational reads over growing tables, on
# the mock without its response cache and on a real Directus 12.4, same run,
# same machine, same data. At each size the data grows through the API
# (scripts/bench_scale_data.py), then each request is measured on both.
#
#   SIZES ("1000 10000 100000")  rows of scale_articles (comments: as many; junction rows: twice as many)
#   DURATION (10) seconds per measurement; CONNECTIONS (16); THREADS (1)
#   REAL_PORT / MOCK_PORT        ports (default: free ones)
#   MOCK_BIN (target/release/directus-mock)  built with `cargo build --release` if missing
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 10000 100000}"; DURATION="${DURATION:-10}"
CONNECTIONS="${CONNECTIONS:-16}"; THREADS="${THREADS:-1}"
MOCK_BIN="${MOCK_BIN:-target/release/directus-mock}"
mkdir -p reports
if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "bench_scale.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[[ -x "$MOCK_BIN" ]] || cargo build --quiet --release --bin directus-mock
real_port="${REAL_PORT:-$(free_port)}"; mock_port="${MOCK_PORT:-$(free_port)}"
out=$(PORT="$real_port" scripts/real-directus/start.sh)
real_run=$(echo "$out" | tail -1 | sed -n 's/.*run_dir=\([^ ]*\).*/\1/p')
"$MOCK_BIN" --port "$mock_port" --response-cache false > reports/bench-scale-mock.log 2>&1 &
mock_pid=$!
cleanup() { kill "$mock_pid" 2>/dev/null || true; scripts/real-directus/stop.sh "$real_run"; }
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$mock_port/server/ping" >/dev/null && break; sleep 0.1; done

rps() { # port path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer admin-static-token" \
    "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ {print $2}'
}
same() { # path: both servers answer 200 with the same body
  python3 - "$real_port" "$mock_port" "$1" <<'PY'
import json, sys, urllib.request
def get(port):
    r = urllib.request.Request(f"http://127.0.0.1:{port}{sys.argv[3]}", headers={"Authorization": "Bearer admin-static-token"})
    with urllib.request.urlopen(r, timeout=120) as resp:
        return json.load(resp)
real, mock = get(sys.argv[1]), get(sys.argv[2])
if real != mock:
    print(f"WARNING GET {sys.argv[3]}: the mock's answer differs from the real server's\nreal: {json.dumps(real)[:600]}\nmock: {json.dumps(mock)[:600]}", file=sys.stderr)
PY
}
{
  echo "| rows (articles / comments / junction) | request | real Directus 12.4 (req/s) | mock, no response cache (req/s) | ratio |"
  echo "|---|---|---:|---:|---:|"
  prev=0
  for n in $SIZES; do
    echo "seeding up to $n rows ..." >&2
    python3 scripts/bench_scale_data.py "$prev" "$n" "$real_port" "$mock_port"
    prev=$n
    one="/items/scale_articles/$(( n / 2 ))?fields=*"
    list="/items/scale_articles?filter%5Bstatus%5D%5B_eq%5D=published&sort=-views&fields=id,title,views,comments.id,comments.body,tags.scale_tags_id.name&limit=10"
    for k in one list; do
      path=${!k}
      same "$path"
      r=$(rps "$real_port" "$path"); m=$(rps "$mock_port" "$path")
      ratio=$(python3 -c "print(f'{float($m)/max(float($r),0.001):.0f}x')")
      label=$([[ $k == one ]] && echo 'GET one item, `fields=*` (M2M + O2M)' || echo 'list: `_eq` filter, sort, O2M + M2M fields, limit 10')
      echo "| $n / $n / $(( 2 * n )) | $label | $r | $m | $ratio |"
    done
  done
  echo
  echo "wrk: $THREADS thread(s), $CONNECTIONS connections, ${DURATION}s per measurement; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)."
} | tee reports/bench-scale-latest.md
