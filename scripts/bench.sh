#!/usr/bin/env bash
# Benchmark: the mock against a real Directus 12.4, same data, same requests,
# same machine, same run. Prints requests per second for each and their ratio,
# and peak memory of both servers, as a Markdown table (also written to
# reports/benchmarks-latest.md).
#
#   DURATION (10)      seconds of load per request kind and server
#   CONNECTIONS (16)   concurrent connections (wrk -c); THREADS (1) wrk threads
#   ROWS (1000)        rows in bench_articles; BIG_ROWS (10000) rows in bench_big
#
# Needs wrk (Debian package `wrk`; installed here if missing and apt is usable),
# python3, and the real Directus (scripts/real-directus/, installed on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"; CONNECTIONS="${CONNECTIONS:-16}"; THREADS="${THREADS:-1}"
ROWS="${ROWS:-1000}"; BIG_ROWS="${BIG_ROWS:-10000}"
mkdir -p reports
if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "bench.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building the mock (release) ..." >&2
cargo build --quiet --release --bin directus-mock

real_port=$(free_port); mock_port=$(free_port); engine_port=$(free_port)
out=$(PORT="$real_port" scripts/real-directus/start.sh)
real_run=$(echo "$out" | tail -1 | sed -n 's/.*run_dir=\([^ ]*\).*/\1/p')
real_pid=$(cat "$real_run/server.pid")
./target/release/directus-mock --port "$mock_port" > reports/bench-mock.log 2>&1 &
mock_pid=$!
# The same mock without its response cache: what the query engine alone serves.
./target/release/directus-mock --port "$engine_port" --response-cache false > reports/bench-engine.log 2>&1 &
engine_pid=$!
cleanup() { kill "$mock_pid" "$engine_pid" 2>/dev/null || true; scripts/real-directus/stop.sh "$real_run"; }
trap cleanup EXIT
for port in "$mock_port" "$engine_port"; do
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/server/ping" >/dev/null && break; sleep 0.1; done
done

# The same schema and rows on both, through the API.
python3 scripts/bench_data.py "$ROWS" "$BIG_ROWS" "$real_port" "$mock_port" "$engine_port"

declare -A PATHS=(
  [one]="/items/bench_articles/500"
  [list]="/items/bench_articles?filter%5Bstatus%5D%5B_eq%5D=published&sort=-views&fields=id,title,views,author.name&limit=10"
  [big]="/items/bench_big?filter%5Bstatus%5D%5B_eq%5D=published&sort=-views&fields=id,title,views,author.name&limit=10&meta=*"
)
declare -A LABELS=(
  [one]="GET one item"
  [list]="list: filter + sort + M2O field, limit 10, over $ROWS rows"
  [big]="list: filter + sort + M2O field + meta=*, limit 10, over $BIG_ROWS rows"
)
rps() { # port path
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer admin-static-token" \
    "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ {print $2}'
}
check() { # port path: the request must succeed before it is measured
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer admin-static-token" "http://127.0.0.1:$1$2")
  [[ "$code" == 200 ]] || { echo "GET $2 on port $1 answered $code" >&2; exit 1; }
}
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

{
  echo "| request | real Directus 12.4 (req/s) | mock (req/s) | ratio | mock, no response cache (req/s) | ratio |"
  echo "|---|---:|---:|---:|---:|---:|"
  for k in one list big; do
    check "$real_port" "${PATHS[$k]}"; check "$mock_port" "${PATHS[$k]}"; check "$engine_port" "${PATHS[$k]}"
    r=$(rps "$real_port" "${PATHS[$k]}"); m=$(rps "$mock_port" "${PATHS[$k]}"); e=$(rps "$engine_port" "${PATHS[$k]}")
    ratio=$(python3 -c "print(f'{float($m)/max(float($r),0.001):.0f}x')")
    eratio=$(python3 -c "print(f'{float($e)/max(float($r),0.001):.0f}x')")
    echo "| ${LABELS[$k]} | $r | $m | $ratio | $e | $eratio |"
  done
  # The real server's node process is a child of the pid start.sh recorded.
  real_node=$(pgrep -P "$real_pid" node || echo "$real_pid")
  echo
  echo "Peak memory (VmHWM): real Directus $(( $(peak_kb "$real_node") / 1024 )) MiB, mock $(( $(peak_kb "$mock_pid") / 1024 )) MiB (without the response cache: $(( $(peak_kb "$engine_pid") / 1024 )) MiB)."
  echo "wrk: $THREADS thread(s), $CONNECTIONS connections, ${DURATION}s per measurement; $(nproc) cores; $(date -u +%Y-%m-%d)."
} | tee reports/benchmarks-latest.md
