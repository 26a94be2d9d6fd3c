"""Projections of the ledger: the case, its persons, its deadlines.

``save`` writes one case's state (as the engine returned it) to the projection tables;
``fold`` rebuilds a case's state from its events; ``replay`` rebuilds every projection from the
ledger alone and ``digest`` fingerprints them, so a replay can be checked to come out identical.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from datetime import date

from procuracy.law.management.store import site_calendar
from procuracy.orgs.models import Procuratorate
from procuracy.parties.models import Person

from . import ledger
from .engine import Event, open_deadlines, step
from .models import Case, CaseDeadline, CasePerson, LedgerEvent


def to_engine_event(row: LedgerEvent) -> Event:
    return Event(
        id=str(row.id),
        type=row.event_type,
        occurred_on=row.occurred_on,
        persons=tuple(p for p in row.persons.split(",") if p),
        payload=json.loads(row.payload),
        actor=row.actor_name,
    )


def fold(rows: list[LedgerEvent], calendar=None) -> dict | None:
    """A case's state from its events in chain order. A correction voids the event it
    corrects: the state is rebuilt from the events that remain."""
    calendar = calendar or site_calendar()
    voided = {str(r.corrects) for r in rows if r.corrects}
    state = None
    for row in rows:
        if str(row.id) in voided:
            continue
        if row.corrects:
            state = _bump(state, row)
            continue
        # In place: the state is this loop's own.
        state = step(state, to_engine_event(row), None, calendar, validate=False, copy=False)
    if state is not None:
        # The version counts every event of the case, the corrected ones and the corrections
        # too, so that a correction moves it forward like any other event.
        state["version"] = len(rows)
    return state


def _bump(state: dict, row: LedgerEvent) -> dict:
    state = dict(state)
    state["version"] += 1
    state["last_event"] = str(row.id)
    return state


def _person_link(unit: Procuratorate, person: dict) -> Person | None:
    if not person.get("id_number") or person["id_kind"] == "credit_code":
        return None  # an organisation (a public-interest case's party) is not a Person
    found, _ = Person.objects.get_or_create(
        procuratorate=unit, id_kind=person["id_kind"], id_number=person["id_number"],
        defaults={
            "name": person["name"], "id_country": person["id_country"], "sex": person["sex"],
            "birth_date": date.fromisoformat(person["birth_date"]) if person["birth_date"] else None,
        },
    )  # fmt: skip
    return found


def person_values(person: dict) -> dict:
    """The CasePerson columns of one person of the state."""
    return {
        "name": person["name"], "stage": person["stage"], "custody": person["custody"],
        "decision": person["decision"] or "", "reason": person["reason"] or "",
        "id_number": person.get("id_number") or "",
        "charges": "、".join(c["name"] for c in person.get("charges") or [])[:500],
    }  # fmt: skip


def deadline_status(d: dict) -> str:
    """A deadline's status as the projection keeps it: ``suspended`` while time is not counted
    in an open one (``paused``: not overdue, not due soon, whatever its due day says)."""
    return "suspended" if d["status"] == "open" and d.get("paused") else d["status"]


def deadline_values(d: dict) -> dict:
    """The CaseDeadline columns of one deadline of the state."""
    return {
        "rule": d["rule"], "person_key": d["person"] or "",
        "start": date.fromisoformat(d["start"]), "due": date.fromisoformat(d["due"]),
        "status": deadline_status(d),
    }  # fmt: skip


def case_values(state: dict, unit: Procuratorate, handler_id: int | None) -> dict:
    """The Case columns of a state."""
    opened = open_deadlines(state)
    return {
        "number": state["number"],
        "kind": state["kind"],
        "line": state["line"],
        "procuratorate": unit,
        "department": state["department"],
        "handler_id": handler_id,
        "stage": state["stage"],
        "received_on": date.fromisoformat(state["received_on"]),
        "version": state["version"],
        "state": state,
        "next_due": date.fromisoformat(opened[0]["due"]) if opened else None,
    }


def save(
    state: dict,
    unit: Procuratorate,
    handler_id: int | None,
    *,
    created: bool,
    previous: dict | None = None,
) -> Case:
    """Write a case's projection rows. With ``previous`` (the state before the event), only
    the persons and deadlines that changed are written, without reading them first."""
    fields = case_values(state, unit, handler_id)
    case_id = uuid.UUID(str(state["id"]))
    if created:
        case = Case.objects.create(id=case_id, **fields)
    else:
        _update(Case, fields, id=case_id)
        case = Case(id=case_id, **fields)
    if previous is not None and not created:
        _save_changes(case, unit, state, previous)
        return case
    existing = {p.key: p for p in CasePerson.objects.filter(case_id=case.pk)}
    for key, person in state["persons"].items():
        values = person_values(person)
        row = existing.get(key)
        if row is None:
            CasePerson.objects.create(
                case=case, key=key, person=_person_link(unit, person), **values
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            CasePerson.objects.filter(pk=row.pk).update(**values)
    deadlines = {d.key: d for d in CaseDeadline.objects.filter(case_id=case.pk)}
    for key, d in state["deadlines"].items():
        values = deadline_values(d)
        row = deadlines.get(key)
        if row is None:
            CaseDeadline.objects.create(case=case, key=key, **values)
        elif any(getattr(row, k) != v for k, v in values.items()):
            CaseDeadline.objects.filter(pk=row.pk).update(**values)
    for key in set(deadlines) - set(state["deadlines"]):
        CaseDeadline.objects.filter(pk=deadlines[key].pk).delete()
    for key in set(existing) - set(state["persons"]):
        CasePerson.objects.filter(pk=existing[key].pk).delete()
    return case


_update_plans: dict[tuple, tuple] = {}


def _update(model, values: dict, **where) -> None:
    """``model.objects.filter(**where).update(**values)`` as one plain statement: the
    projection update runs on every write, and the ORM's query building dominated it. The
    statement's text is made once per model, columns and vendor; inside
    ``ledger.batched()`` it travels with the other writes of the event."""
    from django.db import connection

    key = (model, tuple(values), tuple(where), connection.vendor)
    plan = _update_plans.get(key)
    if plan is None:
        qn = connection.ops.quote_name
        meta = model._meta
        sets, preps = [], []
        for name in values:
            field = meta.get_field(name)
            sets.append(f"{qn(field.column)} = %s")
            if name == "procuratorate":
                preps.append(lambda v, c, f=field: f.get_db_prep_save(v.pk, c))
            else:
                preps.append(field.get_db_prep_save)
        conds = []
        for name in where:
            field = meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
            conds.append(f"{qn(field.column)} = %s")
            target = field.target_field if field.is_relation else field
            preps.append(target.get_db_prep_value)
        sql = f"UPDATE {qn(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(conds)}"
        plan = _update_plans[key] = (sql, preps)
    sql, preps = plan
    given = (*values.values(), *where.values())
    ledger.write(sql, [prep(value, connection) for prep, value in zip(preps, given, strict=True)])


def _save_changes(case: Case, unit: Procuratorate, state: dict, previous: dict) -> None:
    old_persons, old_deadlines = previous["persons"], previous["deadlines"]
    for key, person in state["persons"].items():
        values = person_values(person)
        if key not in old_persons:
            CasePerson.objects.create(
                case=case, key=key, person=_person_link(unit, person), **values
            )
        elif values != person_values(old_persons[key]):
            _update(CasePerson, values, case_id=case.pk, key=key)
    for key, d in state["deadlines"].items():
        values = deadline_values(d)
        if key not in old_deadlines:
            CaseDeadline.objects.create(case=case, key=key, **values)
        elif values != deadline_values(old_deadlines[key]):
            _update(CaseDeadline, values, case_id=case.pk, key=key)
    gone = set(old_deadlines) - set(state["deadlines"])
    if gone:
        CaseDeadline.objects.filter(case_id=case.pk, key__in=gone).delete()
    gone = set(old_persons) - set(state["persons"])
    if gone:
        CasePerson.objects.filter(case_id=case.pk, key__in=gone).delete()


def handler_id_for(state: dict) -> int | None:
    from procuracy.staff.models import User

    if not state.get("handler"):
        return None
    return User.objects.filter(username=state["handler"]).values_list("pk", flat=True).first()


CASE_COLUMNS = (
    "id", "number", "kind", "line", "procuratorate__code", "department", "handler__username",
    "stage", "received_on", "version", "state", "next_due",
)  # fmt: skip
PERSON_COLUMNS = (
    "case_id", "key", "person_id", "name", "id_number", "charges", "stage", "custody",
    "decision", "reason",
)  # fmt: skip
DEADLINE_COLUMNS = ("case_id", "key", "rule", "person_key", "start", "due", "status")


def _projection_rows() -> Iterator[tuple[str, str, bytes]]:
    """Every projection row as (case id, case number or "", canonical bytes), cases first,
    then persons and deadlines, each in key order and independent of row ids."""
    for row in Case.objects.order_by("id").values(*CASE_COLUMNS).iterator(chunk_size=2000):
        yield str(row["id"]), row["number"], _row_bytes(row)
    for model, columns in ((CasePerson, PERSON_COLUMNS), (CaseDeadline, DEADLINE_COLUMNS)):
        rows = model.objects.order_by("case_id", "key").values(*columns)
        for row in rows.iterator(chunk_size=2000):
            yield str(row["case_id"]), "", _row_bytes(row)


def _row_bytes(row: dict) -> bytes:
    return json.dumps(row, sort_keys=True, default=str, ensure_ascii=False).encode()


def digest() -> str:
    """A fingerprint of every projection row, independent of row ids and insertion order."""
    h = hashlib.sha256()
    for _case, _number, data in _projection_rows():
        h.update(data)
    return h.hexdigest()


def case_digests() -> dict[str, str]:
    """A fingerprint of each case's projection rows (the case, its persons, its deadlines), by
    case number: which cases differ, where :func:`digest` says only whether any does."""
    hashes: dict[str, hashlib._Hash] = {}
    numbers: dict[str, str] = {}
    for case, number, data in _projection_rows():
        if number:
            numbers[case] = number
        hashes.setdefault(case, hashlib.sha256()).update(data)
    return {numbers.get(k, k): h.hexdigest() for k, h in hashes.items()}


def differing(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """The case numbers whose projections differ between two :func:`case_digests`."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def recompute_deadlines(year: int, calendar=None) -> int:
    """After the holiday schedule of ``year`` is imported (or corrected): rebuild, from the
    ledger, every case with a deadline whose span reaches into that year, so that its due
    dates (provisional ones among them, docs/law.md) follow the schedule. Returns the number
    of cases rebuilt."""
    from django.db import transaction

    calendar = calendar or site_calendar()
    first, last = date(year, 1, 1), date(year, 12, 31)
    case_ids = sorted(
        set(
            CaseDeadline.objects.filter(due__gte=first, start__lte=last).values_list(
                "case_id", flat=True
            )
        )
    )
    done = 0
    for chunk in range(0, len(case_ids), 500):
        with transaction.atomic():
            cases = list(
                Case.objects.select_for_update(of=("self",))
                .select_related("procuratorate")
                .filter(pk__in=case_ids[chunk : chunk + 500])
            )
            events: dict = {}
            for row in LedgerEvent.objects.filter(case_id__in=[c.pk for c in cases]).order_by(
                "case_id", "seq"
            ):  # one query for the batch, not one per case
                events.setdefault(row.case_id, []).append(row)
            for case in cases:
                state = fold(events.get(case.pk, []), calendar)
                if state != case.state:
                    save(state, case.procuratorate, handler_id_for(state), created=False)
                done += 1
    return done


def replay(progress=None) -> int:
    """Rebuild every projection from the ledger. Returns the number of cases.

    The case rows are rewritten in place, not deleted: what hangs on a case beside the ledger
    (the approval requests, pending and decided, which a case's deletion cascades to) stays
    with it. A case row the ledger has no event of is not a projection of it and goes."""
    CaseDeadline.objects.all().delete()
    CasePerson.objects.all().delete()
    Case.objects.exclude(pk__in=LedgerEvent.objects.values("case_id")).delete()
    stored = set(Case.objects.values_list("pk", flat=True))
    calendar = site_calendar()
    units = {u.pk: u for u in Procuratorate.objects.filter(
        pk__in=LedgerEvent.objects.values("procuratorate_id").distinct())}  # fmt: skip
    by_case: dict[str, list[LedgerEvent]] = {}
    order: list[str] = []
    for row in LedgerEvent.objects.order_by("procuratorate_id", "seq").iterator(chunk_size=5000):
        key = str(row.case_id)
        if key not in by_case:
            by_case[key] = []
            order.append(key)
        by_case[key].append(row)
    for n, key in enumerate(order, 1):
        rows = by_case.pop(key)
        state = fold(rows, calendar)
        created = rows[0].case_id not in stored
        save(state, units[rows[0].procuratorate_id], handler_id_for(state), created=created)
        if progress is not None:
            progress(n)
    return len(order)


def recompute_next_due(case_model=Case, batch: int = 2000) -> int:
    """``Case.next_due`` again from each stored state, where it differs: after a change of
    what counts as a case's next deadline (a party's period no longer does). No fold. The model
    may be a migration's historical one. Returns the number of cases changed."""
    stale = []
    for pk, state, next_due in case_model.objects.values_list("pk", "state", "next_due").iterator(
        chunk_size=batch
    ):
        opened = open_deadlines(state or {"deadlines": {}})
        due = date.fromisoformat(opened[0]["due"]) if opened else None
        if due != next_due:
            stale.append((pk, due))
    for pk, due in stale:
        case_model.objects.filter(pk=pk).update(next_due=due)
    return len(stale)


def add_custody_at_receipt(case_model=Case, event_model=LedgerEvent, batch: int = 500) -> int:
    """Give each person of a stored state its custody at receipt where the state was saved
    before the engine kept it (``custody_at_receipt``: the figures' "post-arrest" counts it),
    read from the case's own events: the intake's persons and the persons added later (an
    additional arrest or prosecution, Rules arts. 288, 356), keyed as the engine keys them. No
    fold: nothing else of the state is recomputed, so a deadline the calendar cannot count now
    or an event the catalogue has since changed does not stop an upgrade. The models may be a
    migration's historical ones. Returns the number of cases changed."""
    from .catalogue import EVENT_TYPES
    from .criminal import _add_person

    adding = {code for code, etype in EVENT_TYPES.items() if etype.effect is _add_person}
    stale = [
        pk
        for pk, state in case_model.objects.values_list("pk", "state").iterator(chunk_size=2000)
        if any(_lacks_custody_at_receipt(p) for p in (state or {}).get("persons", {}).values())
    ]
    changed = 0
    for i in range(0, len(stale), batch):
        chunk = stale[i : i + batch]
        events: dict = {}
        for row in event_model.objects.filter(case_id__in=chunk).order_by("case_id", "seq"):
            events.setdefault(row.case_id, []).append(row)
        for case in case_model.objects.filter(pk__in=chunk):
            found = _custody_at_receipt(events.get(case.pk, []), adding)
            state, touched = case.state, False
            for key, person in state["persons"].items():
                if _lacks_custody_at_receipt(person) and found.get(key):
                    person["custody_at_receipt"] = found[key]
                    touched = True
            if touched:
                case_model.objects.filter(pk=case.pk).update(state=state)
                changed += 1
    return changed


def _lacks_custody_at_receipt(person: dict) -> bool:
    # a party (role) of a public-interest case has no custody at all
    return "role" not in person and "custody_at_receipt" not in person


def _custody_at_receipt(rows: list, adding: set[str]) -> dict[str, str]:
    """Person key -> custody as received, from a case's events in chain order: the keys as
    ``engine._receive`` and ``criminal._add_person`` give them (a voided event adds no one)."""
    voided = {str(r.corrects) for r in rows if r.corrects}
    custody: dict[str, str] = {}
    for row in rows:
        if row.corrects or str(row.id) in voided:
            continue
        if row.event_type == "case.received":
            for i, raw in enumerate(json.loads(row.payload).get("persons") or [], 1):
                raw = raw if isinstance(raw, dict) else {}
                custody[raw.get("key") or f"P{i}"] = raw.get("custody", "not_detained")
        elif row.event_type in adding:
            raw = json.loads(row.payload).get("person") or {}
            n = len(custody) + 1
            while f"P{n}" in custody:  # keys given at intake may leave gaps
                n += 1
            custody[f"P{n}"] = raw.get("custody", "not_detained")
    return custody
