#!/usr/bin/env python3
"""Gloss on Apache Spark: extraction as a map, the entity table as a reduce.

Extraction of one document is a pure function of its text and the workspace's
rules, knowledge base and corrections, so each partition is piped through one
`gloss extract --input jsonl` process on the executor (the binary and the
`annotations/` store are shipped with SparkContext.addFile). The entity table
(per entity id: label, name, aliases, mentions, documents, first mention and
defining mention) is a reduce keyed on the entity id; `--score GOLD` computes
the strict and partial figures of `gloss check` as a map over documents and a
reduce over labels. See spark/README.md.

    spark-submit spark/gloss_spark.py --input seeds --root . --output /tmp/out
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
from urllib.parse import unquote, urlparse

# Column layout of the mentions table: the span format of `gloss extract
# --format jsonl` (doc, start, end, label, layer, text, entity, value,
# source, confidence), plus `n`,
# the mention's place in its document (extract's order), for sorting.
SPAN_FIELDS = ["doc", "start", "end", "label", "layer", "text", "entity", "value", "source", "confidence"]


# --------------------------------------------------------------------------
# Executors: one gloss process per partition.


def _executable(path: str) -> str:
    """The shipped binary, made executable (SparkFiles may drop the bit)."""
    mode = os.stat(path).st_mode
    if mode & stat.S_IXUSR:
        return path
    try:
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return path
    except OSError:
        copy = os.path.join(tempfile.mkdtemp(prefix="gloss-bin-"), "gloss")
        shutil.copy(path, copy)
        os.chmod(copy, 0o755)
        return copy


_EMPTY_ROOT = None


def gloss_partition(lines, gloss: str, root: str, flags: list[str]):
    """Pipes one partition's JSON lines through `gloss extract --input jsonl`
    and yields the parsed output lines, one per input line, in order.

    `gloss` and `root` are paths on the executor; when they are SparkFiles
    names (no slash), they are looked up in the SparkFiles folder."""
    from pyspark import SparkFiles

    if "/" not in gloss:
        gloss = SparkFiles.get(gloss)
    if root == "":
        # No store shipped: the built-in rules, in an empty root (one per worker process).
        global _EMPTY_ROOT
        if _EMPTY_ROOT is None or not os.path.isdir(_EMPTY_ROOT):
            _EMPTY_ROOT = tempfile.mkdtemp(prefix="gloss-root-")
        root = _EMPTY_ROOT
    elif "/" not in root:
        # The shipped root: a folder holding annotations/.
        root = SparkFiles.get(root)
    command = [_executable(gloss), "extract", "--input", "jsonl", "--root", root] + flags
    # A large write buffer: gloss extracts what it has read whenever no further line is waiting.
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=1 << 20)
    errors: list[BaseException] = []
    stderr_chunks: list[bytes] = []

    def feed():
        try:
            for line in lines:
                process.stdin.write(line.encode("utf-8"))
                process.stdin.write(b"\n")
        except BaseException as error:  # a broken pipe is reported below with gloss's stderr
            errors.append(error)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    def drain():
        stderr_chunks.append(process.stderr.read())

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain, daemon=True)
    writer.start()
    reader.start()
    for raw in process.stdout:
        yield raw.decode("utf-8")
    writer.join()
    reader.join()
    status = process.wait()
    # 1 means some lines could not be read: they came out as error lines.
    if status not in (0, 1) or (errors and not isinstance(errors[0], BrokenPipeError)):
        message = b"".join(stderr_chunks).decode("utf-8", "replace")[-2000:]
        raise RuntimeError(f"gloss exited {status}: {message} {errors[:1]}")
    if errors:
        raise RuntimeError("gloss closed its input early: " + b"".join(stderr_chunks).decode("utf-8", "replace"))


# What gloss writes per document, read on the JVM side. A numeric id is read
# as its JSON text, which is also the `doc` gloss gives its mentions.
STREAMED_SCHEMA = (
    "id string, line long, error string, mentions array<struct<doc: string, start: long, end: long, "
    "label: string, layer: string, text: string, entity: string, value: string, source: string, "
    "confidence: double>>"
)


def stage_store(annotations: str) -> str:
    """Copies annotations/ into a temporary root folder named after its
    contents (`gloss-store-<sha256 prefix>`), which is what is shipped: the
    executors get a root folder holding annotations/, and two jobs with
    different stores in one SparkContext ship under different names."""
    import hashlib

    digest = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(annotations)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            digest.update(os.path.relpath(path, annotations).encode() + b"\0")
            with open(path, "rb") as f:
                digest.update(f.read())
            digest.update(b"\0")
    name = "gloss-store-" + digest.hexdigest()[:16]
    staged = os.path.join(tempfile.gettempdir(), name)
    if not os.path.isdir(staged):
        partial = tempfile.mkdtemp(prefix=name + ".")
        shutil.copytree(annotations, os.path.join(partial, "annotations"))
        try:
            os.rename(partial, staged)
        except OSError:  # another job staged the same store meanwhile
            shutil.rmtree(partial, ignore_errors=True)
    return name


# --------------------------------------------------------------------------
# Reading documents: text files, JSON Lines or Parquet, as JSON lines for gloss.


def relative_id(uri: str, base: str) -> str:
    """A text file's id: its path relative to `base` (as `gloss extract`
    names documents relative to the workspace root), else the whole URI."""
    parsed = urlparse(uri)
    path = unquote(parsed.path) if parsed.scheme in ("file", "") else uri
    base = base.rstrip("/") + "/"
    if parsed.scheme in ("file", "") and path.startswith(base):
        return path[len(base) :]
    return uri


def document_lines(spark, inputs: list[str], fmt: str, base: str, id_column: str, text_column: str):
    """An RDD of JSON lines `{"id", "text", …}`, one per document."""
    from pyspark.sql import functions as F

    if fmt == "auto":
        first = inputs[0].rstrip("/")
        fmt = "parquet" if first.endswith(".parquet") else "jsonl" if first.endswith((".jsonl", ".json")) else "text"
    if fmt == "text":
        frame = (
            spark.read.text(inputs, wholetext=True, recursiveFileLookup=True, pathGlobFilter="*.txt")
            .select(F.col("_metadata.file_path").alias("uri"), F.col("value").alias("text"))
        )
        return frame.rdd.map(lambda row: json.dumps({"id": relative_id(row.uri, base), "text": row.text}))
    if fmt == "jsonl" and id_column == "id" and text_column == "text":
        # As they are: gloss reads them and passes the other fields through.
        return spark.sparkContext.textFile(",".join(inputs)).filter(lambda line: line.strip() != "")
    frame = spark.read.json(inputs) if fmt == "jsonl" else spark.read.parquet(*inputs)
    renamed = [
        F.col(c).alias("id") if c == id_column else F.col(c).alias("text") if c == text_column else F.col(c)
        for c in frame.columns
        if not (c in ("id", "text") and c not in (id_column, text_column))
    ]
    return frame.select(F.to_json(F.struct(*renamed)).alias("line")).rdd.map(lambda row: row.line)


# --------------------------------------------------------------------------
# The reduce: the entity table.


def entity_table(mentions):
    """Per entity id, over the core layer's linked mentions (as the server's
    index counts them): the most frequent label (ties: the first label in
    alphabetical order), `name` (the defining mention's text: the one with
    the most words, then the first document in path order, then the first in
    that document), aliases (the other surface forms, most frequent first),
    mention and document counts, and the first mention in corpus order."""
    from pyspark.sql import functions as F

    core = mentions.where(F.col("entity").isNotNull() & F.col("layer").isNull())
    words = F.size(F.split(F.col("text"), " ", -1))
    totals = core.groupBy("entity").agg(
        F.count(F.lit(1)).alias("mentions"),
        F.countDistinct("doc").alias("documents"),
        F.min(F.struct("doc", "n", "start", "end", "text")).alias("first"),
        F.min(F.struct((-words).alias("w"), "doc", "n", "start", "end", "text")).alias("d"),
    )
    labels = (
        core.groupBy("entity", "label")
        .count()
        .groupBy("entity")
        .agg(F.min(F.struct((-F.col("count")).alias("c"), "label")).alias("l"))
        .select("entity", F.col("l.label").alias("label"))
    )
    surfaces = (
        core.groupBy("entity", "text")
        .count()
        .groupBy("entity")
        .agg(F.sort_array(F.collect_list(F.struct((-F.col("count")).alias("c"), "text"))).alias("s"))
    )
    table = totals.join(labels, "entity").join(surfaces, "entity")
    return table.select(
        F.col("entity").alias("id"),
        "label",
        F.col("d.text").alias("name"),
        F.expr("filter(transform(s, x -> x.text), t -> t != d.text)").alias("aliases"),
        "mentions",
        "documents",
        F.struct(F.col("first.doc").alias("doc"), F.col("first.start").alias("start"), F.col("first.end").alias("end"),
                 F.col("first.text").alias("text")).alias("first"),
        F.struct(F.col("d.doc").alias("doc"), F.col("d.start").alias("start"), F.col("d.end").alias("end")).alias(
            "definition"),
    )


# --------------------------------------------------------------------------
# --score: the figures of `gloss check` (Sources/Workspace/Scoring.swift).


def score_layer(gold: list[dict], predicted: list[dict]) -> dict:
    """One document's layer: {(mode, label): [correct, predicted, gold]}, as Scorer.score."""
    counts: dict = {}

    def bump(mode, label, index, amount):
        counts.setdefault((mode, label), [0.0, 0, 0])[index] += amount

    for g in gold:
        for mode in ("strict", "partial"):
            bump(mode, g["label"], 2, 1)
    for p in predicted:
        for mode in ("strict", "partial"):
            bump(mode, p["label"], 1, 1)
    key = lambda s: (s["start"], s["end"], s["label"])  # noqa: E731
    gold_keys = {key(g) for g in gold}
    exact = set()
    for p in predicted:
        k = key(p)
        if k in gold_keys and k not in exact:
            exact.add(k)
            bump("strict", p["label"], 0, 1.0)
            bump("partial", p["label"], 0, 1.0)
    used = {i for i, g in enumerate(gold) if key(g) in exact}
    for p in predicted:
        if key(p) in exact:
            continue
        for i, g in enumerate(gold):
            if i not in used and g["label"] == p["label"] and g["start"] < p["end"] and p["start"] < g["end"]:
                used.add(i)
                bump("partial", p["label"], 0, 0.5)
                break
    return counts


def score_document(gold: list[dict], predicted: list[dict]):
    """((layer, mode, label), counts) items and (gold entity, predicted entity) link pairs."""
    items = []
    pairs = []
    for layer in ("core", "title"):
        is_title = layer == "title"
        g = [s for s in gold if (s.get("layer") == "title" or s["label"] == "TITLE") == is_title]
        p = [m for m in predicted if (m.get("layer") == "title") == is_title]
        for (mode, label), c in score_layer(g, p).items():
            items.append(((layer, mode, label), c))
        if not is_title:
            by_key = {}
            for m in p:
                by_key.setdefault((m["start"], m["end"], m["label"]), m)
            for s in g:
                found = by_key.get((s["start"], s["end"], s["label"]))
                if s.get("entity") and found and found.get("entity"):
                    pairs.append((s["entity"], found["entity"]))
    return items, pairs


def figures(c) -> dict:
    correct, predicted, gold = c
    precision = (1.0 if gold == 0 else 0.0) if predicted == 0 else correct / predicted
    recall = (1.0 if predicted == 0 else 0.0) if gold == 0 else correct / gold
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return {"gold": gold, "predicted": predicted, "correct": correct, "precision": precision, "recall": recall,
            "f1": f1}


def score(spark, mentions, extracted, gold_path: str) -> dict:
    """Strict and partial counts per label and micro-averaged, per layer, and
    B-cubed linking, over the extracted documents (`extracted`: an RDD of
    their ids) that have gold spans, in the shape of `gloss check --format
    json` (`documents`, `goldSpans`, `core`, `title`, `linking`)."""
    from pyspark.sql import functions as F

    paths = os.path.join(os.path.abspath(gold_path), "*.jsonl") if os.path.isdir(gold_path) else gold_path
    gold = spark.read.schema(
        "doc string, start long, end long, label string, layer string, text string, entity string"
    ).json(paths)
    gold_by_doc = gold.rdd.map(lambda r: (r.doc, r.asDict())).groupByKey()
    predicted_by_doc = mentions.rdd.map(lambda r: (r.doc, (r.n, r.asDict()))).groupByKey()
    # Documents with gold that were extracted, with their mentions (maybe none): a shuffle keyed on the id.
    joined = (
        gold_by_doc.join(extracted.map(lambda doc: (doc, None)))
        .mapValues(lambda v: v[0])
        .leftOuterJoin(predicted_by_doc)
    )

    def per_document(item):
        doc, (gold_spans, predicted) = item
        ordered = [m for _, m in sorted(predicted or [], key=lambda x: x[0])]
        return score_document(list(gold_spans), ordered)

    scored = joined.map(per_document).cache()
    counts = dict(
        scored.flatMap(lambda x: x[0])
        .reduceByKey(lambda a, b: [a[0] + b[0], a[1] + b[1], a[2] + b[2]])
        .collect()
    )
    pairs = spark.createDataFrame(scored.flatMap(lambda x: x[1]), "g string, p string")
    shared = pairs.groupBy("g", "p").agg(F.count(F.lit(1)).alias("both"))
    sizes_g = pairs.groupBy("g").agg(F.count(F.lit(1)).alias("gs"))
    sizes_p = pairs.groupBy("p").agg(F.count(F.lit(1)).alias("ps"))
    b = shared.join(sizes_g, "g").join(sizes_p, "p").agg(
        F.sum(F.col("both") * F.col("both") / F.col("ps")).alias("precision"),
        F.sum(F.col("both") * F.col("both") / F.col("gs")).alias("recall"),
        F.sum("both").alias("n"),
    ).collect()[0]
    n = b["n"] or 0
    precision, recall = (b["precision"] / n, b["recall"] / n) if n else (0.0, 0.0)
    report = {"documents": scored.count(), "goldSpans": int(joined.map(lambda x: len(x[1][0])).sum())}
    for layer in ("core", "title"):
        out = {}
        for mode in ("strict", "partial"):
            labels = sorted({label for (l, m, label) in counts if l == layer and m == mode})
            total = [0.0, 0, 0]
            per_label = {}
            for label in labels:
                c = counts[(layer, mode, label)]
                per_label[label] = figures(c)
                total = [total[0] + c[0], total[1] + c[1], total[2] + c[2]]
            out[mode] = {"labels": per_label, "micro": figures(total)}
        report[layer] = out
    f1 = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    report["linking"] = {"precision": precision, "recall": recall, "f1": f1}
    return report


def score_text(report: dict) -> str:
    lines = [f"scored {report['documents']} documents, {report['goldSpans']} gold spans"]
    for layer in ("core", "title"):
        for mode in ("strict", "partial"):
            m = report[layer][mode]["micro"]
            lines.append(
                f"{layer:5} {mode:7} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
                f"  (gold {m['gold']}, predicted {m['predicted']}, correct {m['correct']:g})")
    link = report["linking"]
    lines.append(f"linking (B-cubed)  P {link['precision']:.3f}  R {link['recall']:.3f}  F1 {link['f1']:.3f}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# The job.


def run(spark, args) -> dict:
    """Extracts, reduces and writes; returns what it did (counts, score)."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    # The executors' Python workers unpickle this module's functions: ship it
    # (when run as a script they are pickled by value, and this is harmless).
    sc.addPyFile(os.path.abspath(__file__))
    root = os.path.abspath(args.root) if args.root else None
    # Ship the binary and the store: each executor gets them in its SparkFiles folder.
    gloss = args.gloss
    if not args.no_ship:
        sc.addFile(gloss)
        gloss_name = os.path.basename(urlparse(gloss).path)
        annotations = os.path.join(root, "annotations") if root else None
        executor_root = ""
        if annotations and os.path.isdir(annotations):
            executor_root = stage_store(annotations)
            sc.addFile(os.path.join(tempfile.gettempdir(), executor_root), recursive=True)
        gloss = gloss_name
    else:
        executor_root = root or ""
    flags = []
    if args.rules_only:
        flags.append("--rules-only")
    if args.min_confidence is not None:
        flags += ["--min-confidence", str(args.min_confidence)]

    base = os.path.abspath(args.text_base or root or os.getcwd())
    lines = document_lines(spark, args.input, args.format, base, args.id_column, args.text_column)
    partitions = args.partitions or max(sc.defaultParallelism, 1)
    if args.partitions or lines.getNumPartitions() < partitions:
        lines = lines.repartition(partitions)
    streamed = lines.mapPartitions(lambda it: gloss_partition(it, gloss, executor_root, flags))
    # gloss's lines are parsed on the JVM side (Python only moves their bytes),
    # and kept: gloss runs once per partition however many outputs follow.
    documents = spark.read.schema(STREAMED_SCHEMA).json(streamed).persist(StorageLevel.MEMORY_AND_DISK)
    mentions = (
        documents.where(F.col("error").isNull())
        .select(F.posexplode("mentions").alias("n", "m"))
        .select(F.col("m.doc").alias("doc"), "n", *[F.col("m." + f).alias(f) for f in SPAN_FIELDS[1:]])
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    errors = documents.where(F.col("error").isNotNull()).select(
        F.to_json(F.struct("id", "line", "error")).alias("json"))

    out = args.output.rstrip("/")
    mentions.write.mode("overwrite").parquet(out + "/mentions.parquet")
    ordered = mentions.orderBy("doc", "n").select(*SPAN_FIELDS)
    ordered.write.mode("overwrite").option("ignoreNullFields", True).json(out + "/mentions.jsonl")
    entities = entity_table(mentions).persist(StorageLevel.MEMORY_AND_DISK)
    entities.write.mode("overwrite").parquet(out + "/entities.parquet")
    entities.orderBy("id").write.mode("overwrite").json(out + "/entities.jsonl")

    summary = {
        "documents": documents.count(),
        "mentions": mentions.count(),
        "entities": entities.count(),
        "errors": [row.json for row in errors.take(20)],
        "errorCount": errors.count(),
    }
    if args.score:
        extracted = documents.where(F.col("error").isNull()).select("id").rdd.map(lambda row: row.id)
        report = score(spark, mentions, extracted, args.score)
        summary["score"] = report
        text = json.dumps(report, indent=1)
        if urlparse(out).scheme in ("", "file"):
            with open(os.path.join(urlparse(out).path, "score.json"), "w", encoding="utf-8") as f:
                f.write(text + "\n")
        else:
            spark.createDataFrame([(text,)], "value string").coalesce(1).write.mode("overwrite").text(
                out + "/score.json")
    for frame in (entities, mentions, documents):
        frame.unpersist()
    return summary


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", action="append", required=True,
                        help="documents: a folder or glob of *.txt, JSON Lines or Parquet (repeatable)")
    parser.add_argument("--format", choices=["auto", "text", "jsonl", "parquet"], default="auto",
                        help="input format (auto: by the first input's suffix; text otherwise)")
    parser.add_argument("--output", required=True, help="output folder (mentions, entities, score)")
    parser.add_argument("--root", help="the workspace root whose annotations/ is shipped (default: none, "
                        "the built-in rules)")
    parser.add_argument("--gloss", default=os.environ.get("GLOSS_BINARY", "gloss"),
                        help="the gloss binary to ship (default: $GLOSS_BINARY, else gloss on PATH)")
    parser.add_argument("--text-base", help="text files' ids are their paths relative to this folder "
                        "(default: --root, else the current folder)")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--partitions", type=int, help="extraction partitions (default: the default parallelism)")
    parser.add_argument("--rules-only", action="store_true", help="as gloss extract --rules-only")
    parser.add_argument("--min-confidence", type=float, help="as gloss extract --min-confidence")
    parser.add_argument("--score", metavar="GOLD", help="a gold *.jsonl file or folder: print and write the scores")
    parser.add_argument("--master", help="the Spark master when not run by spark-submit (e.g. local[2])")
    parser.add_argument("--no-ship", action="store_true",
                        help="do not ship: --gloss and --root are paths that exist on every executor")
    args = parser.parse_args(argv)
    if "/" in args.gloss or os.path.exists(args.gloss):
        args.gloss = os.path.abspath(args.gloss) if "://" not in args.gloss else args.gloss
    else:
        found = shutil.which(args.gloss)
        if not found:
            parser.error(f"no gloss binary: {args.gloss} (give --gloss or $GLOSS_BINARY)")
        args.gloss = found
    return args


def tune_local(spark) -> None:
    """In local mode, unless configured: as many shuffle partitions as cores
    (Spark's 200 cost more than the tests' whole extraction)."""
    sc = spark.sparkContext
    if sc.master.startswith("local") and not sc.getConf().contains("spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", str(max(sc.defaultParallelism, 1)))


def main(argv=None) -> int:
    from pyspark.sql import SparkSession

    args = parse_args(argv)
    builder = SparkSession.builder.appName("gloss")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    tune_local(spark)
    try:
        summary = run(spark, args)
    finally:
        spark.stop()
    print(f"gloss-spark: {summary['documents']} documents, {summary['mentions']} mentions, "
          f"{summary['entities']} entities -> {args.output}")
    if "score" in summary:
        print(score_text(summary["score"]))
    for error in summary["errors"]:
        print(f"gloss-spark: {error}", file=sys.stderr)
    return 1 if summary["errorCount"] else 0


if __name__ == "__main__":
    sys.exit(main())
