# Gloss for Kakoune with kakoune-lsp 18.0 or later (written for 19.0.1,
# whose servers are configured in kakrc through the `lsp_servers` option;
# earlier releases read kak-lsp.toml instead and are not covered here).
#
# In kakrc, after the plugin is loaded (eval %sh{kak-lsp}):
#   source /path/to/gloss/editors/kakoune/gloss.kak
#
# Kakoune gives *.txt files no filetype, so this file sets `plaintext` on
# them and configures gloss for that filetype. Entities are coloured through
# semantic tokens (the Gloss* faces below); hover is `lsp-hover`, definition
# `lsp-definition`, references `lsp-references`, corrections
# `lsp-code-actions`. Inlay hints (each mention's kind) stay off;
# `lsp-inlay-hints-enable window` shows them.

# One face per kind, each an alias of a face of the colour scheme; change one
# with e.g.  set-face global GlossPerson bright-yellow
set-face global GlossPerson type  # PERSON
set-face global GlossOrg keyword  # ORG
set-face global GlossPlace value  # GPE, LOC
set-face global GlossFacility variable  # FAC
set-face global GlossEvent function  # EVENT
set-face global GlossDoc string  # DOC
set-face global GlossDate builtin  # DATE, TIME
set-face global GlossNorp attribute  # NORP
# A mention the tagger is unsure of is in italics, one an analyst made or
# changed underlined, in the kind's colour.
set-face global GlossPersonUncertain +i@GlossPerson
set-face global GlossPersonModified +u@GlossPerson
set-face global GlossOrgUncertain +i@GlossOrg
set-face global GlossOrgModified +u@GlossOrg
set-face global GlossPlaceUncertain +i@GlossPlace
set-face global GlossPlaceModified +u@GlossPlace
set-face global GlossFacilityUncertain +i@GlossFacility
set-face global GlossFacilityModified +u@GlossFacility
set-face global GlossEventUncertain +i@GlossEvent
set-face global GlossEventModified +u@GlossEvent
set-face global GlossDocUncertain +i@GlossDoc
set-face global GlossDocModified +u@GlossDoc
set-face global GlossDateUncertain +i@GlossDate
set-face global GlossDateModified +u@GlossDate
set-face global GlossNorpUncertain +i@GlossNorp
set-face global GlossNorpModified +u@GlossNorp

hook global BufCreate .*[.]txt %{
    set-option buffer filetype plaintext
}

hook global BufSetOption filetype=plaintext %{
    set-option buffer lsp_servers %{
        [gloss]
        root_globs = ["annotations", ".git", ".hg"]
        command = "gloss"
        args = ["serve"]
        settings_section = "gloss"
        [gloss.settings.gloss]
        inlayHints = false
    }
    # kakoune-lsp takes the first entry that matches a token: modifiers first.
    set-option buffer lsp_semantic_tokens %{
        [
            { face = "GlossPersonUncertain", token = "class", modifiers = ["uncertain"] },
            { face = "GlossPersonModified", token = "class", modifiers = ["modification"] },
            { face = "GlossOrgUncertain", token = "namespace", modifiers = ["uncertain"] },
            { face = "GlossOrgModified", token = "namespace", modifiers = ["modification"] },
            { face = "GlossPlaceUncertain", token = "enumMember", modifiers = ["uncertain"] },
            { face = "GlossPlaceModified", token = "enumMember", modifiers = ["modification"] },
            { face = "GlossFacilityUncertain", token = "property", modifiers = ["uncertain"] },
            { face = "GlossFacilityModified", token = "property", modifiers = ["modification"] },
            { face = "GlossEventUncertain", token = "event", modifiers = ["uncertain"] },
            { face = "GlossEventModified", token = "event", modifiers = ["modification"] },
            { face = "GlossDocUncertain", token = "string", modifiers = ["uncertain"] },
            { face = "GlossDocModified", token = "string", modifiers = ["modification"] },
            { face = "GlossDateUncertain", token = "number", modifiers = ["uncertain"] },
            { face = "GlossDateModified", token = "number", modifiers = ["modification"] },
            { face = "GlossNorpUncertain", token = "type", modifiers = ["uncertain"] },
            { face = "GlossNorpModified", token = "type", modifiers = ["modification"] },
            { face = "GlossPerson", token = "class" },
            { face = "GlossOrg", token = "namespace" },
            { face = "GlossPlace", token = "enumMember" },
            { face = "GlossFacility", token = "property" },
            { face = "GlossEvent", token = "event" },
            { face = "GlossDoc", token = "string" },
            { face = "GlossDate", token = "number" },
            { face = "GlossNorp", token = "type" },
        ]
    }
}

hook global WinSetOption filetype=plaintext %{
    lsp-enable-window
    hook window -group gloss-semantic-tokens BufReload .* lsp-semantic-tokens
    hook window -group gloss-semantic-tokens NormalIdle .* lsp-semantic-tokens
    hook window -group gloss-semantic-tokens InsertIdle .* lsp-semantic-tokens
    hook -once -always window WinSetOption filetype=.* %{ remove-hooks window gloss-semantic-tokens }
}
