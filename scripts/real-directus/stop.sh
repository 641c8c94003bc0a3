#!/usr/bin/env bash
# Stops a real Directus started by start.sh:  stop.sh RUN_DIR
set -euo pipefail
run="${1:?usage: stop.sh RUN_DIR}"
if [[ -f "$run/server.pid" ]]; then
  pid="$(cat "$run/server.pid")"
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  rm -f "$run/server.pid"
fi
