#!/usr/bin/env bash
# Installs what the demo and the tests need, skipping whatever is already
# there: the wasm32 target, trunk, wasm-bindgen-cli of the version in
# Cargo.lock, and the npm packages (binaryen's wasm-opt, terser, playwright-core, the
# real aerosync-web-sdk). With `--test` it also installs Debian's Chromium and
# chromedriver. Nothing here downloads a prebuilt binary or a browser build.
#
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust: the toolchain in rust-toolchain.toml, with the wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# trunk builds and serves the demo.
if ! trunk --version 2>/dev/null | grep -q " ${TRUNK_VERSION}\$"; then
  say "installing trunk ${TRUNK_VERSION} (about 10 minutes the first time)"
  cargo install --locked "trunk@${TRUNK_VERSION}"
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$WBG_VERSION" ]; then
  echo "[setup] wasm-bindgen is missing from Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WBG_VERSION}\$"; then
  say "installing wasm-bindgen-cli ${WBG_VERSION}"
  # Not --locked: one of its locked dependencies is not in this registry.
  cargo install --force "wasm-bindgen-cli@${WBG_VERSION}"
fi

# npm packages: wasm-opt (binaryen 132), terser, playwright-core, axe-core,
# aerosync-web-sdk.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/.package-lock.json ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--test" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Debian's chromium and chromium-driver"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
  fi
fi
