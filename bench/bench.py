#!/usr/bin/env python3
"""Roster vs PocketBase on this machine, same load generator (wrk), same run.

Started by `bench/run`, which installs wrk and PocketBase and builds Roster first. Prints a table,
writes bench/results/latest.json and bench/results/latest.md. Standard library only.
"""
import argparse, concurrent.futures, json, os, platform, re, shutil, signal, socket, subprocess
import sys, tempfile, time, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LUA = os.path.join(ROOT, "bench", "lua")
RESULTS = os.path.join(ROOT, "bench", "results")
UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0}
DEFAULT_ONLY = "create,get,list,mixed,enable,spray,web"

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from systems import PocketBase, Roster  # noqa: E402
import scale  # noqa: E402
import web  # noqa: E402


def rss_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def reset_peak(pid):
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def parse_ms(text):
    m = re.match(r"([\d.]+)(us|ms|s)$", text)
    # Rounded: 566us is 0.566 ms, not 0.5660000000000001.
    return round(float(m.group(1)) * UNIT[m.group(2)], 3) if m else None


def wrk(url, script, args, duration, connections, threads, headers=()):
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s", "-s", os.path.join(LUA, script)]
    for h in headers:
        cmd += ["-H", h]
    cmd += [url, "--"] + list(args)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    res = parse_wrk_text(out)
    errs = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if errs:
        res["errors"] += sum(int(x) for x in errs.groups())
    return res


def measure(system, scenario, fn):
    pid = system.server.proc.pid
    reset_peak(pid)
    res = fn()
    res["peak_rss_mib"] = round(rss_kib(pid, "VmHWM") / 1024, 1)
    res.update(system=system.label, scenario=scenario)
    print(f"  {system.label:22} {scenario:28} {res['rps']:>9.0f} req/s  p50 {res['p50_ms']}ms  p99 {res['p99_ms']}ms  errors {res['errors']}", flush=True)
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=8, help="seconds per scenario")
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--roster", default=os.path.join(ROOT, "target", "release", "roster"))
    ap.add_argument("--pocketbase", default=shutil.which("pocketbase") or "")
    ap.add_argument("--postgres", default=os.environ.get("ROSTER_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres"))
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--smoke", action="store_true", help="one 2-second scenario: proves the benchmark still works")
    ap.add_argument("--only", default=DEFAULT_ONLY, help="comma-separated scenarios to run")
    ap.add_argument("--scale", action="store_true", help="the scale curve instead (bench/scale.py): one company at each of --sizes")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="--scale: the company sizes, in people")
    ap.add_argument("--no-sqlite", action="store_true", help="--scale: PostgreSQL only")
    a = ap.parse_args()
    a.roster, a.pocketbase = os.path.abspath(a.roster), (os.path.abspath(a.pocketbase) if a.pocketbase else "")
    work = tempfile.mkdtemp(prefix="roster-bench-")
    if a.scale:
        if a.smoke:
            a.sizes, a.no_postgres = "2000", True
        else:
            a.duration = 5 if a.duration == 8 else a.duration
        return scale.main(a, work)
    d, c, t = (2 if a.smoke else a.duration), a.connections, a.threads
    results, systems, notes = [], [], {"only": a.only}

    hash_ms = json.loads(subprocess.run([a.roster, "hash-time", "--count", "6"], capture_output=True, text=True, check=True).stdout)["ms_per_hash"]
    cores = os.cpu_count() or 1
    notes["argon2id_ms_per_hash"] = round(hash_ms, 2)
    notes["argon2id_bound_per_s"] = round(cores * 1000 / hash_ms, 1)

    try:
        sqlite = Roster("Roster (SQLite)", a.roster, work, f"sqlite://{work}/roster.db")
        systems.append(sqlite)
        notes["roster_idle_rss_mib"] = round(rss_kib(sqlite.server.proc.pid, "VmRSS") / 1024, 1)
        sqlite.restart()
        notes["roster_startup_ms_existing_store"] = round(sqlite.server.startup_ms, 1)
        time.sleep(0.5)
        notes["roster_idle_rss_mib_existing_store"] = round(rss_kib(sqlite.server.proc.pid, "VmRSS") / 1024, 1)
        if a.smoke:
            results.append(measure(sqlite, "create person", lambda: wrk(sqlite.base, "create.lua", [sqlite.create_path, "roster", sqlite.group], d, c, t, sqlite.headers)))
            assert results[-1]["errors"] == 0 and results[-1]["requests"] > 0, results[-1]
            return finish(results, notes, smoke=True)
        if not a.no_postgres:
            db = f"roster_bench_{uuid.uuid4().hex[:8]}"
            subprocess.run(["psql", a.postgres, "-qc", f"CREATE DATABASE {db}"], check=True)
            notes["postgres_database"] = db
            systems.append(Roster("Roster (PostgreSQL)", a.roster, work, a.postgres.rsplit("/", 1)[0] + "/" + db))
        if a.pocketbase:
            pb = PocketBase(a.pocketbase, work)
            notes["pocketbase_startup_ms"] = round(pb.server.startup_ms, 1)
            notes["pocketbase_idle_rss_mib"] = round(rss_kib(pb.server.proc.pid, "VmRSS") / 1024, 1)
            systems.append(pb)

        want = set(a.only.split(","))
        for s in systems if "create" in want else []:
            res = measure(s, "create person", lambda: wrk(s.base, "create.lua", [s.create_path, s.kind, s.group], d, c, t, s.headers))
            if s is sqlite:
                # Durability: kill -9 the instant the load ends; every 200 must be there after restart.
                acknowledged = res["requests"] - res["errors"]
                s.restart(signal.SIGKILL)
                stored = s.count()
                res["durable"] = stored >= acknowledged
                notes["sqlite_kill9_acknowledged_vs_stored"] = [acknowledged, stored]
            results.append(res)
        for s in systems:
            if s.count() < 1000:
                s.seed(1000)
            with open(os.path.join(work, f"ids-{s.kind}-{id(s)}"), "w") as f:
                f.write("\n".join(s.ids(5000)))
            s.ids_file = f.name
        for s in systems if "get" in want else []:
            results.append(measure(s, "get person by id", lambda: wrk(s.base, "ids.lua", [s.ids_file, s.item_prefix, "get"], d, c, t, s.headers)))
        for s in systems if "list" in want else []:
            # A list counts its total: its cost grows with the rows the earlier scenarios created.
            notes[f"list_total_rows {s.label}"] = s.count()
            results.append(measure(s, "list people (100)", lambda: wrk_list(s, d, c, t)))
        for s in systems if "mixed" in want else []:
            mode = "mixed-roster" if s.kind == "roster" else "mixed-pocketbase"
            results.append(measure(s, "mixed 80/15/5", lambda: wrk(s.base, "ids.lua", [s.ids_file, s.item_prefix, mode, s.create_path, s.group], d, c, t, s.headers)))
        # After the API's scenarios (it fills the store to 100,000 people), before the login spray
        # (which spends this address's budget of password attempts, the web sign-in's too).
        for s in [x for x in systems if x.kind == "roster" and "web" in want]:
            found, more = web.scenario(s, lambda url, d_, c_, h: wrk_get(url, d_, c_, t, h), d, c)
            results += found
            notes.update(more)
        for s in [x for x in systems if x.kind == "roster" and "enable" in want]:
            seeded = s.seed(300)
            ids_file = os.path.join(work, f"enable-{id(s)}")
            with open(ids_file, "w") as f:
                f.write("\n".join(seeded))
            results.append(measure(s, "enable login (argon2id)", lambda: wrk(s.base, "ids.lua", [ids_file, s.item_prefix, "enable", "", "", s.level], d, c, t, s.headers)))
            half = max(1, c // 2)
            alone = wrk(s.base, "ids.lua", [s.ids_file, s.item_prefix, "get"], d, half, 1, s.headers)
            with concurrent.futures.ThreadPoolExecutor(2) as ex:
                hashing = ex.submit(wrk, s.base, "ids.lua", [ids_file, s.item_prefix, "enable", "", "", s.level], d, half, 1, s.headers)
                reading = ex.submit(wrk, s.base, "ids.lua", [s.ids_file, s.item_prefix, "get"], d, half, 1, s.headers)
                hashing, reading = hashing.result(), reading.result()
            reading.update(system=s.label, scenario="get person while hashing", unloaded_rps=alone["rps"], peak_rss_mib=None,
                           ratio_to_unloaded=round(reading["rps"] / alone["rps"], 2), hashing_rps=hashing["rps"])
            print(f"  {s.label:22} get while hashing: {reading['rps']:.0f} req/s vs {alone['rps']:.0f} alone; hashing {hashing['rps']:.0f}/s")
            results.append(reading)
        for s in [x for x in systems if x.kind == "roster" and "spray" in want]:
            results.append(spray(s, d, c))
    finally:
        for s in systems:
            s.server.stop()
        if "postgres_database" in notes:
            subprocess.run(["psql", a.postgres, "-qc", f"DROP DATABASE IF EXISTS {notes['postgres_database']} WITH (FORCE)"])
    return finish(results, notes)


def spray(s, d, c):
    """Authenticated reads while 200 anonymous clients hammer the login route with unknown emails:
    their throughput against the same reads alone, and the server's peak memory meanwhile."""
    alone = wrk(s.base, "ids.lua", [s.ids_file, s.item_prefix, "get"], d, c, 1, s.headers)
    pid = s.server.proc.pid
    before = rss_kib(pid, "VmRSS")
    reset_peak(pid)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        hammer = ex.submit(wrk, s.base, "login.lua", [], d, 200, 1)
        reading = ex.submit(wrk, s.base, "ids.lua", [s.ids_file, s.item_prefix, "get"], d, c, 1, s.headers)
        hammer, reading = hammer.result(), reading.result()
    reading.update(system=s.label, scenario="get while logins are sprayed", unloaded_rps=alone["rps"],
                   peak_rss_mib=round(rss_kib(pid, "VmHWM") / 1024, 1), rss_before_mib=round(before / 1024, 1),
                   ratio_to_unloaded=round(reading["rps"] / alone["rps"], 2),
                   spray_rps=hammer["rps"], spray_answers=hammer["requests"])
    print(f"  {s.label:22} get while 200 clients spray logins: {reading['rps']:.0f} req/s vs {alone['rps']:.0f} alone; "
          f"spray {hammer['rps']:.0f}/s; RSS {reading['rss_before_mib']} MiB before, peak {reading['peak_rss_mib']} MiB")
    return reading


def wrk_list(s, d, c, t):
    return wrk_get(s.base + s.list_path, d, c, t, s.headers)


def wrk_get(url, d, c, t, headers):
    out = subprocess.run(["wrk", "-t", str(t), "-c", str(c), "-d", f"{d}s", "--latency", "--timeout", "10s"]
                         + sum((["-H", h] for h in headers), []) + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk_text(out)


def parse_wrk_text(out):
    res = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "requests": int(re.search(r"(\d+) requests in", out).group(1))}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    res["errors"] = int(non2xx.group(1)) if non2xx else 0
    for p in ("50", "99"):
        m = re.search(rf"^\s+{p}%\s+(\S+)", out, re.M)
        res[f"p{p}_ms"] = parse_ms(m.group(1)) if m else None
    m = re.search(r"Latency\s+\S+\s+\S+\s+(\S+)", out)
    res["max_ms"] = parse_ms(m.group(1)) if m else None
    return res


def finish(results, notes, smoke=False):
    by = {(r["system"], r["scenario"]): r for r in results}
    for r in results:
        pb = by.get(("PocketBase", r["scenario"]))
        r["ratio_vs_pocketbase"] = round(r["rps"] / pb["rps"], 2) if pb and r["system"] != "PocketBase" and pb["rps"] else None
    targets = []

    def target(name, ok, detail):
        targets.append({"target": name, "met": bool(ok), "detail": detail})

    sc, sg = by.get(("Roster (SQLite)", "create person")), by.get(("Roster (SQLite)", "get person by id"))
    if sc and sc.get("ratio_vs_pocketbase") is not None:
        target("SQLite create >= 3x PocketBase", sc["ratio_vs_pocketbase"] >= 3, f"{sc['ratio_vs_pocketbase']}x")
    if sc:
        target("SQLite create p99 <= 10 ms", (sc["p99_ms"] or 1e9) <= 10, f"{sc['p99_ms']} ms")
        if "durable" in sc:
            target("SQLite create durable across kill -9", sc["durable"], str(notes.get("sqlite_kill9_acknowledged_vs_stored")))
    if sg and sg.get("ratio_vs_pocketbase") is not None:
        target("get by id >= 3x PocketBase", sg["ratio_vs_pocketbase"] >= 3, f"{sg['ratio_vs_pocketbase']}x")
    pc = by.get(("Roster (PostgreSQL)", "create person"))
    if pc:
        target("PostgreSQL create >= 10,000/s", pc["rps"] >= 10000, f"{pc['rps']:.0f}/s")
    en = by.get(("Roster (SQLite)", "enable login (argon2id)"))
    if en:
        target("enable login >= 80% of argon2id bound", en["rps"] >= 0.8 * notes["argon2id_bound_per_s"], f"{en['rps']:.1f}/s of {notes['argon2id_bound_per_s']}/s")
    gw = by.get(("Roster (SQLite)", "get person while hashing"))
    if gw:
        target("get while hashing >= 70% of unloaded", gw["ratio_to_unloaded"] >= 0.7, f"{gw['ratio_to_unloaded']}")
    ls = by.get(("Roster (SQLite)", "get while logins are sprayed"))
    if ls:
        target("get while 200 clients spray logins >= 70% of unloaded", ls["ratio_to_unloaded"] >= 0.7, f"{ls['ratio_to_unloaded']}")
        growth = round(ls["peak_rss_mib"] - ls["rss_before_mib"], 1)
        target("RSS growth while logins are sprayed <= 64 MiB", growth <= 64, f"{growth} MiB ({ls['rss_before_mib']} -> {ls['peak_rss_mib']})")
    for scenario in ("people list page (web, 100k)", "people search (web, 100k)"):
        w = by.get(("Roster (SQLite)", scenario))
        if w:
            target(f"{scenario} p99 < 50 ms", (w["p99_ms"] or 1e9) < 50, f"{w['p99_ms']} ms")
    imp = by.get(("Roster (SQLite)", f"import {web.ROWS_PER_FILE} rows (web)"))
    if imp:
        target(f"import of {web.ROWS_PER_FILE} rows < 10 s (slowest of {web.FILES})", imp["max_ms"] < 10_000, f"{imp['max_ms'] / 1000} s")
    upd = by.get(("Roster (SQLite)", f"import {web.ROWS_PER_FILE} updates (web)"))
    if upd:
        target(f"import of {web.ROWS_PER_FILE} updates < 10 s", upd["max_ms"] < 10_000, f"{upd['max_ms'] / 1000} s")
    if "roster_idle_rss_mib_existing_store" in notes:
        target("idle RSS <= 20 MiB", notes["roster_idle_rss_mib_existing_store"] <= 20, f"{notes['roster_idle_rss_mib_existing_store']} MiB")
        target("start to first answer <= 100 ms", notes["roster_startup_ms_existing_store"] <= 100, f"{notes['roster_startup_ms_existing_store']} ms")
    nonzero = [r for r in results if r["errors"]]
    machine = {"cpus": os.cpu_count(), "cpu": cpu_model(), "kernel": platform.release(), "memory_gib": mem_gib()}
    doc = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine, "notes": notes,
           "results": results, "targets": targets, "smoke": smoke}
    os.makedirs(RESULTS, exist_ok=True)
    # A run of some scenarios only (--only) keeps its figures apart from the last full run's.
    partial = not smoke and notes.get("only") not in (None, DEFAULT_ONLY)
    name = "smoke.json" if smoke else ("partial.json" if partial else "latest.json")
    with open(os.path.join(RESULTS, name), "w") as f:
        json.dump(doc, f, indent=2)
    table = render(doc)
    if not smoke and not partial:
        with open(os.path.join(RESULTS, "latest.md"), "w") as f:
            f.write(table)
    print()
    print(table)
    if nonzero:
        print("UNEXPECTED ERRORS in: " + ", ".join(f"{r['system']} / {r['scenario']} ({r['errors']})" for r in nonzero))
        return 1
    return 0


def render(doc):
    lines = ["| system | scenario | req/s | p50 ms | p99 ms | max ms | errors | peak RSS MiB | vs PocketBase |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in doc["results"]:
        lines.append(f"| {r['system']} | {r['scenario']} | {r['rps']:.0f} | {r['p50_ms']} | {r['p99_ms']} | {r['max_ms']} | {r['errors']} | "
                     f"{r.get('peak_rss_mib') if r.get('peak_rss_mib') is not None else '-'} | {str(r.get('ratio_vs_pocketbase') or '-') + ('x' if r.get('ratio_vs_pocketbase') else '')} |")
    lines += ["", "| target | met | measured |", "|---|---|---|"]
    lines += [f"| {t['target']} | {'yes' if t['met'] else '**NO**'} | {t['detail']} |" for t in doc["targets"]]
    lines += ["", "Notes: " + ", ".join(f"{k} = {v}" for k, v in doc["notes"].items()),
              f"Machine: {doc['machine']['cpus']} CPUs ({doc['machine']['cpu']}), {doc['machine']['memory_gib']} GiB, Linux {doc['machine']['kernel']}; {doc['when']}", ""]
    return "\n".join(lines)


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def mem_gib():
    try:
        return round(int(open("/proc/meminfo").readline().split()[1]) / 1024 / 1024, 1)
    except OSError:
        return None


if __name__ == "__main__":
    sys.exit(main())
