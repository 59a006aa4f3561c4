-- wrk script: replays texts as smsbox's post-url sends them, one line each:
-- "<path and query> <sender> <urlencoded UTF-8 text>".
-- Usage: wrk -s bench/load_kannel.lua <url> -- <requests file>
local reqs = {}
local next_index = 0

local function unescape(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

function init(args)
  for line in io.lines(args[1]) do
    local path, sender, text = line:match("^(%S+) (%S+) (.*)$")
    reqs[#reqs + 1] = wrk.format("POST", path, {
      ["Content-Type"] = 'text/plain; charset="UTF-8"',
      ["X-Kannel-From"] = sender,
    }, unescape(text))
  end
end

function request()
  next_index = next_index + 1
  if next_index > #reqs then
    next_index = 1
  end
  return reqs[next_index]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
