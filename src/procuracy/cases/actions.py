"""Writes of cases: intake, assignment, events, corrections. Each is one transaction that
validates, appends to the ledger and updates the projections."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from procuracy import access
from procuracy.core import pipeline
from procuracy.core.actions import action
from procuracy.core.errors import DomainError, NotFound, ValidationFailed, shown
from procuracy.core.ids import new_id
from procuracy.law import cite
from procuracy.law.management.store import site_calendar
from procuracy.orgs.models import Procuratorate
from procuracy.staff.models import Membership, User
from procuracy.staff.roles import DEPARTMENT_NAMES_ZH, Role, department_en

from . import ledger, projection
from .catalogue import EVENT_TYPES, PROCEDURES
from .engine import Context, Event, ProcedureError, step, step_with_payload
from .models import Case, CaseNumberCounter, LedgerEvent, LedgerHead


class Conflict(DomainError):
    """Someone else changed the case since the user read it, or a repeated request differs."""


def _event_zh(event_type: str) -> str:
    """An event type's Chinese name (its code when the catalogue has no such type)."""
    etype = EVENT_TYPES.get(event_type)
    return etype.zh if etype is not None else event_type


#: Bases of a refusal that are no article, in Chinese (a period the law catalogue cannot count).
_BASIS_ZH = {"law catalogue": "法定期限目录"}


def _refused(exc: ProcedureError) -> ValidationFailed:
    message = f"{exc.message} ({exc.basis})" if exc.basis else exc.message
    zh = exc.zh
    if zh and exc.basis:  # the articles as the Chinese texts cite them: 《刑事诉讼法》第九十一条
        cited = (_BASIS_ZH.get(b) or cite(b, "zh") for b in exc.basis.split("; "))
        zh += f"（{'、'.join(cited)}）"
    refused = ValidationFailed(message, field=exc.field, zh=zh)
    refused.wrong_stage = exc.wrong_stage  # for the import's reports (engine.WrongStage)
    return refused


def case_number(unit: Procuratorate, kind: str, year: int, n: int) -> str:
    """京朝检刑诉受〔2024〕123号: unit abbreviation, case-kind code, year, sequence (docs/ledger.md)."""
    return f"{unit.abbreviation}{PROCEDURES[kind].number_code}〔{year}〕{n}号"


#: A case number given from outside: anything (a procuratorate's abbreviation and a kind's code,
#: perhaps from before a rename), then 〔year〕, a sequence of at most 9 digits, 号.
_GIVEN_NUMBER = re.compile(r"(.+)〔(\d{4})〕([1-9]\d{0,8})号")
#: The last sequence of a year's case numbers: the form allows at most 9 digits.
MAX_SEQUENCE = 999_999_999


def given_number(unit: Procuratorate, kind: str, year: int, number: str) -> int | None:
    """Check a case number given from outside (an import, a transfer): it must have the shape
    of a case number (…〔2024〕7号); a :class:`ValidationFailed` on ``number`` otherwise. Its
    sequence when it is in this unit's own pattern for the kind and the year of receipt (the
    counter must then move past it), else None (an older abbreviation, another unit's number:
    kept as given; ``_next_number`` skips any number in use)."""
    m = _GIVEN_NUMBER.fullmatch(number)
    if m is None:
        raise ValidationFailed(
            f"case number {shown(number)} is not in the form of a case number: the procuratorate's "
            f"abbreviation and the kind's code, the year and the sequence, as in "
            f"{case_number(unit, kind, year, 1)}",
            field="number",
            zh=f"案件编号{shown(number)}不符合案件编号的格式：应由院简称和案件类型代字、年份、"
            f"序号组成，例如{case_number(unit, kind, year, 1)}",
        )
    prefix, given_year, sequence = m.groups()
    if prefix == f"{unit.abbreviation}{PROCEDURES[kind].number_code}" and int(given_year) == year:
        return int(sequence)
    return None


def _next_number(unit: Procuratorate, kind: str, year: int, *, taken=frozenset()) -> str:
    """The next number of the unit's sequence for the kind and year, past any number already
    in use or in ``taken`` (numbers an import gives earlier in its file)."""
    counter, _ = CaseNumberCounter.objects.select_for_update().get_or_create(
        procuratorate=unit, kind=kind, year=year
    )
    while True:
        if counter.last >= MAX_SEQUENCE:
            raise ValidationFailed(
                f"the case numbers of {unit.name_en or unit.code} for {kind} in {year} are used "
                f"up: a case number's sequence has at most 9 digits, and "
                f"{case_number(unit, kind, year, MAX_SEQUENCE)} is taken",
                field="number",
                zh=f"{unit.name_zh}{year}年该类案件的案号已用尽：案号序号最多9位，"
                f"{case_number(unit, kind, year, MAX_SEQUENCE)}已被使用",
            )
        counter.last += 1
        number = case_number(unit, kind, year, counter.last)
        if number not in taken and not Case.objects.filter(number=number).exists():
            break
    counter.save(update_fields=["last"])
    return number


def reserve_numbers(seen: dict[tuple[int, str, int], int]) -> None:
    """Move the counters of (unit pk, kind, year) up to the given numbers, so that the next
    number taken there follows the numbers given from outside: one statement."""
    if not seen:
        return
    qn = connection.ops.quote_name
    table = qn(CaseNumberCounter._meta.db_table)
    unit, kind, year, last = (qn(c) for c in ("procuratorate_id", "kind", "year", "last"))
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(seen))
    # in key order: two writers lock the counters in the same order
    params = [value for key in sorted(seen) for value in (*key, seen[key])]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({unit}, {kind}, {year}, {last}) VALUES {rows} "
            f"ON CONFLICT ({unit}, {kind}, {year}) DO UPDATE SET {last} = CASE "
            f"WHEN excluded.{last} > {table}.{last} THEN excluded.{last} ELSE {table}.{last} END",
            params,
        )


def _idempotent(key: str | None, fingerprint: dict) -> LedgerEvent | None:
    """The event already recorded under ``key``, if any; a different request under the same key
    is a conflict."""
    if not key:
        return None
    longest = LedgerEvent._meta.get_field("idempotency_key").max_length
    if len(key) > longest:  # SQLite would keep it; the export would then not import again
        raise ValidationFailed(
            f"an idempotency key has at most {longest} characters, not {len(key)}",
            field="idempotency_key",
            zh=f"请求标识最多{longest}个字符，此处有{len(key)}个字符",
        )
    row = LedgerEvent.objects.filter(idempotency_key=key).first()
    if row is None:
        return None
    stored = json.loads(row.payload)
    other_case = "case_id" in fingerprint and str(row.case_id) != fingerprint["case_id"]
    if (
        other_case
        or row.event_type != fingerprint["type"]
        or any(stored.get(k) != v for k, v in fingerprint.get("payload", {}).items())
    ):
        raise Conflict(
            f"idempotency key {shown(key)} was already used for a different request "
            f"(event {row.id}, {row.event_type})",
            field="idempotency_key",
            zh=f"请求标识{shown(key)}已用于另一项不同的请求（事项{row.id}，"
            f"“{_event_zh(row.event_type)}”）",
        )
    return row


def _append(
    *, unit, case_id, event: Event, actor, basis, corrects=None, key=None, recorded_at=None,
    head=None,
) -> LedgerEvent:  # fmt: skip
    row = LedgerEvent(
        id=uuid.UUID(event.id),
        case_id=case_id,
        event_type=event.type,
        persons=",".join(event.persons),
        occurred_on=event.occurred_on,
        recorded_at=recorded_at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        payload=ledger.canonical_json(event.payload),
        basis=ledger.canonical_json(list(basis)),
        corrects=corrects,
        idempotency_key=key or None,
    )
    if not key:
        return ledger.append(row, unit, head)
    try:
        with transaction.atomic():  # a savepoint: a racing duplicate key leaves a clean error
            ledger.append(row, unit, head)
            ledger.sync()  # in a pipeline, the insert's error (if any) is raised here
            return row
    except IntegrityError:
        if key and LedgerEvent.objects.filter(idempotency_key=key).exists():
            raise Conflict(
                f"idempotency key {shown(key)} is being used by a concurrent request",
                field="idempotency_key",
                zh=f"请求标识{shown(key)}正被另一项同时提交的请求使用",
            ) from None
        raise


def _roles(user, unit) -> frozenset[str]:
    """The roles ``user`` holds in ``unit`` (at intake, before the case has a department)."""
    if user is None:  # the system itself (imports run as a named user)
        return frozenset(Role)
    return frozenset(access.roles_at(user, unit))


def _listed(value):
    return list(value) if isinstance(value, list | tuple) else value


@action("cases.receive")
def receive_case(
    unit: Procuratorate,
    *,
    kind: str,
    received_on: date,
    source: dict,
    persons: list[dict],
    materials: list[str],
    complex: bool = False,
    self_investigated: bool = False,
    flags: list[str] | tuple = (),
    number: str | None = None,
    case_id: str | None = None,
    idempotency_key: str | None = None,
    recorded_at=None,
    event_id: str | None = None,
    actor,
) -> Case:
    """Register a transferred case (Rules art. 156-158): completeness check, case number,
    persons and charges, case-level ``flags`` (cases/flags.py); starts the statutory periods
    of the procedure."""
    if not isinstance(kind, str) or kind not in PROCEDURES:
        raise ValidationFailed(
            f"unknown case kind {shown(kind)}: one of {', '.join(PROCEDURES)}",
            field="kind",
            zh=f"未知的案件类型{shown(kind)}：应为{'、'.join(PROCEDURES)}之一",
        )
    if actor is not None:
        access.require_role_at(actor, unit, {Role.CASE_MANAGER}, code="cases.receive")
    previous = _idempotent(idempotency_key, {"type": "case.received"})
    if previous is not None:
        return Case.objects.get(pk=previous.case_id)
    case_id = case_id or str(new_id())
    if Case.objects.filter(pk=case_id).exists():
        raise Conflict(
            f"case id {case_id} already exists", field="case_id", zh=f"案件标识{case_id}已经存在"
        )
    # a list as given, anything else left for the engine to refuse (a text is not a list of
    # its letters)
    payload = {
        "case_id": case_id, "kind": kind, "unit": unit.code, "source": source,
        "persons": persons, "materials": _listed(materials), "complex": complex,
        "self_investigated": self_investigated,
    }  # fmt: skip
    if flags:  # case-level findings (cases/flags.py), kept only when there are some
        payload["flags"] = _listed(flags)
    if not isinstance(received_on, date):
        raise ValidationFailed("must be a date", field="received_on", zh="受理日期应为日期")
    # Validate before taking a number, then again with the number (cheap, and the number
    # sequence has no gaps from refused intakes).
    event = Event(event_id or str(new_id()), "case.received", received_on, (), payload)
    ctx = Context(_roles(actor, unit), today=timezone.localdate())
    calendar = site_calendar()
    try:
        step(None, event, ctx, calendar)
    except ProcedureError as exc:
        raise _refused(exc) from None
    if number:
        sequence = given_number(unit, kind, received_on.year, number)
        if Case.objects.filter(number=number).exists():
            raise Conflict(
                f"case number {number} already exists",
                field="number",
                zh=f"案件编号{number}已经存在",
            )
        if sequence is not None:
            reserve_numbers({(unit.pk, kind, received_on.year): sequence})
    else:
        number = _next_number(unit, kind, received_on.year)
    payload["number"] = number
    event = Event(event.id, "case.received", received_on, (), payload)
    state = step(None, event, ctx, calendar)
    _append(
        unit=unit,
        case_id=uuid.UUID(case_id),
        event=event,
        actor=actor,
        basis=EVENT_TYPES["case.received"].basis,
        key=idempotency_key,
        recorded_at=recorded_at,
    )
    return projection.save(state, unit, None, created=True)


def _rotation_pool(unit: Procuratorate, department: str) -> list[str]:
    return sorted(set(
        Membership.objects.filter(
            procuratorate=unit, active=True, role=Role.PROCURATOR, department__kind=department,
            user__is_active=True,
        ).values_list("user__username", flat=True)
    ))  # fmt: skip


def next_in_rotation(unit: Procuratorate, department: str) -> str:
    """轮案: the procurator after the one who got the department's last case by rotation."""
    pool = _rotation_pool(unit, department)
    if not pool:
        raise ValidationFailed(
            f"no procurator in the {department} department of {unit.name_zh} to assign to",
            field="handler",
            zh=f"{unit.name_zh}{DEPARTMENT_NAMES_ZH.get(department, department)}没有可以分案的检察官",
        )
    last = None
    for row in (
        LedgerEvent.objects.filter(procuratorate=unit, event_type="case.assigned")
        .order_by("-seq")
        .values_list("payload", flat=True)
        .iterator(chunk_size=50)
    ):
        payload = json.loads(row)
        if payload.get("method") == "rotation" and payload.get("department") == department:
            last = payload["handler"]
            break
    if last in pool:
        return pool[(pool.index(last) + 1) % len(pool)]
    later = [u for u in pool if last is not None and u > last]
    return later[0] if later else pool[0]


def assign_case(
    case_id,
    *,
    handler: str | None = None,
    occurred_on: date | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    actor,
) -> LedgerEvent:
    """Assign by rotation (``handler=None``) or to a named procurator (a department head's
    override). Every assignment is a ledger event."""
    case = _case_for_write(case_id, actor, "case.assigned")
    if handler is None:
        handler, method = next_in_rotation(case.procuratorate, case.department), "rotation"
    else:
        method = "override"
        _check_assignment_on(case, handler, method, actor, prefix="")
    return record_event(
        case_id,
        "case.assigned",
        occurred_on=occurred_on or timezone.localdate(),
        payload={"handler": handler, "method": method, "department": case.department},
        expected_version=expected_version,
        idempotency_key=idempotency_key,
        actor=actor,
    )


def check_assignment(
    unit: Procuratorate,
    department: str,
    tags: frozenset[str],
    handler,
    method,
    actor,
    *,
    prefix: str = "payload.",
    roles_of=None,
    user_of=None,
) -> None:
    """The rules of an assignment beyond its event type's: only a department head or the
    chief procurator names the handler (override), and the handler is a procurator who acts in
    the case (its unit, department and tags: docs/access.md). Checked on every path that
    records a ``case.assigned``: ``assign_case``, ``record_event`` and the bulk import (which
    passes its cached ``roles_of(user)`` and ``user_of(username)``)."""
    if roles_of is None:

        def roles_of(user):
            return access.roles_at(user, unit, department, tags)

    if user_of is None:

        def user_of(name):
            return User.objects.filter(username=name, is_active=True).first()

    if method == "override" and actor is not None:
        if not roles_of(actor) & {Role.DEPARTMENT_HEAD, Role.CHIEF_PROCURATOR}:
            raise ValidationFailed(
                "only a department head or the chief procurator assigns a case to a named "
                "procurator",
                field=f"{prefix}method" if prefix else "handler",
                zh="只有部门负责人或者检察长可以指定承办检察官",
            )
    if not isinstance(handler, str):
        return  # not a username: the event type's own field check refuses it
    user = user_of(handler)
    if user is None or not {
        Role.PROCURATOR,
        Role.DEPARTMENT_HEAD,
        Role.CHIEF_PROCURATOR,
    } & roles_of(user):
        dept_zh = DEPARTMENT_NAMES_ZH.get(department, department)
        raise ValidationFailed(
            f"{shown(handler)} is not a procurator of {unit.name_zh} "
            f"who handles the cases of its {department_en(department)} department",
            field=f"{prefix}handler",
            zh=f"{shown(handler)}不是{unit.name_zh}{dept_zh}可以承办本案的检察官",
        )


def _check_assignment_on(case: Case, handler, method, actor, *, prefix="payload.") -> None:
    check_assignment(
        case.procuratorate, case.department, access.case_tags(case.state), handler, method,
        actor, prefix=prefix,
    )  # fmt: skip


def _case_for_write(case_id, actor, event_type: str) -> Case:
    etype = EVENT_TYPES.get(event_type)
    if etype is None:
        raise ValidationFailed(
            f"unknown event type {shown(event_type)}",
            field="type",
            zh=f"未知的事项类型{shown(event_type)}",
        )
    case = _load_case(case_id)
    if actor is None:
        if case is not None:
            return case
        try:
            return Case.objects.select_related("procuratorate").get(pk=case_id)
        except (Case.DoesNotExist, ValueError, Exception):
            raise NotFound(f"no case {case_id}", zh=f"找不到案件{case_id}") from None
    if (
        case is not None
        and access.can_read_unit(actor, case.procuratorate)
        and access.can_write_unit(
            actor, case.procuratorate, etype.roles, case.department, access.case_tags(case.state)
        )
    ):
        return case
    # Not found, or refused: access_record answers (and audits a refusal) as always.
    return access.access_record(
        actor, Case, case_id, write=True, roles=etype.roles, department_field="department",
        code=f"cases.{event_type}",
    )  # fmt: skip


_load_plans: dict[tuple, tuple] = {}


def _load_plan(lock: bool) -> tuple:
    key = (connection.vendor, lock)
    plan = _load_plans.get(key)
    if plan is None:
        qn = connection.ops.quote_name
        parts = []
        for model, alias in ((Case, "c"), (Procuratorate, "u")):
            fields = model._meta.concrete_fields
            converters = []
            for f in fields:
                col = f.get_col(alias)
                found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                converters.append([(c, col) for c in found])
            parts.append((model, [f.attname for f in fields], converters, fields, alias))
        columns = ", ".join(
            f"{alias}.{qn(f.column)}" for _m, _n, _c, fields, alias in parts for f in fields
        )
        link = Case._meta.get_field("procuratorate")
        sql = (
            f"FROM {qn(Case._meta.db_table)} c JOIN {qn(Procuratorate._meta.db_table)} u "
            f"ON u.{qn(Procuratorate._meta.pk.column)} = c.{qn(link.column)} "
        )
        if lock:
            sql = (
                f"SELECT {columns}, h.seq, h.hash {sql}"
                f"JOIN {qn(LedgerHead._meta.db_table)} h "
                f"ON h.{qn(LedgerHead._meta.pk.column)} = c.{qn(link.column)} "
                f"WHERE c.{qn(Case._meta.pk.column)} = %s"
            )
            if connection.features.has_select_for_update:
                sql += " FOR UPDATE OF c, h"
        else:
            sql = f"SELECT {columns} {sql}WHERE c.{qn(Case._meta.pk.column)} = %s"
        plan = _load_plans[key] = (sql, parts, link)
    return plan


def _load_case(case_id, *, lock: bool = False):
    """``Case.objects.select_related("procuratorate").get(pk=case_id)`` as one plain query
    whose text and converters are made once: building the ORM query took longer than running
    it. None when there is no such case, or the id is not a UUID (callers then ask the ORM,
    which answers as it always has).

    ``lock=True``, inside the writing transaction: the same, and the unit's ledger head
    (seq, hash), both rows locked until the transaction ends (the case first, then the head,
    as ``ledger.append`` does; SQLite's BEGIN IMMEDIATE already holds the database). Returns
    (case, head)."""
    try:
        pk = case_id if isinstance(case_id, uuid.UUID) else uuid.UUID(str(case_id))
    except (ValueError, TypeError, AttributeError):
        return None
    sql, parts, link = _load_plan(lock)
    params = [Case._meta.pk.get_db_prep_value(pk, connection)]
    rows = pipeline.execute(sql, params, fetch=True)
    row = rows[0] if rows else None
    head = None
    if row is None and lock:  # a chain without its head row: append makes it
        rows = pipeline.execute(_load_plan(False)[0], params, fetch=True)
        row = rows[0] if rows else None
    elif lock and row is not None:
        head, row = row[-2:], row[:-2]
    if row is None:
        return None
    made, i = [], 0
    for model, names, converters, _fields, _alias in parts:
        values = list(row[i : i + len(names)])
        i += len(names)
        for j, chain in enumerate(converters):
            for convert, col in chain:
                values[j] = convert(values[j], col, connection)
        made.append(model.from_db(connection.alias, names, values))
    case, unit = made
    link.set_cached_value(case, unit)
    return (case, head) if lock else case


def record_event(
    case_id,
    event_type: str,
    *,
    occurred_on: date,
    persons: list[str] | tuple = (),
    payload: dict | None = None,
    expected_version: int | None = None,
    idempotency_key: str | None = None,
    corrects: str | None = None,
    event_id: str | None = None,
    recorded_at=None,
    actor,
    as_recorded: bool = False,
) -> LedgerEvent:
    """Record one event on a case: validated by the procedure (stage, role, approval, payload,
    dates), appended to the ledger and folded into the projections, in one transaction.

    ``as_recorded``: an event of an export being restored (``import --restore``), recorded in
    the name of ``actor`` as it was, with the roles held then: neither the actor's access nor
    roles of today are checked, the procedure's rules are.

    The case is read, locked and the access checked in that transaction's first statement; a
    refused (or missing) case rolls it back, and ``access.access_record`` then answers outside
    it, so that a refused access stays in the audit trail although nothing else is written."""
    payload = dict(payload or {})
    previous = _idempotent(
        idempotency_key, {"type": event_type, "payload": payload, "case_id": str(case_id)}
    )
    if previous is not None:
        return previous
    etype = EVENT_TYPES.get(event_type)
    if etype is None:
        raise ValidationFailed(
            f"unknown event type {shown(event_type)}",
            field="type",
            zh=f"未知的事项类型{shown(event_type)}",
        )
    if corrects and event_type != "event.corrected":
        raise ValidationFailed(
            f"only a correction (event.corrected) names an event it corrects, not {event_type}",
            field="corrects",
            zh="只有更正（event.corrected）才能指明所更正的事项",
        )
    for _attempt in range(3):
        try:
            return _record(
                case_id, event_type, occurred_on=occurred_on, persons=persons,
                payload=payload, expected_version=expected_version,
                idempotency_key=idempotency_key, corrects=corrects, event_id=event_id,
                recorded_at=recorded_at, actor=actor, as_recorded=as_recorded,
            )  # fmt: skip
        except _NotAllowed:
            # Outside the rolled-back transaction: NotFound or Forbidden, the refusal audited.
            _case_for_write(case_id, actor, event_type)
            # Allowed after all (a role granted in between): try again.
    raise NotFound(f"no case {case_id}", zh=f"找不到案件{case_id}")


class _NotAllowed(Exception):
    """The case is missing or the actor may not write it: leave the transaction."""


@action("cases.record_event", pipelined=True)
def _record(
    case_id, event_type: str, *, occurred_on, persons, payload, expected_version,
    idempotency_key, corrects, event_id, recorded_at, actor, as_recorded=False,
) -> LedgerEvent:  # fmt: skip
    # On PostgreSQL, the statements up to the end of this function travel in psycopg's
    # pipeline: BEGIN and the locking read in one round trip, the writes in another.
    with ledger.pipelined():
        found = _load_case(case_id, lock=True)
        if found is None:
            raise _NotAllowed
        case, head = found
        if actor is not None and not as_recorded:
            unit, roles = case.procuratorate, EVENT_TYPES[event_type].roles
            if not (
                access.can_read_unit(actor, unit)
                and access.can_write_unit(
                    actor, unit, roles, case.department, access.case_tags(case.state)
                )
            ):
                raise _NotAllowed
        return _record_locked(
            case, head, event_type, occurred_on=occurred_on, persons=persons, payload=payload,
            expected_version=expected_version, idempotency_key=idempotency_key,
            corrects=corrects, event_id=event_id, recorded_at=recorded_at, actor=actor,
            as_recorded=as_recorded,
        )  # fmt: skip


def _record_locked(
    case: Case, head, event_type: str, *, occurred_on, persons, payload, expected_version,
    idempotency_key, corrects, event_id, recorded_at, actor, as_recorded=False,
) -> LedgerEvent:  # fmt: skip
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            f"case {case.number} changed since you opened it (version {expected_version}, now "
            f"{case.version}): reload it and decide again",
            field="expected_version",
            zh=f"案件{case.number}在您打开后已有变动（版本{expected_version}，现为"
            f"{case.version}）：请刷新后重新决定",
        )
    unit = case.procuratorate
    approver = payload.get("approved_by")
    if approver is not None and not isinstance(approver, str):
        raise ValidationFailed(
            "must be a username (text)", field="payload.approved_by", zh="应为用户名（文字）"
        )
    approver_roles = frozenset()
    if approver:
        user = User.objects.filter(username=approver).first()
        if user is not None and not (user.is_active or as_recorded):
            user = None
        approver_roles = (
            frozenset()
            if user is None
            else frozenset(Role)
            if as_recorded
            else frozenset(access.roles_on_case(user, case))
        )
    actor_roles = (
        frozenset(Role)
        if actor is None or as_recorded
        else frozenset(access.roles_on_case(actor, case))
    )
    ctx = Context(actor_roles, approver_roles, today=timezone.localdate())
    if not isinstance(occurred_on, date):
        raise ValidationFailed("must be a date", field="occurred_on", zh="日期应为日期")
    event = Event(
        event_id or str(new_id()),
        event_type,
        occurred_on,
        tuple(persons),
        payload,
        getattr(actor, "username", ""),
    )
    calendar = site_calendar()
    if event_type == "event.corrected":
        return _correct(case, event, corrects, ctx, calendar, actor, idempotency_key, recorded_at)
    try:
        state, cleaned = step_with_payload(case.state, event, ctx, calendar)
    except ProcedureError as exc:
        raise _refused(exc) from None
    if event_type == "case.assigned":
        _check_assignment_on(case, cleaned.get("handler"), cleaned.get("method"), actor)
    # The ledger stores the payload as validated and normalised.
    etype = EVENT_TYPES[event_type]
    event = Event(event.id, event.type, event.occurred_on, event.persons, cleaned, event.actor)
    handler_id = (
        case.handler_id if state.get("handler") == case.state.get("handler")
        else projection.handler_id_for(state)
    )  # fmt: skip
    with ledger.batched():  # on PostgreSQL, the ledger and projection writes as one statement
        row = _append(
            unit=unit,
            case_id=case.pk,
            event=event,
            actor=actor,
            basis=etype.basis_for(cleaned),
            key=idempotency_key,
            recorded_at=recorded_at,
            head=head,
        )
        projection.save(state, unit, handler_id, created=False, previous=case.state)
    return row


def _first_invalid(rows, calendar) -> tuple[LedgerEvent, str, str | None] | None:
    """The first of ``rows`` (a case's events, in order) that the rules refuse, with why (in
    English, and in Chinese where the refusal has it)."""
    state = None
    for r in rows:
        try:
            state = step(
                state,
                projection.to_engine_event(r),
                None,
                calendar,
                validate=r.event_type != "case.received",
                copy=False,  # this loop's own state
            )
        except ProcedureError as exc:
            return r, exc.message, exc.zh
    return None


def _correct(case: Case, event: Event, corrects, ctx, calendar, actor, key, recorded_at):
    if not corrects:
        raise ValidationFailed(
            "a correction names the event it corrects",
            field="corrects",
            zh="更正应当指明所更正的事项",
        )
    rows = list(LedgerEvent.objects.filter(case_id=case.pk).order_by("seq"))
    target = next((r for r in rows if str(r.id) == str(corrects)), None)
    if target is None:
        raise ValidationFailed(
            f"event {corrects} is not an event of case {case.number}",
            field="corrects",
            zh=f"事项{corrects}不是案件{case.number}的事项",
        )
    if target.event_type in ("case.received", "event.corrected"):
        raise ValidationFailed(
            f"a {target.event_type} event cannot be corrected; record a new event instead",
            field="corrects",
            zh=f"“{_event_zh(target.event_type)}”不能更正：请另行记录新的事项",
        )
    if any(str(r.corrects) == str(corrects) for r in rows if r.corrects):
        raise ValidationFailed(
            f"event {corrects} has already been corrected",
            field="corrects",
            zh=f"事项{corrects}已经更正",
        )
    if not str(event.payload.get("reason", "")).strip():
        raise ValidationFailed(
            "a correction gives its reason", field="payload.reason", zh="更正应当说明理由"
        )
    # what a correction records is its reason: anything else would be dropped in silence
    for name in event.payload:
        if name != "reason":
            raise ValidationFailed(
                "unknown field for event.corrected (a correction records its reason only)",
                field=f"payload.{name}",
                zh="“更正”只记录更正理由，没有这一项",
            )
    if event.persons:
        raise ValidationFailed(
            "a correction concerns the event it corrects, not persons",
            field="persons",
            zh="更正针对所更正的事项，不针对具体人员",
        )
    # The correction's legal date is the day it was made: not before the event it corrects,
    # not in the future (the same rule as every other event's date).
    if ctx.today and event.occurred_on > ctx.today:
        raise ValidationFailed(
            f"the date {event.occurred_on} is in the future",
            field="occurred_on",
            zh=f"日期{event.occurred_on}晚于今天",
        )
    if event.occurred_on < target.occurred_on:
        raise ValidationFailed(
            f"a correction is made on or after the event it corrects ({target.occurred_on}), "
            f"not on {event.occurred_on}",
            field="occurred_on",
            zh=f"更正应当在所更正事项的日期（{target.occurred_on}）当日或者之后作出，"
            f"不能是{event.occurred_on}",
        )
    if not ctx.actor_roles & EVENT_TYPES["event.corrected"].roles:
        raise ValidationFailed(
            "a correction may be recorded only by a procurator, department "
            "head, chief procurator or case manager",
            field="actor",
            zh="只有检察官、部门负责人、检察长或者案件管理人员可以记录更正",
        )
    # The remaining events must still make a valid case.
    remaining = [r for r in rows if str(r.id) != str(corrects) and not r.corrects]
    broken = _first_invalid(remaining, calendar)
    if broken is not None:
        failed, message, message_zh = broken
        if _first_invalid([r for r in rows if not r.corrects], calendar) == broken:
            # not the correction's doing: an event recorded before a rule of today
            raise ValidationFailed(
                f"event {failed.id} of this case, recorded on {failed.recorded_at:%Y-%m-%d}, "
                f"does not pass today's rules ({message}); correct it first",
                field="corrects",
                zh=f"本案事项{failed.id}（记录于{failed.recorded_at:%Y-%m-%d}）不符合现行规则"
                f"（{message_zh or message}）：请先更正该事项",
            )
        raise ValidationFailed(
            f"event {corrects} cannot be corrected alone: later events depend on it "
            f"({message}); correct those first",
            field="corrects",
            zh=f"事项{corrects}不能单独更正，其后的事项依赖于它（{message_zh or message}）："
            "请先更正其后的事项",
        )
    event = Event(
        event.id,
        event.type,
        event.occurred_on,
        (),
        {"reason": str(event.payload["reason"]).strip()},
        event.actor,
    )
    row = _append(
        unit=case.procuratorate,
        case_id=case.pk,
        event=event,
        actor=actor,
        basis=EVENT_TYPES["event.corrected"].basis,
        corrects=uuid.UUID(str(corrects)),
        key=key,
        recorded_at=recorded_at,
    )
    state = projection.fold([*rows, row], calendar)
    projection.save(state, case.procuratorate, projection.handler_id_for(state), created=False)
    return row
