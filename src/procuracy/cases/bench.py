"""Benchmarks of the ledger (``procuracy bench ledger``), each beside a bare baseline of the
same rows, on a scratch database that is created for the run and dropped after it (a temporary
SQLite file, or a ``test_…_bench_PID`` PostgreSQL database when DATABASE_URL points to
PostgreSQL): the user's data is never touched.

1. Decisions recorded through ``actions.record_event``, one transaction each, beside single-row
   INSERTs of the same ledger rows into a scratch table, one transaction each.
2. ``procuracy import`` (full validation, bulk path) in events/s, beside ``executemany``
   (SQLite) or ``COPY`` (PostgreSQL) of the same rows into a scratch table.
3. ``ledger verify`` in events/s, extrapolated to 10 million events.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import platform
import shutil
import tempfile
import time
import uuid
from datetime import date, timedelta

from django.db import connection, connections, transaction
from django.utils import timezone

TEN_MILLION = 10_000_000
UNIT = "110105"
VERIFY_UNIT = "110106"
ADULT_ID = "11010519491231002X"
CHARGES = [{"article": "264", "name": "盗窃罪"}]


@contextlib.contextmanager
def scratch_database():
    """Point the default connection at a new, empty, migrated database; drop it afterwards."""
    from django.test.utils import setup_databases, teardown_databases

    conn = connections["default"]
    test_settings = conn.settings_dict.setdefault("TEST", {})
    saved = test_settings.get("NAME")
    folder = None
    if conn.vendor == "sqlite":
        folder = tempfile.mkdtemp(prefix="procuracy-bench-")
        test_settings["NAME"] = os.path.join(folder, "bench.sqlite3")
    else:
        test_settings["NAME"] = f"test_{conn.settings_dict['NAME']}_bench_{os.getpid()}"
    # An in-memory SQLite database (the test suite's) ignores close(): set its connection
    # aside so that the scratch database gets a connection of its own, and give it back after.
    held = None
    if conn.vendor == "sqlite" and conn.is_in_memory_db():
        held, conn.connection = conn.connection, None
    old = setup_databases(
        verbosity=0, interactive=False, aliases={"default"}, serialized_aliases=set()
    )
    try:
        _check_scratch(conn, test_settings["NAME"])
        yield conn.settings_dict["NAME"]
    finally:
        try:
            teardown_databases(old, verbosity=0)
        finally:
            test_settings["NAME"] = saved
            if held is not None:
                conn.connection = held
            if folder:
                shutil.rmtree(folder, ignore_errors=True)


def _check_scratch(conn, expected: str) -> None:
    """Refuse to go on unless the connection really is the scratch database."""
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute("PRAGMA database_list")
            actual = next((row[2] for row in cursor.fetchall() if row[1] == "main"), "")
            same = bool(actual) and os.path.realpath(actual) == os.path.realpath(expected)
        else:
            cursor.execute("SELECT current_database()")
            actual = cursor.fetchone()[0]
            same = actual == expected
    if not same:
        raise RuntimeError(f"bench: connected to {actual!r}, not the scratch database {expected!r}")


def _staff():
    from procuracy.orgs.actions import load_tree
    from procuracy.orgs.models import Procuratorate
    from procuracy.staff import actions as staff_actions
    from procuracy.staff.roles import DepartmentKind, Role

    load_tree(actor=None)
    unit = Procuratorate.objects.get(code=UNIT)
    users = {}
    for name, role, department in (
        ("bench-manager", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        ("bench-procurator", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        ("bench-chief", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    ):
        user = staff_actions.create_user(name, display_name=name, actor=None)
        staff_actions.grant_role(user, unit, role, department=department, actor=None)
        users[name] = user
    return unit, users


def _line(event_type, case_id, number, occurred, actor, payload, persons=()):
    return {
        "format": "procuracy-events/1",
        "id": str(uuid.uuid4()),
        "org": UNIT,
        "case": {"id": case_id, "number": number},
        "type": event_type,
        "occurred_on": occurred.isoformat(),
        "persons": list(persons),
        "actor": actor,
        "payload": payload,
    }


def import_lines(n_events: int, *, decide: bool = True, first: int = 1) -> list[dict]:
    """Cases of both review kinds: received, assigned and (``decide``) decided, 3 events each
    (2 without the decision)."""
    per_case = 3 if decide else 2
    out = []
    start = date(2024, 1, 2)
    for i in range(first, first + max(1, n_events // per_case)):
        day = start + timedelta(days=i % 300)
        case_id = str(uuid.uuid4())
        arrest = i % 2 == 0
        kind = "arrest_review" if arrest else "prosecution_review"
        number = f"京朝检{'刑捕受' if arrest else '刑诉受'}〔2024〕{i}号"
        materials = (
            ["arrest_request", "case_file", "evidence"]
            if arrest
            else ["transfer_opinion", "case_file", "evidence"]
        )
        suspect = {
            "name": "张某",
            "id_number": ADULT_ID,
            "custody": "detained" if arrest else "arrested",
            "charges": CHARGES,
        }
        intake = {
            "kind": kind,
            "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
            "persons": [suspect],
            "materials": materials,
        }
        out.append(_line("case.received", case_id, number, day, "bench-manager", intake))
        out.append(
            _line(
                "case.assigned",
                case_id,
                number,
                day,
                "bench-manager",
                {
                    "handler": "bench-procurator",
                    "method": "rotation",
                    "department": "criminal_prosecution",
                },
            )
        )
        if decide:
            decision = (
                ("arrest.approved", {})
                if arrest
                else ("prosecution.prosecuted", {"charges": CHARGES, "court": "朝阳区人民法院"})
            )
            out.append(
                _line(
                    decision[0],
                    case_id,
                    number,
                    day + timedelta(days=3),
                    "bench-procurator",
                    decision[1],
                    ("P1",),
                )
            )
    return out


def _columns() -> list[str]:
    from .models import LedgerEvent

    return [f.column for f in LedgerEvent._meta.local_concrete_fields]


def _scratch_table(name: str) -> None:
    from .models import LedgerEvent

    table = LedgerEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        if connection.vendor == "sqlite":
            cursor.execute(f"CREATE TABLE {name} AS SELECT * FROM {table} WHERE 0")
        else:
            cursor.execute(f"CREATE TABLE {name} (LIKE {table})")


def _ledger_rows(where: str = "", params=()) -> list[tuple]:
    from .models import LedgerEvent

    cols = ", ".join(_columns())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols} FROM {LedgerEvent._meta.db_table} {where}", params)
        return cursor.fetchall()


def bulk_baseline(rows: list[tuple]) -> float:
    """Seconds to write ``rows`` into a scratch table by executemany (SQLite) or COPY
    (PostgreSQL), in one transaction."""
    _scratch_table("bench_bulk")
    cols = _columns()
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            marks = ", ".join("?" for _ in cols)
            cursor.cursor.executemany(
                f"INSERT INTO bench_bulk ({', '.join(cols)}) VALUES ({marks})", rows
            )
        else:
            with cursor.cursor.copy(f"COPY bench_bulk ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    return time.perf_counter() - t0


def single_row_baseline(rows: list[tuple]) -> float:
    """Seconds to write ``rows`` one INSERT and one transaction (commit) each."""
    _scratch_table("bench_single")
    cols = _columns()
    mark = "?" if connection.vendor == "sqlite" else "%s"
    sql = f"INSERT INTO bench_single ({', '.join(cols)}) VALUES ({', '.join(mark for _ in cols)})"
    t0 = time.perf_counter()
    for row in rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.cursor.execute(sql, row)
    return time.perf_counter() - t0


def synthetic_chain(n: int) -> None:
    """``n`` chained events in another unit's chain (hashes right, content minimal), so that
    verify has something to verify."""
    from procuracy.orgs.models import Procuratorate

    from . import ledger
    from .models import LedgerEvent, LedgerHead

    unit = Procuratorate.objects.get(code=VERIFY_UNIT)
    prev, batch = ledger.genesis(unit.code), []
    recorded = timezone.now()
    case_id = uuid.uuid4()
    basis = ledger.canonical_json(["Rules art. 158"])
    for seq in range(1, n + 1):
        row = LedgerEvent(
            id=uuid.uuid4(), procuratorate=unit, seq=seq, case_id=case_id,
            event_type="case.assigned", persons="", occurred_on=date(2024, 3, 4),
            recorded_at=recorded, actor_name="system",
            payload='{"handler":"x","method":"rotation"}', basis=basis, corrects=None,
            idempotency_key=None, prev_hash=prev,
        )  # fmt: skip
        row.hash = prev = ledger.chain_hash(prev, ledger.canonical(
            row.id, unit.code, seq, case_id, row.event_type, row.persons, row.occurred_on,
            row.recorded_at, row.actor_name, row.payload, row.basis, None, None,
        ))  # fmt: skip
        batch.append(row)
        if len(batch) == 5000:
            LedgerEvent.objects.bulk_create(batch)
            batch = []
    LedgerEvent.objects.bulk_create(batch)
    LedgerHead.objects.create(procuratorate=unit, seq=n, hash=prev)


def warm_up() -> float:
    """Load what any process loads once before its first event (the law catalogue, the work
    calendar, the procedures), so that the import figure is the steady rate; returns the
    seconds it took (reported beside the import, not counted in it)."""
    from procuracy.law import catalogue
    from procuracy.law.management.store import site_calendar

    t0 = time.perf_counter()
    from . import catalogue as procedures  # the event types and procedures

    catalogue()
    site_calendar()
    del procedures
    return time.perf_counter() - t0


def db_note() -> dict:
    note = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            import sqlite3

            note["version"] = sqlite3.sqlite_version
            for pragma in ("journal_mode", "synchronous"):
                cursor.execute(f"PRAGMA {pragma}")
                note[pragma] = cursor.fetchone()[0]
        else:
            cursor.execute("SHOW server_version")
            note["version"] = cursor.fetchone()[0]
            for name in ("synchronous_commit", "fsync", "shared_buffers"):
                cursor.execute(f"SHOW {name}")
                note[name] = cursor.fetchone()[0]
            from django.conf import settings

            note["prepared_write_path"] = settings.PG_PREPARE  # PROCURACY_PG_PREPARE
    note["python"] = platform.python_version()
    note["cpus"] = os.cpu_count()
    note["machine"] = platform.machine()
    return note


def _rate(n: int, seconds: float) -> float:
    return round(n / seconds, 1) if seconds > 0 else float("inf")


def run_ledger(
    events: int = 200_000,
    *,
    import_events: int | None = None,
    decisions: int | None = None,
    progress=None,
) -> dict:
    """Run the three benchmarks on a scratch database; return the figures. Runs with
    ``DEBUG`` off, as production does (the debug cursor records every query)."""
    from django.test.utils import override_settings

    with override_settings(DEBUG=False):
        return _run_ledger(
            events, import_events=import_events, decisions=decisions, progress=progress
        )


def _run_ledger(events, *, import_events, decisions, progress) -> dict:
    from . import actions, interchange, ledger
    from .models import LedgerEvent

    import_events = import_events if import_events is not None else max(3, events // 10)
    decisions = decisions if decisions is not None else max(1, events // 100)
    say = progress or (lambda text: None)
    result: dict = {"events": events}
    with scratch_database() as name:
        result["database"] = db_note()
        result["database"]["scratch"] = os.path.basename(name) if "/" in name else name
        _unit, users = _staff()

        # 2. bulk import, beside executemany / COPY of the same rows
        say(f"import: {import_events:,} events")
        text = "".join(
            json.dumps(o, ensure_ascii=False) + "\n" for o in import_lines(import_events)
        )
        warmup = warm_up()
        t0 = time.perf_counter()
        report = interchange.import_lines(io.StringIO(text))
        seconds = time.perf_counter() - t0
        if not report.ok:
            raise RuntimeError(f"bench import rejected: {report.rejected[:3]}")
        rows = _ledger_rows()
        baseline = bulk_baseline(rows)
        result["import"] = {
            "events": report.imported,
            "cases": report.cases,
            "seconds": round(seconds, 3),
            "events_per_s": _rate(report.imported, seconds),
            "phases_s": {k: round(v, 3) for k, v in report.timings.items()},
            "warmup_s": round(warmup, 3),
            "baseline": "executemany" if connection.vendor == "sqlite" else "COPY",
            "baseline_seconds": round(baseline, 3),
            "baseline_events_per_s": _rate(len(rows), baseline),
            "target_events_per_s": 50_000,
        }

        # 1. decisions through the actions, one transaction each, beside single-row inserts
        say(f"decisions: {decisions:,}")
        pending = import_lines(decisions * 2, decide=False, first=10_000_000)
        stream = io.StringIO("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in pending))
        if not interchange.import_lines(stream).ok:
            raise RuntimeError("bench: could not prepare the cases to decide")
        procurator = users["bench-procurator"]
        cases = [
            (uuid.UUID(o["case"]["id"]), o["payload"]["kind"] if "kind" in o["payload"] else None)
            for o in pending
            if o["type"] == "case.received"
        ]
        ids = []
        t0 = time.perf_counter()
        for case_id, kind in cases:
            if kind == "arrest_review":
                row = actions.record_event(
                    case_id,
                    "arrest.approved",
                    persons=["P1"],
                    occurred_on=date(2024, 12, 20),
                    actor=procurator,
                )
            else:
                row = actions.record_event(
                    case_id,
                    "prosecution.prosecuted",
                    persons=["P1"],
                    occurred_on=date(2024, 12, 20),
                    payload={"charges": CHARGES},
                    actor=procurator,
                )
            ids.append(row.id)
        seconds = time.perf_counter() - t0
        decided = _ledger_rows(
            "WHERE occurred_on = %s AND event_type IN (%s, %s)",
            [date(2024, 12, 20), "arrest.approved", "prosecution.prosecuted"],
        )
        single = single_row_baseline(decided)
        result["decisions"] = {
            "decisions": len(ids),
            "seconds": round(seconds, 3),
            "per_s": _rate(len(ids), seconds),
            "baseline": "single-row INSERT, one transaction each",
            "baseline_seconds": round(single, 3),
            "baseline_per_s": _rate(len(decided), single),
            "target_per_s": 300,
        }

        # 3. verify, extrapolated to 10M
        have = LedgerEvent.objects.count()
        if events > have:
            say(f"verify: generating {events - have:,} chained events")
            synthetic_chain(events - have)
        total = LedgerEvent.objects.count()
        say(f"verify: {total:,} events")
        t0 = time.perf_counter()
        verified = ledger.verify()
        seconds = time.perf_counter() - t0
        if not verified.ok:
            raise RuntimeError(f"bench ledger does not verify: {verified.broken}")
        rate = _rate(verified.events, seconds)
        result["verify"] = {
            "events": verified.events,
            "seconds": round(seconds, 3),
            "events_per_s": rate,
            "seconds_for_10m": round(TEN_MILLION / rate, 1),
            "target_seconds_for_10m": 60,
        }
    return result


def table(result: dict, *, note: bool = False) -> str:
    imp, dec, ver = result["import"], result["decisions"], result["verify"]
    db = result["database"]
    rows = [
        ("benchmark", "figure", "baseline", "target"),
        (
            f"import ({imp['events']:,} events)",
            f"{imp['events_per_s']:,.0f} events/s",
            f"{imp['baseline']}: {imp['baseline_events_per_s']:,.0f} rows/s",
            f">= {imp['target_events_per_s']:,} events/s",
        ),
        (
            f"decisions ({dec['decisions']:,}, 1 tx each)",
            f"{dec['per_s']:,.0f} /s",
            f"single-row insert: {dec['baseline_per_s']:,.0f} /s",
            f">= {dec['target_per_s']} /s",
        ),
        (
            f"verify ({ver['events']:,} events)",
            f"{ver['events_per_s']:,.0f} events/s",
            f"10M events: {ver['seconds_for_10m']:,.1f} s",
            f"10M in < {ver['target_seconds_for_10m']} s",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"ledger benchmarks on {db['vendor']} (scratch database {db['scratch']})"]
    for i, r in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(r)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    phases = ", ".join(f"{k} {v:.3f} s" for k, v in imp["phases_s"].items())
    lines.append(
        f"import phases: {phases} (one-time start-up before it, not counted: "
        f"{imp.get('warmup_s', 0):.3f} s)"
    )
    if note:
        lines.append("database: " + ", ".join(f"{k} {v}" for k, v in db.items()))
    return "\n".join(lines)
