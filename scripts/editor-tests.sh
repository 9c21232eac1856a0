#!/usr/bin/env bash
# Real-editor tests: headless Neovim (Debian's 0.7) and Emacs with eglot
# (Debian's 1.9) drive `gloss serve` through the configurations shipped in
# editors/, each installed from Debian when missing. The configurations for
# newer editors are checked for syntax only. Prints "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh editors
bin="$(swift build --show-bin-path)/gloss"
[ -x "$bin" ] || swift build --product gloss

passed=0
failed=0
check() { # name command…
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "editor test failed: $name" >&2; fi
}

fresh_workspace() {
  local work
  work="$(mktemp -d)"
  mkdir -p "$work/annotations"
  cp -r seeds "$work/seeds"
  echo "$work"
}

run_neovim() {
  local work
  work="$(fresh_workspace)"
  GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" GLOSS_BIN="$bin" \
    timeout 120 nvim --headless --clean -S Tests/Editors/neovim.lua
  local status=$?
  rm -rf "$work"
  return $status
}

run_emacs() {
  local work
  work="$(fresh_workspace)"
  GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" GLOSS_BIN="$bin" \
    timeout 120 emacs --batch -q -l Tests/Editors/emacs-eglot.el
  local status=$?
  rm -rf "$work"
  return $status
}

# Syntax only: Lua through Neovim's loadfile (compiles, does not run), TOML and
# JSON through Python, Emacs Lisp through the reader.
syntax_lua() { nvim --headless --clean -c "lua assert(loadfile('$1'))" -c 'qall!' 2>&1 | (! grep .); }
syntax_toml() { python3 -c "import sys, tomllib; tomllib.load(open(sys.argv[1], 'rb'))" "$1"; }
syntax_json() { python3 -c "import sys, json; json.load(open(sys.argv[1]))" "$1"; }
syntax_elisp() { emacs --batch -q --eval "(with-temp-buffer (insert-file-contents \"$1\") (condition-case e (while t (read (current-buffer))) (end-of-file nil)))"; }

check neovim-0.7 run_neovim
check emacs-eglot run_emacs
for f in editors/neovim/*.lua; do check "$f" syntax_lua "$f"; done
for f in editors/helix/languages.toml editors/kakoune/kak-lsp.toml; do check "$f" syntax_toml "$f"; done
for f in editors/sublime/LSP-gloss.sublime-settings editors/zed/settings.json editors/vscode/package.json; do
  check "$f" syntax_json "$f"
done
check editors/emacs/gloss.el syntax_elisp editors/emacs/gloss.el

echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
