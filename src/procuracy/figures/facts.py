"""The columnar copy of the ledger: one fact per event and person, in DuckDB.

Kept up to date incrementally: for each procuratorate's chain the last position copied and its
hash are remembered; ``sync`` copies the newer events, and rebuilds the copy from scratch if
the chain no longer matches (another database, a restored backup). A correction marks the event
it corrects as voided.
"""

from __future__ import annotations

import csv
import json
import tempfile
from pathlib import Path

import duckdb
from django.conf import settings

from procuracy.cases.models import Case, LedgerEvent, LedgerHead
from procuracy.orgs.models import Procuratorate

SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    event_id VARCHAR, unit VARCHAR, unit_path VARCHAR, seq BIGINT, case_id VARCHAR,
    case_kind VARCHAR, source_agency VARCHAR, event_type VARCHAR, occurred_on DATE,
    year INTEGER, person VARCHAR, code VARCHAR, flag BOOLEAN, minor BOOLEAN, female BOOLEAN,
    foreigner BOOLEAN, guilty_plea BOOLEAN, articles VARCHAR[], voided BOOLEAN
);
CREATE TABLE IF NOT EXISTS synced (unit_id BIGINT PRIMARY KEY, seq BIGINT, hash VARCHAR);
"""
COLUMNS = (
    "event_id",
    "unit",
    "unit_path",
    "seq",
    "case_id",
    "case_kind",
    "source_agency",
    "event_type",
    "occurred_on",
    "year",
    "person",
    "code",
    "flag",
    "minor",
    "female",
    "foreigner",
    "guilty_plea",
    "articles",
    "voided",
)
# The payload key whose value is an event's code, the first present in this order. A
# first-instance decision has both a form and an outcome: its code is the form (judgment or
# ruling), which the figures count.
CODE_KEYS = (
    "reason",
    "type",
    "form",
    "outcome",
    "kind",
    "measure",
    "suggestion",
    "method",
    "finding",
    "to",
    "ground",
)
FLAG_KEYS = ("accepted", "long")
FOREIGN_KINDS = {"passport", "foreigner_permanent_residence_card"}


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "figures" / "facts.duckdb"


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    if path is None:
        path = default_path()
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA)
    return con


def _code(payload: dict) -> str:
    for key in CODE_KEYS:
        value = payload.get(key)
        if isinstance(value, str):
            return value
    return ""


def _flag(payload: dict):
    for key in FLAG_KEYS:
        if isinstance(payload.get(key), bool):
            return payload[key]
    return None


def _facts_of(row: LedgerEvent, unit: Procuratorate, state: dict) -> list[tuple]:
    payload = json.loads(row.payload)
    persons = [p for p in row.persons.split(",") if p]
    if row.event_type == "case.received":
        persons = [p.get("key") or f"P{i}" for i, p in enumerate(payload.get("persons", []), 1)]
    source = (state.get("source") or {}).get("agency", "")
    base = (
        str(row.id),
        unit.code,
        unit.path,
        row.seq,
        str(row.case_id),
        state["kind"],
        source,
        row.event_type,
        row.occurred_on.isoformat(),
        row.occurred_on.year,
    )
    code, flag = _code(payload), _flag(payload)
    out = []
    for key in persons or [""]:
        person = state["persons"].get(key, {}) if key else {}
        charges = payload.get("charges") or person.get("charges") or []
        articles = ";".join(c["article"] for c in charges)
        out.append(
            (
                *base,
                key,
                code,
                flag,
                person.get("minor_at_offence"),
                person.get("sex") == "female" if person else None,
                person.get("id_kind") in FOREIGN_KINDS if person else None,
                person.get("guilty_plea"),
                articles,
                False,
            )
        )
    return out


def sync(con: duckdb.DuckDBPyConnection, progress=None) -> int:
    """Copy the ledger events not yet in ``con``. Returns the number of events copied."""
    synced = {
        u: (s, h) for u, s, h in con.execute("SELECT unit_id, seq, hash FROM synced").fetchall()
    }
    # A copy that does not match this ledger (another database, a restored backup) is rebuilt:
    # every chain position it has copied must still be in the ledger with the same hash.
    if synced:
        from django.db.models import Q

        match = Q(pk__in=[])
        for unit_id, (seq, digest) in synced.items():
            match |= Q(procuratorate_id=unit_id, seq=seq, hash=digest)
        if LedgerEvent.objects.filter(match).count() != len(synced):
            con.execute("DELETE FROM facts; DELETE FROM synced;")
            synced = {}
    heads = {h.procuratorate_id: h for h in LedgerHead.objects.all()}
    units = {u.pk: u for u in Procuratorate.objects.filter(pk__in=list(heads))}
    copied = 0
    for unit_id, head in heads.items():
        last = synced.get(unit_id, (0, ""))[0]
        if head.seq <= last:
            continue
        rows = list(
            LedgerEvent.objects.filter(procuratorate_id=unit_id, seq__gt=last)
            .order_by("seq")
            .only(
                "id",
                "seq",
                "case_id",
                "event_type",
                "persons",
                "occurred_on",
                "payload",
                "corrects",
                "hash",
            )
        )
        states = dict(
            Case.objects.filter(pk__in={r.case_id for r in rows}).values_list("id", "state")
        )
        facts: list[tuple] = []
        voids: list[str] = []
        for row in rows:
            state = states.get(row.case_id)
            if state is None:
                continue
            facts.extend(_facts_of(row, units[unit_id], state))
            if row.corrects:
                voids.append(str(row.corrects))
        _load(con, facts)
        for event_id in voids:
            con.execute("UPDATE facts SET voided = true WHERE event_id = ?", [event_id])
        con.execute(
            "INSERT OR REPLACE INTO synced VALUES (?, ?, ?)", [unit_id, rows[-1].seq, rows[-1].hash]
        )
        copied += len(rows)
        if progress:
            progress(copied)
    return copied


def _load(con: duckdb.DuckDBPyConnection, facts: list[tuple]) -> None:
    if not facts:
        return
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", newline="", encoding="utf-8", delete=False
    ) as fh:
        writer = csv.writer(fh)
        writer.writerows(facts)
        name = fh.name
    types = {c: "VARCHAR" for c in COLUMNS}
    types.update(
        seq="BIGINT",
        occurred_on="DATE",
        year="INTEGER",
        flag="BOOLEAN",
        minor="BOOLEAN",
        female="BOOLEAN",
        foreigner="BOOLEAN",
        guilty_plea="BOOLEAN",
        voided="BOOLEAN",
    )
    columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
    select = ", ".join(
        "CASE WHEN articles IS NULL OR articles = '' THEN []::VARCHAR[] "
        "ELSE string_split(articles, ';') END"
        if c == "articles"
        else c
        for c in COLUMNS
    )
    try:
        con.execute(
            f"INSERT INTO facts SELECT {select} FROM read_csv('{name}', header = false, "
            f"columns = {columns}, nullstr = '', quote = '\"', delim = ',')"
        )
    finally:
        Path(name).unlink(missing_ok=True)


def counts_by_unit(con) -> dict[str, int]:
    return dict(con.execute("SELECT unit, count(*) FROM facts GROUP BY unit").fetchall())
