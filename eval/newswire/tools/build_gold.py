#!/usr/bin/env python3
"""Turn the hand-written span lists in tools/spans-*.spans into
annotations/gold/newswire.jsonl.

Each list gives, per document and in reading order, `LABEL | text | entity`
(`~` = slug of the text, `-` = no entity; DATE/TIME carry none). The script
finds each span as the next whole-word occurrence after the previous span of
the same layer, so offsets are never counted by hand. It verifies
text == doc[start:end] and that spans in a layer do not overlap."""
import glob, json, os, re, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = {"PERSON", "NORP", "ORG", "GPE", "LOC", "FAC", "EVENT", "DOC", "DATE", "TIME", "TITLE"}
FOLD = {"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ß": "ss", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}

def slug(s):
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")

def parse(path):
    docs, cur = [], None
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        if line.startswith("== "):
            cur = (line[3:].strip(), [])
            docs.append(cur)
            continue
        parts = [p.strip() for p in line.split(" | ")]
        label, text = parts[0], parts[1]
        ent = parts[2] if len(parts) > 2 else None
        assert label in LABELS, (path, n, label)
        cur[1].append((label, text, ent, n))
    return docs

out, errors = [], []
for spec in sorted(glob.glob(os.path.join(ROOT, "tools", "spans-*.spans"))):
    for doc, spans in parse(spec):
        text = open(os.path.join(ROOT, doc), encoding="utf-8").read()
        cursor = {"core": 0, "title": 0}
        recs = []
        for label, s, ent, n in spans:
            layer = "title" if label == "TITLE" else "core"
            m = re.compile(r"(?<!\w)" + re.escape(s) + r"(?!\w)").search(text, cursor[layer])
            if not m:
                errors.append(f"{doc}: line {n}: {s!r} not found after {cursor[layer]}")
                continue
            cursor[layer] = m.end()
            r = {"doc": doc, "start": m.start(), "end": m.end(), "label": label, "text": s}
            if layer == "title":
                r["layer"] = "title"
            if label in ("DATE", "TIME"):
                assert ent is None, (doc, n)
            else:
                assert ent is not None, (doc, n, s)
                e = slug(s) if ent == "~" else ent
                if e != "-":
                    assert e == slug(e), (doc, n, e)
                    r["entity"] = e
            recs.append(r)
        for layer in ("core", "title"):
            ls = sorted((r for r in recs if (r.get("layer") == "title") == (layer == "title")),
                        key=lambda r: r["start"])
            for a, b in zip(ls, ls[1:]):
                if b["start"] < a["end"]:
                    errors.append(f"{doc}: overlap {a['text']!r} / {b['text']!r}")
        for r in recs:
            assert text[r["start"]:r["end"]] == r["text"]
        recs.sort(key=lambda r: (r["start"], r.get("layer") == "title", r["end"]))
        out.extend(recs)

if errors:
    print("\n".join(errors)); sys.exit(1)
os.makedirs(os.path.join(ROOT, "annotations", "gold"), exist_ok=True)
with open(os.path.join(ROOT, "annotations", "gold", "newswire.jsonl"), "w", encoding="utf-8") as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(len(out), "spans")
