-- Shared by every wrk run: signs requests in (the session cookie and Origin from run.py), asks
-- for compression as a browser does when $WRK_ACCEPT_ENCODING says so, and prints one JSON line
-- with the figures the benchmark needs.
SESSION_HEADERS = {}
if os.getenv("WRK_COOKIE") then
  SESSION_HEADERS["Cookie"] = os.getenv("WRK_COOKIE")
  SESSION_HEADERS["Origin"] = os.getenv("WRK_ORIGIN")
  for name, value in pairs(SESSION_HEADERS) do wrk.headers[name] = value end
end

if os.getenv("WRK_ACCEPT_ENCODING") then
  wrk.headers["Accept-Encoding"] = os.getenv("WRK_ACCEPT_ENCODING")
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"status_errors":%d,"timeouts":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
