#!/usr/bin/env bash
# What a product team installs, checked as it would be published: one
# version for the three packages; each crate's `rust-version` built with that
# toolchain (when rustup can install it: said either way); `cargo publish
# --dry-run` of both crates, which builds each from its own tarball (a file
# left out of `include` fails here); and `npm pack` of the element's package
# into target/npm/, whose files must be exactly `files` (end-to-end tests
# install that tarball: e2e/package.test.mjs). Needs element/dist
# (scripts/build-element.sh).
#
# Usage: scripts/release-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

field() { # Cargo.toml key
  sed -n "s/^$2 = \"\(.*\)\"/\1/p" "$1" | head -1
}

echo "-- one version for the three packages"
lib=$(field Cargo.toml version)
server=$(field server/Cargo.toml version)
element=$(node -p 'require("./element/js/package.json").version')
changelog=$(sed -n 's/^## \[\([0-9][^]]*\)\].*/\1/p' CHANGELOG.md | head -1)
echo "aerosync-reconnect $lib, aerosync-reconnect-server $server, aerosync-reconnect-element $element, CHANGELOG.md $changelog"
if [ "$lib" != "$server" ] || [ "$lib" != "$element" ] || [ "$lib" != "$changelog" ]; then
  echo "release-check: the versions differ; release the three packages under one version, with its CHANGELOG.md entry" >&2
  exit 1
fi

echo "-- rust-version"
msrv=$(field Cargo.toml rust-version)
if [ "$msrv" != "$(field server/Cargo.toml rust-version)" ]; then
  echo "release-check: the two crates name different rust-versions" >&2
  exit 1
fi
if timeout 300 rustup toolchain install "$msrv" --profile minimal --target wasm32-unknown-unknown >/dev/null 2>&1; then
  # A target folder of its own: another compiler's artifacts beside the
  # stable ones' would only be rebuilt back and forth.
  CARGO_TARGET_DIR=target/msrv cargo "+$msrv" build -p aerosync-reconnect --lib --features csr --target wasm32-unknown-unknown
  CARGO_TARGET_DIR=target/msrv cargo "+$msrv" build -p aerosync-reconnect-server --lib --bins
  echo "rust-version $msrv: the library (csr, on wasm32) and the server build with Rust $msrv"
else
  echo "rust-version $msrv: NOT CHECKED, rustup could not install Rust $msrv on this machine"
fi

echo "-- cargo publish --dry-run (each crate built from its own tarball)"
cargo publish --dry-run --allow-dirty -p aerosync-reconnect
cargo publish --dry-run --allow-dirty -p aerosync-reconnect --features csr --target wasm32-unknown-unknown
cargo publish --dry-run --allow-dirty -p aerosync-reconnect-server

echo "-- npm pack of the element's package"
mkdir -p target/npm
rm -f target/npm/aerosync-reconnect-element-*.tgz
(cd element/dist && npm pack --silent --pack-destination ../../target/npm >/dev/null)
tarball="target/npm/aerosync-reconnect-element-$element.tgz"
[ -f "$tarball" ] || { echo "release-check: npm pack made no $tarball" >&2; exit 1; }
node -e '
const { execFileSync } = require("child_process");
const [tarball] = process.argv.slice(1);
const packed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
  .split("\n").filter(Boolean).map((f) => f.replace(/^package\//, "")).sort();
const files = require("./element/js/package.json").files.concat("package.json").sort();
if (JSON.stringify(packed) !== JSON.stringify(files)) {
  console.error(`release-check: ${tarball} holds ${JSON.stringify(packed)}, package.json files say ${JSON.stringify(files)}`);
  process.exit(1);
}
console.log(`${tarball}: ${packed.length} files, exactly those listed`);' "$tarball"
