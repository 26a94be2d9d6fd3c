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


_COLUMNS = (
    "id, seq, case_id, event_type, persons, occurred_on, recorded_at, actor_name, "
    "payload, basis, corrects, idempotency_key, prev_hash, hash"
)


def _rows(unit_id: int) -> Iterator[tuple]:
    table = LedgerEvent._meta.db_table
    sql = f"SELECT {_COLUMNS} FROM {table} WHERE procuratorate_id = %s ORDER BY seq"
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [unit_id])
        while rows := cursor.fetchmany(5000):
            yield from rows


def verify(units: list[Procuratorate] | None = None, progress=None) -> VerifyResult:
    """Recompute every chain (or those of ``units``). Names the first broken event: an
    altered row (its hash no longer matches), a removed or reordered one (a gap or a wrong
    previous hash), or removed newest events (the head is ahead of the last row)."""
    heads = {h.procuratorate_id: h for h in LedgerHead.objects.all()}
    if units is None:
        ids = set(heads) | set(
            LedgerEvent.objects.values_list("procuratorate_id", flat=True).distinct()
        )
        units = list(Procuratorate.objects.filter(pk__in=ids).order_by("code"))
    total = 0
    for unit in units:
        expected_prev = genesis(unit.code)
        expected_seq = 1
        for row in _rows(unit.pk):
            (
                eid,
                seq,
                case_id,
                etype,
                persons,
                occurred,
                recorded,
                actor,
                payload,
                basis,
                corrects,
                key,
                prev_hash,
                stored_hash,
            ) = row
            where = f"event {_uuid_hex(eid)} ({unit.code} #{seq}, {etype})"
            if seq != expected_seq:
                return VerifyResult(
                    total,
                    len(units),
                    f"{where}: expected position "
                    f"#{expected_seq} in {unit.code}'s chain: events removed",
                )
            if prev_hash != expected_prev:
                return VerifyResult(
                    total,
                    len(units),
                    f"{where}: previous hash does not match "
                    "the event before it: events removed or reordered",
                )
            text = canonical(
                eid,
                unit.code,
                seq,
                case_id,
                etype,
                persons,
                occurred,
                recorded,
                actor,
                payload,
                basis,
                corrects,
                key,
            )
            if chain_hash(prev_hash, text) != stored_hash:
                return VerifyResult(
                    total,
                    len(units),
                    f"{where}: content does not match its hash: the event was altered",
                )
            expected_prev = stored_hash
            expected_seq += 1
            total += 1
            if progress is not None and total % 100_000 == 0:
                progress(total)
        head = heads.get(unit.pk)
        last_seq = expected_seq - 1
        if head is not None and (head.seq != last_seq or head.hash != expected_prev):
            return VerifyResult(
                total,
                len(units),
                f"chain of {unit.code}: the head is at "
                f"#{head.seq} but the events end at #{last_seq}: the newest "
                "events were removed",
            )
    return VerifyResult(total, len(units))
