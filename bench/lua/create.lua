-- Every request creates a new person with a unique email and phone.
-- args: <path> <roster|pocketbase> <group id>
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, kind, group = args[1], args[2], args[3]
  thread_id = tonumber(tid) or 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local n = string.format("%d%07d", thread_id, counter)
  local body
  if kind == "roster" then
    body = string.format('{"first_name":"Bench","last_name":"Person %s","is_user":false,"is_assignable":true,' ..
      '"status":"active","group_ids":["%s"],"email":"p%s@bench.example","phone":"+1 (555) %s"}', n, group, n, n)
  else
    body = string.format('{"first_name":"Bench","last_name":"Person %s","is_user":false,"is_assignable":true,' ..
      '"status":"active","group_ids":["%s"],"email":"p%s@bench.example","phone":"+1555%s"}', n, group, n, n)
  end
  return wrk.format(nil, path, nil, body)
end
