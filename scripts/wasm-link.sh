#!/usr/bin/env bash
# The linker for wasm32 builds (.cargo/config.toml): rust-lld, as rustc would
# call it, minus the exports of wasm-streams' `IntoUnderlying*` classes.
#
# Leptos links wasm-streams for server functions, and wasm-streams exports
# three classes to JS. Nothing in this project (or any page built from it)
# can construct one: they have no constructor, and the wasm never hands an
# instance out. Exported, they keep alive, through the function table, every
# future and stream adapter behind them, which no later pass can remove
# (about 4 KB brotli of a page). Left out here, the linker's own
# garbage collection removes them with everything only they reach.
# scripts/slim-build.mjs drops the classes' now dead JS glue.
set -euo pipefail
rustc="${RUSTC:-rustc}"
host="$("$rustc" -vV | sed -n 's/^host: //p')"
lld="$("$rustc" --print sysroot)/lib/rustlib/$host/bin/rust-lld"
args=()
export_next=false
for arg in "$@"; do
  if $export_next; then
    export_next=false
    case "$arg" in
      *intounderlying*) continue ;;
    esac
    args+=(--export "$arg")
  elif [ "$arg" = --export ]; then
    export_next=true
  else
    args+=("$arg")
  fi
done
exec "$lld" "${args[@]}"
