"""The Spark job in local mode against the single-machine `gloss extract` and
`gloss check`: the same mentions, mention for mention, and the same ids."""

import glob
import json
import os
import subprocess
from collections import Counter, defaultdict

import pytest
from conftest import REPO

import gloss_spark
from generate_corpus import generate

ZORBLAT_CORRECTION = {
    "id": "c-1", "created": "2026-11-23T10:00:00Z", "author": "ana", "action": "annotate",
    "target": {"source": "a.txt", "selector": [
        {"type": "TextQuoteSelector", "exact": "Zorblat", "prefix": "Talks in Hanoi with ", "suffix": "."},
        {"type": "TextPositionSelector", "start": 20, "end": 27}]},
    "body": {"label": "PERSON", "entity": "zorblat"}, "scope": "corpus",
}


def extract(gloss, root, *paths):
    """`gloss extract --format jsonl` as a list of span records, in its order."""
    result = subprocess.run(
        [gloss, "extract", "--format", "jsonl", "--root", root, *paths], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def run_job(spark, gloss, output, *inputs, **options):
    argv = ["--gloss", gloss, "--output", output]
    for path in inputs:
        argv += ["--input", path]
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        argv += [flag] if value is True else [flag, str(value)]
    return gloss_spark.run(spark, gloss_spark.parse_args(argv))


def read_jsonl_folder(folder):
    return [json.loads(line) for part in sorted(glob.glob(os.path.join(folder, "part-*")))
            for line in open(part, encoding="utf-8")]


def by_document(spans):
    out = defaultdict(list)
    for s in spans:
        out[s["doc"]].append(s)
    return dict(out)


def reference_entities(spans):
    """The entity table computed plainly from `gloss extract`'s output (the
    definition the job documents), to check the Spark reduce against."""
    table = {}
    order = sorted(((s["doc"], i, s) for d in by_document(spans).values() for i, s in enumerate(d)),
                   key=lambda x: (x[0], x[1]))
    for doc, n, s in order:
        if s.get("entity") is None or s.get("layer") == "title":
            continue
        e = table.setdefault(s["entity"], {"mentions": 0, "docs": set(), "labels": Counter(), "surfaces": Counter(),
                                           "first": None, "best": None})
        e["mentions"] += 1
        e["docs"].add(doc)
        e["labels"][s["label"]] += 1
        e["surfaces"][s["text"]] += 1
        e["first"] = e["first"] or {"doc": doc, "start": s["start"], "end": s["end"], "text": s["text"]}
        words = s["text"].count(" ") + 1
        if e["best"] is None or words > e["best"][0]:
            e["best"] = (words, {"doc": doc, "start": s["start"], "end": s["end"]}, s["text"])
    out = {}
    for entity, e in table.items():
        label = min(e["labels"].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        name = e["best"][2]
        aliases = [t for t, _ in sorted(e["surfaces"].items(), key=lambda kv: (-kv[1], kv[0])) if t != name]
        out[entity] = {"id": entity, "label": label, "name": name, "aliases": aliases, "mentions": e["mentions"],
                       "documents": len(e["docs"]), "first": e["first"], "definition": e["best"][1]}
    return out


def test_seeds_give_extracts_mentions_and_ids_and_the_entity_table(spark, gloss, tmp):
    expected = extract(gloss, REPO, "seeds")
    summary = run_job(spark, gloss, tmp, os.path.join(REPO, "seeds"), root=REPO)
    assert summary["documents"] == 2 and summary["errorCount"] == 0
    # JSON Lines output: extract's lines, in extract's order.
    assert read_jsonl_folder(os.path.join(tmp, "mentions.jsonl")) == expected
    # Concatenated, the part files are extract's output byte for byte.
    parts = sorted(glob.glob(os.path.join(tmp, "mentions.jsonl", "part-*")))
    assert b"".join(open(p, "rb").read() for p in parts) == subprocess.run(
        [gloss, "extract", "--format", "jsonl", "--root", REPO, "seeds"], cwd=REPO, capture_output=True).stdout
    # Parquet output: the same rows.
    rows = spark.read.parquet(os.path.join(tmp, "mentions.parquet")).orderBy("doc", "n").collect()
    assert [{k: v for k, v in r.asDict().items() if k != "n" and v is not None} for r in rows] == expected
    entities = {e["id"]: e for e in read_jsonl_folder(os.path.join(tmp, "entities.jsonl"))}
    assert entities == reference_entities(expected)
    assert set(entities) == {s["entity"] for s in expected if "entity" in s and s.get("layer") != "title"}
    vietnam = entities["vietnam"]
    assert vietnam["documents"] == 2 and vietnam["name"] == "Việt Nam" and "VN" in vietnam["aliases"]


def test_jsonl_and_parquet_inputs_pass_fields_through_and_match(spark, gloss, tmp):
    expected = by_document(extract(gloss, REPO, "seeds"))
    documents = []
    for path in sorted(glob.glob(os.path.join(REPO, "seeds", "*.txt"))):
        with open(path, encoding="utf-8", newline="") as f:
            documents.append({"id": os.path.relpath(path, REPO), "text": f.read(), "source": "wire"})
    jsonl = os.path.join(tmp, "docs.jsonl")
    with open(jsonl, "w", encoding="utf-8") as f:
        for d in documents:
            f.write(json.dumps(d) + "\n")
        f.write("not json\n")
    summary = run_job(spark, gloss, os.path.join(tmp, "a"), jsonl, root=REPO)
    assert summary["documents"] == 3 and summary["errorCount"] == 1
    assert "not JSON" in summary["errors"][0]
    assert by_document(read_jsonl_folder(os.path.join(tmp, "a", "mentions.jsonl"))) == expected

    parquet = os.path.join(tmp, "docs.parquet")
    spark.createDataFrame([(d["id"], d["text"], d["source"]) for d in documents], "path string, body string, source string") \
        .write.parquet(parquet)
    summary = run_job(spark, gloss, os.path.join(tmp, "b"), parquet, root=REPO, id_column="path", text_column="body")
    assert summary["documents"] == 2 and summary["errorCount"] == 0
    assert by_document(read_jsonl_folder(os.path.join(tmp, "b", "mentions.jsonl"))) == expected


def test_a_generated_corpus_on_four_partitions_matches_extract(spark, gloss, tmp):
    corpus = os.path.join(tmp, "corpus")
    os.makedirs(os.path.join(corpus, "news"))
    for doc_id, text in generate(240, os.path.join(REPO, "seeds"), seed=7):
        with open(os.path.join(corpus, "news", doc_id), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    expected = extract(gloss, corpus, "news")
    summary = run_job(spark, gloss, os.path.join(tmp, "out"), os.path.join(corpus, "news"), root=corpus, partitions=4)
    assert summary["documents"] == 240 and summary["errorCount"] == 0
    spans = read_jsonl_folder(os.path.join(tmp, "out", "mentions.jsonl"))
    assert len(spans) == len(expected) > 240 * 5
    assert spans == expected
    entities = {e["id"]: e for e in read_jsonl_folder(os.path.join(tmp, "out", "entities.jsonl"))}
    assert entities == reference_entities(expected)


def test_the_shipped_store_applies_the_workspace_corrections(spark, gloss, tmp):
    root = os.path.join(tmp, "ws")
    os.makedirs(os.path.join(root, "annotations"))
    with open(os.path.join(root, "a.txt"), "w") as f:
        f.write("Talks in Hanoi with Zorblat.")
    with open(os.path.join(root, "b.txt"), "w") as f:
        f.write("Zorblat left Hanoi on Friday.")
    with open(os.path.join(root, "annotations", "corrections.jsonl"), "w") as f:
        f.write(json.dumps(ZORBLAT_CORRECTION) + "\n")
    expected = extract(gloss, root, ".")
    assert any(s.get("entity") == "zorblat" for s in expected)
    run_job(spark, gloss, os.path.join(tmp, "out"), root, root=root)
    assert read_jsonl_folder(os.path.join(tmp, "out", "mentions.jsonl")) == expected


def flat(value, prefix=""):
    """Nested figures as {"labels.GPE.f1": 0.98, …} (gloss prints 15 significant digits)."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in flat(item, f"{prefix}{key}.").items()}
    return {prefix.rstrip("."): value}


def test_score_equals_gloss_check_on_the_seeds(spark, gloss, tmp):
    result = subprocess.run([gloss, "check", "--format", "json"], cwd=REPO, capture_output=True, text=True)
    check = json.loads(result.stdout)
    summary = run_job(spark, gloss, tmp, os.path.join(REPO, "seeds"), root=REPO,
                      score=os.path.join(REPO, "annotations", "gold"))
    report = summary["score"]
    assert report == json.load(open(os.path.join(tmp, "score.json")))
    assert report["documents"] == check["documents"] == 2
    assert report["goldSpans"] == check["goldSpans"]
    for layer in ("core", "title"):
        for mode in ("strict", "partial"):
            assert flat(report[layer][mode]) == pytest.approx(flat(check[layer][mode]), rel=1e-12), (layer, mode)
    for key in ("precision", "recall", "f1"):
        assert report["linking"][key] == pytest.approx(check["linking"][key], abs=1e-12)
