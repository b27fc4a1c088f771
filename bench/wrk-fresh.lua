-- GETs the URL with a counter added to its query, so no request repeats an earlier one and
-- every response is rendered anew (the server keeps repeat views in memory).
dofile(os.getenv("WRK_REPORT"))
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&fresh=" .. counter)
end
