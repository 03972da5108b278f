-- Worst-case full-text queries, one GET /api/search?fts=1 per request, in turn: the most frequent words of the
-- corpus repeated up to the word limit (FTS5's ranking costs phrases x occurrences per passage: the dearest query
-- the limits let through), a prefix of every word, and 2,000 repeated words (refused before any work).
local function repeated(word, count)
  local words = {}
  for i = 1, count do words[i] = word end
  return table.concat(words, " ")
end
local function encode(text)
  return (text:gsub("([^%w])", function(c) return string.format("%%%02X", string.byte(c)) end))
end
local queries = {
  repeated("the", 64), repeated("sqlite", 64), repeated("s*", 64), repeated("NEAR(the of, 100)", 16),
  repeated("the", 2000),
}
for i, q in ipairs(queries) do queries[i] = "/api/search?fts=1&k=10&q=" .. encode(q) end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", queries[(counter % #queries) + 1])
end
-- Counts answers by status in each thread; `done` adds them up.
statuses = {}
response = function(status)
  statuses[status] = (statuses[status] or 0) + 1
end
local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end
done = function()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do total[status] = (total[status] or 0) + count end
  end
  local parts = {}
  for status, count in pairs(total) do parts[#parts + 1] = status .. ":" .. count end
  table.sort(parts)
  io.write("statuses " .. table.concat(parts, " ") .. "\n")
end
