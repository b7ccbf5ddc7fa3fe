#!/usr/bin/env bash
# Refreshes router/assets/graphiql from the npm registry: the UMD builds of graphiql, react and
# react-dom at the versions given, and their licences. Prints the SHA-256 of each file for
# router/assets/graphiql/README.md.
#
#   scripts/vendor-graphiql.sh 3.9.0 18.3.1
set -euo pipefail
graphiql_version="${1:?graphiql version, e.g. 3.9.0}"
react_version="${2:?react version, e.g. 18.3.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
target="$root/router/assets/graphiql"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
for package in "graphiql@$graphiql_version" "react@$react_version" "react-dom@$react_version"; do
  name="${package%@*}"
  mkdir -p "$name"
  tar -xzf "$(npm pack --silent "$package")" -C "$name" --strip-components=1
done
cp graphiql/graphiql.min.js graphiql/graphiql.min.css "$target/"
cp react/umd/react.production.min.js react-dom/umd/react-dom.production.min.js "$target/"
{
  echo "The files in this folder come from npm packages, under their MIT licences:"
  echo
  for name in graphiql react react-dom; do
    echo "== $name $(node -p "require('./$name/package.json').version") =="
    echo
    cat "$name/LICENSE"
    echo
  done
} > "$target/LICENSES.txt"
cd "$target"
sha256sum graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js
