#!/usr/bin/env python3
"""`make bench-spark`: documents per second of the Spark job in local[1] and
local[2] against plain `gloss extract --input jsonl`, on generated corpora
(spark/generate_corpus.py) of each size given (default 10,000 and 100,000
documents), and how the cost grows from the smallest size to the largest.
Not a test: the machine is shared and its speed varies.

    GLOSS_BINARY=.build/release/gloss spark/bench_spark.py 10000 100000
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gloss_spark  # noqa: E402
from generate_corpus import generate  # noqa: E402


def write_corpus(path: str, count: int) -> int:
    import json

    with open(path, "w", encoding="utf-8") as f:
        for doc_id, text in generate(count, os.path.join(HERE, "..", "seeds"), seed=1):
            f.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
    return os.path.getsize(path)


def plain(gloss: str, corpus: str, root: str) -> float:
    start = time.perf_counter()
    with open(corpus, "rb") as stdin, open(os.devnull, "wb") as stdout:
        subprocess.run([gloss, "extract", "--input", "jsonl", "--root", root], stdin=stdin, stdout=stdout,
                       check=True)
    return time.perf_counter() - start


def spark_run(master: str, gloss: str, corpus: str, work: str, warm: str) -> tuple[float, float, dict]:
    from pyspark.sql import SparkSession

    started = time.perf_counter()
    spark = (SparkSession.builder.master(master).appName("gloss-bench").config("spark.ui.enabled", "false")
             .config("spark.driver.memory", "4g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    gloss_spark.tune_local(spark)
    jvm = time.perf_counter() - started
    output = os.path.join(work, "out-" + master.strip("local[]"))
    # A first, untimed run on a small corpus: the JVM's JIT and Python workers warm up.
    gloss_spark.run(spark, gloss_spark.parse_args(["--input", warm, "--gloss", gloss, "--output", output]))
    args = gloss_spark.parse_args(["--input", corpus, "--gloss", gloss, "--output", output])
    start = time.perf_counter()
    summary = gloss_spark.run(spark, args)
    elapsed = time.perf_counter() - start
    spark.stop()
    shutil.rmtree(output, ignore_errors=True)
    return jvm, elapsed, summary


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [10000, 100000]
    gloss = os.environ.get("GLOSS_BINARY") or shutil.which("gloss")
    if not gloss:
        sys.exit("bench_spark: set GLOSS_BINARY to a release gloss")
    cores = os.cpu_count()
    print(f"machine: {cores} cores, {os.uname().sysname} {os.uname().release}; gloss: {gloss}")
    print(f"{'documents':>10} {'MB':>7} {'runner':<22} {'seconds':>8} {'docs/s':>9} {'mentions':>10} {'entities':>9}")
    results = {}
    for count in sizes:
        work = tempfile.mkdtemp(prefix="gloss-bench-spark-")
        try:
            corpus = os.path.join(work, "corpus.jsonl")
            size = write_corpus(corpus, count) / 1e6
            warm = os.path.join(work, "warm.jsonl")
            write_corpus(warm, 1000)
            root = os.path.join(work, "root")
            os.makedirs(root)
            seconds = plain(gloss, corpus, root)
            results[(count, "plain")] = seconds
            print(f"{count:>10} {size:>7.1f} {'gloss extract (2 cores)':<22} {seconds:>8.2f} {count / seconds:>9.0f}",
                  flush=True)
            for master in ("local[1]", "local[2]"):
                jvm, seconds, summary = spark_run(master, gloss, corpus, work, warm)
                assert summary["documents"] == count and summary["errorCount"] == 0, summary
                results[(count, master)] = seconds
                print(f"{count:>10} {size:>7.1f} {'spark ' + master:<22} {seconds:>8.2f} {count / seconds:>9.0f}"
                      f" {summary['mentions']:>10} {summary['entities']:>9}   (session start {jvm:.1f} s, then a warm-up run)",
                      flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        print(f"cost growth {small} -> {large} documents (x{large / small:g} the documents):")
        for runner in ("plain", "local[1]", "local[2]"):
            print(f"  {runner:<10} x{results[(large, runner)] / results[(small, runner)]:.2f} the time")


if __name__ == "__main__":
    main()
