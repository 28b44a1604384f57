-- wrk script for bench/load.py: rotates through the requests of a file, prints one JSON line.
--
--   wrk -t1 -c8 -d10s --latency -s bench/lua/requests.lua http://127.0.0.1:8000 -- FILE [RATE]
--
-- FILE has one request per line, fields separated by the unit separator (0x1f):
--   METHOD  PATH  HEADERS  BODY  KEY
-- HEADERS are "Name: value" pairs separated by the record separator (0x1e). A line starting
-- with "#mode etag" makes the run follow ETags: each response's ETag is kept under the value of
-- its JSON body's first property ({"id":"..."}), and the next request for that KEY sends it as
-- If-Match,
-- so a PATCH loop never sends a stale version. "{n}" in a body becomes a counter (unique titles).
-- RATE (requests per second for this thread, optional) spaces the requests out with delay(): a
-- fixed-rate run, as Debian has no wrk2. The latencies of a fixed-rate run are measured from
-- the moment each request is sent, so a server that falls behind looks better than it is
-- (coordinated omission); read them only while the run reaches its rate.

local US, RS = "\31", "\30"
local requests = {}
mode = "plain" -- global: done() reads it from a thread
local index = 0
local counter = 0
local etags = {}
local interval_ms = nil
local next_ms = nil
statuses = {} -- global: done() reads it from each thread
local clock_ms

local function split(text, separator)
  local out = {}
  local start = 1
  while true do
    local at = string.find(text, separator, start, true)
    if not at then
      table.insert(out, string.sub(text, start))
      return out
    end
    table.insert(out, string.sub(text, start, at - 1))
    start = at + 1
  end
end

local function parse_headers(text)
  local headers = {}
  if text == nil or text == "" then
    return headers
  end
  for _, pair in ipairs(split(text, RS)) do
    local name, value = string.match(pair, "^([^:]+):%s*(.*)$")
    if name then
      headers[name] = value
    end
  end
  return headers
end

function init(args)
  local path = args[1]
  if not path then
    error("requests.lua needs a request file: wrk ... -s requests.lua URL -- FILE")
  end
  local file = assert(io.open(path, "rb"))
  for line in file:lines() do
    local wanted = string.match(line, "^#mode%s+(%S+)")
    if wanted then
      mode = wanted
    elseif line ~= "" and string.sub(line, 1, 1) ~= "#" then
      local fields = split(line, US)
      local r = {
        method = fields[1],
        path = fields[2],
        headers = parse_headers(fields[3]),
        body = fields[4] ~= "" and fields[4] or nil,
        key = fields[5] or "",
      }
      r.templated = r.body ~= nil and string.find(r.body, "{n}", 1, true) ~= nil
      if mode ~= "etag" and not r.templated then
        r.static = wrk.format(r.method, r.path, r.headers, r.body)
      end
      table.insert(requests, r)
    end
  end
  file:close()
  if #requests == 0 then
    error("requests.lua: no request in " .. path)
  end
  if args[2] and tonumber(args[2]) and tonumber(args[2]) > 0 then
    local ffi = require("ffi")
    ffi.cdef([[
      typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
      int clock_gettime(int clock, bench_timespec *now);
    ]])
    local now = ffi.new("bench_timespec")
    clock_ms = function()
      ffi.C.clock_gettime(1, now) -- CLOCK_MONOTONIC
      return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6
    end
    interval_ms = 1000 / tonumber(args[2])
  else
    delay = nil -- wrk asks for delay() only when the script defines it
  end
  if mode ~= "etag" then
    response = nil -- without response(), wrk does not keep the bodies
  end
end

local in_flight = {} -- the keys of the requests sent and not yet answered
local calls = 0

function request()
  index = index % #requests + 1
  local r = requests[index]
  if r.static then
    return r.static
  end
  if mode == "etag" then
    -- Never two requests for one record at once: the second would carry the version the first
    -- is replacing (412). Take the next record that is free, if any is. wrk calls request()
    -- once before the run to check it and never sends that one: it marks nothing.
    calls = calls + 1
    for _ = 1, #requests do
      if not in_flight[r.key] then
        break
      end
      index = index % #requests + 1
      r = requests[index]
    end
    if calls > 1 then
      in_flight[r.key] = true
    end
  end
  local body = r.body
  if r.templated then
    counter = counter + 1
    body = string.gsub(body, "{n}", tostring(counter))
  end
  local headers = r.headers
  if mode == "etag" and etags[r.key] then
    headers = {}
    for name, value in pairs(r.headers) do
      headers[name] = value
    end
    headers["If-Match"] = etags[r.key]
  end
  return wrk.format(r.method, r.path, headers, body)
end

function delay()
  -- The next request's slot on this thread's schedule; a late one goes at once, and a schedule
  -- more than a second behind starts again from now instead of sending a burst.
  local now = clock_ms()
  if next_ms == nil or next_ms < now - 1000 then
    next_ms = now
  end
  next_ms = next_ms + interval_ms
  local wait = next_ms - now
  if wait < 0 then
    return 0
  end
  return wait
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  -- The record's key: the value of the body's first property (an id, or a view's perspective).
  local id = string.match(body or "", '^{"[%w_]+":"([^"]+)"')
    or string.match(body or "", '"instance":"[^"]*/([^"/]+)"') -- a problem names its record
  if id then
    in_flight[id] = nil
  end
  local etag = headers["etag"] or headers["ETag"] or headers["Etag"]
  if id and etag and status < 300 then
    etags[id] = etag
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

local function percentile(latency, p)
  return latency:percentile(p) / 1000.0 -- wrk counts microseconds
end

function done(summary, latency, requests_)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local parts = {
    string.format('"requests":%d', summary.requests),
    string.format('"duration_s":%.3f', seconds),
    string.format('"rps":%.2f', summary.requests / seconds),
    string.format('"bytes":%d', summary.bytes),
    string.format('"p50_ms":%.3f', percentile(latency, 50)),
    string.format('"p90_ms":%.3f', percentile(latency, 90)),
    string.format('"p95_ms":%.3f', percentile(latency, 95)),
    string.format('"p99_ms":%.3f', percentile(latency, 99)),
    string.format('"max_ms":%.3f', latency.max / 1000.0),
    string.format('"mean_ms":%.3f', latency.mean / 1000.0),
    string.format(
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}',
      e.connect, e.read, e.write, e.status, e.timeout
    ),
    string.format('"mode":"%s"', threads[1] and threads[1]:get("mode") or mode),
  }
  -- The statuses counted by response() (only where it runs: ETag-following runs).
  local counted = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    if seen then
      for status, n in pairs(seen) do
        counted[status] = (counted[status] or 0) + n
      end
    end
  end
  local pairs_ = {}
  for status, n in pairs(counted) do
    table.insert(pairs_, string.format('"%d":%d', status, n))
  end
  table.insert(parts, '"statuses":{' .. table.concat(pairs_, ",") .. "}")
  io.write("BENCH-JSON " .. "{" .. table.concat(parts, ",") .. "}\n")
end
