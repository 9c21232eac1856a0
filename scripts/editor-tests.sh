#!/usr/bin/env bash
# Real-editor tests: headless Neovim (Debian's 0.7) and Emacs with eglot
# (Debian's 1.9) drive `gloss serve` through the setups shipped in editors/;
# Vim and Kakoune load theirs without their LSP plugins (stand-ins record
# what the setup asks of them); the setups for editors that cannot run here
# (VS Code, Helix, Sublime Text) are checked against each editor's documented
# schema, and all against the server's legend (Tests/Editors/validate.py).
# The editors are installed from Debian when missing. Prints "N passed, N failed".
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

run_neovim() { # [nvim binary]
  local work
  work="$(fresh_workspace)"
  GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" GLOSS_BIN="$bin" \
    timeout 120 "${1:-nvim}" --headless --clean -S Tests/Editors/neovim.lua
  local status=$?
  rm -rf "$work"
  return $status
}

run_vim() {
  local work out status
  work="$(fresh_workspace)"
  out="$(mktemp)"
  GLOSS_TEST_OUT="$out" GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" GLOSS_BIN="$bin" \
    timeout 30 vim -Nu NONE -i NONE -es -S Tests/Editors/vim.vim </dev/null
  status=$?
  cat "$out" >&2
  [ -s "$out" ] || { echo "vim: the test wrote nothing" >&2; status=1; }
  rm -rf "$work" "$out"
  return $status
}

run_kakoune() {
  local work out status
  work="$(fresh_workspace)"
  out="$(mktemp -d)"
  GLOSS_TEST_OUT="$out" GLOSS_REPO="$PWD" GLOSS_WORKSPACE="$work" \
    timeout 30 kak -n -ui dummy -e 'source Tests/Editors/kakoune.kak' </dev/null
  status=$?
  [ $status -eq 0 ] && { python3 Tests/Editors/validate.py kakoune "$out"; status=$?; }
  rm -rf "$work" "$out"
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

# Syntax: Lua through Neovim's loadfile (compiles, does not run), Emacs Lisp
# through the reader.
syntax_lua() { nvim --headless --clean -c "lua assert(loadfile('$1'))" -c 'qall!' 2>&1 | (! grep .); }
syntax_elisp() { emacs --batch -q --eval "(with-temp-buffer (insert-file-contents \"$1\") (condition-case e (while t (read (current-buffer))) (end-of-file nil)))"; }

check neovim run_neovim
# GLOSS_TEST_NVIM=/path/to/nvim runs the same test on another Neovim too (0.9+
# checks Neovim's own semantic tokens instead of the painter's extmarks).
if [ -n "${GLOSS_TEST_NVIM:-}" ]; then check "neovim ($GLOSS_TEST_NVIM)" run_neovim "$GLOSS_TEST_NVIM"; fi
check emacs-eglot run_emacs
check vim run_vim
check kakoune run_kakoune
check editors/neovim/gloss.lua syntax_lua editors/neovim/gloss.lua
check editors/emacs/gloss.el syntax_elisp editors/emacs/gloss.el
for what in legend vscode helix sublime; do check "$what" python3 Tests/Editors/validate.py "$what"; done

echo "editors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
