#!/usr/bin/env bash
# Builds the server-rendered example (examples/ssr): the browser half (the
# `hydrate` feature, wasm32, release, with wasm-bindgen's JS glue) into
# target/ssr-example/pkg, and the server half (the `ssr` feature). With
# `serve`, it then runs the server on http://127.0.0.1:3001 (or $LISTEN).
#
# Usage: scripts/ssr-example.sh [serve]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_SETUP:-}" != 1 ]; then scripts/setup.sh; fi
export PATH="$PWD/node_modules/.bin:$PATH"

NAME=aerosync_reconnect_ssr_example
SITE=target/ssr-example
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

cargo build -p aerosync-reconnect-ssr-example --lib --release \
  --target wasm32-unknown-unknown --features hydrate
mkdir -p "$SITE/pkg"
wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg" --out-name "$NAME" \
  "$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  -o "$SITE/pkg/${NAME}_bg.wasm" "$SITE/pkg/${NAME}_bg.wasm"

cargo build -p aerosync-reconnect-ssr-example --bin aerosync-reconnect-ssr-example --features ssr

if [ "${1:-}" = serve ]; then
  SITE_ROOT="$SITE" exec "$TARGET_DIR/debug/aerosync-reconnect-ssr-example"
fi
