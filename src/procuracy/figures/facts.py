"""The columnar copy of the ledger: one fact per event and person, in DuckDB.

Kept up to date incrementally: for each procuratorate's chain the last position copied and its
hash are remembered; ``sync`` copies the newer events, and rebuilds the copy from scratch if
the chain no longer matches (another database, a restored backup). A correction marks the event
it corrects as voided.
"""

from __future__ import annotations

import csv
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import orjson
from django.conf import settings

from procuracy.cases.catalogue import EVENT_TYPES
from procuracy.cases.models import Case, LedgerEvent, LedgerHead
from procuracy.core.errors import DomainError
from procuracy.orgs.models import Procuratorate

#: Bumped when the columns change: a copy of another version is rebuilt from the ledger.
VERSION = "15"
SCHEMA = """
CREATE TABLE IF NOT EXISTS facts (
    event_id VARCHAR, unit VARCHAR, unit_path VARCHAR, seq BIGINT, case_id VARCHAR,
    case_kind VARCHAR, source_agency VARCHAR, event_type VARCHAR, occurred_on DATE,
    year INTEGER, person VARCHAR, code VARCHAR, flag BOOLEAN, minor BOOLEAN, female BOOLEAN,
    foreigner BOOLEAN, guilty_plea BOOLEAN, charges VARCHAR[], voided BOOLEAN,
    flags VARCHAR[], amount BIGINT, rank VARCHAR, custody VARCHAR, detail VARCHAR, days INTEGER,
    sig SMALLINT, gmask BIGINT, fmask BIGINT, ckey UBIGINT,
    pkey UBIGINT, dim INTEGER
);
CREATE TABLE IF NOT EXISTS synced (unit_id BIGINT PRIMARY KEY, seq BIGINT, hash VARCHAR);
CREATE TABLE IF NOT EXISTS signatures (
    sig SMALLINT PRIMARY KEY, event_type VARCHAR, code VARCHAR, flag BOOLEAN, detail VARCHAR
);
CREATE TABLE IF NOT EXISTS dims (
    dim INTEGER PRIMARY KEY, sig SMALLINT, case_kind VARCHAR, source_agency VARCHAR,
    rank VARCHAR, minor BOOLEAN, female BOOLEAN, foreigner BOOLEAN, guilty_plea BOOLEAN,
    fmask BIGINT, gmask BIGINT, custody VARCHAR
);
CREATE TABLE IF NOT EXISTS groups (
    bit INTEGER PRIMARY KEY, gid VARCHAR, charges VARCHAR[], conditional VARCHAR[]
);
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
"""
# Derived columns, for the one grouped pass (cube.py): ``sig`` numbers each (event type, code,
# flag, detail) seen (table ``signatures``), ``gmask`` has bit ``b`` set when the fact's charges fall
# in charge group ``b`` (table ``groups``), ``fmask`` bit ``b`` when its case has the ``b``-th
# case-level flag of ``cases.flags.CASE_FLAGS``, ``ckey``/``pkey`` hash the case and the person,
# and ``dim`` numbers each combination of the columns a figure's filter can test besides the
# unit (table ``dims``): the cube evaluates the filters once per combination, not per fact.
DERIVED = ("sig", "gmask", "fmask", "ckey", "pkey", "dim")
DIM_COLUMNS = (
    "sig",
    "case_kind",
    "source_agency",
    "rank",
    "minor",
    "female",
    "foreigner",
    "guilty_plea",
    "fmask",
    "gmask",
    "custody",
)
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
    "charges",
    "voided",
    "flags",
    "amount",
    "rank",
    "custody",
    "detail",
    "days",
)
# The payload key whose value is an event's code, the first present in this order; the next
# one present is its ``detail``. A first-instance decision has both a form and an outcome: its
# code is the form (judgment or ruling), its detail the outcome (guilty, not guilty, ...).
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
    "domain",
    "area",
    "matter",
    "group",
    "handling",
)
FLAG_KEYS = ("accepted", "long", "urgent", "incidental", "resolved", "mobile")
# Event types whose flag is derived from the payload and the date (EventType.fact_flag).
FACT_FLAGS = {code: e.fact_flag for code, e in EVENT_TYPES.items() if e.fact_flag}
FOREIGN_KINDS = {"passport", "foreigner_permanent_residence_card"}


def default_path() -> Path:
    return Path(settings.DATA_DIR) / "figures" / "facts.duckdb"


#: How long a command waits for another process's use of the copy (DuckDB lets one process
#: open a database file at a time) before it says so.
LOCK_WAIT_S = 60.0


def _open(path: str | Path) -> duckdb.DuckDBPyConnection:
    """The copy's file, opened: waiting while another process has it open (one line after
    ``LOCK_WAIT_S``); a file that is not a DuckDB database is set aside and the copy built
    again (it is only a copy of the ledger)."""
    waited = 0.0
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            text = str(exc).lower()
            if "lock" in text and waited < LOCK_WAIT_S:
                time.sleep(0.5)
                waited += 0.5
                continue
            if "lock" in text:
                raise DomainError(
                    f"the figures' copy of the ledger ({path}) is in use by another process "
                    f"(another figures, report or sync command): tried for {LOCK_WAIT_S:.0f} s; "
                    "run this again when it has finished"
                ) from None
            if "not a valid duckdb database" in text and Path(path).is_file():
                aside = Path(path).with_name(f"{Path(path).name}.invalid-{uuid.uuid4().hex[:8]}")
                os.replace(path, aside)  # kept for whoever wants to look; rebuilt from the ledger
                continue
            raise DomainError(
                f"cannot open the figures' copy of the ledger ({path}): {exc}"
            ) from None


def connect(path: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    if path is None:
        path = default_path()
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # no progress bar: DuckDB prints it on standard output, inside the commands' --json
    con = _open(path)
    con.execute("SET enable_progress_bar = false")
    con.execute(SCHEMA)
    row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    flags = con.execute("SELECT value FROM meta WHERE key = 'flags'").fetchone()
    if row is None or row[0] != VERSION or (flags and flags[0] != ",".join(flag_bits())):
        if row is not None or con.execute("SELECT count(*) FROM facts").fetchone()[0]:
            con.execute(
                "DROP TABLE IF EXISTS facts; DROP TABLE IF EXISTS synced; "
                "DROP TABLE IF EXISTS signatures; DROP TABLE IF EXISTS groups; "
                "DROP TABLE IF EXISTS dims; DELETE FROM meta;"
            )
            con.execute(SCHEMA)
        con.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", [VERSION])
        con.execute("INSERT OR REPLACE INTO meta VALUES ('flags', ?)", [",".join(flag_bits())])
    return con


def _code(payload: dict) -> tuple[str, str | None]:
    """The event's code and detail (see ``CODE_KEYS``)."""
    found = [v for v in (payload.get(k) for k in CODE_KEYS) if isinstance(v, str)]
    return (found[0] if found else ""), (found[1] if len(found) > 1 else None)


def _flag(payload: dict):
    for key in FLAG_KEYS:
        if isinstance(payload.get(key), bool):
            return payload[key]
    return None


def _facts_of(row: tuple, unit: Procuratorate, state: dict) -> list[tuple]:
    """The facts of one ledger row (as ``_ROW`` lists its columns): one per person."""
    _id, _unit, seq, case_id, event_type, persons_text, occurred_on, payload_text = row[:8]
    payload = orjson.loads(payload_text)
    persons = [p for p in persons_text.split(",") if p]
    if event_type == "case.received":
        persons = [p.get("key") or f"P{i}" for i, p in enumerate(payload.get("persons", []), 1)]
    source = (state.get("source") or {}).get("agency", "")
    if isinstance(occurred_on, str):
        occurred_on = date.fromisoformat(occurred_on)
    base = (
        str(_id),
        unit.code,
        unit.path,
        seq,
        str(case_id),
        state["kind"],
        source,
        event_type,
        occurred_on.isoformat(),
        occurred_on.year,
    )
    (code, detail), flag = _code(payload), _flag(payload)
    amount = payload.get("amount")  # yuan, counted once per person the event concerns
    if isinstance(amount, bool) or not isinstance(amount, int):
        amount = None
    received_on = state.get("received_on")
    # days since the case was received (a review's duration, for the averages of days)
    days = (occurred_on - date.fromisoformat(received_on)).days if received_on else None
    if flag is None and event_type in FACT_FLAGS:
        flag = FACT_FLAGS[event_type](payload, occurred_on, state, str(_id))
    case_flags = ";".join(state.get("flags") or ())
    out = []
    for key in persons or [""]:
        person = state["persons"].get(key, {}) if key else {}
        charges = payload.get("charges") or person.get("charges") or []
        names = ";".join(c["name"] for c in charges)
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
                names,
                False,
                case_flags,
                amount,
                person.get("rank"),
                person.get("custody_at_receipt") or None,
                detail,
                days,
            )
        )
    return out


_ROW = (
    "id", "procuratorate_id", "seq", "case_id", "event_type", "persons", "occurred_on",
    "payload", "corrects", "hash",
)  # fmt: skip
BATCH = 100_000  # ledger rows read, and facts loaded into DuckDB, at a time


def _still_there(synced: dict[int, tuple[int, str]]) -> bool:
    """Every chain position the copy has copied is still in the ledger with the same hash."""
    from django.db import connection

    table = LedgerEvent._meta.db_table
    items = list(synced.items())
    found = 0
    with connection.cursor() as cursor:
        for i in range(0, len(items), 500):
            chunk = items[i : i + 500]
            values = ", ".join(["(%s, %s)"] * len(chunk))
            cursor.execute(
                f"SELECT procuratorate_id, seq, hash FROM {table} "
                f"WHERE (procuratorate_id, seq) IN (VALUES {values})",
                [x for unit_id, (seq, _) in chunk for x in (unit_id, seq)],
            )
            found += sum(1 for u, seq, digest in cursor.fetchall() if synced[u] == (seq, digest))
    return found == len(synced)


def _rows(heads, synced) -> Iterator[tuple]:
    """The ledger rows not yet copied, unit by unit in chain order. Units never copied are
    read together, a few hundred at a time; the others from their last copied position."""
    fresh = sorted(u for u, h in heads.items() if u not in synced and h.seq > 0)
    for i in range(0, len(fresh), 200):
        yield from (
            LedgerEvent.objects.filter(procuratorate_id__in=fresh[i : i + 200])
            .order_by("procuratorate_id", "seq")
            .values_list(*_ROW)
            .iterator(chunk_size=5000)
        )
    for unit_id in sorted(heads):
        last = synced.get(unit_id)
        if last is None or heads[unit_id].seq <= last[0]:
            continue
        yield from (
            LedgerEvent.objects.filter(procuratorate_id=unit_id, seq__gt=last[0])
            .order_by("seq")
            .values_list(*_ROW)
            .iterator(chunk_size=5000)
        )


#: Below this many events to copy, one process syncs; above, ``workers`` processes compute
#: the facts of their share of the procuratorates (PostgreSQL, or SQLite in a file).
PARALLEL_FROM = 200_000


def sync(con: duckdb.DuckDBPyConnection, progress=None, workers: int | None = None) -> int:
    """Copy the ledger events not yet in ``con``. Returns the number of events copied.
    ``workers`` (default: the CPUs, at most 4; one inside a transaction) processes share a
    large backlog: each reads the chains of its procuratorates and writes their facts to files,
    which this process loads."""
    synced = {
        u: (s, h) for u, s, h in con.execute("SELECT unit_id, seq, hash FROM synced").fetchall()
    }
    # A copy that does not match this ledger (another database, a restored backup) is rebuilt.
    if synced and not _still_there(synced):
        con.execute(
            "DELETE FROM facts; DELETE FROM synced; DELETE FROM signatures; DELETE FROM dims;"
        )
        synced = {}
    _sync_groups(con)
    heads = {h.procuratorate_id: h for h in LedgerHead.objects.all()}
    backlog = {u: h.seq - synced.get(u, (0, ""))[0] for u, h in heads.items()}
    if all(n <= 0 for n in backlog.values()):
        if con.execute(
            "SELECT EXISTS (SELECT 1 FROM facts WHERE sig IS NULL OR dim IS NULL)"
        ).fetchone()[0]:
            _derive(con)  # a sync interrupted between loading its facts and deriving them
        return 0
    if workers is None:
        from django.db import connection

        # inside a transaction the workers would not see its rows (nor may its connection
        # be closed for them): one process
        workers = 1 if connection.in_atomic_block else min(os.cpu_count() or 1, 4)
    if workers > 1 and sum(backlog.values()) >= PARALLEL_FROM and _shareable():
        copied = _sync_in_workers(con, heads, synced, backlog, workers, progress)
    else:
        copied = 0
        for path, voids, last, n in _fact_files(heads, synced):
            _apply_file(con, path, voids, last)
            copied += n
            if progress:
                progress(copied)
    if copied:
        _derive(con)
    return copied


def _shareable() -> bool:
    """Whether other processes can read this database (not an in-memory SQLite one)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return True
    name = str(connection.settings_dict["NAME"])
    return not (name == ":memory:" or "mode=memory" in name)


def _fact_files(heads, synced) -> Iterator[tuple[str | None, list[str], dict, int]]:
    """The facts of the ledger rows not yet copied, a batch at a time, each written to a CSV
    file: (file or None, events voided by corrections, last position per unit, rows read)."""
    units = {u.pk: u for u in Procuratorate.objects.filter(pk__in=list(heads))}
    batch: list[tuple] = []

    def done() -> tuple[str | None, list[str], dict, int]:
        states = _states(list({row[3] for row in batch}))
        found: list[tuple] = []
        voids: list[str] = []
        last: dict[int, tuple[int, str]] = {}
        for row in batch:
            state = states.get(row[3])
            last[row[1]] = (row[2], row[9])
            if state is None:
                continue
            found.extend(_facts_of(row, units[row[1]], state))
            if row[8]:
                voids.append(str(row[8]))
        n = len(batch)
        batch.clear()
        return _write_csv(found), voids, last, n

    for row in _rows(heads, synced):
        batch.append(row)
        if len(batch) >= BATCH:
            yield done()
    if batch:
        yield done()


def _apply_file(con, path: str | None, voids: list[str], last: dict) -> None:
    """Load one file of facts, mark what its corrections void, remember the positions."""
    if path is not None:
        _insert_csv(con, path)
    if voids:
        con.execute("UPDATE facts SET voided = true WHERE event_id IN (SELECT unnest(?))", [voids])
    if last:
        con.execute(
            "INSERT OR REPLACE INTO synced SELECT unnest(?), unnest(?), unnest(?)",
            [list(last), [seq for seq, _ in last.values()], [d for _, d in last.values()]],
        )


def _sync_worker(shard_heads: dict, synced: dict, queue) -> None:
    """One process of :func:`_sync_in_workers` (forked: it opens its own database
    connection and never touches the parent's DuckDB connection)."""
    from django.db import connections

    try:
        for item in _fact_files(shard_heads, synced):
            queue.put(("file", item))
    except Exception as exc:  # the parent reports it and fails the sync
        queue.put(("error", f"{type(exc).__name__}: {exc}"))
    else:
        queue.put(("done", None))
    finally:
        connections.close_all()


def _sync_in_workers(con, heads, synced, backlog, workers: int, progress) -> int:
    """Shard the procuratorates by events to copy; each worker process writes the facts of
    its shard to files, loaded here in the order each worker wrote them (a correction's
    voiding always follows the fact it voids: both are in the same procuratorate's chain)."""
    import multiprocessing
    import queue as queue_module

    from django.db import connections

    from procuracy.core.shards import balanced

    shards = [
        {u: heads[u] for u in shard}
        for shard in balanced(sorted(backlog), backlog.__getitem__, workers)
    ]
    connections.close_all()  # each process opens its own
    ctx = multiprocessing.get_context("fork")
    messages = ctx.Queue()
    procs = [
        ctx.Process(
            target=_sync_worker,
            args=(shard, {u: synced[u] for u in shard if u in synced}, messages),
        )
        for shard in shards
    ]
    for proc in procs:
        proc.start()
    running, copied, errors = len(procs), 0, []
    try:
        while running:
            try:
                kind, value = messages.get(timeout=10)
            except queue_module.Empty:
                if not any(p.is_alive() for p in procs) and messages.empty():
                    errors.append("a sync worker ended without reporting")
                    break
                continue
            if kind == "file":
                path, voids, last, n = value
                _apply_file(con, path, voids, last)
                copied += n
                if progress:
                    progress(copied)
            else:
                running -= 1
                if kind == "error":
                    errors.append(value)
                    break
    finally:
        for proc in procs:
            if errors or running:  # failed or interrupted: the others' work is not wanted
                proc.terminate()
            proc.join(timeout=60)
    if errors:
        raise RuntimeError("facts sync: " + "; ".join(errors))
    return copied


def _states(case_ids: list) -> dict:
    """The cases' projected states, decoded by orjson from their stored text (several times
    faster than the JSON field's own decoding, which is most of a sync's time)."""
    from django.db import connection

    table = connection.ops.quote_name(Case._meta.db_table)
    text = "state::text" if connection.vendor == "postgresql" else "state"
    id_field = Case._meta.pk
    states = {}
    with connection.cursor() as cursor:
        for i in range(0, len(case_ids), 500):
            chunk = case_ids[i : i + 500]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT id, {text} FROM {table} WHERE id IN ({marks})",
                [id_field.get_db_prep_value(c, connection) for c in chunk],
            )
            for case_id, state in cursor.fetchall():
                states[case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(case_id)] = (
                    orjson.loads(state)
                )
    return states


def _group_defs() -> list[tuple[int, str, list[str], list[str]]]:
    """(bit, group id, charges that always count, "charge=flag" conditions)."""
    from .service import charge_group_conditions, charge_groups

    groups, conditions = charge_groups(), charge_group_conditions()
    if len(groups) > 62:
        raise ValueError("more than 62 charge groups do not fit the facts' group mask")
    return [
        (bit, gid, sorted(groups[gid]), [f"{a}={f}" for a, f in conditions.get(gid, ())])
        for bit, gid in enumerate(sorted(groups))
    ]


def group_sql(names, conditions) -> str:
    """The SQL test that a fact falls in a charge group: one of its charges (by name) always
    counts, or a conditional charge (``*``: any) in a case with the condition's flag."""
    parts = [f"list_has_any(charges, {_list(names)})"] if names else []
    for cond in conditions:
        name, _, flag = cond.partition("=")
        has_flag = f"list_contains(flags, {_quote(flag)})"
        parts.append(
            has_flag if name == "*"
            else f"(list_contains(charges, {_quote(name)}) AND {has_flag})"
        )  # fmt: skip
    return "(" + " OR ".join(parts) + ")" if parts else "false"


def _sync_groups(con) -> None:
    """Keep the ``groups`` table (and every fact's ``gmask``) in step with the declared
    charge groups."""
    wanted = _group_defs()
    rows = con.execute("SELECT * FROM groups ORDER BY bit").fetchall()
    stored = [(b, g, list(a), list(c or ())) for b, g, a, c in rows]
    if stored != wanted:
        con.execute("DELETE FROM groups")
        con.executemany("INSERT INTO groups VALUES (?, ?, ?, ?)", wanted)
        con.execute("UPDATE facts SET gmask = NULL, dim = NULL; DELETE FROM dims;")
        _derive(con)


def _number(con, table: str, key: str, key_type: str, columns: tuple[str, ...]) -> None:
    """Number each new combination of ``columns`` among the facts that lack ``key`` in
    ``table`` (after the numbers it has), and give the facts their numbers."""
    listed = ", ".join(columns)
    same = " AND ".join(f"t.{c} IS NOT DISTINCT FROM f.{c}" for c in columns)
    con.execute(
        f"INSERT INTO {table} SELECT (coalesce((SELECT max({key}) FROM {table}), 0) "
        f"+ row_number() OVER (ORDER BY {listed}))::{key_type}, * FROM (SELECT DISTINCT "
        f"{listed} FROM facts f WHERE f.{key} IS NULL AND NOT EXISTS (SELECT 1 FROM {table} t "
        f"WHERE {same}))"
    )
    con.execute(
        f"UPDATE facts SET {key} = t.{key} FROM {table} t WHERE facts.{key} IS NULL AND "
        + " AND ".join(f"t.{c} IS NOT DISTINCT FROM facts.{c}" for c in columns)
    )


def _derive(con) -> None:
    """Fill the derived columns of the facts that lack them."""
    _number(con, "signatures", "sig", "SMALLINT", ("event_type", "code", "flag", "detail"))
    groups = con.execute("SELECT bit, charges, conditional FROM groups ORDER BY bit").fetchall()
    mask = " + ".join(
        f"(CASE WHEN {group_sql(arts, conds or ())} THEN {1 << bit} ELSE 0 END)"
        for bit, arts, conds in groups
    )
    con.execute(f"UPDATE facts SET gmask = ({mask or '0'})::BIGINT WHERE gmask IS NULL")
    _number(con, "dims", "dim", "INTEGER", DIM_COLUMNS)


def flag_bits() -> dict[str, int]:
    """Case-level flag code -> its bit in ``fmask``: the declaration order of the flags (the
    copy remembers it and is rebuilt when it changes)."""
    from procuracy.cases.flags import CASE_FLAGS

    return {f.code: i for i, f in enumerate(CASE_FLAGS)}


def flag_mask_sql(column: str = "flags") -> str:
    parts = [
        f"(CASE WHEN list_has({column}, '{code}') THEN {1 << bit} ELSE 0 END)"
        for code, bit in flag_bits().items()
    ]
    return f"({' | '.join(parts) or '0'})::BIGINT"


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _list(values) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]::VARCHAR[]"


def _write_csv(facts: list[tuple]) -> str | None:
    """The facts in a temporary CSV file (the caller loads it, which removes it)."""
    if not facts:
        return None
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", newline="", encoding="utf-8", delete=False
    ) as fh:
        csv.writer(fh).writerows(facts)
        return fh.name


def _insert_csv(con: duckdb.DuckDBPyConnection, name: str) -> None:
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
        amount="BIGINT",
        days="INTEGER",
    )
    columns = "{" + ", ".join(f"'{c}': '{t}'" for c, t in types.items()) + "}"
    select = ", ".join(
        f"CASE WHEN {c} IS NULL OR {c} = '' THEN []::VARCHAR[] ELSE string_split({c}, ';') END"
        if c in ("charges", "flags")
        else c
        for c in COLUMNS
    )
    split = (
        "CASE WHEN flags IS NULL OR flags = '' THEN []::VARCHAR[] ELSE string_split(flags, ';') END"
    )
    select += f", NULL, NULL, {flag_mask_sql(split)}, hash(case_id), hash(case_id, person), NULL"
    try:
        con.execute(
            f"INSERT INTO facts SELECT {select} FROM read_csv('{name}', header = false, "
            f"columns = {columns}, nullstr = '', quote = '\"', delim = ',')"
        )
    finally:
        Path(name).unlink(missing_ok=True)


def counts_by_unit(con) -> dict[str, int]:
    return dict(con.execute("SELECT unit, count(*) FROM facts GROUP BY unit").fetchall())
