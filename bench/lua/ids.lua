-- Requests against existing people, round robin over the ids in a file.
-- args: <ids file> <path prefix> <mode: get|enable|mixed-roster|mixed-pocketbase> [create path] [group] [level]
local ids = {}
local i = 0
local counter = 0
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do table.insert(ids, line) end
  prefix, mode, create_path, group, level = args[2], args[3], args[4], args[5], args[6]
  thread_id = tonumber(tid) or 0
  i = thread_id * 7919
  wrk.headers["Content-Type"] = "application/json"
end

local function next_id()
  i = i + 1
  return ids[(i % #ids) + 1]
end

-- Numbers that can exist, unique per thread (see create.lua); other area codes than create's.
area_codes = {213, 312, 415, 646, 206, 617, 303, 404, 702, 713}

function request()
  if mode == "get" then
    return wrk.format("GET", prefix .. next_id())
  elseif mode == "enable" then
    local body = string.format('{"permission_level_id":"%s","password":"Bench-Passw0rd"}', level)
    return wrk.format("POST", prefix .. next_id() .. "/user", nil, body)
  end
  -- mixed: 80% reads, 15% creates, 5% updates
  local r = math.random(100)
  if r <= 80 then
    return wrk.format("GET", prefix .. next_id())
  elseif r <= 95 then
    counter = counter + 1
    local n = string.format("9%d%06d", thread_id, counter)
    local body = string.format('{"first_name":"Mixed","last_name":"M%s","is_user":false,"is_assignable":true,' ..
      '"status":"active","group_ids":["%s"],"email":"m%s@bench.example","phone":"%s"}', n, group, n,
      string.format("+1%d%03d%04d", area_codes[(thread_id % 5) + 6], 234 + math.floor(counter / 10000), counter % 10000))
    return wrk.format("POST", create_path, nil, body)
  else
    local body = '{"last_name":"Updated"}'
    if mode == "mixed-roster" then
      return wrk.format("POST", prefix .. next_id(), nil, body)
    end
    return wrk.format("PATCH", prefix .. next_id(), nil, body)
  end
end
