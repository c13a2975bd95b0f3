#!/usr/bin/env bash
# Runs Neovim's own LSP client, headless, against `asynclint server`: open a
# module whose async function calls a blocking helper of another module and
# sleeps itself; expect AL100 and ASYNC251 with the rule links; apply the
# ASYNC251 quick fix through Neovim's workspace-edit code; expect the change
# (sent by Neovim as didChange) to leave AL100 only. Not part of `make test`
# or CI: it needs Neovim (Debian: apt-get install neovim; 0.7 or later).
#
#   make build && bash scripts/nvim-lsp-check.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
asynclint=${ASYNCLINT:-$root/bin/asynclint}
if ! command -v nvim >/dev/null; then
	echo "nvim-lsp-check: nvim is not installed (apt-get install neovim): skipped"
	exit 0
fi
[ -x "$asynclint" ] || { echo "nvim-lsp-check: $asynclint not built (make build)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/app"
: >"$tmp/app/__init__.py"
printf 'import time\n\n\ndef wait():\n    time.sleep(1)\n' >"$tmp/app/helpers.py"
printf 'import time\nfrom app.helpers import wait\n\n\nasync def handler():\n    wait()\n    time.sleep(1)\n' >"$tmp/app/api.py"

cat >"$tmp/check.lua" <<'LUA'
local asynclint, root = os.getenv("ASYNCLINT_BIN"), os.getenv("CHECK_ROOT")
local function fail(msg)
  io.stderr:write("nvim-lsp-check: FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end
local function codes()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local lsp = d.user_data and d.user_data.lsp or d
    table.insert(out, (d.lnum + 1) .. ":" .. (d.col + 1) .. " " .. tostring(lsp.code))
  end
  table.sort(out)
  return table.concat(out, ", ")
end
-- A bound on each wait, not a pause: vim.wait returns as soon as the condition holds.
local bound = 120000

vim.cmd("edit " .. root .. "/app/api.py")
local id = vim.lsp.start_client({ name = "asynclint", cmd = { asynclint, "server" }, root_dir = root })
if not id then fail("the client did not start") end
vim.lsp.buf_attach_client(0, id)
if not vim.wait(bound, function() return #vim.diagnostic.get(0) == 2 end, 20) then
  fail("diagnostics of api.py: " .. codes())
end
if codes() ~= "6:5 AL100, 7:5 ASYNC251" then fail("diagnostics of api.py: " .. codes()) end
for _, d in ipairs(vim.diagnostic.get(0)) do
  local lsp = d.user_data and d.user_data.lsp or d
  local href = lsp.codeDescription and lsp.codeDescription.href or ""
  if not href:match("#" .. tostring(lsp.code):lower() .. "$") then fail("link of " .. tostring(lsp.code) .. ": " .. href) end
end

local params = {
  textDocument = vim.lsp.util.make_text_document_params(),
  range = { start = { line = 6, character = 4 }, ["end"] = { line = 6, character = 4 } },
  context = { diagnostics = {}, only = { "quickfix" } },
}
local res = vim.lsp.buf_request_sync(0, "textDocument/codeAction", params, bound)
local action = res and res[id] and res[id].result and res[id].result[1]
if not action or not action.edit then fail("no quick fix for ASYNC251") end
vim.lsp.util.apply_workspace_edit(action.edit, "utf-16")
local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
if not text:find("    await asyncio.sleep(1)", 1, true) or not text:find("import asyncio", 1, true) then
  fail("after the quick fix:\n" .. text)
end
if not vim.wait(bound, function() return codes() == "6:5 AL100" end, 20) then
  fail("after the quick fix, diagnostics: " .. codes())
end
io.stderr:write("nvim-lsp-check: ok (" .. action.title .. "; AL100 remains, ASYNC251 fixed)\n")
vim.lsp.stop_client(id)
vim.cmd("qall!")
LUA

cd "$tmp"
ASYNCLINT_BIN=$asynclint CHECK_ROOT=$tmp nvim --headless --clean -c "luafile $tmp/check.lua"
