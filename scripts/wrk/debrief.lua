-- wrk script for scripts/bench server: picks a request per mode and prints requests/s and
-- p50/p95/p99 latency in one line (the caller prints the mode: done() runs in a Lua state
-- where init() did not).
--   wrk -s scripts/wrk/debrief.lua URL -- MODE COUNT COOKIE TOKEN
-- MODE: static, page (random over all COUNT), page-hot (random over the 200 newest: a working
-- set, as readers keep coming back to the same recent incidents), list, search-page, api-get,
-- api-search, search-cold (two words drawn from 60 at random: 3,600 queries, so nearly every
-- one is asked for the first time and nothing kept answers it)
local mode, count, cookie, token
local vocabulary = { "checkout", "orders", "certificate", "expired", "timeout", "kafka", "deadlock", "schema",
  "migration", "retry", "storm", "vault", "dns", "resolver", "feature", "flag", "cache", "stampede", "ledger",
  "replica", "partner", "clock", "skew", "disk", "webhooks", "rate", "limit", "payments", "auth", "login", "queue",
  "backlog", "latency", "memory", "leak", "config", "deploy", "rollback", "index", "connection", "pool", "exhausted",
  "alert", "paging", "region", "failover", "network", "partition", "thread", "gateway", "token", "rotation", "cron",
  "batch", "job", "billing", "invoice", "search", "cluster", "upgrade" }
local words = { "checkout-api", "orders-db", "certificate expired", "timed out", "kafka-cluster", "deadlocked",
  "schema migration", "retry storm", "vault", "dns-resolver", "feature flag", "cache stampede", "split-brained",
  "ledger-db", "lost a replica", "partner-sftp", "clock skew", "filled its disk", "webhooks", "rate limit" }

function init(args)
  mode = args[1] or "static"
  count = tonumber(args[2] or "1")
  cookie = args[3] or ""
  token = args[4] or ""
  math.randomseed(os.time() + (wrk.thread and tonumber(tostring(wrk.thread):match("0x(%x+)") or "0", 16) or 0))
end

local function escape(s)
  return (s:gsub(" ", "+"))
end

function request()
  local headers = {}
  local path
  if mode == "static" then
    path = "/ping"
  elseif mode == "page" then
    path = "/incidents/pm-" .. math.random(0, count - 1)
    headers["Cookie"] = cookie
  elseif mode == "page-hot" then
    path = "/incidents/pm-" .. math.random(math.max(0, count - 200), count - 1)
    headers["Cookie"] = cookie
  elseif mode == "list" then
    path = "/incidents?offset=" .. (math.random(0, 19) * 50)
    headers["Cookie"] = cookie
  elseif mode == "search-page" then
    path = "/incidents?q=" .. escape(words[math.random(#words)])
    headers["Cookie"] = cookie
  elseif mode == "api-get" then
    path = "/api/v1/postmortems/pm-" .. math.random(0, count - 1)
    headers["Authorization"] = "Bearer " .. token
  elseif mode == "search-cold" then
    path = "/api/v1/search?q=" .. vocabulary[math.random(#vocabulary)] .. "+" .. vocabulary[math.random(#vocabulary)]
      .. "&limit=20"
    headers["Authorization"] = "Bearer " .. token
  elseif mode == "api-search" then
    path = "/api/v1/search?q=" .. escape(words[math.random(#words)]) .. "&limit=20"
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format("%8.0f req/s   p50 %7.2f ms   p95 %7.2f ms   p99 %7.2f ms   %d requests, %d errors\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests, bad))
end
