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

step "clippy (native)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32)"
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

step "native tests"
cargo test

step "rustdoc (no broken links)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --lib

step "browser tests (headless Chromium)"
cargo test --target wasm32-unknown-unknown --test component --test hardening

step "release build"
trunk build --release --offline

step "end-to-end tests (Playwright, release build)"
node --test --test-concurrency=1 e2e/

printf '\n\033[1mAll checks passed.\033[0m\n'
