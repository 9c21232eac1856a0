-- Gloss for Neovim 0.8 to 0.10 (vim.lsp.start). Semantic tokens show from
-- 0.9 on, coloured through the highlight links below; inlay hints from 0.10
-- (enable them with init_options = { inlayHints = true } and
-- vim.lsp.inlay_hint.enable()).
--
-- Use: require("gloss").setup() with this file on 'runtimepath' as lua/gloss.lua,
-- or dofile("/path/to/gloss-0.8.lua").setup().
local M = {}

M.cmd = { vim.env.GLOSS_BIN or "gloss", "serve" }
M.init_options = {}

-- Token types Gloss uses, linked to standard groups so every colour scheme
-- shows each kind of entity differently (see the README's mapping).
M.links = {
  ["@lsp.type.class.text"] = "Type", -- PERSON
  ["@lsp.type.namespace.text"] = "Function", -- ORG
  ["@lsp.type.enumMember.text"] = "Constant", -- GPE, LOC
  ["@lsp.type.property.text"] = "Identifier", -- FAC
  ["@lsp.type.event.text"] = "Special", -- EVENT
  ["@lsp.type.string.text"] = "String", -- DOC
  ["@lsp.type.number.text"] = "Number", -- DATE, TIME
  ["@lsp.type.type.text"] = "Statement", -- NORP
  ["@lsp.mod.modification.text"] = "Underlined", -- made by an analyst
}

local function root_for(path)
  local found = vim.fs.find({ "annotations", ".git" }, { upward = true, path = vim.fs.dirname(path) })[1]
  return found and vim.fs.dirname(found) or vim.fs.dirname(path)
end

function M.setup(opts)
  opts = opts or {}
  M.cmd = opts.cmd or M.cmd
  M.init_options = opts.init_options or M.init_options
  for group, target in pairs(M.links) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = vim.api.nvim_create_augroup("gloss", { clear = true }),
    pattern = "*.txt",
    callback = function(args)
      vim.lsp.start({
        name = "gloss",
        cmd = M.cmd,
        root_dir = root_for(vim.api.nvim_buf_get_name(args.buf)),
        init_options = M.init_options,
      }, { bufnr = args.buf })
    end,
  })
  return M
end

return M
