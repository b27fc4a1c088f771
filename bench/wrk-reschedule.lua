-- Reschedules releases through the server function, each request on the release's current
-- version (tracked from the responses), alternating between two dates per release.
-- $WRK_RELEASES names a file of lines "id version date_a date_b"; $WRK_PATH is the server
-- function (reschedule_release unless given).
dofile(os.getenv("WRK_REPORT"))
local releases = {}
for line in io.lines(os.getenv("WRK_RELEASES")) do
  local id, version, a, b = line:match("(%d+) (%d+) (%S+) (%S+)")
  releases[#releases + 1] = { id = id, version = tonumber(version), a = a, b = b }
end
local by_id = {}
for _, r in ipairs(releases) do by_id[r.id] = r end
local next_index = 0
local path = os.getenv("WRK_PATH") or "/api/reschedule_release"

request = function()
  next_index = next_index % #releases + 1
  local r = releases[next_index]
  local date = (r.version % 2 == 0) and r.a or r.b
  local body = string.format("id=%s&version=%d&target_date=%s", r.id, r.version, date)
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
    ["Cookie"] = SESSION_HEADERS["Cookie"],
    ["Origin"] = SESSION_HEADERS["Origin"],
  }, body)
end

response = function(status, headers, body)
  if status == 200 then
    local id, version = body:match('"id":(%d+).-"version":(%d+)')
    if id and by_id[id] then by_id[id].version = tonumber(version) end
  end
end
