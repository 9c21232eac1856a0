#!/usr/bin/env bash
# Installs what building and testing Gloss needs on Debian, when missing.
#   scripts/ensure-deps.sh           build deps: libjansson-dev, pkg-config
#   scripts/ensure-deps.sh editors   also the editors the real-editor tests drive or load
#   scripts/ensure-deps.sh report    also chromium, which the report test renders the page in
set -euo pipefail

packages=(libjansson-dev pkg-config)
if [ "${1:-}" = "editors" ]; then packages+=(neovim emacs-nox elpa-eglot vim kakoune); fi
if [ "${1:-}" = "report" ]; then packages+=(chromium); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

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
