#!/usr/bin/env bash
# The npm package as a frontend team gets it: packs npm/platforms/linux-x64 (with a
# directus-mock binary) and npm/directus-mock with `npm pack`, installs both tarballs
# into a scratch copy of npm/test-project with Vitest and playwright-core from the npm
# registry, and runs its suite: parallel Vitest workers, a mock each on a free port,
# and headless Chromium (Debian's, CHROMIUM) reading through one. Then `npx
# directus-mock --help` from the installed package.
# MOCK_BIN: the binary to ship (default: the debug build, built if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bin=${MOCK_BIN:-target/debug/directus-mock}
[[ -n ${MOCK_BIN:-} ]] || cargo build --quiet --bin directus-mock
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r npm/platforms/linux-x64 "$work/platform"
mkdir -p "$work/platform/bin"
# Stripped: the package carries no debug information.
strip -o "$work/platform/bin/directus-mock" "$bin" 2>/dev/null || cp "$bin" "$work/platform/bin/directus-mock"
chmod +x "$work/platform/bin/directus-mock"
cp -r npm/directus-mock "$work/main"
(cd "$work/platform" && npm pack --silent --pack-destination "$work" > /dev/null)
(cd "$work/main" && npm pack --silent --pack-destination "$work" > /dev/null)
ls "$work"/*.tgz
cp -r npm/test-project "$work/project"
cd "$work/project"
npm install --no-audit --no-fund --loglevel=error \
  "$work/directus-mock-linux-x64-0.1.0.tgz" "$work/directus-mock-0.1.0.tgz" \
  vitest@3.2.7 playwright-core@1.65.1
FIXTURE=$root/fixtures/conformance npx vitest run
npx directus-mock --help | grep -q -- '--control'
echo "npm package: packed, installed and tested"
