#!/usr/bin/env bash
# Installs spark/requirements.txt (PySpark, pytest) with pip for the python3 on PATH, when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if python3 -c 'import pyspark, pytest' 2>/dev/null; then exit 0; fi
echo "gloss: installing spark/requirements.txt (PySpark, pytest) with pip" >&2
pip=(python3 -m pip install -q --disable-pip-version-check -r spark/requirements.txt)
# Debian's own python3 refuses pip installs (PEP 668) unless told otherwise.
if ! "${pip[@]}" 2>/tmp/gloss-pip.$$; then
  if grep -q externally-managed /tmp/gloss-pip.$$; then
    "${pip[@]}" --break-system-packages
  else
    cat /tmp/gloss-pip.$$ >&2
    rm -f /tmp/gloss-pip.$$
    exit 1
  fi
fi
rm -f /tmp/gloss-pip.$$
