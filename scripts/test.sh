#!/usr/bin/env bash
# Runs the Rust test suite against SQLite and PostgreSQL (+ Redis).
#
#   scripts/test.sh                  # provision what is missing, cargo test --workspace --locked
#   scripts/test.sh -p router        # extra args go to cargo test
#   scripts/test.sh --services-only  # provision, check (CREATE EXTENSION vector, redis PING), exit
#
# DATABASE_URL / REDIS_URL set by the caller are used as they are. Otherwise a
# private Postgres (pgvector) and Redis are started and, at exit, stopped again
# unless KEEP_SERVICES=1. See scripts/services.sh for the details and settings.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/services.sh
source scripts/services.sh

services_only=0
package_given=0
cargo_args=()
for arg in "$@"; do
    case "$arg" in
        --services-only) services_only=1; continue ;;
        -p | -p?* | --package | --package=*) package_given=1 ;;
    esac
    cargo_args+=("$arg")
done

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

# `--workspace` would override `-p`: cargo then tests every package.
workspace=(--workspace)
[ "$package_given" = 0 ] || workspace=()

_svc_log "cargo test ${workspace[*]:+${workspace[*]} }--locked ${cargo_args[*]}"
status=0
cargo test "${workspace[@]}" --locked "${cargo_args[@]}" || status=$?
exit "$status"
