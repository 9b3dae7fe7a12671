#!/usr/bin/env bash
# Builds the weight pages and prints their download weight: a page that
# mounts only <ReconnectBank> (examples/minimal) and a bare Leptos page (the
# floor), both built as an integrator builds them (release profile,
# wasm-bindgen, wasm-opt -Oz, nothing else); the demo (dist/) and the custom
# element's package (element/dist), as this repository ships them, built if
# missing. With `--check`, fails when the component-only page or the
# element's package passes its byte budget.
#
# Usage: scripts/weight.sh [--check]
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

# The budgets, in brotli bytes of wasm + JS (docs/performance.md): the
# component-only page as an integrator builds it, and the element's package as
# it is published. No change may pass them. They are the figures reached with
# the product's stack (serde through serde-wasm-bindgen), about 1% above them;
# the stack issue asked for 60,000 and 50,000, which that stack does not reach:
# 12,410 of the bytes are serde's error messages, which serde-wasm-bindgen
# formats (floats included) whenever a read fails (docs/performance.md,
# "Sixth round").
COMPONENT_BUDGET=75000
ELEMENT_BUDGET=61000

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

component="" element=""
if [ "${1:-}" = --check ]; then component=":$COMPONENT_BUDGET" element=":$ELEMENT_BUDGET"; fi
node scripts/weight.mjs "component=target/weight/minimal$component" floor=target/weight/floor demo=dist \
  "element=element/dist$element"
