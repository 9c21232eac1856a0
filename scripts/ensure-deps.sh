#!/usr/bin/env bash
# Installs what building and testing Gloss needs on Debian, when missing.
#   scripts/ensure-deps.sh           build deps: libjansson-dev, pkg-config
#   scripts/ensure-deps.sh editors   also the editors the real-editor tests drive or load
#   scripts/ensure-deps.sh report    also chromium, which the report test renders the page in
#   scripts/ensure-deps.sh spark     also a Java 17 runtime (Debian) and PySpark and pytest (PyPI,
#                                    spark/requirements.txt) for the Spark job's local-mode tests
set -euo pipefail

packages=(libjansson-dev pkg-config)
if [ "${1:-}" = "editors" ]; then packages+=(neovim emacs-nox elpa-eglot vim kakoune); fi
if [ "${1:-}" = "report" ]; then packages+=(chromium); fi
if [ "${1:-}" = "spark" ]; then
  command -v java >/dev/null 2>&1 && java -version 2>&1 | grep -qE 'version "(1[7-9]|2[0-9])' ||
    packages+=(openjdk-17-jre-headless)
  command -v python3 >/dev/null 2>&1 || packages+=(python3)
  python3 -m pip --version >/dev/null 2>&1 || packages+=(python3-pip)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  [ "${1:-}" = "spark" ] && exec "$(dirname "$0")/ensure-python-deps.sh"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "gloss: missing ${missing[*]} and no apt-get here; install them with your package manager." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "gloss: missing ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
echo "gloss: installing ${missing[*]}" >&2
${SUDO:-} apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
[ "${1:-}" = "spark" ] && exec "$(dirname "$0")/ensure-python-deps.sh"
exit 0
