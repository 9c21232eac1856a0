import json, re, collections
spans = [json.loads(l) for l in open("annotations/gold/newswire.jsonl", encoding="utf-8")]
by = collections.defaultdict(list)
for s in spans: by[s["doc"]].append(s)
for doc in sorted(by):
    t = open(doc, encoding="utf-8").read()
    core = sorted([s for s in by[doc] if "layer" not in s], key=lambda s: s["start"])
    out, i = [], 0
    for s in core:
        out.append(t[i:s["start"]]); out.append("[" + t[s["start"]:s["end"]] + "]" + s["label"][:3]); i = s["end"]
    out.append(t[i:])
    print("=====", doc); print("".join(out))
    print("TITLES:", [(s["text"], s.get("entity")) for s in by[doc] if "layer" in s])
    covered = set()
    for s in core: covered.update(range(s["start"], s["end"]))
    texts = {s["text"] for s in core}
    for x in texts:
        for m in re.finditer(r"(?<!\w)" + re.escape(x) + r"(?!\w)", t):
            if m.start() not in covered: print("  UNCOVERED occurrence:", x, m.start())
    for m in re.finditer(r"\b[A-Z][\w'&.-]*", t):
        if m.start() not in covered and m.group() not in ("The","A","In","He","She","It","I","This","We","My","Results","Analysts"):
            pass
