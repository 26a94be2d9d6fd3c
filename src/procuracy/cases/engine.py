"""The generic case engine: one function folds an event into a case's state. Pure Python.

A case's state is a plain JSON-serialisable dict (the projection stores it as it is), so that
replaying the ledger gives byte-identical projections. ``step`` validates an event against the
procedure (stage, role, approval, payload, the procedure's checks, dates) and returns the new
state; with ``validate=False`` (replay) it only applies.
"""

from __future__ import annotations

import contextlib
import contextvars
import copy as _copy
import marshal
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from procuracy.core.errors import shown
from procuracy.law import LawError, ScheduleMissing, compute
from procuracy.law.catalogue import catalogue
from procuracy.law.schedule import default_calendar
from procuracy.parties import identifiers

from .declarations import (
    SOURCE_AGENCIES,
    EventType,
    PayloadError,
    Procedure,
    clean_charges,
    parse_date,
)
from .levels import LEVELS_ZH, level_of
from .stages import label as stage_label


class ProcedureError(Exception):
    """An event that breaks the procedure: the rule it breaks, with its article. ``zh``, where
    given, says the same in Chinese for the staff web (``core.errors.in_language``)."""

    def __init__(
        self, message: str, *, basis: str = "", field: str | None = None, zh: str | None = None
    ):
        super().__init__(message)
        self.message = message
        self.basis = basis
        self.field = field
        self.zh = zh

    wrong_stage = False  # see WrongStage

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{text} ({self.basis})" if self.basis else text


class WrongStage(ProcedureError):
    """An event refused because its person or case is not at a stage it may follow: one an
    earlier refused event may have left it at (the import's reports say so)."""

    wrong_stage = True


@dataclass(frozen=True)
class Event:
    """An event as the engine sees it."""

    id: str
    type: str
    occurred_on: date
    persons: tuple[str, ...] = ()
    payload: dict = field(default_factory=dict)
    actor: str = ""


@dataclass(frozen=True)
class Context:
    """Who records the event: their roles in the case's unit, and the approver's."""

    actor_roles: frozenset[str] = frozenset()
    approver_roles: frozenset[str] = frozenset()
    today: date | None = None


@dataclass
class Step:
    """What ``step`` hands to checks and effects."""

    state: dict
    event: Event
    etype: EventType
    procedure: Procedure
    payload: dict
    person: dict | None = None
    # the holiday calendar of the step's deadlines (None: the default), for a rule that
    # computes a period of its own
    calendar: object = None

    @property
    def occurred_on(self) -> date:
        return self.event.occurred_on


_catalogue: tuple[dict, dict] | None = None


def _registry():
    """The event types and procedures (imported on first use: the catalogue imports this
    module)."""
    global _catalogue
    if _catalogue is None:
        from .catalogue import EVENT_TYPES, PROCEDURES

        _catalogue = EVENT_TYPES, PROCEDURES
    return _catalogue


# --- intake ---------------------------------------------------------------------------------


def _agency_zh(agency: Any) -> str:
    """An agency's Chinese name, or the value as given when it is no known agency."""
    for choice in SOURCE_AGENCIES:
        if choice.code == agency:
            return choice.zh
    return shown(agency)


CUSTODY = {
    "detained": "拘留",
    "arrested": "逮捕",
    "commission_detention": "留置",
    "bail": "取保候审",
    "residential_surveillance": "监视居住",
    "not_detained": "未羁押",
    "at_large": "在逃",
}
IN_CUSTODY = frozenset({"detained", "arrested", "commission_detention"})
#: The rank of a suspect who held public office (职级), as a supervision commission transfers
#: it; optional, kept on the person only when given (Civil Servants Law art. 21).
RANKS = {
    "provincial_ministerial": "省部级",
    "bureau": "厅局级",
    "county_division": "县处级",
    "section_or_below": "乡科级及以下",
}
RANKS_EN = {
    "provincial_ministerial": "provincial or ministerial level",
    "bureau": "department or bureau level",
    "county_division": "county or division level",
    "section_or_below": "township or section level and below",
}


#: The longest name of a person or organisation (the case person projection's column, and the
#: import schema's ``maxLength``).
NAME_MAX = 64
#: A person's key within the case, when the intake gives one (``P1``, ``P2``... otherwise).
PERSON_KEY = re.compile(r"[A-Za-z0-9_-]{1,8}")
#: The fields a person of an intake may have (docs/schemas/events-v1.schema.json, ``person``).
PERSON_FIELDS = frozenset(
    {
        "key", "name", "id_kind", "id_number", "id_country", "sex", "birth_date", "custody",
        "role", "offence_date", "guilty_plea", "rank", "charges",
    }
)  # fmt: skip


def _known_fields(raw: Any, where: str) -> None:
    """A person's fields are those of ``PERSON_FIELDS``: a misspelt one (``offense_date``) is
    refused, not ignored."""
    if not isinstance(raw, dict):
        raise ProcedureError(
            "must be an object (name, id_number, ...)", field=where, zh="应为人员信息对象"
        )
    unknown = sorted(set(raw) - PERSON_FIELDS, key=str)
    if unknown:
        raise ProcedureError(
            f"unknown field {shown(unknown[0])}: one of {', '.join(sorted(PERSON_FIELDS))}",
            field=f"{where}.{unknown[0]}",
            zh=f"未知的字段{shown(unknown[0])}",
        )


def _identity(
    raw: Any, where: str, received_on: date, *, organisations: bool = False, strict: bool = True
) -> dict:
    """Name and identity document of one person (GB 11643 or a foreign document), or of an
    organisation by its unified social credit code (GB 32100) when ``organisations``."""
    if not isinstance(raw, dict):
        raise ProcedureError("must be an object", field=where, zh="人员信息格式不正确：应为对象")
    name = str(raw.get("name", "")).strip()
    if not name:
        raise ProcedureError("a name is required", field=f"{where}.name", zh="必须填写姓名（名称）")
    if strict and len(name) > NAME_MAX:  # a replay reads what SQLite once stored
        raise ProcedureError(
            f"a name is at most {NAME_MAX} characters, this one has {len(name):,}",
            field=f"{where}.name",
            zh=f"姓名（名称）最多{NAME_MAX}个字符，此处有{len(name):,}个字符",
        )
    id_kind = raw.get("id_kind") or "citizen_id"
    person = {
        "name": name,
        "id_kind": id_kind,
        "id_number": "",
        "id_country": "CHN",
        "sex": raw.get("sex") or "unknown",
        "birth_date": raw.get("birth_date"),
    }
    if id_kind == "credit_code":
        if not organisations:
            raise ProcedureError(
                "a suspect is a natural person: give an identity document, not a credit code",
                field=f"{where}.id_kind",
                zh="犯罪嫌疑人是自然人：应当填写身份证件，而不是统一社会信用代码",
            )
        try:
            code = identifiers.parse_credit_code(str(raw.get("id_number", "")))
        except identifiers.InvalidIdentifier as exc:
            raise ProcedureError(exc.reason, field=f"{where}.id_number", zh=exc.zh) from None
        if raw.get("sex") or raw.get("birth_date"):
            raise ProcedureError(
                "an organisation has no sex or birth date",
                field=f"{where}.id_kind",
                zh="单位没有性别和出生日期",
            )
        person.update(id_number=code.value)
        return person
    if id_kind == "citizen_id":
        try:
            cid = identifiers.parse_citizen_id(str(raw.get("id_number", "")))
        except identifiers.InvalidIdentifier as exc:
            raise ProcedureError(exc.reason, field=f"{where}.id_number", zh=exc.zh) from None
        if cid.birth_date > received_on:  # a real number, of someone born after the receipt
            raise ProcedureError(
                f"the birth date {cid.birth_date} is after the case was received ({received_on})",
                field=f"{where}.id_number",
                zh=f"出生日期{cid.birth_date}晚于案件受理日期（{received_on}）",
            )
        if raw.get("sex") and raw["sex"] != cid.sex:
            raise ProcedureError(
                f"contradicts the ID number ({cid.sex})",
                field=f"{where}.sex",
                zh=f"与身份证号码不符（号码显示为{'男' if cid.sex == identifiers.MALE else '女'}性）",
            )
        person.update(id_number=cid.value, sex=cid.sex, birth_date=cid.birth_date.isoformat())
    elif id_kind != "none":
        try:
            doc = identifiers.parse_foreign_document(
                id_kind, str(raw.get("id_number", "")), str(raw.get("id_country", ""))
            )
        except identifiers.InvalidIdentifier as exc:
            raise ProcedureError(exc.reason, field=f"{where}.id_number", zh=exc.zh) from None
        person.update(id_number=doc.number, id_country=doc.country)
    if person["sex"] not in ("male", "female", "unknown"):
        raise ProcedureError(
            f"unknown sex {shown(person['sex'])}",
            field=f"{where}.sex",
            zh=f"性别{shown(person['sex'])}无效",
        )
    if person["birth_date"]:
        try:
            born = parse_date(person["birth_date"], "birth_date", strict=strict)
            person["birth_date"] = born.isoformat()
        except PayloadError as exc:
            raise ProcedureError(
                exc.message,
                field=f"{where}.birth_date",
                zh=f"出生日期{exc.zh}" if exc.zh else None,
            ) from None
    return person


def clean_party(raw: Any, key: str, received_on: date, roles, *, strict: bool = True) -> dict:
    """One party of a non-criminal case (a public-interest case's administrative organ or
    infringer): a natural person or an organisation, with its role (``roles``: the
    procedure's :class:`Choice` of roles). A party has no custody and no charges."""
    where = f"persons.{key}"
    if strict:
        _known_fields(raw, where)
    person = {
        "key": key,
        **_identity(raw, where, received_on, organisations=True, strict=strict),
    }
    codes = [r.code for r in roles]
    role = raw.get("role") if isinstance(raw, dict) else None
    if role not in codes:
        raise ProcedureError(
            f"{shown(role)} is not one of {', '.join(codes)}",
            field=f"{where}.role",
            zh=f"当事人的身份只能是{'、'.join(r.zh for r in roles)}之一",
        )
    for name in ("custody", "charges", "guilty_plea"):
        if raw.get(name):
            role_zh = next(r.zh for r in roles if r.code == role)
            what_zh = {"custody": "羁押情况", "charges": "罪名", "guilty_plea": "认罪认罚"}[name]
            raise ProcedureError(
                f"a party ({role}) has no {name.replace('_', ' ')}",
                field=f"{where}.{name}",
                zh=f"{role_zh}作为当事人，不填写{what_zh}",
            )
    person.update(
        role=role,
        custody="",
        measure="",
        charges=[],
        offence_date=None,
        minor_at_offence=None,
        guilty_plea=False,
        stage="",
        decision=None,
        reason=None,
    )
    return person


def _same_person_twice(persons: dict[str, dict]) -> None:
    """One person is one person of the case: the same identity document twice in one intake
    is a mistake of the transfer (their decisions would be counted twice)."""
    seen: dict[tuple, str] = {}
    for key, person in persons.items():
        if not person["id_number"]:
            continue
        identity = (person["id_kind"], person["id_number"], person["id_country"])
        if identity in seen:
            raise ProcedureError(
                f"the same identity document as person {seen[identity]} "
                f"({person['id_number']}): list each person once",
                field=f"persons.{key}.id_number",
                zh=f"与人员{seen[identity]}的身份证件相同（{person['id_number']}）：同一人只能列一次",
            )
        seen[identity] = key


def clean_person(
    raw: Any, key: str, received_on: date, *, strict: bool = True, check_age: bool = False
) -> dict:
    """One person of an intake: identity (GB 11643 or a foreign document), custody, charges.
    ``check_age``: the person is pursued for criminal liability (``Procedure.criminal_age``),
    and is being validated (never on a replay): Criminal Law art. 17's ages are checked, and
    art. 12's charges of the offence's day (``check_charges_in_force``)."""
    where = f"persons.{key}"
    if strict:
        _known_fields(raw, where)
        if "guilty_plea" in raw and not isinstance(raw["guilty_plea"], bool):
            raise ProcedureError(
                "must be true or false", field=f"{where}.guilty_plea", zh="认罪认罚应为是或否"
            )
    person = {"key": key, **_identity(raw, where, received_on, strict=strict)}
    custody = raw.get("custody", "not_detained")
    if custody not in CUSTODY:
        raise ProcedureError(
            f"{shown(custody)} is not one of {', '.join(CUSTODY)}",
            field=f"{where}.custody",
            zh=f"羁押情况只能是{'、'.join(CUSTODY.values())}之一",
        )
    try:
        charges = clean_charges(raw.get("charges"), f"{where}.charges")
        offence = parse_date(
            raw.get("offence_date") or received_on, f"{where}.offence_date", strict=strict
        )
    except PayloadError as exc:
        # the reason in Chinese follows the field's Chinese label
        label = "涉嫌罪名" if exc.field.endswith(".charges") else "犯罪日期"
        raise ProcedureError(
            exc.message, field=exc.field, zh=f"{label}{exc.zh}" if exc.zh else None
        ) from None
    if offence > received_on:
        raise ProcedureError(
            f"the offence date {offence} is after the case was received ({received_on})",
            field=f"{where}.offence_date",
            zh=f"犯罪日期{offence}晚于案件受理日期（{received_on}）",
        )
    minor = None
    if person["birth_date"]:
        born = date.fromisoformat(person["birth_date"])
        if offence < born:
            raise ProcedureError(
                f"the offence date {offence} is before the person's birth date {born}",
                field=f"{where}.offence_date",
                zh=f"犯罪日期{offence}早于该人员的出生日期{born}",
            )
        minor = identifiers.is_minor_on(born, offence)
        if check_age and charges:
            given = "offence_date" if "offence_date" in raw else None
            if given is None:
                given = "birth_date" if raw.get("birth_date") else "id_number"
            _check_criminal_age(born, offence, charges, f"{where}.{given}")
    if check_age:  # validating a suspect (never on a replay)
        check_charges_in_force(charges, offence, f"{where}.charges")
    person.update(
        custody=custody,
        custody_at_receipt=custody,  # kept as received (the figures' "post-arrest")
        measure=custody,
        charges=charges,
        offence_date=offence.isoformat(),
        minor_at_offence=minor,
        guilty_plea=bool(raw.get("guilty_plea", False)),
        stage="",
        stage_on=received_on.isoformat(),  # the day the person's stage began
        decision=None,
        reason=None,
    )
    rank = raw.get("rank")
    if rank is not None:
        if rank not in RANKS:
            raise ProcedureError(
                f"{shown(rank)} is not one of {', '.join(RANKS)}",
                field=f"{where}.rank",
                zh=f"职级只能是{'、'.join(RANKS.values())}之一",
            )
        person["rank"] = rank
    return person


#: The 1997 Criminal Law in force (CL art. 452): the charge catalogue begins here.
CRIMINAL_CODE_1997 = date(1997, 10, 1)


def check_charges_in_force(charges: list, offence: date, field: str) -> None:
    """Criminal Law art. 12 (and art. 3): the conduct is judged by the law of its day. A
    charge that no longer applied on the offence date is refused (what replaced it is named),
    and so is one that came after the offence, unless it replaces a charge that applied then
    (the later law applies where it is milder: Amendment XI's 生产、销售、提供假药罪 for what was
    生产、销售假药罪 the day before); a crime the law of that day did not know is refused. What
    was done before the 1997 Code came under the 1979 one, whose charges the catalogue does not
    hold: a 1997 charge is let through for it."""
    from procuracy import charges as catalogue_of_charges

    for i, c in enumerate(charges, 1):
        try:
            charge = catalogue_of_charges.by_name(c["name"])
        except KeyError:  # not official: the payload's own check says so
            continue
        if charge.in_force(offence):
            continue
        if charge.in_force_to is not None and charge.in_force_to <= offence:
            later = "、".join(
                catalogue_of_charges.get(x).name for x in charge.replaced_by
            )  # fmt: skip
            raise ProcedureError(
                f"charge {i}: {charge.name} no longer applied on the offence date {offence} "
                f"(it ended on {charge.in_force_to}"
                + (f"; since then: {later})" if later else ")"),
                basis="Criminal Law art. 12",
                field=field,
                zh=f"第{i}项：{charge.name}自{charge.in_force_to}起不再适用，犯罪日期是{offence}"
                + (f"（此后为{later}）" if later else ""),
            )
        if charge.in_force_from <= CRIMINAL_CODE_1997:
            continue  # before the 1997 Code, the 1979 one: its charges are not catalogued
        before = [catalogue_of_charges.get(x) for x in charge.replaces]
        if not any(b.in_force(offence) for b in before):
            raise ProcedureError(
                f"charge {i}: {charge.name} applies from {charge.in_force_from}, after the "
                f"offence date {offence}: the law of that day did not make it a crime",
                basis="Criminal Law art. 12; Criminal Law art. 3",
                field=field,
                zh=f"第{i}项：{charge.name}自{charge.in_force_from}起适用，晚于犯罪日期{offence}："
                "行为时的法律不认为是犯罪",
            )


#: Criminal Law art. 17 ¶3: from 12 to 14, only these, and only with the SPP's approval.
AGE_12_CHARGES = frozenset({"故意杀人罪", "故意伤害罪"})
#: Criminal Law art. 17 ¶2: from 14 to 16, only the eight crimes 故意杀人、故意伤害致人重伤或者
#: 死亡、强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质. These are acts: a child of 15 who kills
#: in a kidnapping is charged with the homicide, not the kidnapping (SPC Interpretation on
#: Juvenile Criminal Cases, 2006, art. 5), so the charges are among these. A charge name cannot
#: tell an injury's gravity (故意伤害罪) or which of the acts of 走私、贩卖、运输、制造毒品罪 was done:
#: both are let through, and the court weighs the facts.
AGE_14_CHARGES = AGE_12_CHARGES | frozenset(
    {"强奸罪", "抢劫罪", "走私、贩卖、运输、制造毒品罪", "放火罪", "爆炸罪", "投放危险物质罪"}
)
#: Amendment XI, which added art. 17 ¶3, in force from this day; before it no one under 14 was
#: liable, and the milder old law applies to what was done then (Criminal Law art. 12).
AGE_12_FROM = date(2021, 3, 1)


def _check_criminal_age(born: date, offence: date, charges: list, field: str):
    """Criminal Law art. 17: no one under 12 at the offence bears criminal responsibility (under
    14 before Amendment XI); from 12 to 14 only for intentional homicide or injury (¶3); from
    14 to 16 only for the eight crimes of ¶2 (``AGE_14_CHARGES``)."""
    age = identifiers.age_on(born, offence)
    if age < 14 and offence < AGE_12_FROM:
        raise ProcedureError(
            f"the person was {age} at the offence ({offence}): before Amendment XI (in force "
            f"{AGE_12_FROM}) no one under 14 bore criminal responsibility, and the milder law "
            "of that time applies",
            basis="Criminal Law art. 17; Criminal Law art. 12",
            field=field,
            zh=f"该人员犯罪时（{offence}）{age}周岁：《刑法修正案（十一）》施行（{AGE_12_FROM}）以前，"
            "不满十四周岁的人不负刑事责任，适用处刑较轻的当时的法律",
        )
    if age < 12:
        raise ProcedureError(
            f"the person was {age} at the offence ({offence}): no one under 12 bears criminal "
            "responsibility",
            basis="Criminal Law art. 17",
            field=field,
            zh=f"该人员犯罪时（{offence}）{age}周岁：不满十二周岁的人不负刑事责任",
        )
    if age < 14:
        others = sorted({c["name"] for c in charges} - AGE_12_CHARGES)
        if others:
            raise ProcedureError(
                f"the person was {age} at the offence ({offence}): from 12 to 14 only "
                f"intentional homicide or injury is punished, not {'、'.join(others)}",
                basis="Criminal Law art. 17 ¶3",
                field=field,
                zh=f"该人员犯罪时（{offence}）{age}周岁：已满十二周岁不满十四周岁的人，只对故意杀人、"
                f"故意伤害罪负刑事责任，不对{'、'.join(others)}负刑事责任",
            )
    elif age < 16:
        others = sorted({c["name"] for c in charges} - AGE_14_CHARGES)
        if others:
            raise ProcedureError(
                f"the person was {age} at the offence ({offence}): from 14 to 16 only intentional "
                "homicide, intentional injury causing serious injury or death, rape, robbery, "
                "drug trafficking, arson, explosion or poisoning is punished, not "
                f"{'、'.join(others)}",
                basis="Criminal Law art. 17 ¶2",
                field=field,
                zh=f"该人员犯罪时（{offence}）{age}周岁：已满十四周岁不满十六周岁的人，只对故意杀人、"
                "故意伤害致人重伤或者死亡、强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质罪负刑事责任，"
                f"不对{'、'.join(others)}负刑事责任",
            )


# --- deadlines ------------------------------------------------------------------------------


#: While :func:`memoised` is active (in this thread or task): (rule, start, custody, months,
#: calendar) -> what ``compute`` gave, as a deadline dict stores it. ``compute`` is a pure
#: function of these.
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("deadline_memo", default=None)


@contextlib.contextmanager
def memoised() -> Iterator[None]:
    """Remember deadline computations (and their basis texts) for the duration of the block,
    e.g. one import, where thousands of events start the same rule on the same day."""
    token = _memo.set(_memo.get() if _memo.get() is not None else {})
    try:
        yield
    finally:
        _memo.reset(token)


def _provisionally(fn, calendar):
    """``fn(calendar)``; where it needs a year after the known ones whose schedule is not
    imported yet, again with that year assumed (``WorkCalendar.assuming``: the due date is
    then provisional, docs/law.md). A year before the known ones stays an error."""
    cal = calendar if calendar is not None else default_calendar()
    for _ in range(4):  # a period is never longer than a few years
        try:
            return fn(cal)
        except ScheduleMissing as exc:
            if not cal.years or exc.year <= max(cal.years):
                raise
            cal = cal.assuming([exc.year])
    return fn(cal)


def _computed(rule: str, start: date, custody: bool | None, months: int | None, calendar):
    memo = _memo.get()
    key = None
    if memo is not None:
        key = (rule, start, custody, months, id(calendar))
        try:
            found = memo.get(key)
        except TypeError:  # an unhashable value: compute it (and fail) as without the memo
            memo = None
        else:
            if found is not None:
                return found
    try:
        dl = _provisionally(
            lambda cal: compute(rule, start, custody=custody, months=months, calendar=cal),
            calendar,
        )
    except LawError as exc:
        raise ProcedureError(
            str(exc), basis="law catalogue", zh=exc.zh or f"无法计算期限{rule}"
        ) from None
    found = (
        dl.custody,
        dl.due.isoformat(),
        dl.raw_end.isoformat(),
        dl.rolled_over,
        tuple(a.text("en") for a in dl.basis),
        bool(dl.provisional_years),
    )
    if memo is not None:
        memo[key] = found
        memo[("calendar", id(calendar))] = calendar  # kept alive: its id stays its own
    return found


def _deadline_dict(
    rule: str,
    start: date,
    *,
    person: str | None,
    custody: bool | None,
    months: int | None,
    opened_by: str,
    calendar,
) -> dict:
    dl_custody, due, raw_end, rolled_over, basis, provisional = _computed(
        rule, start, custody, months, calendar
    )
    d = {
        "rule": rule,
        "person": person,
        "start": start.isoformat(),
        "custody": dl_custody,
        "months": months,
        "extensions": [],
        "restarts": [],
        "due": due,
        "raw_end": raw_end,
        "rolled_over": rolled_over,
        "basis": list(basis),
        "status": "open",
        "opened_by": opened_by,
        "closed_by": None,
        "closed_on": None,
    }
    mark_provisional(d, provisional)
    return d


def due_of(rule: str, start: date, *, custody: bool, calendar=None) -> str:
    """The due day (ISO) of ``rule`` counted from ``start``, as the case's own deadlines are
    computed (memoised; provisional past the imported schedules): for a rule's check of a
    period the case does not keep, such as a party's own time to ask."""
    return _computed(rule, start, custody, None, calendar)[1]


def deadline_object(d: dict, calendar=None):
    """Rebuild the law module's ``Deadline`` (with its explanation) from a stored deadline;
    provisional where the schedule of a year it reaches is not imported yet."""

    def build(cal):
        dl = compute(
            d["rule"],
            date.fromisoformat(d["start"]),
            custody=d["custody"],
            months=d["months"],
            calendar=cal,
        )
        for period, basis in d["extensions"]:
            dl = dl.extended(period, basis=basis)
        for begins, ends, basis in d.get("suspensions", ()):
            dl = dl.suspended(date.fromisoformat(begins), date.fromisoformat(ends), basis=basis)
        return dl

    return _provisionally(build, calendar)


def mark_provisional(d: dict, provisional: bool) -> None:
    """The key is there only while the due date is provisional: a deadline of a known year is
    stored as it always was."""
    if provisional:
        d["provisional"] = True
    else:
        d.pop("provisional", None)


def _refresh(d: dict, calendar) -> None:
    dl = deadline_object(d, calendar)
    d.update(due=dl.due.isoformat(), raw_end=dl.raw_end.isoformat(), rolled_over=dl.rolled_over)
    mark_provisional(d, bool(dl.provisional_years))


#: Longer than any run of rest days in a State Council schedule (the longest breaks are 8 or 9
#: days): a day this far after a provisional due date is after the real one whatever the year's
#: schedule turns out to be.
PROVISIONAL_MARGIN = 14


def passed_due(d: dict, on: date, *, inclusive: bool = False) -> bool:
    """Whether ``on`` is after deadline ``d``'s due date (or on it, ``inclusive``), for the
    checks that let the law's period decide (a protest out of time, an announcement over).

    A provisional due date (docs/law.md) can be earlier than the real one, never later: a day
    before it is before the real one too, but a day just after it may still be inside the real
    period. Such a day is refused until the year's schedule is imported, rather than decided
    on a date that is not the law's.

    A paused deadline (time not counted, still under way) has not run out: its clock stopped
    on a day no later than its due day (``_pause`` checks it), and its due day moves on by the
    days excluded once the time ends."""
    if d.get("paused"):
        return False
    day, due = on.isoformat(), d["due"]
    after = day >= due if inclusive else day > due
    if not after or not d.get("provisional"):
        return after
    if on.toordinal() - date.fromisoformat(due).toordinal() > PROVISIONAL_MARGIN:
        return True
    year = date.fromisoformat(due).year
    raise ProcedureError(
        f"the period {d['rule']} is due on {due} only provisionally (the State Council's {year} "
        f"holiday schedule is not imported): whether {day} is after it is known once "
        f"`procuracy calendar import` has the {year} schedule",
        field="occurred_on",
        zh=f"期限{d['rule']}的期满日期{due}为暂定（{year}年国务院节假日安排尚未导入）：{day}是否已过"
        "期满日期，须导入该年度节假日安排后才能确定",
    )


def extend_once_in_time(rule: str, what: str, what_zh: str):
    """A check for an extension: the period of ``rule`` (the person's, or for a case event the
    case's) is open, not yet extended, and has not run out (an extension is decided within
    the period)."""
    from .declarations import Said

    def check(st):
        key = st.person["key"] if st.person is not None else None
        whose, whose_zh = (f"of person {key}", f"人员{key}的") if key else ("of the case", "本案")
        periods = open_deadlines_of(st.state, rule, key)
        if not periods:
            return Said(f"there is no open period of {what} {whose} to extend",
                        zh=f"{whose_zh}没有可以延长的{what_zh}期限")  # fmt: skip
        if periods[0]["extensions"]:
            return Said(f"the period of {what} {whose} was already extended",
                        zh=f"{whose_zh}{what_zh}期限已经延长")  # fmt: skip
        if passed_due(periods[0], st.occurred_on):
            return (
                "occurred_on",
                Said(
                    f"the period of {what} {whose} ran out on {periods[0]['due']}: it is "
                    "extended before it runs out",
                    zh=f"{whose_zh}{what_zh}期限已于{periods[0]['due']}届满：应当在期限届满前延长",
                ),
            )
        return None

    return check


def open_deadlines_of(state: dict, rules: str | tuple[str, ...], person: str | None) -> list[dict]:
    """The open deadlines of ``rules`` (one rule or several) of ``person`` and of the whole
    case (every person's when ``person`` is None)."""
    rules = (rules,) if isinstance(rules, str) else rules
    return [
        d
        for d in state["deadlines"].values()
        if d["status"] == "open"
        and d["rule"] in rules
        and (person is None or d["person"] in (person, None))
    ]


def start_deadline(
    state: dict,
    rule: str,
    start: date,
    *,
    person: str | None,
    event_id: str,
    calendar,
    custody: bool | None = None,
    months: int | None = None,
) -> None:
    state["next_deadline"] += 1
    key = f"D{state['next_deadline']}"
    if custody is None and person is not None:
        custody = state["persons"][person]["custody"] in IN_CUSTODY or None
    try:
        d = _deadline_dict(
            rule,
            start,
            person=person,
            custody=custody,
            months=months,
            opened_by=event_id,
            calendar=calendar,
        )
    except ProcedureError:
        # A rule where custody cannot apply: count it without the exception.
        if custody:
            d = _deadline_dict(
                rule,
                start,
                person=person,
                custody=None,
                months=months,
                opened_by=event_id,
                calendar=calendar,
            )
        else:
            raise
    d["key"] = key
    state["deadlines"][key] = d


def close_deadlines(
    state: dict,
    rules: str | tuple[str, ...],
    person: str | None,
    *,
    event_id: str,
    on: date,
    calendar=None,
) -> None:
    """Close the open deadlines of ``rules`` (one rule, or several in one pass over the
    case's deadlines) of ``person`` and of the whole case (all persons' when ``person`` is
    None): met when ``on`` is not after the due day; after it, closed late, or, a party's
    period (a probation the suspect served), ran out, as it does with nothing done. A paused
    deadline (time not counted, still under way) is first resumed: the days of the pause
    before ``on`` are not counted."""
    closed_on = on.isoformat()
    for d in open_deadlines_of(state, rules, person):
        if d.get("paused"):
            end_pause(d, (on - timedelta(days=1)).isoformat(), calendar)
        if closed_on <= d["due"]:
            status = "met"
        else:
            status = "ran_out" if d["rule"] in catalogue().party_periods else "closed_late"
        d.update(status=status, closed_by=event_id, closed_on=closed_on)


# --- the step -------------------------------------------------------------------------------


def copy_state(state: dict) -> dict:
    """A deep copy of a state. States are plain JSON data, which ``marshal`` copies exactly
    (shared parts stay shared, as with ``copy.deepcopy``) several times faster; anything
    else (a subclass, a date) falls back to ``copy.deepcopy``."""
    try:
        return marshal.loads(marshal.dumps(state))
    except ValueError:
        return _copy.deepcopy(state)


def step(
    state: dict | None,
    event: Event,
    ctx: Context | None,
    calendar=None,
    *,
    validate: bool = True,
    copy: bool = True,
) -> dict:
    """Fold ``event`` into ``state`` (None for a new case) and return the new state.

    ``copy=False`` changes ``state`` itself and returns it: only for callers that own the
    state and discard (or restore) it when ``step`` raises, e.g. replaying a case or a bulk
    import, which keeps a snapshot. By default ``state`` is left untouched."""
    return step_with_payload(state, event, ctx, calendar, validate=validate, copy=copy)[0]


def step_with_payload(
    state: dict | None,
    event: Event,
    ctx: Context | None,
    calendar=None,
    *,
    validate: bool = True,
    copy: bool = True,
) -> tuple[dict, dict]:
    """Like :func:`step`, and also return the payload as validated and normalised (what the
    ledger stores)."""
    event_types, procedures = _registry()
    etype = event_types.get(event.type)
    if etype is None:
        raise ProcedureError(
            f"unknown event type {shown(event.type)}", field="type", zh="未知的事项类型"
        )
    if state is None:
        if event.type != "case.received":
            raise ProcedureError(
                "the first event of a case must be case.received",
                basis="Rules art. 156-158",
                field="type",
                zh="案件的第一个事项必须是受理案件",
            )
        return _receive(event, ctx, calendar, validate), dict(event.payload)
    if event.type == "case.received":
        raise ProcedureError("the case has already been received", field="type", zh="案件已经受理")
    if copy:
        state = copy_state(state)
    procedure = procedures[state["kind"]]
    if validate:
        payload = _validate(state, event, ctx, etype, procedure, calendar)
    else:
        payload = dict(event.payload)
    persons = event.persons or ((None,) if etype.scope == "case" else ())
    stages = (state["stage"], [(p, p["stage"]) for p in state["persons"].values()])
    for person_key in persons:
        person = state["persons"].get(person_key) if person_key else None
        st = Step(state, event, etype, procedure, payload, person, calendar)
        if etype.effect:
            etype.effect(st)
        if person is not None and etype.to_stage:
            stage = etype.to_stage
            for name, value, other in etype.to_stage_when:
                if payload.get(name) == value:
                    stage = other
                    break
            person["stage"] = stage
        if person is None and etype.to_stage:
            state["stage"] = etype.to_stage
        _apply_deadlines(st, person_key, calendar)
    state["version"] += 1
    state["last_event"] = event.id
    on = event.occurred_on.isoformat()
    state["last_date"] = max(state["last_date"], on)
    _conclude(state, procedure)
    # the day each stage began, for the order of what follows (_check_order)
    if etype.begins_stage:
        if state["stage"] != stages[0]:
            state["stage_on"] = on
        for person, stage in stages[1]:
            if person["stage"] != stage:
                person["stage_on"] = on
    return state, payload


def _check_intake_types(p: dict) -> None:
    """The intake's fields are of their kinds (what the import's schema checks of a line, for
    an intake that comes another way: the command line's file, the API)."""
    if p.get("source") is not None and not isinstance(p["source"], dict):
        raise ProcedureError(
            "must be an object (agency, name, ...)", field="payload.source", zh="应为来源信息对象"
        )
    for name, zh in (("complex", "重大复杂案件"), ("self_investigated", "自侦案件")):
        if p.get(name) is not None and not isinstance(p[name], bool):
            raise ProcedureError(
                "must be true or false", field=f"payload.{name}", zh=f"{zh}应为是或否"
            )
    materials = p.get("materials")
    if materials is not None and not (
        isinstance(materials, list | tuple) and all(isinstance(m, str) for m in materials)
    ):
        raise ProcedureError(
            "must be a list of material codes", field="payload.materials", zh="应为材料代码列表"
        )
    persons = p.get("persons")
    if persons is not None and not isinstance(persons, list | tuple):
        raise ProcedureError(
            "must be a list of persons", field="payload.persons", zh="应为人员列表"
        )


def _receive(event: Event, ctx: Context | None, calendar, validate: bool) -> dict:
    _, procedures = _registry()
    p = event.payload
    kind = p.get("kind")
    procedure = procedures.get(kind)
    if procedure is None:
        raise ProcedureError(
            f"unknown case kind {shown(kind)}: one of {', '.join(procedures)}",
            field="payload.kind",
            zh=f"未知的案件类型{shown(kind)}：应为{'、'.join(procedures)}之一",
        )
    received_on = event.occurred_on
    if validate:
        _check_role(ctx, event_types_get("case.received"))
        if ctx and ctx.today and received_on > ctx.today:
            raise ProcedureError(
                f"the date {received_on} is in the future",
                field="occurred_on",
                zh=f"日期{received_on}晚于今天",
            )
        _check_intake_types(p)
        source = p.get("source") or {}
        if source.get("agency") not in procedure.sources:
            raise ProcedureError(
                f"a {procedure.en} case comes from {', '.join(sorted(procedure.sources))}, "
                f"not {shown(source.get('agency'))}",
                basis="Rules art. 156",
                field="payload.source.agency",
                zh=f"{procedure.zh}案件的来源只能是"
                f"{'、'.join(_agency_zh(a) for a in sorted(procedure.sources))}，"
                f"不能是{_agency_zh(source.get('agency'))}",
            )
        if procedure.levels and level_of(p.get("unit", "")) not in procedure.levels:
            raise ProcedureError(
                f"a {procedure.en} case is received by a procuratorate of level "
                f"{' or '.join(sorted(procedure.levels))}, not by a "
                f"{level_of(p.get('unit', ''))} one",
                basis=procedure.levels_basis,
                field="org",
                zh=f"{procedure.zh}案件应当由"
                f"{'或'.join(LEVELS_ZH[v] for v in sorted(procedure.levels))}人民检察院受理，"
                f"不能由{LEVELS_ZH[level_of(p.get('unit', ''))]}人民检察院受理",
            )
        materials = set(p.get("materials") or ())
        missing = [m for m in procedure.required_materials if m.code not in materials]
        if missing:
            raise ProcedureError(
                "incomplete file: missing "
                + ", ".join(f"{m.en} ({m.zh})" for m in missing)
                + "; ask the transferring agency to supplement it",
                basis="Rules art. 157-158",
                field="payload.materials",
                zh="材料不齐备，缺少" + "、".join(m.zh for m in missing) + "：请移送机关补送",
            )
    raw_persons = p.get("persons") or []
    if not raw_persons:
        raise ProcedureError(
            "a case needs at least one person", field="payload.persons", zh="案件至少应有一名人员"
        )
    persons = {}
    for i, raw in enumerate(raw_persons, 1):
        key = (raw.get("key") if isinstance(raw, dict) else None) or f"P{i}"
        if validate and (not isinstance(key, str) or not PERSON_KEY.fullmatch(key)):
            raise ProcedureError(
                f"person {i}: key {shown(key)} is not 1 to 8 letters, digits, '_' or '-'",
                field="payload.persons",
                zh=f"第{i}名人员：编号{shown(key)}应为1至8位字母、数字、“_”或“-”",
            )
        if key in persons:
            raise ProcedureError(
                f"person key {key} appears twice",
                field="payload.persons",
                zh=f"人员编号{key}重复出现",
            )
        if procedure.parties:
            persons[key] = clean_party(raw, key, received_on, procedure.parties, strict=validate)
            persons[key]["stage"] = procedure.initial_person_stage
            continue
        # A replay (validate=False) reads dates as earlier versions stored them (20240308)
        person = clean_person(
            raw, key, received_on, strict=validate, check_age=validate and procedure.criminal_age
        )
        if (
            validate
            and procedure.intake_custody
            and person["custody"] not in procedure.intake_custody
        ):
            allowed = sorted(procedure.intake_custody)
            raise ProcedureError(
                f"a {procedure.en} case is received for a person in custody "
                f"{' or '.join(allowed)}, not {person['custody']}",
                basis=procedure.intake_custody_basis,
                field=f"persons.{key}.custody",
                zh=f"{procedure.zh}案件的人员应为"
                f"{'或'.join(CUSTODY[c] for c in allowed)}，不能是{CUSTODY[person['custody']]}",
            )
        if person["custody"] == "at_large" and not procedure.at_large_reviewed:
            person["stage"] = "at_large"  # Rules art. 158 ¶3: accepted for those present
        elif person["custody"] == "commission_detention" and kind == "prosecution_review":
            person["stage"] = "commission_measure"  # CPL art. 170 ¶2
        else:
            person["stage"] = procedure.initial_person_stage
        persons[key] = person
    if validate:
        _same_person_twice(persons)
    if validate and procedure.kind == "prosecution_review":
        if all(x["custody"] == "at_large" for x in persons.values()):
            raise ProcedureError(
                "every suspect is at large: the police must bring them in before transfer",
                basis="Rules art. 158",
                field="payload.persons",
                zh="犯罪嫌疑人均在逃：应当由公安机关保证犯罪嫌疑人到案后再移送审查起诉",
            )
    from .flags import FlagError, clean_flags

    try:
        flags = clean_flags(p.get("flags"))
    except FlagError as exc:
        raise ProcedureError(str(exc), field="payload.flags", zh=exc.zh) from None
    state = {
        "id": p.get("case_id", ""),
        "number": p.get("number", ""),
        "kind": kind,
        "line": procedure.line,
        "unit": p.get("unit", ""),
        "department": procedure.department,
        "handler": None,
        "stage": "received",
        "stage_on": received_on.isoformat(),  # the day the case's stage began
        "received_on": received_on.isoformat(),
        "last_date": received_on.isoformat(),
        "source": p.get("source") or {},
        "complex": bool(p.get("complex", False)),
        "self_investigated": bool(p.get("self_investigated", False)),
        "flags": flags,
        "returns": 0,
        "extended": False,
        "fast_track": None,
        "persons": persons,
        "deadlines": {},
        "next_deadline": 0,
        "version": 1,
        "last_event": event.id,
    }
    if procedure.case_deadline:
        rules = procedure.case_deadline(state) or ()
        for rule in (rules,) if isinstance(rules, str) else rules:
            start_deadline(
                state,
                rule,
                received_on,
                person=None,
                event_id=event.id,
                calendar=calendar,
                custody=_case_custody(state, rule),
            )
    if procedure.person_deadline:
        for key, person in persons.items():
            if person["stage"] == "at_large":
                continue
            rule = procedure.person_deadline(state, person)
            if rule:
                start_deadline(
                    state, rule, received_on, person=key, event_id=event.id, calendar=calendar
                )
    return state


def event_types_get(code: str) -> EventType:
    return _registry()[0][code]


def _case_custody(state: dict, rule: str) -> bool | None:
    """A case-wide criminal period counts as in custody when any person is in custody."""
    from procuracy.law import get_rule

    if not get_rule(rule).custody_applies:
        return None
    persons = state["persons"].values()
    if persons and all("role" in p for p in persons):
        return None  # parties have no custody of an intake: the rule's default (a convict's)
    return any(p["custody"] in IN_CUSTODY for p in persons)


def _check_role(ctx: Context | None, etype: EventType) -> None:
    if ctx is None:
        return
    if not ctx.actor_roles & etype.roles:
        raise ProcedureError(
            f"{etype.en} may be recorded only by: {', '.join(sorted(etype.roles))}",
            basis=etype.basis[0] if etype.basis else "",
            field="actor",
            zh=f"“{etype.zh}”只能由{'、'.join(role_zh(r) for r in sorted(etype.roles))}记录",
        )


def _validate(
    state: dict,
    event: Event,
    ctx: Context | None,
    etype: EventType,
    procedure: Procedure,
    calendar=None,
) -> dict:
    if event.type not in procedure.events:
        raise ProcedureError(
            f"{etype.en} is not part of a {procedure.en} case",
            field="type",
            zh=f"{procedure.zh}案件不能记录“{etype.zh}”",
        )
    if etype.sources and (state.get("source") or {}).get("agency") not in etype.sources:
        raise ProcedureError(
            f"{etype.en} is recorded in a case transferred by {' or '.join(sorted(etype.sources))}",
            basis="; ".join(etype.basis),
            field="type",
            zh=f"“{etype.zh}”只能记录在{'、'.join(_agency_zh(a) for a in sorted(etype.sources))}"
            "移送的案件中",
        )
    _check_role(ctx, etype)
    if ctx and ctx.today and event.occurred_on > ctx.today:
        raise ProcedureError(
            f"the date {event.occurred_on} is in the future",
            field="occurred_on",
            zh=f"日期{event.occurred_on}晚于今天",
        )
    if not etype.may_precede_receipt and event.occurred_on.isoformat() < state["received_on"]:
        raise ProcedureError(
            f"the date {event.occurred_on} is before the case was received ({state['received_on']})",
            field="occurred_on",
            zh=f"日期{event.occurred_on}早于案件受理日期（{state['received_on']}）",
        )
    payload = {}
    known = etype.payload_names
    for name in event.payload:
        if name not in known:
            raise ProcedureError(
                f"unknown field for {etype.code}",
                field=f"payload.{name}",
                zh=f"“{etype.zh}”没有这一项",
            )
    for f in etype.fields:
        try:
            value = f.clean(event.payload.get(f.name))
        except PayloadError as exc:
            raise ProcedureError(
                exc.message,
                field=f"payload.{exc.field}",
                zh=f"{f.zh}{exc.zh}" if exc.zh and exc.field == f.name else None,
            ) from None
        if value is not None:
            # a payload date is a day that has happened (a judgment received, a dispute begun)
            if f.kind == "date" and ctx and ctx.today and value > ctx.today.isoformat():
                raise ProcedureError(
                    f"the date {value} is in the future",
                    field=f"payload.{f.name}",
                    zh=f"{f.zh}{value}晚于今天",
                )
            payload[f.name] = value
    if event.payload.get("note"):
        payload["note"] = str(event.payload["note"])[:2000]
    approval = etype.needs_approval(payload, state)
    if approval:
        approver = event.payload.get("approved_by")
        if (
            ctx is not None
            and approval not in ctx.actor_roles
            and (not approver or approval not in ctx.approver_roles)
        ):
            raise ProcedureError(
                f"{etype.en} needs the approval of the {approval.replace('_', ' ')}"
                + (f"; {shown(approver)} does not hold that role here" if approver else ""),
                basis="; ".join(etype.basis),
                field="payload.approved_by",
                zh=f"“{etype.zh}”须经{role_zh(approval)}批准"
                + (f"；{shown(approver)}在本院不担任该职务" if approver else ""),
            )
        if approver:
            payload["approved_by"] = approver
    if etype.scope == "person":
        if not event.persons:
            raise ProcedureError(
                f"{etype.en} concerns a person: name them",
                field="persons",
                zh=f"“{etype.zh}”针对具体人员：请选择人员",
            )
        for key in event.persons:
            person = state["persons"].get(key)
            if person is None:
                raise ProcedureError(
                    f"person {key} is not in case {state['number']}",
                    field="persons",
                    zh=f"人员{key}不在案件{state['number']}中",
                )
            what = (f"person {key} ({person['name']})", f"人员{key}（{person['name']}）")
            _check_stage(etype, person["stage"], *what)
            _check_order(etype, event, person, *what)
            st = Step(state, event, etype, procedure, payload, person, calendar)
            _run_checks(etype, st)
    else:
        if event.persons:
            raise ProcedureError(
                f"{etype.en} concerns the whole case, not persons",
                field="persons",
                zh=f"“{etype.zh}”针对整个案件，不针对具体人员",
            )
        what = (f"case {state['number']}", f"案件{state['number']}")
        _check_stage(etype, state["stage"], *what)
        _check_order(etype, event, state, *what)
        st = Step(state, event, etype, procedure, payload, None, calendar)
        _run_checks(etype, st)
    return payload


def _run_checks(etype: EventType, st: Step) -> None:
    for check in etype.checks:
        error = check.test(st)
        if error:
            field = check.field
            if isinstance(error, tuple):
                field, error = error
            raise ProcedureError(
                str(error), basis=check.basis, field=field, zh=getattr(error, "zh", None)
            )


def _check_stage(etype: EventType, stage: str, what: str, what_zh: str) -> None:
    if "*" in etype.from_stages or stage in etype.from_stages:
        return
    raise WrongStage(
        f"{etype.en} cannot be recorded while {what} is at stage {stage!r} "
        f"(allowed at: {', '.join(sorted(etype.from_stages))})",
        basis="; ".join(etype.basis),
        field="type",
        zh=f"{what_zh}处于“{stage_label(stage, 'zh')}”阶段，不能记录“{etype.zh}”"
        f"（可以记录的阶段：{'、'.join(stage_label(s, 'zh') for s in sorted(etype.from_stages))}）",
    )


def _check_order(etype: EventType, event: Event, holder: dict, what: str, what_zh: str) -> None:
    """An event allowed at a stage happens on or after the day that stage began: a judgment
    not before the prosecution it follows, a resubmission not before the return. (A state
    saved before the engine kept that day has none, and is not checked.)"""
    since = holder.get("stage_on")
    if since is None or "*" in etype.from_stages or etype.may_precede_receipt:
        return
    if event.occurred_on.isoformat() < since:
        stage = holder["stage"]
        raise ProcedureError(
            f"the date {event.occurred_on} is before {what} reached stage {stage!r} on {since}, "
            f"where {etype.en} follows",
            basis="; ".join(etype.basis),
            field="occurred_on",
            zh=f"日期{event.occurred_on}早于{what_zh}进入“{stage_label(stage, 'zh')}”阶段的日期"
            f"（{since}），“{etype.zh}”应在其后",
        )


def role_zh(role: str) -> str:
    """A role's Chinese name (the staff web's), e.g. 检察长 for chief_procurator."""
    from django.utils import translation

    from procuracy.staff.roles import Role

    try:
        with translation.override("zh-hans"):
            return str(Role(role).label)
    except ValueError:
        return role


def _reason_basis(st: Step) -> str:
    """The articles of the reason given, as the ledger records them (``EventType.basis_for``)."""
    return "; ".join(st.etype.basis_for(st.payload))


def _not_suspendable(st: Step, d: dict, exc: LawError) -> ProcedureError:
    return ProcedureError(
        f"{d['rule']}: {exc}",
        basis=st.etype.basis[0],
        field="payload.excluded_from",
        zh=f"期限{d['rule']}：不计入的期间应当在期限开始后、届满前开始，并且不能与已经不计入的"
        "期间重叠",
    )


def _suspend(st: Step, rules: tuple[str, ...], person_key: str | None, calendar) -> None:
    """The days from the payload's ``excluded_from`` to its ``excluded_to`` are not counted in
    the open periods of ``rules`` (the law module's ``Deadline.suspended``)."""
    begins, ends = st.payload["excluded_from"], st.payload["excluded_to"]
    basis = _reason_basis(st)
    for d in open_deadlines_of(st.state, rules, person_key):
        d.setdefault("suspensions", []).append([begins, ends, basis])
        try:
            _refresh(d, calendar)
        except LawError as exc:
            raise _not_suspendable(st, d, exc) from None


def _pause(st: Step, rules: tuple[str, ...], person_key: str | None, calendar) -> None:
    """The open periods of ``rules`` stop counting from the payload's ``excluded_from``: each
    keeps ``paused`` (from, basis, reason) until :func:`end_pause`. The law module checks the
    day as it would a suspension's first day (after the start, not after the last day, not in
    another suspension)."""
    begins = st.payload["excluded_from"]
    basis = _reason_basis(st)
    first = date.fromisoformat(begins)
    for d in open_deadlines_of(st.state, rules, person_key):
        try:
            deadline_object(d, calendar).suspended(first, first, basis=basis)
        except LawError as exc:
            raise _not_suspendable(st, d, exc) from None
        # its end is not known: it may not begin before the end of one already recorded
        ended = max((s[1] for s in d.get("suspensions", ())), default=None)
        if ended is not None and begins <= ended:
            raise ProcedureError(
                f"{d['rule']}: time is already not counted up to {ended}: time still under way "
                "begins after it",
                basis=st.etype.basis[0],
                field="payload.excluded_from",
                zh=f"期限{d['rule']}：截至{ended}的期间已经不计入，尚未结束的不计入期间应当在其后开始",
            )
        d["paused"] = {"from": begins, "basis": basis, "reason": st.payload["reason"]}


def _resume(st: Step, calendar) -> None:
    """The case's pauses of the payload's ``reason`` end on its ``excluded_to``."""
    reason, ends = st.payload["reason"], st.payload["excluded_to"]
    for d in st.state["deadlines"].values():
        if d["status"] == "open" and (d.get("paused") or {}).get("reason") == reason:
            end_pause(d, ends, calendar)


def end_pause(d: dict, ends: str, calendar) -> None:
    """Deadline ``d``'s pause ends on ``ends`` (ISO; included): its days become a suspension
    (none when it ends before it began: a decision on the day the pause began)."""
    paused = d.pop("paused")
    if ends >= paused["from"]:
        d.setdefault("suspensions", []).append([paused["from"], ends, paused["basis"]])
        try:
            _refresh(d, calendar)
        except LawError as exc:
            raise ProcedureError(
                f"{d['rule']}: {exc}",
                field="payload.excluded_to",
                zh=f"期限{d['rule']}：不计入的期间不能与已经不计入的期间重叠",
            ) from None


def _apply_deadlines(st: Step, person_key: str | None, calendar) -> None:
    spec = st.etype.deadlines
    state, on, eid = st.state, st.occurred_on, st.event.id
    if spec.stop:
        close_deadlines(state, tuple(spec.stop), person_key, event_id=eid, on=on, calendar=calendar)
    for rule in spec.restart:
        for d in open_deadlines_of(state, rule, None):
            d["restarts"].append(d["start"])
            d["start"] = on.isoformat()
            d["extensions"] = []
            d.pop("suspensions", None)
            paused = d.get("paused")
            if paused:  # still under way: the new period counts none of its days either
                paused["from"] = max(paused["from"], (on + timedelta(days=1)).isoformat())
            # Custody as it is now (e.g. bail decided in a supervision-commission case).
            d["custody"] = bool(_case_custody(state, rule))
            _refresh(d, calendar)
        if not open_deadlines_of(state, rule, None):
            start_deadline(
                state,
                rule,
                on,
                person=None,
                event_id=eid,
                calendar=calendar,
                custody=_case_custody(state, rule),
            )
    for rule, period in spec.extend:
        if "{" in period:  # a period the payload gives ("{days} days")
            period = period.format(**st.payload)
            if period == "1 days":
                period = "1 day"
        for d in open_deadlines_of(state, rule, person_key):
            d["extensions"].append([period, "; ".join(st.etype.basis)])
            _refresh(d, calendar)
    suspended = spec.suspend(st) if callable(spec.suspend) else spec.suspend
    if suspended:
        _suspend(st, suspended, person_key, calendar)
    paused = spec.pause(st) if callable(spec.pause) else spec.pause
    if paused:
        _pause(st, paused, person_key, calendar)
    if spec.resume:
        _resume(st, calendar)
    for rule in spec.start:
        rule_id = rule(st) if callable(rule) else rule
        if not rule_id:
            continue
        if callable(spec.start_from):
            start = spec.start_from(st)
        elif spec.start_from:
            start = parse_date(st.payload[spec.start_from])
        else:
            start = on
        months = st.payload.get(spec.months_field) if spec.months_field else None
        # A case-wide period counts in custody when a suspect is in custody, as at receipt.
        custody = _case_custody(state, rule_id) if person_key is None else None
        start_deadline(
            state,
            rule_id,
            start,
            person=person_key,
            event_id=eid,
            calendar=calendar,
            custody=custody,
            months=months,
        )


def _conclude(state: dict, procedure: Procedure) -> None:
    """A case whose persons have all reached a final stage is concluded; one reopened for a
    person (a reconsideration, an additional suspect) is under review again."""
    if not procedure.final_stages or state["stage"] in ("received", "supplementary_investigation"):
        return
    done = all(p["stage"] in procedure.final_stages for p in state["persons"].values())
    if done:
        state["stage"] = "concluded"
    elif state["stage"] == "concluded":
        state["stage"] = "under_review"


def open_deadlines(state: dict) -> list[dict]:
    """The case's running handling deadlines, the nearest first: not a paused one (time is not
    counted in it, and its due day will move), nor a party's period (a victim's time to
    appeal: once run out with nothing done it has ended, not fallen due)."""
    party = catalogue().party_periods
    return sorted(
        (
            d
            for d in state["deadlines"].values()
            if d["status"] == "open" and not d.get("paused") and d["rule"] not in party
        ),
        key=lambda d: (d["due"], d["key"]),
    )
