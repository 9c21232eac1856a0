# Kakoune test of editors/kakoune/gloss.kak (plugin-less): stand-ins for the
# kakoune-lsp commands and options, then a seed opened as a user would; the
# values it gets are written to files for Tests/Editors/validate.py.
# Run by scripts/editor-tests.sh: kak -n -ui dummy -e 'source Tests/Editors/kakoune.kak'
declare-option str lsp_servers
declare-option str lsp_semantic_tokens
declare-option str gloss_test_enabled no
define-command lsp-enable-window %{ set-option window gloss_test_enabled yes }
define-command lsp-semantic-tokens %{ nop }
try %{
    source %sh{ printf '%s/editors/kakoune/gloss.kak' "$GLOSS_REPO" }
    edit %sh{ printf '%s/seeds/001_dbe25a89b6a06857.txt' "$GLOSS_WORKSPACE" }
    echo -to-file %sh{ printf '%s/filetype' "$GLOSS_TEST_OUT" } %opt{filetype}
    echo -to-file %sh{ printf '%s/enabled' "$GLOSS_TEST_OUT" } %opt{gloss_test_enabled}
    echo -to-file %sh{ printf '%s/lsp_servers.toml' "$GLOSS_TEST_OUT" } %opt{lsp_servers}
    echo -to-file %sh{ printf '%s/lsp_semantic_tokens.toml' "$GLOSS_TEST_OUT" } %opt{lsp_semantic_tokens}
} catch %{
    echo -to-file %sh{ printf '%s/error' "$GLOSS_TEST_OUT" } %val{error}
}
quit!
