#!/usr/bin/env bash
# Builds the weight pages (release, like the demo) and prints their download
# weight: a page that mounts only <ReconnectBank> (examples/minimal), a bare
# Leptos page (the floor), the demo (dist/) and the custom element's package
# (element/dist), these two built if missing. With `--check`, fails when the
# component-only page or the element's package passes the component's byte
# budget.
#
# Usage: scripts/weight.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# The component-only page's budget, in brotli bytes of wasm + JS: the goal of
# docs/performance.md, which the page and the custom element's package meet.
# No change may pass it.
COMPONENT_BUDGET=45000

build() { # html dist
  # trunk keeps wasm-bindgen's snippets of earlier builds (the demo's) in its
  # output folder and would preload them into these pages too.
  rm -rf "${CARGO_TARGET_DIR:-target}/wasm-bindgen/release/snippets"
  trunk build --release --offline --config examples/minimal/Trunk.toml --dist "$PWD/$2" "$1" >/dev/null
}
build index.html target/weight/minimal
build floor.html target/weight/floor
[ -f dist/index.html ] || trunk build --release --offline >/dev/null
[ -f element/dist/aerosync-reconnect.js ] || SKIP_SETUP=1 scripts/build-element.sh >/dev/null

budget=""
if [ "${1:-}" = --check ]; then budget=":$COMPONENT_BUDGET"; fi
# The custom element ships the same component, so it has the same budget.
node scripts/weight.mjs "component=target/weight/minimal$budget" floor=target/weight/floor demo=dist \
  "element=element/dist$budget"
