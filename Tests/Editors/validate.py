#!/usr/bin/env python3
"""Checks the editor setups that no editor here can run against each editor's
documented schema, and every setup against the legend the server advertises.

  validate.py legend                 the shipped setups cover the server's legend
  validate.py vscode|helix|sublime   one setup against its editor's schema
  validate.py kakoune DIR            the option values a real Kakoune gave a
                                     seed (written by Tests/Editors/kakoune.kak)

Prints what is wrong and exits 1, or exits 0 silently. Python 3.11+ (tomllib).
"""

import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
problems = []


def problem(message):
    problems.append(message)


def legend():
    """The token types and modifiers of Sources/Server/SemanticTokens.swift."""
    source = (ROOT / "Sources/Server/SemanticTokens.swift").read_text()

    def strings(name):
        found = re.search(r"static let " + name + r" = \[([^\]]*)\]", source)
        if not found:
            sys.exit(f"validate: no `{name}` in SemanticTokens.swift")
        return re.findall(r'"([^"]+)"', found.group(1))

    return strings("types"), strings("modifiers")


TYPES, MODIFIERS = legend()
# LSP 3.17's predefined modifiers; any other must be declared to VS Code.
STANDARD_MODIFIERS = {
    "declaration", "definition", "readonly", "static", "deprecated", "abstract",
    "async", "modification", "documentation", "defaultLibrary",
}


def check_legend():
    """Each shipped setup maps every token type the server sends."""
    lua = (ROOT / "editors/neovim/gloss.lua").read_text()
    table = re.search(r"M\.type_groups = \{(.*?)\n\}", lua, re.S).group(1)
    keys = set(re.findall(r"^\s*(\w+) = ", table, re.M))
    if keys != set(TYPES):
        problem(f"neovim/gloss.lua type_groups {sorted(keys)} != legend {TYPES}")
    mods = re.search(r"M\.modifier_groups = \{(.*?)\n\}", lua, re.S).group(1)
    if set(re.findall(r"^\s*(\w+) = ", mods, re.M)) != set(MODIFIERS):
        problem("neovim/gloss.lua modifier_groups do not match the legend's modifiers")

    elisp = (ROOT / "editors/emacs/gloss.el").read_text()
    faces = re.search(r"defvar gloss-token-faces\s+'\((.*?)\)\s+\"", elisp, re.S).group(1)
    if set(re.findall(r'\("(\w+)" \.', faces)) != set(TYPES):
        problem("emacs/gloss.el gloss-token-faces do not match the legend's types")
    mods = re.search(r"defvar gloss-modifier-faces\s+'\((.*?)\)\s+\"", elisp, re.S).group(1)
    if set(re.findall(r'\("(\w+)" \.', mods)) != set(MODIFIERS):
        problem("emacs/gloss.el gloss-modifier-faces do not match the legend's modifiers")

    vim = (ROOT / "editors/vim/gloss.vim").read_text()
    kinds = re.search(r"let g:gloss_kinds = \{(.*?)\n\s*\\ \}", vim, re.S).group(1)
    capitalised = {t[0].upper() + t[1:] for t in TYPES}
    if set(re.findall(r"'(\w+)': \[", kinds)) != capitalised:
        problem("vim/gloss.vim g:gloss_kinds do not match the legend's types")

    kak = (ROOT / "editors/kakoune/gloss.kak").read_text()
    if set(re.findall(r'token = "(\w+)" \}', kak)) != set(TYPES):
        problem("kakoune/gloss.kak lsp_semantic_tokens do not cover the legend's types")


def check_vscode():
    """package.json against VS Code's extension manifest reference."""
    folder = ROOT / "editors/vscode"
    manifest = json.loads((folder / "package.json").read_text())
    for key in ("name", "version", "publisher", "engines", "main"):
        if key not in manifest:
            problem(f"vscode: package.json has no `{key}`")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", manifest.get("name", "")):
        problem("vscode: `name` must be lowercase letters, digits and dashes")
    if not re.fullmatch(r"\d+\.\d+\.\d+", manifest.get("version", "")):
        problem("vscode: `version` is not semver")
    engine = manifest.get("engines", {}).get("vscode", "")
    found = re.fullmatch(r"\^(\d+)\.(\d+)\.(\d+)", engine)
    if not found:
        problem(f"vscode: engines.vscode {engine!r} is not ^MAJOR.MINOR.PATCH")
    # The VS Code each vscode-languageclient major needs (its own engines field).
    needs = {9: (1, 82), 8: (1, 67), 7: (1, 52)}
    client = manifest.get("dependencies", {}).get("vscode-languageclient", "")
    major = re.match(r"[\^~]?(\d+)\.", client)
    if not major or int(major.group(1)) not in needs:
        problem(f"vscode: unknown vscode-languageclient version {client!r}")
    elif found and (int(found.group(1)), int(found.group(2))) < needs[int(major.group(1))]:
        problem(f"vscode: vscode-languageclient {client} needs VS Code "
                f"{'.'.join(map(str, needs[int(major.group(1))]))}+, engines.vscode says {engine}")
    if not (folder / manifest.get("main", "")).is_file():
        problem("vscode: `main` names no file")
    for event in manifest.get("activationEvents", []):
        if not re.fullmatch(r"(\*|onStartupFinished|on\w+:.+)", event):
            problem(f"vscode: activation event {event!r} is malformed")
    contributes = manifest.get("contributes", {})
    for name, setting in contributes.get("configuration", {}).get("properties", {}).items():
        if not name.startswith("gloss.") or "type" not in setting or "description" not in setting:
            problem(f"vscode: setting {name} needs the gloss. prefix, a type and a description")
    declared = {m.get("id") for m in contributes.get("semanticTokenModifiers", [])}
    for modifier in MODIFIERS:
        if modifier not in STANDARD_MODIFIERS and modifier not in declared:
            problem(f"vscode: the modifier {modifier!r} is not in contributes.semanticTokenModifiers")
    for entry in contributes.get("semanticTokenModifiers", []):
        if not re.fullmatch(r"\w+[-_\w+]*", entry.get("id", "")) or not entry.get("description"):
            problem(f"vscode: semanticTokenModifiers entry {entry} needs an id and a description")
    for entry in contributes.get("semanticTokenScopes", []):
        scopes = entry.get("scopes", {})
        if set(scopes) != set(TYPES):
            problem(f"vscode: semanticTokenScopes {sorted(scopes)} != legend {TYPES}")
        firsts = [s[0] for s in scopes.values() if s]
        if len(set(firsts)) != len(firsts):
            problem("vscode: two token types share a TextMate scope (the same colour)")


HELIX_SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
HELIX_LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "comment-token", "comment-tokens", "block-comment-tokens", "indent", "grammar",
    "formatter", "auto-format", "language-servers", "text-width", "soft-wrap",
    "workspace-lsp-roots", "persistent-diagnostic-sources", "auto-pairs", "rulers",
}


def check_helix():
    """languages.toml and config.toml against Helix's documented keys."""
    languages = tomllib.loads((ROOT / "editors/helix/languages.toml").read_text())
    servers = languages.get("language-server", {})
    for name, server in servers.items():
        for key in server:
            if key not in HELIX_SERVER_KEYS:
                problem(f"helix: [language-server.{name}] has unknown key {key!r}")
        if not isinstance(server.get("command"), str):
            problem(f"helix: [language-server.{name}] needs a command")
    for language in languages.get("language", []):
        for key in language:
            if key not in HELIX_LANGUAGE_KEYS:
                problem(f"helix: [[language]] has unknown key {key!r}")
        for key in ("name", "scope", "file-types"):
            if key not in language:
                problem(f"helix: [[language]] needs {key!r}")
        for server in language.get("language-servers", []):
            name = server if isinstance(server, str) else server.get("name")
            if name not in servers:
                problem(f"helix: language server {name!r} is not defined")
        if "txt" not in language.get("file-types", []):
            problem("helix: the language does not take .txt files")
    if languages.get("language-server", {}).get("gloss", {}).get("config", {}).get("inlayHints") is not True:
        problem("helix: the server is not asked for inlay hints (Helix's only way to show kinds)")
    config = tomllib.loads((ROOT / "editors/helix/config.toml").read_text())
    if config.get("editor", {}).get("lsp", {}).get("display-inlay-hints") is not True:
        problem("helix: config.toml does not set [editor.lsp] display-inlay-hints = true")


SUBLIME_CLIENT_KEYS = {
    "enabled", "command", "selector", "priority_selector", "schemes", "initializationOptions",
    "settings", "env", "tcp_port", "experimental_capabilities", "disabled_capabilities",
    "diagnostics_mode", "hide_non_project_diagnostics", "path_maps", "auto_complete_selector",
    "ignore_server_trigger_chars", "feature_selector",
}


def check_sublime():
    """The LSP package's client settings (LSP.sublime-settings)."""
    settings = json.loads((ROOT / "editors/sublime/LSP-gloss.sublime-settings").read_text())
    client = settings.get("clients", {}).get("gloss")
    if not client:
        problem("sublime: no clients.gloss")
        return
    for key in client:
        if key not in SUBLIME_CLIENT_KEYS:
            problem(f"sublime: clients.gloss has unknown key {key!r}")
    if client.get("command", [None])[-1] != "serve" or not isinstance(client.get("selector"), str):
        problem("sublime: clients.gloss needs command [..., 'serve'] and a selector")
    if settings.get("semantic_highlighting") is not True:
        problem("sublime: semantic_highlighting is not on")


def check_kakoune(folder):
    """What a real Kakoune set for a seed, against kakoune-lsp's lsp_servers schema."""
    folder = pathlib.Path(folder)
    if (folder / "error").exists():
        problem("kakoune: " + (folder / "error").read_text())
        return
    read = lambda name: (folder / name).read_text() if (folder / name).exists() else ""
    if read("filetype").strip() != "plaintext":
        problem(f"kakoune: a .txt file got filetype {read('filetype').strip()!r}, not plaintext")
    if read("enabled").strip() != "yes":
        problem("kakoune: lsp-enable-window was not run for a .txt file")
    try:
        servers = tomllib.loads(read("lsp_servers.toml"))
    except tomllib.TOMLDecodeError as error:
        problem(f"kakoune: lsp_servers is not TOML: {error}")
        return
    known = {"command", "args", "root_globs", "settings_section", "settings", "offset_encoding",
             "experimental", "workaround_eslint", "workaround_server_sends_plaintext_labeled_as_markdown"}
    gloss = servers.get("gloss", {})
    if not gloss:
        problem("kakoune: lsp_servers has no [gloss]")
    for key in gloss:
        if key not in known:
            problem(f"kakoune: [gloss] has unknown key {key!r}")
    if gloss.get("command", "gloss") != "gloss" or gloss.get("args") != ["serve"]:
        problem("kakoune: [gloss] does not run `gloss serve`")
    if "annotations" not in gloss.get("root_globs", []):
        problem("kakoune: [gloss] root_globs lacks annotations")
    try:
        tokens = tomllib.loads("tokens = " + read("lsp_semantic_tokens.toml").strip())["tokens"]
    except (tomllib.TOMLDecodeError, KeyError) as error:
        problem(f"kakoune: lsp_semantic_tokens is not a TOML array: {error}")
        return
    defined = set(re.findall(r"^set-face global (\w+) ", (ROOT / "editors/kakoune/gloss.kak").read_text(), re.M))
    for entry in tokens:
        if set(entry) - {"face", "token", "modifiers"} or entry.get("token") not in TYPES:
            problem(f"kakoune: semantic token entry {entry} is malformed or not in the legend")
        if entry.get("face") not in defined:
            problem(f"kakoune: face {entry.get('face')!r} is not defined")
        for modifier in entry.get("modifiers", []):
            if modifier not in MODIFIERS:
                problem(f"kakoune: modifier {modifier!r} is not in the legend")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    checks = {"legend": check_legend, "vscode": check_vscode, "helix": check_helix, "sublime": check_sublime}
    if what == "kakoune" and len(sys.argv) == 3:
        check_kakoune(sys.argv[2])
    elif what in checks:
        checks[what]()
    else:
        sys.exit(__doc__)
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)
