#!/usr/bin/env bash
# The whole suite against another Directus release (default: the latest 11.x,
# 11.17.4) on SQLite, with that release's expectations file: what an upgrade
# to 12.4 changes, as a list of scenarios with reasons. Installs the release
# next to 12.4's (~/.cache/real-directus-<version>), starts it on a free
# loopback port, runs the suite, stops it. Extra arguments go to the harness
# (e.g. --html reports/directus-11.html, or --write-expectations FILE to record
# a new baseline). The Core-tier licence limits are 12.x (capability core-limits
# is not declared: those scenarios do not run).
#   DIRECTUS_VERSION (11.17.4)  EXPECTATIONS (harness/expectations/directus-<major>.toml)
set -euo pipefail
cd "$(dirname "$0")/../.."
export DIRECTUS_VERSION="${DIRECTUS_VERSION:-11.17.4}"
expectations="${EXPECTATIONS:-harness/expectations/directus-${DIRECTUS_VERSION%%.*}.toml}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
out=$(PORT="$port" scripts/real-directus/start.sh | tail -1)
run_dir=$(sed -n 's/.*run_dir=\([^ ]*\).*/\1/p' <<< "$out")
trap 'scripts/real-directus/stop.sh "$run_dir" > /dev/null 2>&1 || true' EXIT
cargo run --quiet --bin directus-conformance -- \
  --target "http://127.0.0.1:$port" --admin-token admin-static-token \
  --jwt-secret conformance-secret-at-least-32-chars \
  --capability login-stall \
  --expectations "$expectations" "$@"
