"""The ledger's chain: canonical text, hashing, appending, verifying.

Chains are kept **per procuratorate**: each unit's events form one chain (``seq`` 1, 2, …),
so units append without waiting for each other and one unit's history verifies on its own.
``hash(n) = SHA-256(hash(n-1) ␞ canonical(n))``; the first event of a unit chains to
``SHA-256("procuracy-ledger:" + unit code)``. ``LedgerHead`` keeps each chain's last position
and hash, so that removing the newest events is detected too.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connection

from procuracy.orgs.models import Procuratorate

from .models import LedgerEvent, LedgerHead

SEP = "\x1f"


def canonical_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def genesis(unit_code: str) -> str:
    return hashlib.sha256(f"procuracy-ledger:{unit_code}".encode()).hexdigest()


def _uuid_hex(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("-", "")
    return value.hex


def _instant(value) -> str:
    if isinstance(value, str):  # a database that hands back text
        value = datetime.fromisoformat(value)
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="microseconds")


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


_INSERT_FIELDS = (
    "id", "procuratorate", "seq", "case_id", "event_type", "persons", "occurred_on",
    "recorded_at", "actor", "actor_name", "payload", "basis", "corrects", "idempotency_key",
    "prev_hash", "hash",
)  # fmt: skip


def _insert_sql() -> tuple[str, list]:
    fields = [LedgerEvent._meta.get_field(name) for name in _INSERT_FIELDS]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in fields)
    table = qn(LedgerEvent._meta.db_table)
    marks = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})", fields


def append(event: LedgerEvent, unit: Procuratorate) -> LedgerEvent:
    """Give ``event`` its place in ``unit``'s chain and insert it. Call inside the writing
    transaction: the head row is locked until it commits. Plain SQL (three statements): this
    is the hot path of every write."""
    head_table = connection.ops.quote_name(LedgerHead._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT seq, hash FROM {head_table} WHERE procuratorate_id = %s{lock}", [unit.pk]
        )
        found = cursor.fetchone()
        if found is None:
            LedgerHead.objects.create(procuratorate=unit, seq=0, hash=genesis(unit.code))
            found = (0, genesis(unit.code))
        seq, prev = found
        event.procuratorate = unit
        event.seq = seq + 1
        event.prev_hash = prev
        event.hash = chain_hash(prev, canonical(
            event.id, unit.code, event.seq, event.case_id, event.event_type, event.persons,
            event.occurred_on, event.recorded_at, event.actor_name, event.payload, event.basis,
            event.corrects, event.idempotency_key,
        ))  # fmt: skip
        sql, fields = _insert_sql()
        cursor.execute(sql, [
            f.get_db_prep_save(getattr(event, f.attname), connection) for f in fields
        ])  # fmt: skip
        cursor.execute(
            f"UPDATE {head_table} SET seq = %s, hash = %s WHERE procuratorate_id = %s",
            [event.seq, event.hash, unit.pk],
        )
    event._state.adding = False
    event._state.db = "default"
    return event


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
            "persons, occurred_on::text, "
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
    seg = Segment()
    expected_seq, expected_prev = None, None
    sep, sha = SEP, hashlib.sha256
    for row in _rows(unit_id, lo, hi):
        eid, seq = row[0], row[1]
        prev_hash, stored = row[12], row[13]
        recorded = row[6]
        if len(recorded) == 19:  # SQLite drops ".000000"
            recorded += ".000000"
        where = f"event {eid} ({code} #{seq}, {row[3]})"
        if expected_seq is None:
            seg.first_seq, seg.first_prev = seq, prev_hash
        elif seq != expected_seq:
            seg.broken = (
                seq,
                f"{where}: expected position #{expected_seq} in {code}'s chain: events removed",
            )
            break
        elif prev_hash != expected_prev:
            seg.broken = (
                seq,
                f"{where}: previous hash does not match the event before it: "
                "events removed or reordered",
            )
            break
        text = sep.join(
            (
                eid,
                code,
                str(seq),
                row[2],
                row[3],
                row[4],
                row[5],
                recorded,
                row[7],
                row[8],
                row[9],
                row[10],
                row[11],
            )
        )
        if sha(f"{prev_hash}\x1e{text}".encode()).hexdigest() != stored:
            seg.broken = (seq, f"{where}: content does not match its hash: the event was altered")
            break
        expected_seq, expected_prev = seq + 1, stored
        seg.last_seq, seg.last_hash = seq, stored
        seg.events += 1
        if progress is not None and seg.events % 100_000 == 0:
            progress(seg.events)
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
        if head is not None and (head.seq != count or head.hash != last_hash):
            return VerifyResult(
                total,
                len(units),
                f"chain of {unit.code}: the head is at "
                f"#{head.seq} but the events end at #{count}: the newest "
                "events were removed",
            )
    return VerifyResult(total, len(units))
