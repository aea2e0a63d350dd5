"""The systems under test, Roster and PocketBase, each started fresh with the same scenario hooks."""
import concurrent.futures, json, os, signal, socket, subprocess, time, urllib.request, uuid

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, json.loads(r.read() or b"null"), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null"), dict(e.headers)


class Server:
    """A server process; measures start-up time to its first answered request."""

    def __init__(self, name, argv, env, probe_path, cwd):
        self.name, self.port = name, int(env.get("PORT", 0))
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(cwd, f"{name}.log"), "w")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, env={**os.environ, **env}, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT)
        while True:
            try:
                with urllib.request.urlopen(self.base + probe_path, timeout=1) as r:
                    r.read()
                break
            except Exception:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{name} exited; see {self.log.name}")
                if time.perf_counter() - t0 > 30:
                    raise RuntimeError(f"{name} did not start")
                time.sleep(0.002)
        self.startup_ms = (time.perf_counter() - t0) * 1000

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def parallel(fn, items, workers=16):
    with concurrent.futures.ThreadPoolExecutor(workers) as ex:
        return list(ex.map(fn, items))


# ---------------------------------------------------------------------------------------------
# The systems under test. Each offers the same scenario hooks.

class Roster:
    def __init__(self, label, binary, workdir, database_url):
        self.label, self.kind = label, "roster"
        # No rate limit: the benchmark sends far more than 3,600 requests an hour on one token.
        env = {"ROSTER_DATABASE_URL": database_url, "RUST_LOG": "warn", "ROSTER_RATE_LIMIT_PER_HOUR": "0"}
        out = subprocess.run([binary, "company", "create", "--name", "Bench"], env={**os.environ, **env}, cwd=workdir,
                             capture_output=True, text=True, check=True).stdout
        self.company = json.loads(out)
        port = free_port()
        self.argv, self.env, self.workdir = [binary, "serve"], {**env, "ROSTER_BIND": f"127.0.0.1:{port}", "PORT": str(port)}, workdir
        self.server = Server(label, self.argv, self.env, "/openapi.json", workdir)
        self.base = self.server.base
        _, tok, _ = http("POST", self.base + "/oauth/token", {"grant_type": "client_credentials", "client_id": self.company["client_id"],
                                                             "client_secret": self.company["client_secret"]})
        self.token = tok["access_token"]
        self.headers = [f"Authorization: Bearer {self.token}"]
        self.api = f"/v2/companies/{self.company['procore_company_id']}"
        _, g, _ = self.call("POST", "/groups", {"name": "Field", "timezone": "America/Chicago"})
        self.group = g["id"]
        _, levels, _ = self.call("GET", "/permission-level-options")
        self.level = [l for l in levels if not l["is_admin"]][0]["id"]

    def call(self, method, path, body=None):
        return http(method, self.base + self.api + path, body, {"Authorization": f"Bearer {self.token}"})

    def restart(self, sig=signal.SIGTERM):
        self.server.stop(sig)
        self.server = Server(self.label, self.argv, self.env, "/openapi.json", self.workdir)
        self.base = self.server.base

    create_path = property(lambda self: self.api + "/people")
    item_prefix = property(lambda self: self.api + "/people/")
    list_path = property(lambda self: self.api + "/people?page=0&per_page=100")

    def count(self):
        _, _, h = self.call("GET", "/people?per_page=1")
        return int(h.get("total") or h.get("Total"))

    def ids(self, limit):
        out, page = [], 0
        while len(out) < limit:
            # LaborChart's mount answers a page as {possible_pages, current_page, data}.
            _, answer, _ = self.call("GET", f"/people?page={page}")
            rows = answer["data"]
            if not rows:
                break
            out += [r["id"] for r in rows]
            page += 1
        return out[:limit]

    def seed(self, n):
        def one(i):
            body = {"first_name": "Seed", "last_name": f"S{i}", "is_user": False, "is_assignable": True, "status": "active",
                    "group_ids": [self.group], "email": f"seed{i}-{uuid.uuid4().hex[:6]}@bench.example"}
            return self.call("POST", "/people", body)[1]["id"]
        return parallel(one, range(n))


class PocketBase:
    def __init__(self, binary, workdir):
        self.label, self.kind = "PocketBase", "pocketbase"
        data = os.path.join(workdir, "pb_data")
        subprocess.run([binary, "superuser", "upsert", "bench@example.com", "bench-pass-123", "--dir", data], check=True, capture_output=True)
        port = free_port()
        self.server = Server("pocketbase", [binary, "serve", "--http", f"127.0.0.1:{port}", "--dir", data], {"PORT": str(port)},
                             "/api/health", workdir)
        self.base = self.server.base
        _, auth, _ = http("POST", self.base + "/api/collections/_superusers/auth-with-password",
                          {"identity": "bench@example.com", "password": "bench-pass-123"})
        self.token = auth["token"]
        self.headers = [f"Authorization: {self.token}"]
        status, body, _ = http("POST", self.base + "/api/collections", {
            "name": "people", "type": "base",
            "fields": [{"name": "first_name", "type": "text", "required": True}, {"name": "last_name", "type": "text", "required": True},
                       {"name": "email", "type": "email"}, {"name": "phone", "type": "text"},
                       {"name": "status", "type": "select", "values": ["active", "inactive"], "maxSelect": 1},
                       {"name": "is_user", "type": "bool"}, {"name": "is_assignable", "type": "bool"}, {"name": "group_ids", "type": "json"}],
            "indexes": ["CREATE UNIQUE INDEX idx_people_email ON people (email) WHERE email != ''",
                        "CREATE UNIQUE INDEX idx_people_phone ON people (phone) WHERE phone != ''"]}, {"Authorization": self.token})
        assert status == 200, body
        self.group = "field"

    create_path = "/api/collections/people/records"
    item_prefix = "/api/collections/people/records/"
    # With its total, like Roster's `Total` header.
    list_path = "/api/collections/people/records?page=1&perPage=100"

    def count(self):
        _, body, _ = http("GET", self.base + "/api/collections/people/records?perPage=1", headers={"Authorization": self.token})
        return body["totalItems"]

    def ids(self, limit):
        out, page = [], 1
        while len(out) < limit:
            _, body, _ = http("GET", self.base + f"/api/collections/people/records?page={page}&perPage=500&skipTotal=1",
                              headers={"Authorization": self.token})
            if not body["items"]:
                break
            out += [r["id"] for r in body["items"]]
            page += 1
        return out[:limit]

    def seed(self, n):
        def one(i):
            body = {"first_name": "Seed", "last_name": f"S{i}", "status": "active", "email": f"seed{i}@bench.example", "group_ids": ["field"]}
            return http("POST", self.base + self.create_path, body, {"Authorization": self.token})[1]["id"]
        return parallel(one, range(n))
