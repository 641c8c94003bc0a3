#!/usr/bin/env bash
# Benchmark of the file library: the mock against a real Directus 12.4, same
# files, same requests, same machine, same run. Prints a Markdown table (also
# written to reports/benchmarks-files-latest.md):
#   - /assets/:id, the original and a transformed image (the transformation is
#     asked once before measuring, so both servers serve it from their cache);
#   - uploads of a 1 MB and a 20 MB file (multipart POST /files, median of UPLOADS);
#   - the mock's memory per stored MB (its resident set before and after storing
#     STORE_MB of files in memory).
#
#   DURATION (10)  seconds of load per asset request and server; CONNECTIONS (16)
#   UPLOADS (5)    uploads per size and server; STORE_MB (200)
#
# Needs wrk (Debian package), curl, python3 and the real Directus (scripts/real-directus/).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-10}"; CONNECTIONS="${CONNECTIONS:-16}"; UPLOADS="${UPLOADS:-5}"; STORE_MB="${STORE_MB:-200}"
mkdir -p reports
if ! command -v wrk >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq wrk) >/dev/null 2>&1 || { echo "bench_files.sh needs wrk (apt-get install wrk)" >&2; exit 2; }
fi
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
token="admin-static-token"

echo "building the mock (release) ..." >&2
cargo build --quiet --release --bin directus-mock

real_port=$(free_port); mock_port=$(free_port)
out=$(PORT="$real_port" FILES_MAX_UPLOAD_SIZE=100mb scripts/real-directus/start.sh)
real_run=$(echo "$out" | tail -1 | sed -n 's/.*run_dir=\([^ ]*\).*/\1/p')
real_pid=$(cat "$real_run/server.pid")
./target/release/directus-mock --port "$mock_port" > reports/bench-files-mock.log 2>&1 &
mock_pid=$!
work=$(mktemp -d)
cleanup() { kill "$mock_pid" 2>/dev/null || true; scripts/real-directus/stop.sh "$real_run"; rm -rf "$work"; }
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$mock_port/server/ping" >/dev/null && break; sleep 0.1; done

# The files: a 1600x1200 photo-like PNG (a gradient with noise), 1 MB and 20 MB of random bytes.
python3 - "$work" <<'PY'
import os, random, struct, sys, zlib
w, h = 1600, 1200
rnd = random.Random(7)
rows = bytearray()
for y in range(h):
    rows.append(0)
    for x in range(w):
        n = rnd.randrange(24)
        rows += bytes(((x * 255 // w + n) % 256, (y * 255 // h + n) % 256, ((x + y) // 8 + n) % 256))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b"")
open(os.path.join(sys.argv[1], "photo.png"), "wb").write(png)
for mb in (1, 20):
    open(os.path.join(sys.argv[1], f"{mb}mb.bin"), "wb").write(os.urandom(mb * 1024 * 1024))
PY

upload() { # port file -> id
  curl -fs -H "Authorization: Bearer $token" -F "file=@$2;type=${3:-application/octet-stream}" \
    "http://127.0.0.1:$1/files?fields=id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])'
}
rps() { # port path
  wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$1$2" | awk '/Requests\/sec/ {print $2}'
}
check() { # port path: must answer 200 (and warms a transformation's cache)
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$1$2")
  [[ "$code" == 200 ]] || { echo "GET $2 on port $1 answered $code" >&2; exit 1; }
}
upload_median() { # port file -> median seconds of UPLOADS uploads
  for _ in $(seq 1 "$UPLOADS"); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
      -F "file=@$2;type=application/octet-stream" "http://127.0.0.1:$1/files?fields=id"
  done | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
ratio() { python3 -c "print(f'{float($1)/max(float($2),1e-9):.1f}x')"; }

real_id=$(upload "$real_port" "$work/photo.png" image/png)
mock_id=$(upload "$mock_port" "$work/photo.png" image/png)
transform="?width=400&height=300&fit=cover&format=jpg&quality=80"
{
  echo "| request | real Directus 12.4 | mock | ratio |"
  echo "|---|---:|---:|---:|"
  for kind in original transformed; do
    q=""; [[ $kind == transformed ]] && q="$transform"
    check "$real_port" "/assets/$real_id$q"; check "$mock_port" "/assets/$mock_id$q"
    r=$(rps "$real_port" "/assets/$real_id$q"); m=$(rps "$mock_port" "/assets/$mock_id$q")
    label="GET /assets/:id, the original ($(stat -c %s "$work/photo.png") bytes PNG, 1600x1200)"
    [[ $kind == transformed ]] && label="GET /assets/:id$transform (cached)"
    echo "| $label | $r req/s | $m req/s | $(ratio "$m" "$r") |"
  done
  for mb in 1 20; do
    r=$(upload_median "$real_port" "$work/${mb}mb.bin"); m=$(upload_median "$mock_port" "$work/${mb}mb.bin")
    echo "| upload of $mb MB (multipart POST /files, median of $UPLOADS) | ${r} s | ${m} s | $(ratio "$r" "$m") |"
  done
  before=$(rss_kb "$mock_pid")
  for _ in $(seq 1 $(( STORE_MB / 20 ))); do upload "$mock_port" "$work/20mb.bin" > /dev/null; done
  after=$(rss_kb "$mock_pid")
  echo
  echo "Mock memory per stored MB: $(python3 -c "print(f'{($after-$before)/1024/$STORE_MB:.2f}')") MB of resident set per MB of files ($STORE_MB MB stored in memory; RSS $((before/1024)) -> $((after/1024)) MiB). The real Directus keeps files on disk."
  real_node=$(pgrep -P "$real_pid" node || echo "$real_pid")
  echo "Peak memory (VmHWM): real Directus $(( $(awk '/VmHWM/ {print $2}' "/proc/$real_node/status") / 1024 )) MiB, mock $(( $(awk '/VmHWM/ {print $2}' "/proc/$mock_pid/status") / 1024 )) MiB."
  echo "wrk: 1 thread, $CONNECTIONS connections, ${DURATION}s per measurement; $(nproc) cores; $(date -u +%Y-%m-%d)."
} | tee reports/benchmarks-files-latest.md
