-- Gloss for Neovim 0.11 and later (vim.lsp.config / vim.lsp.enable).
-- Semantic tokens and inlay hints work; the highlight links colour each kind.
-- Use: dofile("/path/to/gloss-0.11.lua") from init.lua, or copy it there.
vim.lsp.config("gloss", {
  cmd = { vim.env.GLOSS_BIN or "gloss", "serve" },
  filetypes = { "text" },
  root_markers = { "annotations", ".git" },
  init_options = { inlayHints = false },
  settings = { gloss = { inlayHints = false } },
})
vim.lsp.enable("gloss")

for group, target in pairs({
  ["@lsp.type.class.text"] = "Type", -- PERSON
  ["@lsp.type.namespace.text"] = "Function", -- ORG
  ["@lsp.type.enumMember.text"] = "Constant", -- GPE, LOC
  ["@lsp.type.property.text"] = "Identifier", -- FAC
  ["@lsp.type.event.text"] = "Special", -- EVENT
  ["@lsp.type.string.text"] = "String", -- DOC
  ["@lsp.type.number.text"] = "Number", -- DATE, TIME
  ["@lsp.type.type.text"] = "Statement", -- NORP
  ["@lsp.mod.modification.text"] = "Underlined", -- made by an analyst
}) do
  vim.api.nvim_set_hl(0, group, { link = target, default = true })
end
