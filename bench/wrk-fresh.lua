-- GETs the URL with a counter added to its query, so no request repeats an earlier one: the
-- figure stays that of a first render even if repeat views are ever served from memory.
dofile(os.getenv("WRK_REPORT"))
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&fresh=" .. counter)
end
