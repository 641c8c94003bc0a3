#!/usr/bin/env bash
# Stops a real Directus started by start.sh and drops the database (and role)
# start.sh created for it:  stop.sh RUN_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run="${1:?usage: stop.sh RUN_DIR}"
if [[ -f "$run/server.pid" ]]; then
  pid="$(cat "$run/server.pid")"
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  # The database can be dropped once its connections are gone.
  for _ in $(seq 1 40); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  rm -f "$run/server.pid"
fi
# shellcheck source=scripts/real-directus/database.sh
source "$here/database.sh"
database_drop "$run"
