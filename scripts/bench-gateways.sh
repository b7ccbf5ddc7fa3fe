#!/usr/bin/env bash
# Side-by-side gateway benchmark: our router against Hive Router, Hive Gateway and Apollo
# Gateway on the public gateway benchmark's workload (four subgraphs, one nested query; see
# benches/gateway). Builds and installs what is missing, then runs
# target/release/bench-gateways, passing on any arguments (docs/benchmarks.md, "Gateways side by side").
#
#   scripts/bench-gateways.sh                                   # the whole comparison
#   scripts/bench-gateways.sh --only ours,hive-router --duration 30
#   scripts/bench-gateways.sh --compose   # regenerate the benchmark's schemas and supergraph
#
# Installs when missing: wrk (Debian), hive-router 0.3.10 (`cargo +nightly install`: it needs
# rustc >= 1.97, newer than the workspace's toolchain) and the Node gateways (`npm ci` in
# tools/gateways). Without npm the Node gateways are skipped with a message.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

HIVE_ROUTER_VERSION=0.3.10

if [ "${1:-}" = "--compose" ]; then
    cargo build --quiet -p gateway-bench --bin bench-subgraphs
    for name in accounts inventory products reviews; do
        target/debug/bench-subgraphs --print-schema "$name" >"benches/gateway/schema/$name.graphql"
    done
    if [ ! -d tools/compose/node_modules ]; then
        (cd tools/compose && npm ci --no-audit --no-fund --loglevel=error)
    fi
    node tools/compose/compose.mjs --config benches/gateway/supergraph.yaml \
        --out benches/gateway/supergraph.graphql
    exit 0
fi

echo "building release binaries (router, bench-subgraphs, bench-gateways)"
cargo build --release --quiet -p router -p gateway-bench --bins

if ! command -v wrk >/dev/null; then
    echo "installing wrk"
    apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
fi

# `cargo install` names the binary after the crate's [[bin]], hive_router.
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! cargo install --list | grep -qx "hive-router v$HIVE_ROUTER_VERSION:"; then
    echo "installing hive-router $HIVE_ROUTER_VERSION with the nightly toolchain (takes a while)"
    # The `graphiql` feature serves a static GraphiQL page instead of building the Laboratory
    # with npm at compile time (its npm package is not available here); queries are unaffected.
    cargo +nightly install hive-router --version "$HIVE_ROUTER_VERSION" --locked --features graphiql
fi
hive_router="$cargo_bin/hive_router"

node_args=()
if command -v npm >/dev/null && command -v node >/dev/null; then
    lock=tools/gateways/package-lock.json
    installed=tools/gateways/node_modules/.package-lock.json
    if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
        echo "installing the Node gateways (npm ci in tools/gateways)"
        (cd tools/gateways && npm ci --no-audit --no-fund --loglevel=error)
    fi
else
    echo "npm is unavailable: skipping Hive Gateway and Apollo Gateway" >&2
    node_args=(--node-dir "")
fi

exec target/release/bench-gateways --hive-router "$hive_router" "${node_args[@]}" "$@"
