"""The ledger's chain: canonical text, hashing, appending, verifying.

Chains are kept **per procuratorate**: each unit's events form one chain (``seq`` 1, 2, …),
so units append without waiting for each other and one unit's history verifies on its own.
``hash(n) = SHA-256(hash(n-1) ␞ canonical(n))``; the first event of a unit chains to
``SHA-256("procuracy-ledger:" + unit code)``. ``LedgerHead`` keeps each chain's last position
and hash, so that removing the newest events is detected too.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson
from django.db import connection

from procuracy.core import pipeline
from procuracy.orgs.models import Procuratorate

from .models import LedgerEvent, LedgerHead

SEP = "\x1f"


def canonical_json(value) -> str:
    """The payload's canonical text: ``json.dumps(value, ensure_ascii=False, sort_keys=True,
    separators=(",", ":"))``. orjson writes the same text some ten times faster for values
    without floats (it prints some floats differently, e.g. ``1e-7`` for ``1e-07``) and gives
    up on what it does not take (lone surrogates, integers beyond 64 bits, non-text keys); those
    go to ``json``. tests/cases/test_ledger_chain.py checks the two agree."""
    if _floatless(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
        except TypeError:
            pass
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_LEAVES = frozenset({str, int, bool, type(None)})


def _floatless(value) -> bool:
    kind = type(value)
    if kind is dict:
        items = value.values()
    elif kind is list or kind is tuple:
        items = value
    else:
        return kind in _LEAVES
    for item in items:
        kind = type(item)
        if kind is str or kind is int or kind is bool or item is None:
            continue
        if kind is float or not _floatless(item):
            return False
    return True


def json_text(value) -> str:
    """A JSON column's text for the bulk writers: what ``json.dumps`` stores, in the same
    values (orjson's text is compact and keeps non-ASCII characters; floats read back equal)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value)


def genesis(unit_code: str) -> str:
    return hashlib.sha256(f"procuracy-ledger:{unit_code}".encode()).hexdigest()


def _uuid_hex(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("-", "")
    return value.hex


def _db_uuid(value) -> str | None:
    """A UUID as SQLite's UUID columns store it: 32 lowercase hex digits (None stays None)."""
    if value is None:
        return None
    return value.replace("-", "").lower() if isinstance(value, str) else value.hex


def instant_text(value) -> str:
    """A recorded_at as the canonical text has it: UTC, naive, to the microsecond."""
    tz = value.tzinfo if type(value) is datetime else None
    if tz is UTC:  # the common case, without the conversion
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, str):  # a database that hands back text
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


_instant = instant_text


def _day(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def canonical(
    event_id,
    unit_code,
    seq,
    case_id,
    event_type,
    persons,
    occurred_on,
    recorded_at,
    actor_name,
    payload,
    basis,
    corrects,
    idempotency_key,
) -> str:
    return SEP.join((
        _uuid_hex(event_id), unit_code, str(seq), _uuid_hex(case_id), event_type, persons,
        _day(occurred_on), _instant(recorded_at), actor_name, payload, basis,
        _uuid_hex(corrects), idempotency_key or "",
    ))  # fmt: skip


def chain_hash(prev_hash: str, text: str) -> str:
    return hashlib.sha256(f"{prev_hash}\x1e{text}".encode()).hexdigest()


# --- writing many rows at once ---------------------------------------------------------------


def _converter(field, vendor: str):
    """How one column's Python value becomes what the driver is given: what
    ``field.get_db_prep_save`` does, for the field types of the ledger and its projections,
    without its per-value dispatch. None when the value goes as it is."""
    from django.db import models

    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.JSONField):
        encoder = field.encoder
        # None stays None (NULL): a missing value in a NOT NULL column is refused by the
        # database, never written as "null" or "None"
        if encoder is None:
            return lambda v: None if v is None else json_text(v)
        return lambda v: None if v is None else json.dumps(v, cls=encoder)
    if vendor == "postgresql":
        return None  # COPY: psycopg writes UUIDs, dates and aware datetimes itself
    if isinstance(field, models.UUIDField):
        return _db_uuid
    if isinstance(field, models.DateTimeField):
        if connection.vendor == "sqlite" and connection.timezone is UTC:
            return _sqlite_instant
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        if connection.vendor == "sqlite":
            return _sqlite_day
        return connection.ops.adapt_datefield_value
    return None


def _sqlite_instant(value):
    """What Django's SQLite backend stores for a datetime with USE_TZ and a UTC connection
    (``adapt_datetimefield_value``: made naive in UTC, then ``str``), without its per-value
    settings lookups."""
    if value is None:
        return None
    tz = value.tzinfo
    if tz is UTC:
        return str(value.replace(tzinfo=None))
    if tz is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _sqlite_day(value):
    return None if value is None else str(value)


def existing(model, field_name: str, values) -> set:
    """Which of ``values`` (of ``model``'s column ``field_name``) are in its table: one query
    with the values as one parameter (an array on PostgreSQL, a JSON array on SQLite) instead
    of an ``IN`` list per 500 values, whose placeholders the driver and the planner parse one by
    one. For the bulk paths, which look up thousands of keys that are mostly new; the few found
    are then read through the ORM. Returns the found values as the database gives them back
    (a UUID comes back as text on SQLite: compare through :class:`uuid.UUID`)."""
    values = list(values)
    if not values:
        return set()
    field = model._meta.get_field(field_name)
    qn = connection.ops.quote_name
    column, table = qn(field.column), qn(model._meta.db_table)
    uuids = field.get_internal_type() == "UUIDField"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)", [values])
        else:
            if uuids:  # stored as 32 lowercase hex digits
                values = [_db_uuid(v) for v in values]
            cursor.execute(
                f"SELECT {column} FROM {table} WHERE {column} IN (SELECT value FROM json_each(%s))",
                [json.dumps(values)],
            )
        return {row[0] for row in cursor.fetchall()}


def write_rows(model, field_names: tuple[str, ...] | list[str], rows: list[tuple]) -> None:
    """Insert ``rows`` (Python values, in the order of ``field_names``) into ``model``'s table
    in one pass: ``COPY`` on PostgreSQL, ``executemany`` elsewhere. No model instances, no
    signals, no returned ids: for the bulk paths of the ledger and its projections."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    convert = [_converter(f, connection.vendor) for f in fields]
    if any(convert):  # column by column: one map per converted column
        values: list = list(zip(*rows, strict=True))
        for i, c in enumerate(convert):
            if c is not None:
                values[i] = map(c, values[i])
        rows = list(zip(*values, strict=True))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


#: A ledger row's fields in the order of ``write_rows`` rows and of the INSERT of ``append``.
ROW_FIELDS = _INSERT_FIELDS = (
    "id", "procuratorate", "seq", "case_id", "event_type", "persons", "occurred_on",
    "recorded_at", "actor", "actor_name", "payload", "basis", "corrects", "idempotency_key",
    "prev_hash", "hash",
)  # fmt: skip


_sql_cache: dict[tuple, tuple] = {}


def _insert_sql() -> tuple[str, list]:
    key = ("insert", connection.vendor)
    found = _sql_cache.get(key)
    if found is None:
        fields = [LedgerEvent._meta.get_field(name) for name in _INSERT_FIELDS]
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        table = qn(LedgerEvent._meta.db_table)
        marks = ", ".join(["%s"] * len(fields))
        found = _sql_cache[key] = (
            f"INSERT INTO {table} ({columns}) VALUES ({marks})",
            [(f.attname, f.get_db_prep_save) for f in fields],
        )
    return found


def head_sql() -> str:
    """Reads a unit's head (seq, hash), locked until the transaction ends."""
    key = ("head", connection.vendor)
    found = _sql_cache.get(key)
    if found is None:
        table = connection.ops.quote_name(LedgerHead._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        found = _sql_cache[key] = f"SELECT seq, hash FROM {table} WHERE procuratorate_id = %s{lock}"
    return found


def append(
    event: LedgerEvent, unit: Procuratorate, head: tuple[int, str] | None = None
) -> LedgerEvent:
    """Give ``event`` its place in ``unit``'s chain and insert it. Call inside the writing
    transaction: the head row is locked until it commits. ``head`` is the unit's (seq, hash)
    when the caller has already read it with :func:`head_sql` in this transaction. Plain SQL
    (three statements, or two): this is the hot path of every write."""
    head_table = connection.ops.quote_name(LedgerHead._meta.db_table)
    with connection.cursor() as cursor:
        if head is None:
            cursor.execute(head_sql(), [unit.pk])
            head = cursor.fetchone()
        if head is None:
            LedgerHead.objects.create(procuratorate=unit, seq=0, hash=genesis(unit.code))
            head = (0, genesis(unit.code))
        seq, prev = head
        event.procuratorate = unit
        event.seq = seq + 1
        event.prev_hash = prev
        event.hash = chain_hash(prev, canonical(
            event.id, unit.code, event.seq, event.case_id, event.event_type, event.persons,
            event.occurred_on, event.recorded_at, event.actor_name, event.payload, event.basis,
            event.corrects, event.idempotency_key,
        ))  # fmt: skip
    sql, fields = _insert_sql()
    write(sql, [prep(getattr(event, name), connection) for name, prep in fields])
    write(
        f"UPDATE {head_table} SET seq = %s, hash = %s WHERE procuratorate_id = %s",
        [event.seq, event.hash, unit.pk],
    )
    event._state.adding = False
    event._state.db = "default"
    return event


# --- fewer round trips on PostgreSQL ----------------------------------------------------------

#: psycopg's pipeline mode for the writing transaction (procuracy.core.pipeline): the
#: ledger insert, the head and projection updates travel with the next read or at the end.
pipelined = pipeline.pipelined


def sync() -> None:
    """Send what the batch and the pipeline hold and raise their errors now (no-op outside
    them)."""
    flush()
    pipeline.sync()


_batch: contextvars.ContextVar[list | None] = contextvars.ContextVar("ledger_batch", default=None)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Collect the writes whose results nobody reads (:func:`write`: the ledger insert, the
    head update, the projection updates) and send them, at the end of the block, as **one**
    statement: on PostgreSQL, data-modifying ``WITH`` clauses. They touch different rows (one
    each), so the order among them does not matter; anything else in the block runs at once.
    Elsewhere the writes run at once. Leaving the block with an exception drops the batch
    (the transaction rolls back anyway)."""
    if connection.vendor != "postgresql" or _batch.get() is not None:
        yield
        return
    token = _batch.set([])
    try:
        yield
        flush()
    finally:
        _batch.reset(token)


def write(sql: str, params: list) -> None:
    """Execute a write, or queue it in the current :func:`batched` block."""
    batch = _batch.get()
    if batch is not None:
        batch.append((sql, params))
        return
    pipeline.execute(sql, params)


def flush() -> None:
    """Send the writes queued by :func:`batched` now, as one statement."""
    batch = _batch.get()
    if not batch:
        return
    statements = batch[:]
    batch.clear()
    if len(statements) == 1:
        sql, params = statements[0]
    else:
        heads = ", ".join(f"w{i} AS ({text})" for i, (text, _) in enumerate(statements[:-1]))
        sql = f"WITH {heads} {statements[-1][0]}"
        params = [value for _, values in statements for value in values]
    pipeline.execute(sql, params)


@dataclass
class VerifyResult:
    events: int
    chains: int
    broken: str | None = None  # the first broken event or chain, in words

    @property
    def ok(self) -> bool:
        return self.broken is None


def _select_sql() -> str:
    """The ledger's columns as the text the canonical form uses, converted by the database
    (no Python UUID or datetime objects on the hot path of ``verify``)."""
    table = LedgerEvent._meta.db_table
    if connection.vendor == "postgresql":
        cols = (
            "replace(id::text, '-', ''), seq, replace(case_id::text, '-', ''), event_type, "
            "persons, to_char(occurred_on, 'YYYY-MM-DD'), "
            "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
            "actor_name, payload, basis, coalesce(replace(corrects::text, '-', ''), ''), "
            "coalesce(idempotency_key, ''), prev_hash, hash"
        )
    else:  # SQLite keeps UUIDs as 32 hex digits and datetimes as naive UTC text
        cols = (
            "id || '', seq, case_id || '', event_type, persons, occurred_on || '', "
            "replace(recorded_at, ' ', 'T'), actor_name, payload, basis, "
            "coalesce(corrects, ''), coalesce(idempotency_key, ''), prev_hash, hash"
        )
    return (
        f"SELECT {cols} FROM {table} WHERE procuratorate_id = %s AND seq >= %s "
        "AND seq <= %s ORDER BY seq"
    )


def _rows(unit_id: int, lo: int = 1, hi: int = 2**62) -> Iterator[tuple]:
    with connection.chunked_cursor() as cursor:
        cursor.execute(_select_sql(), [unit_id, lo, hi])
        while rows := cursor.fetchmany(5000):
            yield from rows


@dataclass
class Segment:
    """What verifying one stretch of a chain found: its ends, for joining stretches."""

    first_seq: int = 0
    first_prev: str = ""
    last_seq: int = 0
    last_hash: str = ""
    events: int = 0
    broken: tuple[int, str] | None = None  # (seq, description)


def _verify_segment(unit_id: int, code: str, lo: int, hi: int, progress=None) -> Segment:
    """Verify the events ``lo``..``hi`` of a unit's chain. On PostgreSQL the database
    recomputes the hashes itself (:func:`_check_in_database`); only a stretch in which it finds
    something wrong is read back and verified here, which names what is wrong."""
    if connection.vendor == "postgresql":
        seg = _check_in_database(unit_id, code, lo, hi)
        if seg is not None:
            if progress is not None and seg.events:
                progress(seg.events)
            return seg
    return _verify_rows(unit_id, code, lo, hi, progress)


def _check_sql() -> str:
    """One pass over a stretch of a chain in PostgreSQL: each event's hash recomputed from
    its canonical text (:func:`canonical`, built from the same conversions as
    :func:`_select_sql`) with the database's ``sha256``, and each event's position and
    previous hash compared with the event before it. Returns the count, the first and last
    positions and the first position where anything differs. A NULL anywhere in an event (a
    column whose NOT NULL was dropped) makes its hash NULL, which counts as differing, as
    Python's text with "None" in it does. Dates go through ``to_char``, not ``::text``, which
    follows the session's DateStyle (``SQL, DMY`` gives 10/03/2024)."""
    found = _sql_cache.get("check")
    if found is None:
        table = LedgerEvent._meta.db_table
        text = " || chr(31) || ".join((
            "replace(id::text, '-', '')", "%(code)s::text", "seq::text",
            "replace(case_id::text, '-', '')", "event_type", "persons",
            "to_char(occurred_on, 'YYYY-MM-DD')",
            "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')",
            "actor_name", "payload", "basis", "coalesce(replace(corrects::text, '-', ''), '')",
            "coalesce(idempotency_key, '')",
        ))  # fmt: skip
        found = _sql_cache["check"] = f"""
            WITH stretch AS (
                SELECT seq, prev_hash, hash,
                       lag(seq) OVER (ORDER BY seq) AS seq_before,
                       lag(hash) OVER (ORDER BY seq) AS hash_before,
                       encode(sha256(convert_to(prev_hash || chr(30) || {text}, 'UTF8')), 'hex')
                           AS computed
                FROM {table}
                WHERE procuratorate_id = %(unit)s AND seq >= %(lo)s AND seq <= %(hi)s
            )
            SELECT count(*), min(seq), max(seq),
                   min(seq) FILTER (WHERE computed IS DISTINCT FROM hash OR computed IS NULL
                                    OR seq_before IS NOT NULL
                                       AND (seq <> seq_before + 1
                                            OR prev_hash IS DISTINCT FROM hash_before))
            FROM stretch"""
    return found


def _check_in_database(unit_id: int, code: str, lo: int, hi: int) -> Segment | None:
    """The stretch's :class:`Segment` when PostgreSQL finds every event in it as chained;
    None when it finds something wrong (the stretch is then verified row by row, which names
    the first broken event exactly as on any other database)."""
    with connection.cursor() as cursor:
        cursor.execute(_check_sql(), {"unit": unit_id, "code": code, "lo": lo, "hi": hi})
        count, first, last, wrong = cursor.fetchone()
        if wrong is not None:
            return None
        seg = Segment(events=count)
        if count:
            cursor.execute(
                f"SELECT seq, prev_hash, hash FROM {LedgerEvent._meta.db_table} "
                "WHERE procuratorate_id = %s AND seq IN (%s, %s)",
                [unit_id, first, last],
            )
            ends = {seq: (prev, hash_) for seq, prev, hash_ in cursor.fetchall()}
            seg.first_seq, seg.first_prev = first, ends[first][0]
            seg.last_seq, seg.last_hash = last, ends[last][1]
    return seg


def _verify_rows(unit_id: int, code: str, lo: int, hi: int, progress=None) -> Segment:
    seg = Segment()
    expected_seq, expected_prev = None, None
    last_seq, count = 0, 0
    s, sha = SEP, hashlib.sha256
    for eid, seq, a, b, c, d, recorded, e, f, g, h, i, prev_hash, stored in _rows(unit_id, lo, hi):
        if recorded is not None and len(recorded) == 19:  # SQLite drops ".000000"
            recorded += ".000000"
        if expected_seq is None:
            seg.first_seq, seg.first_prev = seq, prev_hash
        elif seq != expected_seq:
            seg.broken = (
                seq,
                f"event {eid} ({code} #{seq}, {b}): expected position "
                f"#{expected_seq} in {code}'s chain: events removed",
            )
            break
        elif prev_hash != expected_prev:
            seg.broken = (
                seq,
                f"event {eid} ({code} #{seq}, {b}): previous hash does not match "
                "the event before it: events removed or reordered",
            )
            break
        # the text chain_hash hashes (one f-string: the hot loop of a 10M-event verify)
        text = f"{prev_hash}\x1e{eid}{s}{code}{s}{seq}{s}{a}{s}{b}{s}{c}{s}{d}{s}{recorded}{s}{e}{s}{f}{s}{g}{s}{h}{s}{i}"
        if sha(text.encode()).hexdigest() != stored:
            seg.broken = (
                seq,
                f"event {eid} ({code} #{seq}, {b}): content does not match its "
                "hash: the event was altered",
            )
            break
        expected_seq, expected_prev = seq + 1, stored
        last_seq = seq
        count += 1
        if progress is not None and count % 100_000 == 0:
            progress(count)
    seg.events = count
    if count:
        seg.last_seq, seg.last_hash = last_seq, expected_prev
    return seg


def _segment_worker(args):
    from django.db import connections

    connections.close_all()  # a connection of its own in the child process
    unit_id, code, lo, hi = args
    return _verify_segment(unit_id, code, lo, hi)


PARALLEL_THRESHOLD = 200_000


def _workers() -> int:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def _verify_chain(unit: Procuratorate, last: int, progress=None) -> tuple[int, str | None, str]:
    """Verify one unit's chain (in parallel stretches when it is long). Returns the number of
    events verified, the first break in words (or None) and the last hash."""
    workers = _workers()
    if last < PARALLEL_THRESHOLD or workers == 1:
        segments = [_verify_segment(unit.pk, unit.code, 1, max(last, 1), progress)]
    else:
        import multiprocessing

        bounds = [1 + last * i // workers for i in range(workers + 1)]
        jobs = [
            (unit.pk, unit.code, bounds[i], bounds[i + 1] - 1 if i < workers - 1 else last)
            for i in range(workers)
        ]
        connection.close()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            segments = pool.map(_segment_worker, jobs)
    total = 0
    expected_seq, expected_prev = 1, genesis(unit.code)
    for seg in segments:
        if seg.events or seg.broken:
            if seg.first_seq != expected_seq and seg.first_seq:
                return (
                    total,
                    (
                        f"chain of {unit.code} at #{seg.first_seq}: expected position "
                        f"#{expected_seq}: events removed"
                    ),
                    expected_prev,
                )
            if seg.first_prev != expected_prev and seg.first_seq:
                return (
                    total,
                    (
                        f"chain of {unit.code} at #{seg.first_seq}: previous hash does "
                        "not match the event before it: events removed or reordered"
                    ),
                    expected_prev,
                )
        total += seg.events
        if seg.broken:
            return total, seg.broken[1], expected_prev
        if seg.events:
            expected_seq, expected_prev = seg.last_seq + 1, seg.last_hash
    return total, None, expected_prev


def verify(units: list[Procuratorate] | None = None, progress=None) -> VerifyResult:
    """Recompute every chain (or those of ``units``). Names the first broken event: an
    altered row (its hash no longer matches), a removed or reordered one (a gap or a wrong
    previous hash), or removed newest events (the head is ahead of the last row). Long chains
    are verified in stretches on every core and joined end to end."""
    heads = {h.procuratorate_id: h for h in LedgerHead.objects.all()}
    if units is None:
        ids = set(heads) | set(
            LedgerEvent.objects.values_list("procuratorate_id", flat=True).distinct()
        )
        units = list(Procuratorate.objects.filter(pk__in=ids).order_by("code"))
    total = 0
    for unit in units:
        from django.db.models import Max

        last = LedgerEvent.objects.filter(procuratorate=unit).aggregate(m=Max("seq"))["m"] or 0
        count, broken, last_hash = _verify_chain(unit, last, progress)
        total += count
        if broken:
            return VerifyResult(total, len(units), broken)
        head = heads.get(unit.pk)
        if head is None and count:
            return VerifyResult(
                total,
                len(units),
                f"chain of {unit.code}: {count:,} events but no head: the head was removed",
            )
        if head is not None and (head.seq != count or head.hash != last_hash):
            return VerifyResult(
                total,
                len(units),
                f"chain of {unit.code}: the head is at "
                f"#{head.seq} but the events end at #{count}: the newest "
                "events were removed",
            )
    return VerifyResult(total, len(units))


# --- anchors ------------------------------------------------------------------------------------
#
# The chain shows that a stored event was changed, removed or reordered, unless whoever changed
# it recomputed every later hash and the head as well: someone with write access to the
# database can do that. An anchor is the chains' heads written down *outside* the database at a
# moment (printed, sent to the procuratorate above, published): every later verify against it
# finds that the event at each anchored position still has the anchored hash, so a rewritten
# or shortened history is caught however well its hashes were recomputed.

ANCHOR_FORMAT = "procuracy-anchor/1"
_HEX64 = frozenset("0123456789abcdef")


def _anchor_digest(chains: list[dict]) -> str:
    text = "\n".join(f"{c['org']}:{c['seq']}:{c['hash']}" for c in chains)
    return hashlib.sha256(text.encode()).hexdigest()


def anchor(units: list[Procuratorate] | None = None) -> dict:
    """The heads of every chain (or of ``units``), as an anchor document (docs/ledger.md)."""
    heads = LedgerHead.objects.select_related("procuratorate").filter(seq__gt=0)
    if units is not None:
        heads = heads.filter(procuratorate__in=units)
    chains = sorted(
        ({"org": h.procuratorate.code, "seq": h.seq, "hash": h.hash} for h in heads),
        key=lambda c: c["org"],
    )
    return {
        "format": ANCHOR_FORMAT,
        "taken_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "chains": chains,
        "digest": _anchor_digest(chains),
    }


class AnchorError(ValueError):
    """An anchor document that cannot be read: the message says what is wrong with it."""


def read_anchor(data) -> dict:
    """Check an anchor document's form and its own digest (a mistyped or damaged copy)."""
    if not isinstance(data, dict) or data.get("format") != ANCHOR_FORMAT:
        raise AnchorError(f"not an anchor: its format must be {ANCHOR_FORMAT!r}")
    chains = data.get("chains")
    if not isinstance(chains, list):
        raise AnchorError("chains: must be a list")
    for i, c in enumerate(chains):
        if not (
            isinstance(c, dict)
            and isinstance(c.get("org"), str)
            and len(c["org"]) == 6
            and c["org"].isascii()
            and c["org"].isdigit()
            and isinstance(c.get("seq"), int)
            and not isinstance(c.get("seq"), bool)
            and c["seq"] > 0
            and isinstance(c.get("hash"), str)
            and len(c["hash"]) == 64
            and set(c["hash"]) <= _HEX64
        ):
            raise AnchorError(
                f"chains[{i}]: must be {{org: 6-digit code, seq: position > 0, hash: 64 hex "
                "digits}"
            )
    if data.get("digest") != _anchor_digest(chains):
        raise AnchorError("digest: does not match its chains: the anchor copy was changed")
    return data


def anchored(data: dict, units: list[Procuratorate] | None = None) -> list[dict]:
    """The anchor's positions in ``units``' chains (all when None)."""
    codes = {u.code for u in units} if units is not None else None
    return [c for c in read_anchor(data)["chains"] if codes is None or c["org"] in codes]


def check_anchor(data: dict, units: list[Procuratorate] | None = None) -> list[str]:
    """The anchored positions whose event is gone or has another hash now (empty when the
    ledger still holds every one of them). Only ``units``' chains when given."""
    wanted = anchored(data, units)
    by_code = {u.code: u for u in Procuratorate.objects.filter(code__in=[c["org"] for c in wanted])}
    taken = data.get("taken_at", "?")
    problems = []
    for c in wanted:
        unit = by_code.get(c["org"])
        if unit is None:
            problems.append(
                f"chain of {c['org']}: the anchor of {taken} names a procuratorate this "
                "database does not know (an anchor of another installation?)"
            )
            continue
        row = (
            LedgerEvent.objects.filter(procuratorate=unit, seq=c["seq"])
            .values_list("hash", flat=True)
            .first()
        )
        if row is None:
            last = (
                LedgerEvent.objects.filter(procuratorate=unit).order_by("-seq")
                .values_list("seq", flat=True).first()
            )  # fmt: skip
            problems.append(
                f"chain of {c['org']}: the anchor of {taken} has #{c['seq']}, the ledger ends "
                f"at #{last or 0}: events removed"
            )
        elif row != c["hash"]:
            problems.append(
                f"chain of {c['org']} at #{c['seq']}: the hash differs from the anchor of "
                f"{taken}: the history up to there was rewritten"
            )
    return problems
