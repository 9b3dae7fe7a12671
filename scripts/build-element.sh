#!/usr/bin/env bash
# Builds the <aerosync-reconnect> custom element into element/dist/, ready to
# publish to npm as it is: aerosync-reconnect.js (the module to import), the
# wasm and its JS glue (wasm-bindgen's snippets folded in, minified), the
# stylesheet, the TypeScript types (the element's, and React's JSX tag), a
# package.json, the README, the changelog and the licences. Then lays out target/element-site/: the plain
# HTML example (examples/element) with the element and the demo's sandbox,
# which `node e2e/serve.mjs target/element-site` serves.
#
# Usage: scripts/build-element.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_SETUP:-}" != 1 ]; then scripts/setup.sh; fi
export PATH="$PWD/node_modules/.bin:$PATH"

NAME=aerosync_reconnect_element
OUT=element/dist
SITE=target/element-site
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

cargo build -p aerosync-reconnect-element --lib --release --target wasm32-unknown-unknown
rm -rf "$OUT"
mkdir -p "$OUT"
wasm-bindgen --target web --no-typescript --out-dir "$OUT" --out-name "$NAME" \
  "$TARGET_DIR/wasm32-unknown-unknown/release/$NAME.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  -o "$OUT/${NAME}_bg.wasm" "$OUT/${NAME}_bg.wasm"
cp element/js/aerosync-reconnect.js element/js/aerosync-reconnect.d.ts element/js/react.d.ts \
  element/js/package.json element/js/README.md "$OUT/"
cp style/aerosync-reconnect.css CHANGELOG.md LICENSE-MIT LICENSE-APACHE "$OUT/"
# The snippets folded into the glue and the JS minified, as the demo's
# release build ships.
node scripts/slim-build.mjs "$OUT"
# package.json's `files` lists exactly what the package holds (npm adds
# package.json itself): a file left out or a name with nothing behind it
# fails the build.
node -e '
const fs = require("fs"), out = process.argv[1];
const listed = JSON.parse(fs.readFileSync(out + "/package.json", "utf8")).files.slice().sort();
const there = fs.readdirSync(out).filter((f) => f !== "package.json").sort();
if (JSON.stringify(listed) !== JSON.stringify(there)) {
  console.error(`element: package.json files ${JSON.stringify(listed)} but the package holds ${JSON.stringify(there)}`);
  process.exit(1);
}' "$OUT"

rm -rf "$SITE"
mkdir -p "$SITE"
cp -r examples/element/. "$SITE/"
cp -r "$OUT" "$SITE/aerosync-reconnect"
cp -r public/sandbox "$SITE/sandbox"
cp public/sandbox-sw.js "$SITE/"
echo "element: $OUT; example site: $SITE"
