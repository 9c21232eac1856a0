-- Headless Neovim test (Debian's 0.7): loads the shipped editors/neovim/gloss.lua
-- as the README says, opens both seeds, checks that entities are painted,
-- hover, a correction through the code-action menu (and its highlight in the
-- other open seed) and go-to-definition, as the editor sees them.
-- Run by scripts/editor-tests.sh; exits 0 on success, 1 with a message.
local repo = vim.env.GLOSS_REPO
local workspace = vim.env.GLOSS_WORKSPACE
local failures = {}

local function fail(message)
  table.insert(failures, message)
end

local function finish()
  if #failures == 0 then
    io.stdout:write("neovim: 1 passed, 0 failed\n")
    vim.cmd("qall!")
  else
    for _, f in ipairs(failures) do
      io.stderr:write("neovim: " .. f .. "\n")
    end
    io.stdout:write("neovim: 0 passed, 1 failed\n")
    vim.cmd("cquit 1")
  end
end

local gloss = dofile(repo .. "/editors/neovim/gloss.lua").setup({ cmd = { vim.env.GLOSS_BIN, "serve" } })

local function place_cursor_on(needle, skip)
  vim.fn.cursor(1, 1)
  local line = vim.fn.search(needle, "cW")
  if line == 0 then
    fail("text not found: " .. needle)
    return false
  end
  local col = vim.fn.col(".")
  vim.api.nvim_win_set_cursor(0, { line, col - 1 + (skip or 0) })
  return true
end

local function hover_text()
  local params = vim.lsp.util.make_position_params(0, "utf-16")
  local results = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 5000) or {}
  for _, r in pairs(results) do
    if r.result and r.result.contents then
      return r.result.contents.value or ""
    end
  end
  return ""
end

-- The Gloss group `needle` (its first match from the top) is highlighted with
-- in buffer `bufnr`, or nil: the extmark gloss.lua painted (before 0.9), or
-- the kind's group that Neovim's own semantic token links to (0.9+).
local function highlight_at(bufnr, needle)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for row, text in ipairs(lines) do
    local col = text:find(needle, 1, true)
    if col then
      if gloss.builtin_tokens then
        for _, token in ipairs(vim.lsp.semantic_tokens.get_at_pos(bufnr, row - 1, col - 1) or {}) do
          local group = gloss.type_groups[token.type]
          local linked = vim.api.nvim_get_hl(0, { name = "@lsp.type." .. token.type .. ".text" }).link
          if group and linked == group and token.start_col == col - 1 and token.end_col == col - 1 + #needle then
            return group
          end
        end
        return nil
      end
      local marks = vim.api.nvim_buf_get_extmarks(bufnr, gloss.namespace, { row - 1, 0 }, { row - 1, -1 }, { details = true })
      for _, mark in ipairs(marks) do
        local details = mark[4]
        local kind = vim.tbl_contains(vim.tbl_values(gloss.type_groups), details.hl_group) -- not a modifier group
        if kind and mark[3] == col - 1 and details.end_col == col - 1 + #needle then
          return details.hl_group
        end
      end
      return nil
    end
  end
  return nil
end

local function wait_for_highlight(bufnr, needle, group, ms)
  local found = nil
  vim.wait(ms, function()
    found = highlight_at(bufnr, needle)
    return found == group
  end, 50)
  return found
end

vim.o.hidden = true
vim.cmd("edit " .. workspace .. "/seeds/000_133120142ad60250.txt")
local other = vim.api.nvim_get_current_buf()
vim.cmd("edit " .. workspace .. "/seeds/001_dbe25a89b6a06857.txt")
local seed = vim.api.nvim_get_current_buf()
local attached = vim.wait(10000, function()
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = 0 }) or vim.lsp.buf_get_clients(0)
  for _, c in pairs(clients) do
    if c.name == "gloss" and c.initialized then
      return true
    end
  end
  return false
end, 50)
if not attached then
  fail("gloss did not attach to the buffer")
  return finish()
end

-- Painted: "Ngo Xuan Lich" carries GlossPerson (linked to a standard group).
local group = wait_for_highlight(seed, "Ngo Xuan Lich", "GlossPerson", 10000)
if group ~= "GlossPerson" then
  fail("'Ngo Xuan Lich' is not highlighted as GlossPerson (found " .. tostring(group) .. ")")
end
-- Eight kinds, eight looks in the default colour scheme, dark and light.
for _, background in ipairs({ "dark", "light" }) do
  vim.o.background = background
  vim.api.nvim_exec_autocmds("OptionSet", { pattern = "background" }) -- not fired by a script
  local seen = {}
  for _, group in pairs(gloss.type_groups) do
    local id = vim.fn.synIDtrans(vim.fn.hlID(group))
    local look = vim.fn.synIDattr(id, "fg#", "gui") .. (vim.fn.synIDattr(id, "italic", "gui") == "1" and " italic" or "")
    if look == "" then
      fail(background .. ": " .. group .. " has no colour")
    elseif seen[look] then
      fail(background .. ": " .. group .. " and " .. seen[look] .. " look the same (" .. look .. ")")
    end
    seen[look] = group
  end
end
local before = highlight_at(other, "comprehensive partnership")
if before ~= nil then
  fail("'comprehensive partnership' in seed 000 is highlighted before any correction: " .. before)
end

-- Hover on "Lich" in "General Lich": the card names Ngo Xuan Lich and his title.
place_cursor_on("General Lich", 8)
local text = ""
-- The corpus is indexed in the background: wait until both seeds count.
vim.wait(10000, function()
  text = hover_text()
  return text:find("in 2 documents", 1, true) ~= nil
end, 100)
if not text:find("Ngo Xuan Lich", 1, true) then
  fail("hover does not name Ngo Xuan Lich: " .. text)
end
if not (text:find("Defence Minister General", 1, true) or text:find("Defense Minister", 1, true)) then
  fail("hover does not give his title: " .. text)
end

-- Document highlights: resting the cursor on a name marks its mentions here.
place_cursor_on("General Lich", 8)
vim.api.nvim_exec_autocmds("CursorHold", { buffer = seed })
local marked = vim.wait(5000, function()
  for name, id in pairs(vim.api.nvim_get_namespaces()) do
    if name:find("references") and #vim.api.nvim_buf_get_extmarks(seed, id, 0, -1, {}) >= 2 then
      return true
    end
  end
  return false
end, 50)
if not marked then
  fail("CursorHold on a name did not highlight its mentions (document highlight)")
end
vim.api.nvim_exec_autocmds("CursorMoved", { buffer = seed })

-- A correction through the editor's own code-action menu: select a phrase,
-- pick "Annotate as DOC"; Neovim sends workspace/executeCommand.
-- Seed 000 is shown in a second window, as a user comparing two articles
-- would (Neovim 0.10+ refreshes the tokens of visible buffers at once).
vim.cmd("sbuffer " .. other)
vim.cmd("wincmd p")
place_cursor_on("comprehensive partnership")
local line = vim.fn.line(".")
local col = vim.fn.col(".")
local chosen = nil
vim.ui.select = function(items, opts, on_choice)
  for i, item in ipairs(items) do
    local action = item[2] or item.action or item
    local title = type(action) == "table" and action.title or tostring(action)
    if title == "Annotate as DOC" then
      chosen = title
      return on_choice(item, i)
    end
  end
  on_choice(nil, nil)
end
local range_end = { line, col - 1 + #"comprehensive partnership" - 1 }
if vim.fn.has("nvim-0.8") == 1 then
  vim.lsp.buf.code_action({ range = { start = { line, col - 1 }, ["end"] = range_end } })
else
  vim.lsp.buf.range_code_action(nil, { line, col - 1 }, range_end)
end
local log = workspace .. "/annotations/corrections.jsonl"
local written = vim.wait(5000, function()
  return vim.fn.filereadable(log) == 1
end, 50)
if chosen == nil then
  fail("the code-action menu had no 'Annotate as DOC'")
elseif not written then
  fail("annotations/corrections.jsonl was not written")
elseif not table.concat(vim.fn.readfile(log), "\n"):find('"action":"annotate"', 1, true) then
  fail("the correction is not in the log")
else
  -- The server asks for a refresh; the other open seed repaints the phrase as DOC.
  local after = wait_for_highlight(other, "comprehensive partnership", "GlossDoc", 5000)
  if after ~= "GlossDoc" then
    fail("after 'Annotate as DOC', 'comprehensive partnership' in seed 000 is not GlossDoc (" .. tostring(after) .. ")")
  end
  after = wait_for_highlight(seed, "comprehensive partnership", "GlossDoc", 5000)
  if after ~= "GlossDoc" then
    fail("after 'Annotate as DOC', the annotated phrase is not GlossDoc (" .. tostring(after) .. ")")
  end
end

-- An edit repaints: a new first line naming Ngo Xuan Lich is highlighted.
vim.api.nvim_buf_set_lines(seed, 0, 0, false, { "Ngo Xuan Lich spoke first." })
group = wait_for_highlight(seed, "Ngo Xuan Lich", "GlossPerson", 5000)
if group ~= "GlossPerson" then
  fail("after an edit, the new line's 'Ngo Xuan Lich' is not highlighted (" .. tostring(group) .. ")")
end
vim.cmd("silent! undo")

-- Go to definition on "Esper": the editor jumps to seed 000, where Mark Esper is first named.
place_cursor_on("Mark Esper", 6)
vim.lsp.buf.definition()
local jumped = vim.wait(5000, function()
  return vim.api.nvim_buf_get_name(0):find("000_133120142ad60250", 1, true) ~= nil
end, 50)
if not jumped then
  fail("go to definition did not open seed 000 (at " .. vim.api.nvim_buf_get_name(0) .. ")")
else
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line = vim.api.nvim_buf_get_lines(0, cursor[1] - 1, cursor[1], false)[1]
  local at = line:sub(cursor[2] + 1, cursor[2] + 10)
  if at ~= "Mark Esper" then
    fail("definition landed on '" .. at .. "' at line " .. cursor[1])
  end
end

finish()
