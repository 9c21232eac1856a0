-- Gloss for Neovim 0.7 (vim.lsp.start_client). Neovim 0.7 has no semantic
-- tokens: use hover, go-to-definition, references and code actions, or turn
-- on inlay hints is not possible either (0.10+); see editors/README.md.
--
-- Use: put this file somewhere on 'runtimepath' as lua/gloss.lua, or
--   lua dofile("/path/to/gloss-0.7.lua").setup()
-- Options: setup({ cmd = { "gloss", "serve" }, init_options = { inlayHints = false } })
local M = {}

M.cmd = { vim.env.GLOSS_BIN or "gloss", "serve" }
M.init_options = {}
local clients = {}

-- The workspace root: the nearest folder upward holding annotations/, else
-- one holding .git, else the file's folder.
function M.root_for(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs({ "annotations", ".git" }) do
    local found = vim.fn.finddir(marker, dir .. ";")
    if found ~= "" then
      return vim.fn.fnamemodify(vim.fn.fnamemodify(found, ":p"), ":h:h")
    end
  end
  return dir
end

function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    return
  end
  local root = M.root_for(path)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client({
      name = "gloss",
      cmd = M.cmd,
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
      init_options = M.init_options,
    })
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = opts or {}
  if opts.cmd then
    M.cmd = opts.cmd
  end
  if opts.init_options then
    M.init_options = opts.init_options
  end
  vim.cmd([[
    augroup gloss
      autocmd!
      autocmd BufReadPost,BufNewFile *.txt lua require_gloss_attach()
    augroup END
  ]])
  _G.require_gloss_attach = function()
    M.attach(vim.api.nvim_get_current_buf())
  end
  return M
end

return M
