#!/usr/bin/env bash
# Runs every check: installs what is missing, then formatting, clippy (native
# and wasm32), the native tests, the browser tests in headless Chromium, and
# the end-to-end tests on the release build. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}"
# The browser-test runner's budget is for a whole test file (default 20 s).
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

# Every mode of the library, and every target of each package. The modes are
# checked one at a time: Leptos' csr, hydrate and ssr exclude each other.
step "clippy: library, no mode (native)"
cargo clippy -p aerosync-reconnect --all-targets -- -D warnings
step "clippy: ssr (native)"
cargo clippy -p aerosync-reconnect --all-targets --features ssr -- -D warnings
step "clippy: csr and the demo (wasm32)"
cargo clippy -p aerosync-reconnect --all-targets --target wasm32-unknown-unknown --features demo -- -D warnings
step "clippy: hydrate (wasm32)"
cargo clippy -p aerosync-reconnect --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings
step "clippy: the weight page (csr, wasm32)"
cargo clippy -p aerosync-reconnect-minimal --all-targets --target wasm32-unknown-unknown -- -D warnings
step "clippy: the custom element (wasm32)"
cargo clippy -p aerosync-reconnect-element --all-targets --target wasm32-unknown-unknown -- -D warnings
step "clippy: the server-rendered example (ssr native, hydrate wasm32)"
cargo clippy -p aerosync-reconnect-ssr-example --all-targets --features ssr -- -D warnings
cargo clippy -p aerosync-reconnect-ssr-example --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings

step "clippy: the server half (native)"
cargo clippy -p aerosync-reconnect-server --all-targets -- -D warnings

step "native tests (unit, property, doc)"
cargo test -p aerosync-reconnect

step "the server half: unit tests, and the router over loopback HTTP against a fake Aerosync"
cargo test -p aerosync-reconnect-server

step "server rendering (ssr)"
cargo test -p aerosync-reconnect --features ssr --test ssr

step "rustdoc (no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc -p aerosync-reconnect --no-deps --lib
RUSTDOCFLAGS="-D warnings" cargo doc -p aerosync-reconnect-server --no-deps --lib

step "browser tests (headless Chromium)"
cargo test -p aerosync-reconnect --target wasm32-unknown-unknown --features csr \
  --test component --test hardening --test custom_ui --test spanish --test expiry --test mount

step "release build of the demo"
trunk build --release --offline

step "build of the custom element and its example page"
SKIP_SETUP=1 scripts/build-element.sh

step "weight: the component-only page and the custom element's package within their byte budget (docs/performance.md)"
scripts/weight.sh --check

step "release: one version, rust-version, cargo publish --dry-run of both crates, npm pack of the element"
scripts/release-check.sh

step "build of the server-rendered example"
SKIP_SETUP=1 scripts/ssr-example.sh

step "build of the server binary (the demo runs against it end to end)"
cargo build -p aerosync-reconnect-server

step "end-to-end tests (Playwright: the demo's release build, the server-rendered example, the custom element, its npm package in a fresh Vite + React app and a plain page, the server binary)"
node --test --test-concurrency=1 e2e/

printf '\n\033[1mAll checks passed.\033[0m\n'
