-- wrk script: replays pre-signed webhook requests, one line each: "<signature> <body>".
-- Usage: wrk -s bench/load.lua <url> -- <requests file> <path>
local reqs = {}
local next_index = 0

function init(args)
  local file, path = args[1], args[2]
  for line in io.lines(file) do
    local sig, body = line:match("^(%S+) (.*)$")
    reqs[#reqs + 1] = wrk.format("POST", path, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Twilio-Signature"] = sig,
    }, body)
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
