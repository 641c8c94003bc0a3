#!/usr/bin/env bash
# The pull command end to end against a real Directus (issue 16): start a real
# Directus 12.4 (DB_CLIENT as start.sh takes it: sqlite by default, pg, mysql),
# build a small project in it through the API (scripts/pull_project.py), copy it
# with `directus-mock pull`, serve the copy with `directus-mock --fixture` (in the
# same database mode), and compare the same reads on both as the administrator,
# the public and a role's user, over REST, GraphQL and /assets
# (scripts/pull_compare.py). Fails on the first step that fails or on any
# difference.
#
#   DB_CLIENT (sqlite3)   the real server's database
#   MOCK_BIN (target/debug/directus-mock)   built with cargo if missing
#   KEEP_DIR              keep the pulled fixture there (default: a temporary directory, removed)
set -euo pipefail
cd "$(dirname "$0")/.."
MOCK_BIN="${MOCK_BIN:-target/debug/directus-mock}"
[[ -x "$MOCK_BIN" ]] || cargo build --quiet --bin directus-mock
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/pull-e2e.XXXXXX)
real_port=$(free_port)
mock_port=$(free_port)
out=$(PORT="$real_port" scripts/real-directus/start.sh)
real_run=$(echo "$out" | tail -1 | sed -n 's/.*run_dir=\([^ ]*\).*/\1/p')
db=$(echo "$out" | tail -1 | sed -n 's/.* db=\([^ ]*\) .*/\1/p')
mock_pid=
cleanup() {
  [[ -n $mock_pid ]] && kill "$mock_pid" 2> /dev/null || true
  scripts/real-directus/stop.sh "$real_run" > /dev/null 2>&1 || true
  if [[ -n ${KEEP_DIR:-} ]]; then rm -rf "$KEEP_DIR" && mv "$work/fixture" "$KEEP_DIR"; fi
  rm -rf "$work"
}
trap cleanup EXIT
source_url="http://127.0.0.1:$real_port"
echo "pull-e2e: the source is a real Directus on $db at $source_url"
python3 scripts/pull_project.py "$source_url" admin-static-token
"$MOCK_BIN" pull --from "$source_url" --token admin-static-token --out "$work/fixture"
# The mock answers in the source database's forms (numbers PostgreSQL gives as strings, ...).
vendor=()
case $db in
  pg) vendor=(DB_CLIENT=pg) ;;
  mysql) vendor=(DB_CLIENT=mysql) ;;
esac
env "${vendor[@]}" "$MOCK_BIN" --port "$mock_port" --fixture "$work/fixture" > "$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$mock_port/server/ping" > /dev/null && break; sleep 0.1; done
python3 scripts/pull_compare.py "$source_url" "http://127.0.0.1:$mock_port" || {
  echo "pull-e2e: the mock's log:"; tail -20 "$work/mock.log"; exit 1
}
