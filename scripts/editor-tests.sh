#!/usr/bin/env bash
# Real-editor tests: headless Neovim (Debian's 0.7) drives `gloss serve`
# through the configuration shipped in editors/. Installs the editor when
# missing. Prints "N passed, N failed" per editor.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh editors
bin="$(swift build --show-bin-path)/gloss"
[ -x "$bin" ] || swift build --product gloss
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/annotations"
cp -r seeds "$work/seeds"
status=0
GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" GLOSS_BIN="$bin" \
  timeout 120 nvim --headless --clean -S Tests/Editors/neovim-0.7.lua || status=1
exit $status
