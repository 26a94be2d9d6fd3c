"""The shapes of the catalogue: fields, event types, procedures. Pure Python.

An :class:`EventType` says what the law does in one act: who may record it, which approval it
needs, which persons it concerns, what it carries, which deadlines it starts, stops or
restarts, and on which articles it rests. A :class:`Procedure` (a case kind) says in which
stages each event is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from procuracy.core.dates import iso_date
from procuracy.core.errors import shown


class Said(str):
    """A check's refusal in English (the text itself) that also says it in Chinese (``zh``),
    for the staff web: ``return Said("a third return is not allowed", zh="…")``."""

    zh: str

    def __new__(cls, en: str, *, zh: str) -> Said:
        said = super().__new__(cls, en)
        said.zh = zh
        return said


class PayloadError(ValueError):
    def __init__(self, field_name: str, message: str, zh: str | None = None):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.zh = zh  # the reason in Chinese, after the field's Chinese label


@dataclass(frozen=True)
class Choice:
    code: str
    zh: str
    en: str
    basis: tuple[str, ...] = ()


#: Who transfers or brings a case (an intake's ``source.agency``; each procedure declares which
#: it takes, ``Procedure.sources``), as the intake form and the refusals name them.
SOURCE_AGENCIES = (
    Choice("police", "公安机关", "public security organ"),
    Choice("supervision_commission", "监察机关", "supervision commission"),
    Choice("procuratorate", "人民检察院", "procuratorate"),
    Choice("court", "人民法院", "court"),
    Choice("victim", "被害人", "victim"),
    Choice("administrative_agency", "行政执法机关", "administrative agency"),
    Choice("suspect_application", "犯罪嫌疑人申请", "application of the suspect"),
    Choice("detention_centre", "看守所", "detention centre"),
    Choice("prison", "监狱", "prison"),
    Choice("foreign_authority", "外国司法机关", "foreign judicial authority"),
    Choice(
        "public",
        "当事人申请或者群众控告、举报",
        "a party's application, or a report from the public",
    ),
)


@dataclass(frozen=True)
class Field:
    """One payload field. ``kind``: text, bool, int, date, choice, charges, username."""

    name: str
    kind: str
    zh: str
    en: str
    required: bool = True
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @cached_property
    def codes(self) -> frozenset:
        """The codes of the choices."""
        return frozenset(c.code for c in self.choices)

    def choice(self, code: str) -> Choice:
        for c in self.choices:
            if c.code == code:
                return c
        raise KeyError(code)

    def clean(self, value: Any) -> Any:
        """Validate and normalise one value; raise :class:`PayloadError`."""
        if value is None or value == "" or value == []:
            if self.required:
                raise PayloadError(self.name, "is required", "必须填写")
            return None
        kind = self.kind
        if kind == "text":
            if not isinstance(value, str):
                raise PayloadError(self.name, "must be text", "应为文字")
            value = value.strip()
            if len(value) > 2000:
                raise PayloadError(self.name, "is longer than 2000 characters", "超过2000字")
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                raise PayloadError(self.name, "must be true or false", "应为是或否")
            return value
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                try:
                    value = int(str(value))
                except ValueError:
                    raise PayloadError(
                        self.name, f"must be a whole number, not {shown(value)}", "应为整数"
                    ) from None
            if self.minimum is not None and value < self.minimum:
                raise PayloadError(
                    self.name,
                    f"must be at least {self.minimum}, not {value}",
                    f"不得小于{self.minimum}",
                )
            maximum = INT_CEILING if self.maximum is None else self.maximum
            if value > maximum:
                raise PayloadError(
                    self.name,
                    f"must be at most {maximum:,}, not {shown(value)}",
                    f"不得大于{maximum:,}",
                )
            return value
        if kind == "date":
            day = parse_date(value, self.name)
            if day < EARLIEST:
                raise PayloadError(
                    self.name,
                    f"{day} is before {EARLIEST}: not a date of a case",
                    f"{day}早于{EARLIEST}：不是案件中的日期",
                )
            return day.isoformat()
        if kind == "choice":
            try:
                known = value in self.codes
            except TypeError:  # a list or an object: not a code
                known = False
            if not known:
                codes = [c.code for c in self.choices]
                raise PayloadError(
                    self.name,
                    f"{shown(value)} is not one of {', '.join(codes)}",
                    f"只能是{'、'.join(c.zh for c in self.choices)}之一",
                )
            return value
        if kind == "charges":
            return clean_charges(value, self.name)
        if kind == "person":
            if not isinstance(value, dict):
                raise PayloadError(
                    self.name,
                    "must be an object with the person's identity",
                    "应为包含该人员身份信息的对象",
                )
            return value
        if kind == "username":
            if not isinstance(value, str) or not value.strip():
                raise PayloadError(self.name, "must be a username", "应为用户名")
            return value.strip()
        raise AssertionError(f"unknown field kind {kind}")


#: The earliest date a payload date field takes (a dispute's beginning is the oldest kind).
EARLIEST = date(1900, 1, 1)

#: The largest whole number a field takes when it declares no maximum of its own: a trillion
#: (yuan, for amounts), far above any one case and inside the 64-bit integers the figures'
#: columnar copy sums.
INT_CEILING = 10**12

_ARTICLE = re.compile(r"^\d{1,3}(-\d{1,2})?$")


def clean_charges(value: Any, name: str = "charges") -> list[dict]:
    """Charges as ``[{"article": "264", "name": "盗窃罪"}]``; the article of the Criminal Law
    (``"133-1"`` for 第一百三十三条之一)."""
    if not isinstance(value, list) or not value:
        raise PayloadError(name, "must be a non-empty list of charges", "应当至少填写一项")
    out = []
    for i, charge in enumerate(value, 1):
        if not isinstance(charge, dict):
            raise PayloadError(
                name,
                f"charge {i} must be an object with article and name",
                f"第{i}项应当包括条文和罪名",
            )
        article = str(charge.get("article", "")).strip()
        charge_name = str(charge.get("name", "")).strip()
        if not _ARTICLE.match(article):
            raise PayloadError(
                name,
                f"charge {i}: article {shown(article)} is not a Criminal Law "
                "article number such as 264 or 133-1",
                f"第{i}项：条文{shown(article)}不是《刑法》的条文序号（例如264或133-1）",
            )
        if not 102 <= int(article.split("-")[0]) <= 451:
            raise PayloadError(
                name,
                f"charge {i}: article {article} is not in the specific "
                "provisions of the Criminal Law (arts. 102-451)",
                f"第{i}项：条文{article}不在《刑法》分则（第102条至第451条）中",
            )
        if not charge_name:
            raise PayloadError(
                name, f"charge {i}: the charge name is required", f"第{i}项：应当填写罪名名称"
            )
        if (article, charge_name) not in _OFFICIAL:
            _check_official(name, i, article, charge_name)
            _OFFICIAL.add((article, charge_name))
        out.append({"article": article, "name": charge_name})
    return out


#: (article, charge name) pairs found official: the charge catalogue is fixed for the process.
_OFFICIAL: set[tuple[str, str]] = set()


def _check_official(name: str, i: int, article: str, charge_name: str) -> None:
    """The charge must be an official charge (罪名) of the catalogue, at its own article."""
    from procuracy import charges

    try:
        official = charges.by_name(charge_name)
    except KeyError:
        near = [c.name for c in charges.search(charge_name[:2])][:3]
        hint = f" (did you mean {'、'.join(near)}?)" if near else ""
        hint_zh = f"（是否为{'、'.join(near)}？）" if near else ""
        raise PayloadError(
            name,
            f"charge {i}: {shown(charge_name)} is not an official charge name{hint}",
            f"第{i}项：{shown(charge_name)}不是正式的罪名名称{hint_zh}",
        ) from None
    if article not in official.articles:
        raise PayloadError(
            name,
            f"charge {i}: {charge_name} is defined at CL art. "
            f"{', '.join(official.articles)}, not art. {article}",
            f"第{i}项：{charge_name}规定在《刑法》第{'、'.join(official.articles)}条，"
            f"不是第{article}条",
        )


def parse_date(value: Any, name: str = "date", *, strict: bool = True) -> date:
    """A date written YYYY-MM-DD. ``strict=False`` also reads what ``date.fromisoformat``
    reads (20240308, week dates), as versions before 2026-11-28 accepted: for replaying the
    ledger's stored intakes, never for new input."""
    if isinstance(value, date):
        return value
    try:
        return iso_date(value) if strict else date.fromisoformat(str(value))
    except ValueError:
        raise PayloadError(
            name, f"{shown(value)} is not a real date (YYYY-MM-DD)", "不是有效日期（YYYY-MM-DD）"
        ) from None


@dataclass(frozen=True)
class Deadlines:
    """Effects of an event on deadlines. Rule ids are those of the law catalogue.

    ``start``: rules started by the event, counted from ``occurred_on`` (or from the payload
    field named in ``start_from``). A rule given as a callable picks the rule id from the
    case, person and payload (or None for no deadline). ``stop``: rule ids closed. ``restart``:
    rule ids counted again from ``occurred_on`` (CPL 175). ``extend``: (rule id, period), the
    period fixed ("15 days") or given by the payload ("{days} days"); a person's event extends
    that person's periods and the case's.
    """

    start: tuple[str | Callable[..., str | None], ...] = ()
    stop: tuple[str, ...] = ()
    restart: tuple[str, ...] = ()
    extend: tuple[tuple[str, str], ...] = ()
    months_field: str | None = None
    # The day the started periods count from: a payload field name, or a function of the
    # step; by default the event's ``occurred_on``.
    start_from: str | Callable[..., date] | None = None
    # Rules whose open periods do not count the days from the payload's ``excluded_from`` to
    # its ``excluded_to`` (both included): a rule id, or a function of the step giving them
    # (e.g. a psychiatric assessment, CPL art. 149).
    suspend: tuple[str, ...] | Callable[..., tuple[str, ...]] = ()
    # Rules whose open periods stop counting from the payload's ``excluded_from`` while the
    # time is not over (an assessment under way): the deadline is kept ``paused`` until an
    # event with ``resume`` ends it, or a decision closes it.
    pause: tuple[str, ...] | Callable[..., tuple[str, ...]] = ()
    # Ends the case's pauses of the payload's ``reason`` on its ``excluded_to``: the days from
    # the pause's start to that day (both included) are then a suspension as above.
    resume: bool = False


@dataclass(frozen=True)
class Check:
    """A rule of procedure beyond stage and role: ``test(ctx)`` returns an error message (the
    rule it breaks, with its article) or None. ``field`` is what a refusal names as the field
    at fault (of an import line: ``type``, ``occurred_on``, ``persons``, ``actor``, ``org``,
    ``payload.NAME``); a test that can fail on different fields returns ``(field, message)``."""

    basis: str
    test: Callable[[Any], str | tuple[str, str] | None]
    field: str = "type"


@dataclass(frozen=True)
class EventType:
    code: str
    zh: str
    en: str
    line: str  # criminal, civil, administrative, public_interest
    scope: str  # "case" or "person"
    roles: frozenset[str]
    basis: tuple[str, ...]
    fields: tuple[Field, ...] = ()
    # Stages in which the event may be recorded: person stages for person events, case
    # stages for case events. "*" means any.
    from_stages: frozenset[str] = frozenset({"*"})
    to_stage: str | None = None
    # (payload field, value, stage): the stage a person moves to instead of ``to_stage`` when
    # the payload's field has that value (a reconsideration that changes the decision, a
    # protest whose court remanded the case for retrial)
    to_stage_when: tuple[tuple[str, str, str], ...] = ()
    # Approval: a role whose holder must approve (payload "approved_by"), always or when
    # ``approval_when(payload)`` is true.
    approval: str | None = None
    approval_when: Callable[[dict], bool] | None = None
    # ...or whatever the payload, in the cases where ``approval_in_case(case state)`` is true,
    # which ``approval_in_case_text`` says in words ("the case is self-investigated").
    approval_in_case: Callable[[dict], bool] | None = None
    approval_in_case_text: str = ""
    deadlines: Deadlines = field(default_factory=Deadlines)
    checks: tuple[Check, ...] = ()
    # Extra changes to the person or case state: a function (state, person, payload) -> None.
    effect: Callable[..., None] | None = None
    may_precede_receipt: bool = False
    # The agencies whose transferred cases it is recorded in (``SOURCE_AGENCIES`` codes);
    # empty: the cases of every source its procedures take.
    sources: frozenset[str] = frozenset()
    # Whether a stage it leads to begins on its date, for the order of the events after it
    # (engine._check_order). Not the assignment's: it hands the review, which began at the
    # receipt, to its handler.
    begins_stage: bool = True
    corrects_only: bool = False
    # The flag the figures count for the event when its payload has no flag of its own: a
    # function (payload, occurred_on, case state, event id) -> bool or None (figures/facts.py).
    fact_flag: Callable[[dict, date, dict, str], bool | None] | None = None

    @cached_property
    def payload_names(self) -> frozenset[str]:
        """The payload's known names: the fields, an approver and a note."""
        return frozenset({f.name for f in self.fields} | {"approved_by", "note"})

    @cached_property
    def _reasoned(self) -> tuple[tuple[str, dict[str, tuple[str, ...]]], ...]:
        """The choice fields whose choices rest on articles of their own: (name, {code:
        articles})."""
        return tuple(
            (f.name, {c.code: c.basis for c in f.choices})
            for f in self.fields
            if f.kind == "choice" and any(c.basis for c in f.choices)
        )

    def basis_for(self, payload: dict) -> tuple[str, ...]:
        """The articles this event rests on with this payload, as the ledger records them: the
        articles of the choices made (a non-prosecution's type, a reason for time not counted)
        first, then the event's own articles except those that belong only to the choices not
        made. A non-prosecution for insufficient evidence rests on CPL art. 175 ¶4 and Rules
        art. 367, not on the articles of statutory or discretionary non-prosecution."""
        if not self._reasoned:
            return self.basis
        made = tuple(payload.get(name) for name, _ in self._reasoned)
        found = self._bases.get(made)
        if found is None:
            chosen: list[str] = []
            other: set[str] = set()
            for (_, articles), value in zip(self._reasoned, made, strict=True):
                for code, basis in articles.items():
                    if code == value:
                        chosen.extend(basis)
                    else:
                        other.update(basis)
            kept = [a for a in self.basis if a not in other or a in chosen]
            found = self._bases[made] = tuple(dict.fromkeys((*chosen, *kept)))
        return found

    @cached_property
    def _bases(self) -> dict[tuple, tuple[str, ...]]:
        """:meth:`basis_for`'s answers by the choices made (a handful per type)."""
        return {}

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def needs_approval(self, payload: dict, state: dict | None = None) -> str | None:
        """The role that must approve this payload in the case of ``state`` (None: no case
        yet, or not known), or None."""
        if not self.approval:
            return None
        if self.approval_when is None and self.approval_in_case is None:
            return self.approval
        if self.approval_when is not None and self.approval_when(payload):
            return self.approval
        if self.approval_in_case is not None and state and self.approval_in_case(state):
            return self.approval
        return None

    def may_need_approval(self, state: dict | None = None) -> bool:
        """Whether some payload of this event needs approval in the case of ``state``."""
        if not self.approval:
            return False
        if self.approval_when is not None or self.approval_in_case is None:
            return True
        return bool(state) and self.approval_in_case(state)


@dataclass(frozen=True)
class Procedure:
    """A case kind: its number code, department, initial stages, allowed events."""

    kind: str
    zh: str
    en: str
    line: str
    number_code: str  # e.g. 刑诉受, in 京朝检刑诉受〔2024〕123号
    department: str
    basis: tuple[str, ...]
    sources: frozenset[str]
    events: frozenset[str]
    initial_person_stage: str
    required_materials: tuple[Choice, ...]
    # Deadlines started at receipt: a function (case, person) -> rule id or None, per person,
    # and a function (case) -> rule id(s) or None for the case as a whole.
    person_deadline: Callable[..., str | None] | None = None
    case_deadline: Callable[..., str | tuple[str, ...] | None] | None = None
    # Person stages that end the procedure for that person.
    final_stages: frozenset[str] = frozenset()
    # The custody a person must be in to be received (empty: any), and the article that says
    # so (e.g. the necessity of detention is reviewed after an arrest, CPL art. 95).
    intake_custody: frozenset[str] = frozenset()
    intake_custody_basis: str = ""
    # A person at large at receipt is reviewed as any other (review for arrest: an arrest
    # approved for a fugitive is what a wanted notice rests on, CPL art. 155); elsewhere they
    # wait at the stage at_large (Rules art. 158 ¶3: accepted for the suspects present).
    at_large_reviewed: bool = False
    # The roles of the case's parties, for a procedure whose persons are parties (a public
    # interest case's administrative organs or infringers: natural persons or organisations,
    # without custody or charges) rather than suspects.
    parties: tuple[Choice, ...] = ()
    # Departments the procedure was declared to before (an assignment recorded then names one;
    # it still passes a correction's check of the case's history)
    former_departments: frozenset[str] = frozenset()
    # The levels of procuratorate that receive such a case (empty: any; cases/levels.py), and
    # the article that says so (the next-level review of a non-arrest: Rules art. 291).
    levels: frozenset[str] = frozenset()
    levels_basis: str = ""
    # Its persons are pursued for criminal liability (review for arrest or prosecution, the
    # procuratorate's own investigation): Criminal Law art. 17's ages are checked at intake and
    # for a person added. Not in supervision or remedy procedures, where an under-age suspect
    # is the very reason to act (an order to withdraw the case, a release).
    criminal_age: bool = False
