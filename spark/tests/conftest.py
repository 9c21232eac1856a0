"""One SparkSession (local[2]) for the whole test session: one JVM start."""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(REPO, "spark"))


def gloss_binary() -> str:
    """$GLOSS_BINARY, else the debug build (what `make test` builds)."""
    binary = os.environ.get("GLOSS_BINARY")
    if not binary:
        bin_path = subprocess.run(
            ["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True, check=True
        ).stdout.strip()
        binary = os.path.join(bin_path, "gloss")
    if not os.access(binary, os.X_OK):
        pytest.exit(f"no gloss binary at {binary}: run swift build first (or set GLOSS_BINARY)", returncode=2)
    return binary


@pytest.fixture(scope="session")
def gloss():
    return gloss_binary()


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("gloss-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.memory", "1g")
        .config("spark.sql.adaptive.enabled", "true")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture
def tmp(tmp_path):
    yield str(tmp_path)
    shutil.rmtree(tmp_path, ignore_errors=True)
