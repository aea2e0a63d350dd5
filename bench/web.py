"""The web app's figures: a CSV import of 10,000 rows (ten of them, filling the company to 100,000
people), then the people list page and a search on it at 100,000 people, signed in as an admin."""
import http.client, json, re, time, urllib.parse, uuid

ROWS_PER_FILE, FILES = 10_000, 10


class WebSession:
    """A browser's cookies (the CSRF cookie, then the session) and its CSRF token."""

    def __init__(self, base):
        self.host, self.port = urllib.parse.urlsplit(base)._replace().netloc.split(":")
        self.cookies = {}
        status, _, html = self.request("GET", "/")
        self.csrf = re.search(r'name="csrf-token" content="([^"]+)"', html).group(1)

    def request(self, method, path, body=None, content_type=None):
        conn = http.client.HTTPConnection(self.host, int(self.port), timeout=120)
        headers = {"Cookie": self.cookie_header()}
        if content_type:
            headers["Content-Type"] = content_type
        conn.request(method, path, body=body, headers=headers)
        res = conn.getresponse()
        for c in res.headers.get_all("Set-Cookie") or []:
            k, v = c.split(";", 1)[0].split("=", 1)
            self.cookies[k] = v
        out = res.status, res.getheader("Location"), res.read().decode()
        conn.close()
        return out

    def cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def sign_in(self, email, password):
        form = urllib.parse.urlencode({"csrf_token": self.csrf, "email": email, "password": password})
        status, _, html = self.request("POST", "/sign-in", form, "application/x-www-form-urlencoded")
        assert status == 303, (status, html[:500])

    def multipart(self, path, fields):
        boundary = "benchBoundary" + uuid.uuid4().hex
        parts = [f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n" for k, v in fields]
        body = ("".join(parts) + f"--{boundary}--\r\n").encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")


def csv_file(n, offset):
    lines = ["first_name,last_name,email,employee_number,groups"]
    lines += [f"Web,W{offset + i},web{offset + i}@bench.example,W{offset + i},Field" for i in range(n)]
    return "\n".join(lines) + "\n"


def import_file(web, csv):
    """Seconds from the start of the import to its end, as the progress page reports it."""
    t0 = time.perf_counter()
    status, page, html = web.multipart("/people/import/start", [("csrf_token", web.csrf), ("csv", csv)])
    assert status == 303, (status, html[:800])
    while True:
        status, _, html = web.request("GET", page)
        if 'id="import-done"' in html:
            took = time.perf_counter() - t0
            _, _, report = web.request("GET", page + "/report.csv")
            refused = sum(1 for line in report.splitlines()[1:] if ",refused," in line)
            return took, refused
        time.sleep(0.05)


def new_admin(s):
    """A new admin of the Roster system's company, with a password: (email, password)."""
    _, levels, _ = s.call("GET", "/permission-level-options")
    admin_level = [l for l in levels if l["is_admin"]][0]["id"]
    email = f"admin-{uuid.uuid4().hex[:6]}@bench.example"
    status, body, _ = s.call("POST", "/people", {"first_name": "Bench", "last_name": "Admin", "is_user": True, "is_assignable": False,
                                                "status": "active", "group_ids": [s.group], "email": email,
                                                "permission_level_id": admin_level, "password": "Bench-Pass1"})
    assert status == 200, body
    return email, "Bench-Pass1"


def scenario(s, wrk_get, d, c):
    """Runs on a Roster system; answers its results (wrk-shaped dicts) and notes."""
    web = WebSession(s.base)
    web.sign_in(*new_admin(s))
    notes, results = {}, []
    times = []
    for f in range(FILES):
        took, refused = import_file(web, csv_file(ROWS_PER_FILE, f * ROWS_PER_FILE))
        assert refused == 0, refused
        times.append(round(took, 2))
        print(f"  {s.label:22} import of {ROWS_PER_FILE} rows #{f + 1}: {took:.2f} s")
    notes[f"import_{ROWS_PER_FILE}_rows_s {s.label}"] = times
    # The first file again: every row now updates the person it created.
    took, refused = import_file(web, csv_file(ROWS_PER_FILE, 0))
    assert refused == 0, refused
    print(f"  {s.label:22} import of {ROWS_PER_FILE} rows, all updates: {took:.2f} s")
    notes[f"import_{ROWS_PER_FILE}_updates_s {s.label}"] = round(took, 2)
    notes[f"people_for_list_page {s.label}"] = s.count()
    cookie = [f"Cookie: {web.cookie_header()}"]
    for name, path in [("people list page (web, 100k)", "/people"), ("people search (web, 100k)", "/people?q=W12345")]:
        r = wrk_get(s.base + path, d, c, cookie)
        r.update(system=s.label, scenario=name, peak_rss_mib=None)
        print(f"  {s.label:22} {name}: {r['rps']:.0f} req/s, p99 {r['p99_ms']} ms")
        results.append(r)
    results.append({"system": s.label, "scenario": f"import {ROWS_PER_FILE} rows (web)", "rps": ROWS_PER_FILE / max(times),
                    "requests": ROWS_PER_FILE * FILES, "errors": 0, "p50_ms": None, "p99_ms": None, "max_ms": round(max(times) * 1000),
                    "peak_rss_mib": None})
    results.append({"system": s.label, "scenario": f"import {ROWS_PER_FILE} updates (web)", "rps": ROWS_PER_FILE / took,
                    "requests": ROWS_PER_FILE, "errors": 0, "p50_ms": None, "p99_ms": None, "max_ms": round(took * 1000),
                    "peak_rss_mib": None})
    return results, notes
