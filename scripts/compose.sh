#!/usr/bin/env bash
# Regenerates the checked-in schemas: each subgraph prints its SDL into schema/<name>.graphql,
# then tools/compose composes schema/supergraph.graphql (needs Node.js and npm).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet -p users -p jobs -p matching
for name in users jobs matching; do
  "target/debug/$name" --print-schema > "schema/$name.graphql"
done
if [ ! -d tools/compose/node_modules ]; then
  (cd tools/compose && npm ci --no-audit --no-fund)
fi
node tools/compose/compose.mjs
