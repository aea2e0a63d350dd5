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

-- A number that can exist (Roster checks libphonenumber's metadata), unique per thread and
-- counter: one real area code per thread, exchanges 234-310 (no N11 exchange before 770,000
-- creates a thread), four line digits.
local area_codes = {213, 312, 415, 646, 206, 617, 303, 404, 702, 713}
function valid_phone(thread, count)
  local area = area_codes[(thread % 5) + 1]
  return string.format("+1 (%d) %03d-%04d", area, 234 + math.floor(count / 10000), count % 10000)
end

function request()
  counter = counter + 1
  local n = string.format("%d%07d", thread_id, counter)
  local phone = valid_phone(thread_id, counter)
  local body
  if kind == "roster" then
    body = string.format('{"first_name":"Bench","last_name":"Person %s","is_user":false,"is_assignable":true,' ..
      '"status":"active","group_ids":["%s"],"email":"p%s@bench.example","phone":"%s"}', n, group, n, phone)
  else
    body = string.format('{"first_name":"Bench","last_name":"Person %s","is_user":false,"is_assignable":true,' ..
      '"status":"active","group_ids":["%s"],"email":"p%s@bench.example","phone":"%s"}', n, group, n, phone)
  end
  return wrk.format(nil, path, nil, body)
end
