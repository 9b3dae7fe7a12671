#!/usr/bin/env bash
# Runs the demo on the built-in sandbox: installs what is missing, then
# `trunk serve --offline` on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec trunk serve --offline "$@"
