#!/usr/bin/env bash
# Rebuilds router/vendor/hive-router-plan-executor from the published crate plus the ordered
# patches in router/vendor/patches/, or checks that the vendored tree is exactly that.
#
#   router/vendor/apply-patches.sh           # rewrite the vendored tree from upstream + patches
#   router/vendor/apply-patches.sh --check   # fail if the vendored tree differs (the test command runs this)
#
# The upstream crate is downloaded from crates.io once (cached under target/vendor-upstream/)
# and must match the checksum the crates.io index publishes for it. Only the manifest,
# README.md and src/ are kept from it; the patches do the rest. To move to a new release, see
# router/vendor/README.md.
set -euo pipefail

CRATE=hive-router-plan-executor
VERSION=9.1.0
SHA256=ca952f8c5884f6ebfa321e6162ccba5e935cc592cd81e7d0063845dea80d8a2b

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
vendor="$root/router/vendor"
vendored="$vendor/$CRATE"
cache="${CARGO_TARGET_DIR:-$root/target}/vendor-upstream"
archive="$cache/$CRATE-$VERSION.crate"

check=0
case "${1:-}" in
    --check) check=1 ;;
    "") ;;
    *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

mkdir -p "$cache"
if [[ ! -f "$archive" ]] || ! echo "$SHA256  $archive" | sha256sum --check --status; then
    url="https://static.crates.io/crates/$CRATE/$CRATE-$VERSION.crate"
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 3 --output "$archive.part" "$url"
    else
        python3 -c 'import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])' \
            "$url" "$archive.part"
    fi
    mv "$archive.part" "$archive"
fi
if ! echo "$SHA256  $archive" | sha256sum --check --status; then
    echo "$archive does not have the published checksum $SHA256" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work"
tree="$work/tree"
mkdir "$tree"
for kept in Cargo.toml README.md src; do
    cp -R "$work/$CRATE-$VERSION/$kept" "$tree/"
done
for patch in "$vendor"/patches/*.patch; do
    # git apply (git is there: this is a clone) takes a patch only if every context line
    # matches, unlike patch(1) with fuzz.
    if ! (cd "$tree" && git apply --whitespace=nowarn -p1 "$patch"); then
        echo "$(basename "$patch") does not apply to $CRATE $VERSION" >&2
        exit 1
    fi
done

if [[ $check == 1 ]]; then
    if ! diff -r "$tree" "$vendored" > "$work/difference"; then
        echo "router/vendor/$CRATE is not $CRATE $VERSION plus router/vendor/patches:" >&2
        head -50 "$work/difference" >&2
        echo "edit the patches (or run router/vendor/apply-patches.sh), not the vendored tree" >&2
        exit 1
    fi
    echo "router/vendor/$CRATE = $CRATE $VERSION + $(ls "$vendor"/patches/*.patch | wc -l) patches"
else
    rm -rf "$vendored"
    cp -R "$tree" "$vendored"
    echo "rebuilt router/vendor/$CRATE from $CRATE $VERSION + patches"
fi
