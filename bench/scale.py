"""The scale curve (`bench/run --scale`): one company loaded to 10,000, 100,000 and 1,000,000 people,
and at each size the create rate, reads by id, the first and the 2,000th list page, each indexed
lookup, memory and the store's size. Then creates that collide with existing people (10% and 50%),
a project of a tenth as many project people and its lookups (origin id, employee id, search), and
on PostgreSQL two processes creating into one company against one.

The company is loaded through the API's own create path (wrk, 64 connections, scale.lua), which
is also the create measurement: the last 5-second window of creates at each size. Every lookup
asks for a handful of people (five, or one) planted before the load. Writes bench/results/scale.json
and prints a table.
"""
import json, os, re, subprocess, threading, time, urllib.parse, uuid

from systems import Roster, http, parallel
from web import WebSession, new_admin

LUA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lua")
PAGE = 400
LOOKUP_CONNECTIONS = 4


def wrk_raw(url, script, args, duration, connections, headers):
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s"]
    if script:
        cmd += ["-s", os.path.join(LUA, script)]
    for h in headers:
        cmd += ["-H", h]
    cmd += [url] + (["--"] + [str(x) for x in args] if script else [])
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def wrk_get(url, duration, connections, headers):
    """A GET load: the rate, latencies, and every failure counted (non-2xx and socket errors, the
    timeouts of requests slower than 10 s among them); a load with no answer at all fails."""
    from bench import parse_wrk_text
    out = wrk_raw(url, None, [], duration, connections, headers)
    res = parse_wrk_text(out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errs:
        res["errors"] += sum(int(x) for x in errs.groups())
    assert res["requests"] > 0 and res["errors"] == 0, (url, out)
    return res


class Creates:
    """scale.lua runs, each with a base no other run's numbers reach."""

    def __init__(self, s):
        self.s, self.base, self.lock = s, 0, threading.Lock()

    def load(self, duration, connections=64, collide=0, pool=0, system=None):
        from bench import parse_wrk_text
        s = system or self.s
        with self.lock:
            # Room for 25,000 requests a second (more than this machine answers): the numbers of
            # the whole benchmark stay well inside scale.lua's 70 million phone numbers.
            base = self.base
            self.base += 2 * (duration * 25_000 + connections) + 2
        out = wrk_raw(s.base + s.create_path, "scale.lua", [s.create_path, s.group, base, collide, pool],
                      duration, connections, s.headers)
        res = parse_wrk_text(out)
        res["statuses"] = {int(c): int(n) for c, n in re.findall(r"^status (\d+) (\d+)$", out, re.M)}
        return res


class Planted:
    """The handful each lookup finds: five people named Zelda Quartz (one with employee number
    ZQ-1 and email zq1@lookup.example), in the group Crew, with the tag Rigger and badge B-7."""

    def __init__(self, s):
        _, crew, _ = s.call("POST", "/groups", {"name": "Crew", "timezone": "America/Chicago"})
        _, tag, _ = s.call("POST", "/tags", {"name": "Rigger", "abbreviation": "RG", "categories": [], "group_ids": [],
                                             "globally_accessible": True, "require_expr_date": False})
        status, field, _ = s.call("POST", "/custom-fields", {"name": "Badge", "type": "text", "on_people": True, "can_filter": True})
        assert status == 200, field
        self.badge = s.call("GET", f"/custom-fields/{field['id']}")[1]["integration_name"]
        self.ids = []
        for i in range(1, 6):
            status, p, _ = s.call("POST", "/people", {"first_name": "Zelda", "last_name": "Quartz", "is_user": False, "is_assignable": True,
                                                      "status": "active", "group_ids": [s.group, crew["id"]], "email": f"zq{i}@lookup.example",
                                                      "employee_number": f"ZQ-{i}", self.badge: "B-7"})
            assert status == 200, p
            status, t, _ = s.call("POST", f"/people/{p['id']}/tags", {"tag_id": tag["id"]})
            assert status == 200, t
            self.ids.append(p["id"])
        self.crew, self.tag = crew["id"], tag["id"]
        # An admin, who signs in for the web app's tag filter (the API's lists have none).
        self.admin = new_admin(s)
        # People whose emails the colliding creates reuse.
        def collider(i):
            return s.call("POST", "/people", {"first_name": "Taken", "last_name": f"C{i}", "is_user": False, "is_assignable": True,
                                              "status": "active", "group_ids": [s.group], "email": f"c{i}@collide.example"})[0]
        assert set(parallel(collider, range(1000))) == {200}

    def lookups(self, s, cursor_iso):
        q = urllib.parse.quote
        api = s.api
        return [
            ("get by email", f"{api}/people?email=zq1@lookup.example&per_page=100", 1),
            ("get by first_name", f"{api}/people?first_name=Zelda&per_page=100", 5),
            ("get by last_name", f"{api}/people?last_name=Quartz&per_page=100", 5),
            ("get by employee_number", f"{api}/people?employee_number=ZQ-1&per_page=100", 1),
            ("get by custom field", f"{api}/people?{self.badge}=B-7&per_page=100", 5),
            # The planted five, touched, and the two people created after the cursor.
            ("updated_after cursor", f"{api}/people?updated_after={q(cursor_iso)}&per_page=100", 7),
            ("created_after cursor", f"{api}/people?created_after={q(cursor_iso)}&per_page=100", 2),
            ("group's people", f"{api}/groups/{self.crew}/people?per_page=100", 5),
            ("tag (web list)", f"/people?tag={self.tag}", 5),
        ]


def found(s, path, cookie):
    """How many people a lookup answers (its Total header, or the web page's rows)."""
    if path.startswith(s.api):
        _, body, headers = http("GET", s.base + path, headers={"Authorization": f"Bearer {s.token}"})
        return int(headers.get("total") or headers.get("Total"))
    return None


def rss_mib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def store_bytes(s, url):
    if url.startswith("sqlite://"):
        path = url[len("sqlite://"):].split("?")[0]
        return sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
    out = subprocess.run(["psql", url, "-Atc", "CHECKPOINT; SELECT pg_database_size(current_database())"], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


def curve(s, url, work, sizes, d):
    """One store's curve; answers (rows, extras)."""
    from bench import reset_peak
    label = s.label
    planted = Planted(s)
    creates = Creates(s)
    rows, extras = [], {}
    rate = 5000.0
    for size in sizes:
        # Load to the size: wrk runs sized by the rate seen so far (whole seconds: it overshoots by
        # at most a second of creates).
        loaded = s.count()
        while loaded < size:
            res = creates.load(max(1, min(120, int((size - loaded) / rate))))
            rate = max(500.0, res["rps"])
            assert set(res["statuses"]) <= {200}, res["statuses"]
            loaded = s.count()
            print(f"  {label:22} loading: {loaded} people ({res['rps']:.0f}/s)", flush=True)
        people = loaded
        row = {"system": label, "size": size, "people": people}
        # Reads: by id (5,000 ids from across the company), first page, page 2,000.
        ids = sample_ids(s, people)
        ids_file = os.path.join(work, f"scale-ids-{uuid.uuid4().hex[:6]}")
        with open(ids_file, "w") as f:
            f.write("\n".join(ids))
        from bench import wrk
        get = wrk(s.base, "ids.lua", [ids_file, s.item_prefix, "get"], d, 32, 2, s.headers)
        row.update(get_rps=get["rps"], get_p99_ms=get["p99_ms"])
        first = wrk_get(s.base + s.api + f"/people?page=0&per_page={PAGE}", d, 8, s.headers)
        row.update(page0_rps=first["rps"], page0_p50_ms=first["p50_ms"], page0_p99_ms=first["p99_ms"])
        if people > 2000 * PAGE:
            far = wrk_get(s.base + s.api + f"/people?page=2000&per_page={PAGE}", d, 8, s.headers)
            row.update(page2000_rps=far["rps"], page2000_p50_ms=far["p50_ms"], page2000_p99_ms=far["p99_ms"],
                       page2000_vs_page0=round(far["p50_ms"] / first["p50_ms"], 2))
        # The cursor lookups see the planted people touched (and two people created) just now.
        cursor = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(time.time() - 1)) + "Z"
        time.sleep(1.1)
        for pid in planted.ids:
            status, body, _ = s.call("POST", f"/people/{pid}", {"address_1": f"Touched at {size}"})
            assert status == 200, body
        for i in range(2):
            s.call("POST", "/people", {"first_name": "Fresh", "last_name": f"F{size}-{i}", "is_user": False, "is_assignable": True,
                                       "status": "active", "group_ids": [s.group]})
        web = WebSession(s.base)
        web.sign_in(*planted.admin)
        cookie = [f"Cookie: {web.cookie_header()}"]
        for name, path, want in planted.lookups(s, cursor):
            headers = cookie if not path.startswith(s.api) else s.headers
            n = found(s, path, cookie)
            assert n is None or n == want, (name, n, want)
            # Four connections: a sync job's few concurrent lookups, not a saturating load.
            r = wrk_get(s.base + path, d, LOOKUP_CONNECTIONS, headers)
            row[f"{name} p99_ms"] = r["p99_ms"]
            row[f"{name} rps"] = r["rps"]
        time.sleep(0.5)
        row["rss_mib"] = rss_mib(s.server.proc.pid)
        row["store_bytes"] = store_bytes(s, url)
        row["store_bytes_per_person"] = round(row["store_bytes"] / people)
        # Creates at the size (they add a few seconds' worth of people), and the peak memory then.
        reset_peak(s.server.proc.pid)
        create = creates.load(d)
        assert set(create["statuses"]) <= {200}, create["statuses"]
        peak = rss_mib(s.server.proc.pid, "VmHWM")
        row.update(create_rps=create["rps"], create_p99_ms=create["p99_ms"], peak_rss_create_mib=peak)
        print(f"  {label:22} at {people}: create {create['rps']:.0f}/s p99 {create['p99_ms']} ms, get p99 {get['p99_ms']} ms, "
              f"page 0 p50 {first['p50_ms']} ms" + (f", page 2000 p50 {row.get('page2000_p50_ms')} ms" if "page2000_p50_ms" in row else "")
              + f", lookups p99 max {max(row[k] for k in row if k.endswith('p99_ms') and k.startswith(('get by', 'updated', 'created_after', 'group', 'tag')))} ms, "
              f"peak RSS {peak} MiB, {row['store_bytes_per_person']} bytes/person", flush=True)
        rows.append(row)
    extras["collisions"] = collisions(s, creates, d)
    extras["project_people"] = project_people(s, work, sizes[-1] // 10, d)
    return rows, extras


def project_people(s, work, size, d):
    """One project loaded to `size` project people (a tenth of the company's last size), then its
    lookups: by origin id, employee id, a search (trigrams) and by origin id across the company's
    projects, each checked against three planted people."""
    from bench import parse_wrk_text
    headers = s.headers + [f"Procore-Company-Id: {s.company['procore_company_id']}"]
    auth = {"Authorization": f"Bearer {s.token}", "Procore-Company-Id": str(s.company["procore_company_id"])}
    body = {"company_id": s.company["procore_company_id"], "project": {"name": "Scale"}}
    status, project, _ = http("POST", s.base + "/rest/v1.0/projects", body, auth)
    assert status == 201, project
    path = f"/rest/v1.0/projects/{project['id']}/people"
    for i in range(1, 4):
        person = {"person": {"first_name": "Yara", "last_name": f"Quillon{i}", "origin_id": "plant-1" if i == 1 else f"plant-{i}",
                             "employee_id": "PE-1" if i == 1 else f"PE-{i}", "job_title": "Rigger"}}
        status, made, _ = http("POST", s.base + path, person, auth)
        assert status == 201, made
    loaded, base, rate, t0 = 3, 0, 2000.0, time.perf_counter()
    while loaded < size:
        seconds = max(1, min(60, int((size - loaded) / rate)))
        res = parse_wrk_text(wrk_raw(s.base + path, "project_people.lua", [path, base], seconds, 64, headers))
        base += 2 * (seconds * 25_000 + 64) + 2
        assert res["errors"] == 0, res
        rate = max(200.0, res["rps"])
        _, _, h = http("GET", s.base + path + "?per_page=1", headers=auth)
        loaded = int(h.get("total") or h.get("Total"))
        print(f"  {s.label:22} project people: {loaded} ({res['rps']:.0f}/s)", flush=True)
    out = {"project_people": loaded, "load_s": round(time.perf_counter() - t0, 1)}
    for name, query, want in [
        ("by origin_id", "filters[origin_id]=plant-1", 1),
        ("by employee_id", "filters[employee_id]=PE-1", 1),
        ("search", "filters[search]=quillon", 3),
        ("by origin_id, whole company", "filters[origin_id]=plant-1&filters[include_company_people]=true", 1),
    ]:
        url = f"{s.base}{path}?{query}&per_page=100"
        _, found, _ = http("GET", url, headers=auth)
        assert len(found) == want, (name, found)
        r = wrk_get(url, d, LOOKUP_CONNECTIONS, headers)
        out[f"{name} p99_ms"], out[f"{name} rps"] = r["p99_ms"], r["rps"]
    print(f"  {s.label:22} project people at {loaded}: " + ", ".join(f"{k} {v}" for k, v in out.items() if k.endswith("p99_ms")), flush=True)
    return out


def sample_ids(s, people):
    """Ids from pages spread over the whole company."""
    out = []
    pages = max(1, people // PAGE)
    for k in range(10):
        _, body, _ = s.call("GET", f"/people?page={k * pages // 10}&per_page={PAGE}")
        out += [p["id"] for p in body["data"]]
    return out


def collisions(s, creates, d):
    """Creates with none, 10% and 50% of bodies colliding with an active person's email: the rates,
    and every answer a 200 or the seed's 409."""
    out = {}
    for pct in (0, 10, 50):
        r = creates.load(d, collide=pct, pool=1000)
        assert set(r["statuses"]) <= {200, 409}, r["statuses"]
        answered = sum(r["statuses"].values())
        out[pct] = {"rps": r["rps"], "p99_ms": r["p99_ms"], "statuses": r["statuses"],
                    "conflict_share": round(r["statuses"].get(409, 0) / max(1, answered), 3)}
        print(f"  {s.label:22} creates, {pct}% colliding: {r['rps']:.0f}/s, answers {r['statuses']}", flush=True)
    for pct in (10, 50):
        out[pct]["vs_none"] = round(out[pct]["rps"] / out[0]["rps"], 2)
    return out


def two_processes(s, binary, work, url, d):
    """Creates into one company from two processes on one PostgreSQL database, against one."""
    creates = Creates(s)
    one = creates.load(d, connections=64)
    second = Roster.__new__(Roster)
    second.__dict__.update(s.__dict__)
    from systems import Server, free_port
    port = free_port()
    env = {**s.env, "ROSTER_BIND": f"127.0.0.1:{port}", "PORT": str(port)}
    second.server = Server(s.label + " #2", s.argv, env, "/openapi.json", work)
    second.base = second.server.base
    import concurrent.futures
    # Meanwhile, how often a create waits for a lock (the per-company count row would show here).
    stop, samples = threading.Event(), []

    def sample_locks():
        q = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        while not stop.is_set():
            out = subprocess.run(["psql", url, "-Atc", q], capture_output=True, text=True)
            if out.returncode == 0:
                samples.append(int(out.stdout.strip() or 0))
            time.sleep(0.1)
    with concurrent.futures.ThreadPoolExecutor(3) as ex:
        sampler = ex.submit(sample_locks)
        a = ex.submit(creates.load, d, 32, 0, 0, s)
        b = ex.submit(creates.load, d, 32, 0, 0, second)
        a, b = a.result(), b.result()
        stop.set()
        sampler.result()
    second.server.stop()
    both = a["rps"] + b["rps"]
    print(f"  {s.label:22} creates from one process {one['rps']:.0f}/s, from two {a['rps']:.0f} + {b['rps']:.0f} = {both:.0f}/s", flush=True)
    waiting = sum(1 for n in samples if n) / max(1, len(samples))
    print(f"  {s.label:22} a create waited on a lock in {waiting:.0%} of {len(samples)} samples", flush=True)
    return {"one_process_rps": one["rps"], "two_processes_rps": [a["rps"], b["rps"]], "two_vs_one": round(both / one["rps"], 2),
            "lock_wait_samples": len(samples), "share_of_samples_with_a_lock_wait": round(waiting, 3)}


def main(a, work):
    sizes = [int(x) for x in a.sizes.split(",")]
    d = 1 if a.smoke else a.duration
    doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "sizes": sizes, "duration_s": d, "rows": [], "extras": {}}
    stores = [] if a.no_sqlite else [("Roster (SQLite)", f"sqlite://{work}/scale.db")]
    db = None
    if not a.no_postgres:
        db = f"roster_scale_{uuid.uuid4().hex[:8]}"
        subprocess.run(["psql", a.postgres, "-qc", f"CREATE DATABASE {db}"], check=True)
        stores.append(("Roster (PostgreSQL)", a.postgres.rsplit("/", 1)[0] + "/" + db))
    try:
        for label, url in stores:
            s = Roster(label, a.roster, work, url)
            try:
                rows, extras = curve(s, url, work, sizes, d)
                if "PostgreSQL" in label:
                    extras["two_processes"] = two_processes(s, a.roster, work, url, d)
            finally:
                s.server.stop()
            doc["rows"] += rows
            doc["extras"][label] = extras
    finally:
        if db:
            subprocess.run(["psql", a.postgres, "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"])
    doc["targets"] = targets(doc)
    results = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    os.makedirs(results, exist_ok=True)
    name = "scale-smoke.json" if a.smoke else ("scale.json" if stores and "SQLite" in stores[0][0] else "scale-postgres.json")
    with open(os.path.join(results, name), "w") as f:
        json.dump(doc, f, indent=2)
    print(render(doc))
    return 0


def targets(doc):
    out = []
    for label in sorted({r["system"] for r in doc["rows"]}):
        rows = [r for r in doc["rows"] if r["system"] == label]
        first, last = rows[0], rows[-1]
        lookups = [k for k in last if k.endswith("p99_ms") and not k.startswith(("create", "get_", "page"))]
        worst = max(lookups, key=lambda k: last[k])
        out.append({"target": f"{label}: each lookup p99 <= 5 ms at {last['people']}", "met": last[worst] <= 5, "detail": f"worst {worst} {last[worst]}"})
        if "page2000_vs_page0" in last:
            out.append({"target": f"{label}: page 2,000 <= 2x page 0", "met": last["page2000_vs_page0"] <= 2,
                        "detail": f"{last['page2000_p50_ms']} vs {last['page0_p50_ms']} ms (p50)"})
        out.append({"target": f"{label}: creates at {last['people']} >= 80% of at {first['people']}",
                    "met": last["create_rps"] >= 0.8 * first["create_rps"], "detail": f"{last['create_rps']:.0f} vs {first['create_rps']:.0f}/s"})
        out.append({"target": f"{label}: peak RSS under creates < 128 MiB", "met": max(r["peak_rss_create_mib"] for r in rows) < 128,
                    "detail": f"{max(r['peak_rss_create_mib'] for r in rows)} MiB"})
        col = doc["extras"].get(label, {}).get("collisions")
        if col:
            out.append({"target": f"{label}: 10% colliding >= 80% of the rate", "met": col[10]["vs_none"] >= 0.8, "detail": f"{col[10]['vs_none']}"})
            out.append({"target": f"{label}: 50% colliding >= 60% of the rate", "met": col[50]["vs_none"] >= 0.6, "detail": f"{col[50]['vs_none']}"})
    return out


def render(doc):
    cols = ["people", "create_rps", "create_p99_ms", "get_p99_ms", "page0_p50_ms", "page2000_p50_ms", "get by email p99_ms",
            "get by first_name p99_ms", "get by last_name p99_ms", "get by employee_number p99_ms", "get by custom field p99_ms",
            "updated_after cursor p99_ms", "created_after cursor p99_ms", "group's people p99_ms", "tag (web list) p99_ms",
            "peak_rss_create_mib", "rss_mib", "store_bytes_per_person"]
    lines = ["| system | " + " | ".join(cols) + " |", "|---|" + "---:|" * len(cols)]
    for r in doc["rows"]:
        cells = [f"{r[c]:.0f}" if isinstance(r.get(c), float) and c.endswith("rps") else str(r.get(c, "-")) for c in cols]
        lines.append(f"| {r['system']} | " + " | ".join(cells) + " |")
    lines += ["", "| target | met | measured |", "|---|---|---|"]
    lines += [f"| {t['target']} | {'yes' if t['met'] else '**NO**'} | {t['detail']} |" for t in doc["targets"]]
    for label, extras in doc["extras"].items():
        lines.append(f"\n{label}: " + json.dumps(extras))
    return "\n".join(lines) + "\n"
