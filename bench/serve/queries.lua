-- Cycles through bench/serve/queries.txt (URL-encoded on load), one GET /api/search per request.
local queries = {}
for line in io.lines(os.getenv("RUMINATE_QUERIES")) do
  if #line > 0 then
    queries[#queries + 1] = line:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end)
  end
end
local counter = 0
local mode = os.getenv("RUMINATE_MODE") or ""
request = function()
  counter = counter + 1
  local q = queries[(counter % #queries) + 1]
  local path = "/api/search?k=10&q=" .. q
  if mode ~= "" then path = path .. "&mode=" .. mode end
  return wrk.format("GET", path)
end
