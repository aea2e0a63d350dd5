-- Creates for the scale curve: every request a new person with a unique email, phone and employee
-- number, except a share that collides with an active person's email (a sync job re-sending).
-- args: <path> <group id> <base> <collide percent> <collide count>
-- A person's number n = base + counter * 2 + thread - 1 (two wrk threads): the caller moves base
-- past every number a run can have used, so numbers stay unique and dense across runs.
-- Colliding bodies reuse `c<i>@collide.example`, i < collide count (people seeded beforehand).
-- Counts answers by status; done() prints them as `status <code> <count>` lines.
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, group = args[1], args[2]
  base, collide, pool = tonumber(args[3]), tonumber(args[4]) or 0, tonumber(args[5]) or 0
  thread_id = tonumber(tid) or 0
  counter = 0
  statuses = {}
  math.randomseed(thread_id * 7919 + base)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

-- A number that can exist: ten real area codes, exchanges 234-933 with N11 moved to 95N, four
-- line digits; 70 million numbers.
local area_codes = {213, 312, 415, 646, 206, 617, 303, 404, 702, 713}
function valid_phone(n)
  local area = area_codes[(math.floor(n / 7000000) % 10) + 1]
  local ex = 234 + math.floor(n / 10000) % 700
  if ex % 100 == 11 then ex = 950 + math.floor(ex / 100) end
  return string.format("+1 (%d) %03d-%04d", area, ex, n % 10000)
end

function request()
  counter = counter + 1
  local n = base + counter * 2 + thread_id - 1
  local email = string.format("s%d@scale.example", n)
  if collide > 0 and math.random(100) <= collide then
    email = string.format("c%d@collide.example", math.random(pool) - 1)
  end
  local body = string.format('{"first_name":"Scale","last_name":"P%d","is_user":false,"is_assignable":true,' ..
    '"status":"active","group_ids":["%s"],"email":"%s","phone":"%s","employee_number":"S%d"}',
    n, group, email, valid_phone(n), n)
  return wrk.format(nil, path, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, count in pairs(s) do
      total[code] = (total[code] or 0) + count
    end
  end
  for code, count in pairs(total) do
    io.write(string.format("status %d %d\n", code, count))
  end
end
