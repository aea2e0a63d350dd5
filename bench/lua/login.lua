-- Anonymous password logins with emails nobody has, each one new (the per-email lockout never
-- trips): what a password sprayer sends. args: none.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = tonumber(tid) or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = string.format('{"email":"spray%d-%d@bench.example","password":"Guess-1234"}', thread_id, counter)
  return wrk.format(nil, "/v2/auth/login", nil, body)
end
