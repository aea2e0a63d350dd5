-- Creates of project people for the scale curve: every request a new reference person in one
-- project, with its own origin id and employee id, and one of forty job titles.
-- args: <path> <base>. A person's number n = base + counter * 2 + thread - 1 (two wrk threads).
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  path, base = args[1], tonumber(args[2])
  thread_id = tonumber(tid) or 0
  counter = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local n = base + counter * 2 + thread_id - 1
  local body = string.format('{"person":{"first_name":"Crew","last_name":"P%d","origin_id":"o%d",' ..
    '"employee_id":"E%d","job_title":"Trade %d"}}', n, n, n, n % 40)
  return wrk.format(nil, path, nil, body)
end
