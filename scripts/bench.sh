#!/usr/bin/env bash
# The project's benchmark: the download weight of the component-only page,
# the demo and a bare-Leptos floor, built in this run; then the side-by-side
# table of ../shared/bench/run.sh (this demo against the React 19, Preact and
# plain-JS peers: bytes, time to status, click to reconnected, heap and
# listeners over widget cycles). Figures only: nothing here passes or fails.
#
# Usage: scripts/bench.sh [measure.mjs options, e.g. --runs=15]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test >/dev/null
export PATH="$PWD/node_modules/.bin:$PATH"
trunk build --release --offline >/dev/null
echo "## Weight (brotli, wasm + JS, sandbox left out)"
echo
scripts/weight.sh
echo
echo "## Side by side (../shared/bench/run.sh)"
echo
bash ../shared/bench/run.sh dist "$@"
