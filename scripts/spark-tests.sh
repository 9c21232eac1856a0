#!/usr/bin/env bash
# The Spark job's local-mode tests (spark/tests): installs a Java 17 runtime and PySpark when
# missing, then runs them in one pytest session (one SparkSession, local[2]) against the built gloss.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh spark
# Spark 4 needs Java 17 or later: prefer Debian's 17 when the default java is older.
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])'; then
  for home in /usr/lib/jvm/java-17-openjdk-*; do [ -x "$home/bin/java" ] && export JAVA_HOME="$home" PATH="$home/bin:$PATH"; done
fi
export GLOSS_BINARY="${GLOSS_BINARY:-$(${SWIFT:-swift} build --show-bin-path)/gloss}"
[ -x "$GLOSS_BINARY" ] || ${SWIFT:-swift} build --product gloss
export PYSPARK_PYTHON="${PYSPARK_PYTHON:-$(command -v python3)}"
exec python3 -m pytest -q -p no:cacheprovider spark/tests
