-- Gloss for Neovim: one file for every version from Debian's 0.7 to current
-- releases; it picks what the running version supports.
--
--   0.7        vim.lsp.start_client; entities painted by this file
--   0.8        vim.lsp.start;        entities painted by this file
--   0.9+       vim.lsp.start;        Neovim's own semantic tokens
--   0.10+      inlay hints too, with setup({ inlay_hints = true })
--
-- Use (init.lua):  dofile("/path/to/gloss/editors/neovim/gloss.lua").setup()
-- or put this file on 'runtimepath' as lua/gloss.lua and require("gloss").setup().
-- Options: setup({ cmd = { "gloss", "serve" }, init_options = {},
--                  inlay_hints = false, document_highlight = true })
--
-- Colours: each kind has a Gloss* group, linked to a standard group (default
-- links, so a colour scheme or your init.lua wins), or under Neovim 0.10+'s
-- own default scheme set from its palette (M.palette). Change one with e.g.
--   vim.api.nvim_set_hl(0, "GlossPerson", { fg = "#d7875f" })
-- On 0.9+ the @lsp.type.*.text groups link to the same Gloss* groups.
local M = {}

M.cmd = { vim.env.GLOSS_BIN or "gloss", "serve" }
M.init_options = {}
M.inlay_hints = false
M.document_highlight = true

-- The server's token types (its legend) → Gloss groups, one per kind.
M.type_groups = {
  class = "GlossPerson", -- PERSON
  namespace = "GlossOrg", -- ORG
  enumMember = "GlossPlace", -- GPE, LOC
  property = "GlossFacility", -- FAC
  event = "GlossEvent", -- EVENT
  string = "GlossDoc", -- DOC
  number = "GlossDate", -- DATE, TIME
  type = "GlossNorp", -- NORP
}
-- Token modifiers → groups that only add an attribute to the kind's colour.
M.modifier_groups = {
  definition = "GlossDefinition", -- the entity's defining mention: bold
  modification = "GlossModified", -- made or changed by an analyst: underlined
  uncertain = "GlossUncertain", -- a guess of the statistical tagger: dotted underline
}
-- Gloss groups → standard groups: eight different colours in Vim's classic
-- default scheme (Neovim before 0.10) and in most colour schemes.
M.links = {
  GlossPerson = "Type",
  GlossOrg = "Statement",
  GlossPlace = "Constant",
  GlossFacility = "Identifier",
  GlossEvent = "PreProc",
  GlossDoc = "Special",
  GlossDate = "Comment",
  GlossNorp = "WarningMsg",
}

-- Neovim 0.10+'s own default colour scheme leaves Type, Statement, Constant
-- and PreProc plain, so under it the kinds take colours of its palette
-- (NvimLight* on a dark background, NvimDark* on a light one) instead.
M.palette = {
  GlossPerson = { fg = "Green" },
  GlossOrg = { fg = "Yellow" },
  GlossPlace = { fg = "Magenta" },
  GlossFacility = { fg = "Cyan" },
  GlossEvent = { fg = "Blue" },
  GlossDoc = { fg = "Red" },
  GlossDate = { fg = "Grey4" },
  GlossNorp = { italic = true },
}

local has = function(feature)
  return vim.fn.has(feature) == 1
end
-- 0.9 brought semantic tokens to the built-in client.
M.builtin_tokens = has("nvim-0.9")
local ns = vim.api.nvim_create_namespace("gloss")
M.namespace = ns

local function set_default(group, attrs)
  attrs.default = true
  return pcall(vim.api.nvim_set_hl, 0, group, attrs)
end

-- What this file last set each palette group to: such a group is set again
-- when the background changes, unless someone else changed it since.
local ours = {}

local function default_scheme()
  return has("nvim-0.10") and (vim.g.colors_name == nil or vim.g.colors_name == "default")
end

function M.define_highlights()
  if default_scheme() then
    local shade = vim.o.background == "light" and "NvimDark" or "NvimLight"
    for group, spec in pairs(M.palette) do
      local current = vim.api.nvim_get_hl(0, { name = group })
      if next(current) == nil or vim.deep_equal(current, ours[group]) then
        vim.api.nvim_set_hl(0, group, { fg = spec.fg and shade .. spec.fg, italic = spec.italic })
        ours[group] = vim.api.nvim_get_hl(0, { name = group })
      end
    end
  else
    for group, target in pairs(M.links) do
      set_default(group, { link = target })
    end
  end
  set_default("GlossDefinition", { bold = true })
  set_default("GlossModified", { underline = true })
  -- The dotted underline is `underdotted` from 0.8 on, `underdot` in 0.7.
  local _ = set_default("GlossUncertain", { underdotted = true })
    or set_default("GlossUncertain", { underdot = true })
    or set_default("GlossUncertain", { italic = true })
  -- Document highlights (every mention of the entity under the cursor) are
  -- invisible until these exist; colour schemes that define them win.
  set_default("LspReferenceText", { link = "Visual" })
  set_default("LspReferenceRead", { link = "Visual" })
  set_default("LspReferenceWrite", { link = "Visual" })
  if M.builtin_tokens then
    for token, group in pairs(M.type_groups) do
      set_default("@lsp.type." .. token .. ".text", { link = group })
    end
    for modifier, group in pairs(M.modifier_groups) do
      set_default("@lsp.mod." .. modifier .. ".text", { link = group })
    end
  end
end

-- The workspace root: the nearest folder upward holding annotations/, else
-- the folder Neovim was opened in when the file is inside it, else the file's folder.
function M.root_for(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  local found = vim.fn.finddir("annotations", dir .. ";")
  if found ~= "" then
    return vim.fn.fnamemodify(vim.fn.fnamemodify(found, ":p"), ":h:h")
  end
  local cwd = vim.fn.getcwd()
  if dir == cwd or dir:sub(1, #cwd + 1) == cwd .. "/" then
    return cwd
  end
  return dir
end

-- Painting (Neovim before 0.9): textDocument/semanticTokens/full, decoded
-- with the legend the server advertised, as extmarks in the "gloss" namespace.

local function legend_of(client)
  local provider = client.server_capabilities and client.server_capabilities.semanticTokensProvider
  return provider and provider.legend
end

function M.paint(bufnr, client, data)
  local legend = legend_of(client)
  if legend == nil or not vim.api.nvim_buf_is_loaded(bufnr) then
    return
  end
  vim.api.nvim_buf_clear_namespace(bufnr, ns, 0, -1)
  local line, character = 0, 0
  local text, text_line = nil, -1
  for i = 1, #data - 4, 5 do
    if data[i] > 0 then
      line, character = line + data[i], data[i + 1]
    else
      character = character + data[i + 1]
    end
    if text_line ~= line then
      text = vim.api.nvim_buf_get_lines(bufnr, line, line + 1, false)[1]
      text_line = line
    end
    -- LSP characters are UTF-16 code units (the default encoding); extmarks want bytes.
    local ok_s, first = pcall(vim.str_byteindex, text or "", character, true)
    local ok_e, last = pcall(vim.str_byteindex, text or "", character + data[i + 2], true)
    if ok_s and ok_e then
      local group = M.type_groups[legend.tokenTypes[data[i + 3] + 1] or ""]
      if group then
        pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, line, first, { end_col = last, hl_group = group, priority = 110 })
      end
      for bit, modifier in ipairs(legend.tokenModifiers or {}) do
        local mgroup = M.modifier_groups[modifier]
        if mgroup and math.floor(data[i + 4] / 2 ^ (bit - 1)) % 2 == 1 then
          pcall(vim.api.nvim_buf_set_extmark, bufnr, ns, line, first, { end_col = last, hl_group = mgroup, priority = 111 })
        end
      end
    end
  end
end

-- Asks for the buffer's tokens and paints them, unless the text changed meanwhile
-- (then it asks again).
function M.refresh(bufnr, client)
  if not vim.api.nvim_buf_is_loaded(bufnr) or legend_of(client) == nil then
    return
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  client.request("textDocument/semanticTokens/full", params, function(err, result)
    if err or result == nil or not vim.api.nvim_buf_is_loaded(bufnr) then
      return
    end
    if vim.api.nvim_buf_get_changedtick(bufnr) ~= tick then
      return M.schedule_refresh(bufnr, client)
    end
    M.paint(bufnr, client, result.data or {})
  end, bufnr)
end

local timers = {}
function M.schedule_refresh(bufnr, client, delay)
  local timer = timers[bufnr]
  if timer == nil then
    timer = (vim.uv or vim.loop).new_timer()
    timers[bufnr] = timer
  end
  timer:stop()
  timer:start(
    delay or 200,
    0,
    vim.schedule_wrap(function()
      M.refresh(bufnr, client)
    end)
  )
end

local painting = {} -- client id → { [bufnr] = true }

local function on_attach(client, bufnr)
  if M.document_highlight then
    vim.api.nvim_create_autocmd("CursorHold", {
      group = M.augroup,
      buffer = bufnr,
      callback = function()
        vim.lsp.buf.document_highlight()
      end,
    })
    vim.api.nvim_create_autocmd({ "CursorMoved", "InsertEnter" }, {
      group = M.augroup,
      buffer = bufnr,
      callback = function()
        vim.lsp.buf.clear_references()
      end,
    })
  end
  if M.inlay_hints and vim.lsp.inlay_hint then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
  if M.builtin_tokens then
    return
  end
  painting[client.id] = painting[client.id] or {}
  if painting[client.id][bufnr] then
    return
  end
  painting[client.id][bufnr] = true
  M.refresh(bufnr, client)
  -- Every change to the text (typing, undo, a plugin's edit) asks again, debounced.
  vim.api.nvim_buf_attach(bufnr, false, {
    on_lines = function()
      if not painting[client.id] or not painting[client.id][bufnr] then
        return true -- detach
      end
      M.schedule_refresh(bufnr, client)
    end,
    on_detach = function()
      if painting[client.id] then
        painting[client.id][bufnr] = nil
      end
    end,
  })
end

-- The server asks for fresh tokens after a correction or a change on disk:
-- every buffer of that client is asked again.
local function on_refresh(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  for bufnr in pairs(client and painting[client.id] or {}) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.schedule_refresh(bufnr, client, 0)
    else
      painting[client.id][bufnr] = nil
    end
  end
  return vim.NIL
end

local function client_config(root)
  local capabilities = vim.lsp.protocol.make_client_capabilities()
  if not M.builtin_tokens then
    capabilities = vim.tbl_deep_extend("force", capabilities, {
      workspace = { semanticTokens = { refreshSupport = true } },
      textDocument = {
        semanticTokens = {
          requests = { full = true },
          tokenTypes = vim.tbl_keys(M.type_groups),
          tokenModifiers = vim.tbl_keys(M.modifier_groups),
          formats = { "relative" },
        },
      },
    })
  end
  return {
    name = "gloss",
    cmd = M.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ":t") } },
    init_options = M.init_options,
    capabilities = capabilities,
    -- Only the painter answers refreshes; from 0.9 on Neovim's own handler does.
    handlers = M.builtin_tokens and {} or { ["workspace/semanticTokens/refresh"] = on_refresh },
    on_attach = on_attach,
  }
end

local clients = {} -- root → client id (0.7)

function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" then
    return
  end
  local root = M.root_for(path)
  if vim.lsp.start then -- 0.8+: reuses the client of the same name and root
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  opts = opts or {}
  for _, key in ipairs({ "cmd", "init_options", "inlay_hints", "document_highlight" }) do
    if opts[key] ~= nil then
      M[key] = opts[key]
    end
  end
  M.define_highlights()
  M.augroup = vim.api.nvim_create_augroup("gloss", { clear = true })
  -- A colour scheme loaded later clears highlights: define the defaults again.
  vim.api.nvim_create_autocmd("ColorScheme", { group = M.augroup, callback = M.define_highlights })
  vim.api.nvim_create_autocmd("OptionSet", { group = M.augroup, pattern = "background", callback = M.define_highlights })
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = M.augroup,
    pattern = "*.txt",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  return M
end

return M
