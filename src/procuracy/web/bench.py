"""``procuracy bench web``: the staff pages under load, served by gunicorn with the production
settings, beside a trivial view on the same server in the same run.

Data: a scratch database (never the user's) filled through the import with cases of
北京市朝阳区人民检察院 (the bench generator of ``procuracy.cases.bench``), or with
``--current`` the current database as ``procuracy simulate`` filled it (the issue's setting:
the simulator at scale 0.1 in PostgreSQL). Load: ``--clients`` concurrent clients, each
logged in with its own session, alternating the workbench and a case page for ``--seconds``;
then the same clients on ``/health/``. Two times per request: the server's (its
``Server-Timing`` header: from the request reaching Django to the response) and the
client's on the loopback interface, which adds queueing for a worker and the load
generator's own work on the same 2 cores.
"""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

from django.db import connection

PASSWORD = "bench-" + secrets.token_urlsafe(8)
PROCURATORS = 40  # procurators of the bench department; the cases are spread over them
USER = "bench-p0"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings.get("USER") or "postgres"
    auth = f"{user}:{settings['PASSWORD']}@" if settings.get("PASSWORD") else f"{user}@"
    return (
        f"postgres://{auth}{settings.get('HOST') or '127.0.0.1'}:"
        f"{settings.get('PORT') or 5432}/{settings['NAME']}"
    )


class Client:
    """One logged-in browser session over a persistent HTTP connection."""

    def __init__(self, port: int, username: str):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        page = self.get("/login/")[1]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        status, _ = self.request(
            "POST", "/login/", body, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302:
            raise RuntimeError(f"bench login failed ({status})")

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read().decode("utf-8", "replace")
        timing = re.search(r"app;dur=([0-9.]+)", response.headers.get("Server-Timing") or "")
        self.server_ms = float(timing.group(1)) if timing else None
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, data

    def get(self, path):
        return self.request("GET", path)


def _load(port, username, paths, clients, seconds):
    sessions = [Client(port, username) for _ in range(clients)]
    timings: dict[str, list[float]] = {p: [] for p in {p for p, _ in paths}}
    server: dict[str, list[float]] = {p: [] for p in timings}
    errors = []
    stop = time.perf_counter() + seconds

    def run(client, offset):
        i = offset
        while time.perf_counter() < stop:
            label, path = paths[i % len(paths)]
            t0 = time.perf_counter()
            status, _ = client.get(path)
            timings[label].append(time.perf_counter() - t0)
            if client.server_ms is not None:
                server[label].append(client.server_ms / 1000)
            if status != 200:
                errors.append((path, status))
            i += 1

    threads = [threading.Thread(target=run, args=(s, n)) for n, s in enumerate(sessions)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return timings, server, errors, elapsed


def _p95(values):
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def _scratch_data(events: int):
    """A scratch database's cases of one basic procuratorate, spread over its procurators."""
    from procuracy.cases import bench as ledger_bench
    from procuracy.cases import interchange
    from procuracy.staff import actions as staff_actions
    from procuracy.staff.models import User

    unit, _users = ledger_bench._staff()
    for n in range(PROCURATORS):
        user = staff_actions.create_user(f"bench-p{n}", actor=None)
        staff_actions.grant_role(
            user, unit, "procurator", department="criminal_prosecution", actor=None
        )
    lines = ledger_bench.import_lines(events)
    for n, line in enumerate(lines):
        if line["type"] == "case.assigned":
            line["payload"]["handler"] = f"bench-p{(n // 3) % PROCURATORS}"
        elif line["actor"] == "bench-procurator":
            line["actor"] = f"bench-p{(n // 3) % PROCURATORS}"
    report = interchange.import_lines(None, objects=lines)
    if not report.ok:
        raise RuntimeError(f"bench web: import rejected {report.rejected[:2]}")
    return User.objects.get(username=USER), report.imported


def _simulated_user():
    """In a database the simulator filled: the simulated procurator with the most open
    cases (at the busiest procuratorate)."""
    from django.db.models import Count

    from procuracy.cases.models import Case
    from procuracy.staff.models import User

    top = (
        Case.objects.exclude(stage="concluded")
        .filter(handler__username__startswith="sim-")
        .values("handler")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if top is None:
        raise RuntimeError(
            "bench web --current: no simulated cases here (run procuracy simulate first)"
        )
    return User.objects.get(pk=top["handler"])


def run_web(
    *, events: int = 30_000, clients: int = 16, seconds: float = 20, workers: int = 4,
    current: bool = False,
) -> dict:  # fmt: skip
    """``current``: this database (filled by ``procuracy simulate``) instead of a scratch one;
    the busiest simulated procurator gets a random password for the run, and none after."""
    from contextlib import nullcontext

    from procuracy.cases import bench as ledger_bench
    from procuracy.cases.models import Case, LedgerEvent

    result: dict = {"clients": clients, "seconds": seconds, "workers": workers}
    with nullcontext() if current else ledger_bench.scratch_database():
        result["database"] = connection.vendor
        if current:
            user = _simulated_user()
            result["events"] = LedgerEvent.objects.count()
            result["data"] = "current database (simulated)"
        else:
            user, result["events"] = _scratch_data(events)
            result["data"] = "scratch database"
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        # A case of the procurator's to open.
        mine = Case.objects.filter(handler=user)
        case_id = (mine.exclude(stage="concluded").first() or mine.first()).pk
        result["user"] = user.username
        result["workbench_cases"] = mine.exclude(stage="concluded").count()
        result["cases"] = Case.objects.count()
        port = _free_port()
        data_dir = tempfile.mkdtemp(prefix="procuracy-bench-web-")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PROCURACY_")}
        env.update(
            DATABASE_URL=_database_url(), PROCURACY_ENV="production",
            PROCURACY_SECRET_KEY=secrets.token_urlsafe(50),
            PROCURACY_ALLOWED_HOSTS="127.0.0.1", PROCURACY_SSL_REDIRECT="0",
            PROCURACY_DATA_DIR=data_dir,
        )  # fmt: skip
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "procuracy.wsgi", "-w", str(workers),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            # Warm every worker (imports, the columnar copy is not used by these pages).
            warm = Client(port, user.username)
            for _ in range(workers * 3):
                warm.get("/")
                warm.get(f"/cases/{case_id}/")
            pages = [("workbench", "/"), ("case page", f"/cases/{case_id}/")]
            timings, server_times, errors, elapsed = _load(
                port, user.username, pages, clients, seconds
            )
            base, base_server, base_errors, base_elapsed = _load(
                port, user.username, [("trivial view", "/health/")], clients, seconds / 2
            )
        finally:
            server.terminate()
            server.wait(20)
            if current:
                user.set_unusable_password()
                user.save(update_fields=["password"])
    servers = {**server_times, **base_server}
    for label, values in {**timings, **base}.items():
        result[label] = {
            "requests": len(values),
            "p50_ms": round(statistics.median(values) * 1000, 1),
            "p95_ms": round(_p95(values) * 1000, 1),
            "server_p50_ms": round(statistics.median(servers[label]) * 1000, 1),
            "server_p95_ms": round(_p95(servers[label]) * 1000, 1),
        }
    result["pages_per_s"] = round(sum(len(v) for v in timings.values()) / elapsed, 1)
    result["trivial_per_s"] = round(sum(len(v) for v in base.values()) / base_elapsed, 1)
    result["errors"] = len(errors) + len(base_errors)
    result["target_p95_ms"] = 150
    return result


def table(result: dict) -> str:
    rows = [
        f"web benchmark on {result['database']} ({result['data']}): {result['cases']:,} cases, "
        f"{result['events']:,} events; {result['user']} has {result['workbench_cases']} open "
        f"on the workbench; gunicorn {result['workers']} workers, {result['clients']} clients, "
        f"{result['seconds']} s",
        "  times: server (Server-Timing, the target) and client (includes queueing and the "
        "load generator on the same cores)",
    ]
    for label in ("workbench", "case page", "trivial view"):
        r = result[label]
        rows.append(
            f"  {label:<13} server p50 {r['server_p50_ms']:>6} ms p95 {r['server_p95_ms']:>6} ms"
            f" | client p50 {r['p50_ms']:>7} ms p95 {r['p95_ms']:>7} ms ({r['requests']:,} "
            "requests)"
        )
    rows.append(
        f"  pages: {result['pages_per_s']} requests/s; trivial view: "
        f"{result['trivial_per_s']} requests/s (ratio "
        f"{result['pages_per_s'] / result['trivial_per_s']:.2f}); target p95 < "
        f"{result['target_p95_ms']} ms; errors {result['errors']}"
    )
    return "\n".join(rows)
