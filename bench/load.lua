-- wrk script: replays pre-built webhook requests from a file, one line each.
--   twilio (default): "<signature> <form body>", POSTed to <path> with X-Twilio-Signature
--   kannel: "<path and query> <sender> <urlencoded UTF-8 text>", as smsbox's post-url sends
--   android: "<timestamp> <signature> <JSON body>", as the gateway app signs its webhooks
-- Usage: wrk -s bench/load.lua <url> -- <requests file> <path> [twilio|kannel|android]
local reqs = {}
local next_index = 0

local function unescape(s)
  return (s:gsub("%%(%x%x)", function(h) return string.char(tonumber(h, 16)) end))
end

local function twilio(line, path)
  local sig, body = line:match("^(%S+) (.*)$")
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Twilio-Signature"] = sig,
  }, body)
end

local function kannel(line)
  local target, sender, text = line:match("^(%S+) (%S+) (.*)$")
  return wrk.format("POST", target, {
    ["Content-Type"] = 'text/plain; charset="UTF-8"',
    ["X-Kannel-From"] = sender,
  }, unescape(text))
end

local function android(line, path)
  local stamp, sig, body = line:match("^(%S+) (%S+) (.*)$")
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["X-Timestamp"] = stamp,
    ["X-Signature"] = sig,
  }, body)
end

local builders = { twilio = twilio, kannel = kannel, android = android }

function init(args)
  local file, path, kind = args[1], args[2], args[3] or "twilio"
  for line in io.lines(file) do
    reqs[#reqs + 1] = builders[kind](line, path)
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
