"""Import and export of ledger events as JSON Lines: the format ``procuracy-events/1``
(docs/interchange.md, schema docs/schemas/events-v1.schema.json).

Export writes one event per line, in chain order (procuratorate code, then ``seq``).

Import reads every line, validates it against the JSON Schema and then against the procedure
(the same engine validation, role checks and idempotency rules as the actions), inside **one**
transaction: if any line is rejected, nothing is written and every rejected line is reported
(``line N: field F: reason``). Lines already imported (same event id, or same idempotency key,
with the same content) are skipped, so importing a file twice changes nothing the second time.

Two ways to apply the lines, with the same result (tests/cases/test_interchange.py checks that
they write identical ledgers and projections):

- ``mode="bulk"`` (the default): each event is validated by ``engine.step_with_payload`` and
  chained (``ledger.canonical``/``chain_hash``) one by one, in memory; the ledger rows are then
  inserted with COPY or executemany (``ledger.write_rows``), each chain's ``LedgerHead`` is
  updated once and each case's projection is written once. Corrections are applied through
  ``actions.record_event`` after flushing what is pending (they need the case's full
  history). On PostgreSQL the rows are written while the next lines are validated
  (``_Bulk.streaming``, ``cases.writer``).
- ``mode="actions"``: every line goes through ``actions.receive_case``/``record_event`` in a
  savepoint of its own; slow (one transaction's worth of queries per event), kept as the
  reference and for ``procuracy import --through-actions``.
"""

from __future__ import annotations

import contextlib
import gc
import json
import marshal
import math
import re
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import IO, Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from procuracy import access
from procuracy.audit.actions import record_sensitive_read, record_write
from procuracy.core.errors import DomainError, Forbidden, NotFound, ValidationFailed, shown
from procuracy.law.management.store import site_calendar
from procuracy.orgs.models import Procuratorate
from procuracy.parties.models import Person
from procuracy.staff.models import User
from procuracy.staff.roles import Role, department_en

from . import actions, ledger, projection
from .catalogue import EVENT_TYPES, PROCEDURES
from .declarations import PayloadError
from .engine import (
    NAME_MAX,
    PERSON_FIELDS,
    PERSON_KEY,
    RANKS,
    Context,
    Event,
    ProcedureError,
    copy_state,
    memoised,
    open_deadlines,
    step,
    step_with_payload,
)
from .flags import FLAGS
from .models import Case, CaseDeadline, CasePerson, LedgerEvent, LedgerHead
from .writer import BackgroundWriter

FORMAT = "procuracy-events/1"
#: The databases on which the bulk import writes while it validates (``_Bulk.streaming``):
#: PostgreSQL, whose server does the writing's work in a process of its own. SQLite does it in
#: the import's own process, mostly holding Python's interpreter lock: measured slower there.
STREAM_VENDORS = frozenset({"postgresql"})
#: While streaming: ledger rows and new cases per background write
STREAM_ROWS = 2000
STREAM_CASES = 500
SYSTEM = "system"

_UUID = "^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$"
_PERSON_KEY = f"^{PERSON_KEY.pattern}$"  # the engine's rule for a person's key
_DATE = r"^\d{4}-\d{2}-\d{2}$"

#: The JSON Schema of one line. docs/schemas/events-v1.schema.json is this, written out (a test
#: checks that the two agree).
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://procuracy.org/schemas/events-v1.schema.json",
    "title": "procuracy-events/1",
    "description": "One event of the Procuracy case ledger: one JSON object per line of a JSON "
    "Lines file (docs/interchange.md).",
    "type": "object",
    "required": ["format", "id", "org", "case", "type", "occurred_on", "actor", "payload"],
    "additionalProperties": False,
    "properties": {
        "format": {"const": FORMAT},
        "id": {"type": "string", "pattern": _UUID, "description": "the event's id (UUID)"},
        "org": {
            "type": "string",
            "pattern": r"^\d{6}$",
            "description": "code of the procuratorate whose ledger holds the event",
        },
        "case": {
            "type": "object",
            "required": ["id"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": _UUID},
                "number": {
                    "type": ["string", "null"],
                    "minLength": 1,
                    "maxLength": 64,
                    "description": "the case number; on case.received, null or absent to "
                    "have Procuracy give the next number",
                },
            },
        },
        "type": {
            "type": "string",
            "pattern": r"^[a-z_]+\.[a-z_]+$",
            "description": "event type code (procuracy case types)",
        },
        "occurred_on": {"type": "string", "pattern": _DATE, "format": "date"},
        "persons": {
            "type": "array",
            "items": {"type": "string", "pattern": _PERSON_KEY},
            "uniqueItems": True,
            "description": "keys of the case persons the event concerns (P1, P2, ...)",
        },
        "actor": {
            "type": "string",
            "minLength": 1,
            "maxLength": 150,
            "description": "username of the user who recorded the event; 'system' for "
            "Procuracy itself",
        },
        "payload": {"type": "object"},
        "corrects": {"type": ["string", "null"], "pattern": _UUID},
        "idempotency_key": {"type": ["string", "null"], "minLength": 1, "maxLength": 200},
        "recorded_at": {
            "type": ["string", "null"],
            "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$",
            "format": "date-time",
        },
        "basis": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 200},
            "description": "the event's legal basis as recorded (procuracy export --chain); "
            "read by procuracy import --restore only",
        },
        "chain": {
            "type": "object",
            "required": ["seq", "prev", "hash"],
            "additionalProperties": False,
            "properties": {
                "seq": {"type": "integer", "minimum": 1},
                "prev": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
            "description": "the event's place in its procuratorate's hash chain: position, "
            "hash of the event before it, its own hash (procuracy export --chain); read by "
            "procuracy import --restore only, which then restores the events as recorded",
        },
    },
    "dependentRequired": {"chain": ["basis", "recorded_at"]},
    "allOf": [
        {
            "if": {"required": ["type"], "properties": {"type": {"const": "case.received"}}},
            "then": {
                "properties": {
                    "persons": {"maxItems": 0},
                    "corrects": {"const": None},
                    "payload": {"$ref": "#/$defs/intake"},
                }
            },
        },
        {
            "if": {"required": ["type"], "properties": {"type": {"const": "event.corrected"}}},
            "then": {
                "required": ["corrects"],
                "properties": {"corrects": {"type": "string"}},
            },
            "else": {"properties": {"corrects": {"const": None}}},
        },
    ],
    "$defs": {
        "intake": {
            "type": "object",
            "required": ["kind", "source", "persons", "materials"],
            "additionalProperties": False,
            "properties": {
                "kind": {"type": "string", "enum": sorted(PROCEDURES)},
                "source": {
                    "type": "object",
                    "required": ["agency"],
                    "properties": {"agency": {"type": "string"}},
                },
                "persons": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/person"}},
                "materials": {"type": "array", "items": {"type": "string"}},
                "complex": {"type": "boolean"},
                "self_investigated": {"type": "boolean"},
                "flags": {
                    "type": "array",
                    "uniqueItems": True,
                    "items": {"type": "string", "enum": sorted(FLAGS)},
                },
            },
        },
        "person": {
            "type": "object",
            "required": ["name"],
            "additionalProperties": False,
            "properties": {
                "key": {"type": "string", "pattern": _PERSON_KEY},
                "name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
                "id_kind": {"type": "string"},
                "id_number": {"type": "string"},
                "id_country": {"type": "string"},
                "sex": {"enum": ["male", "female", "unknown", None]},
                "birth_date": {"type": ["string", "null"]},
                "custody": {"type": "string"},
                "role": {"type": "string"},
                "offence_date": {"type": ["string", "null"]},
                "guilty_plea": {"type": "boolean"},
                "rank": {"enum": sorted(RANKS)},
                "charges": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["article", "name"],
                        "properties": {
                            "article": {"type": "string"},
                            "name": {"type": "string"},
                        },
                    },
                },
            },
        },
    },
}

_validator = None


def validator():
    global _validator
    if _validator is None:
        from jsonschema import Draft202012Validator, FormatChecker

        Draft202012Validator.check_schema(SCHEMA)
        _validator = Draft202012Validator(SCHEMA, format_checker=FormatChecker(["date"]))
    return _validator


# --- the fast structural check ----------------------------------------------------------------

_re_uuid = re.compile(_UUID).search
_new, _set, _SAFE = object.__new__, object.__setattr__, uuid.SafeUUID.unknown


def _uuid(text: str, field_name: str) -> uuid.UUID:
    """``uuid.UUID(text)`` for a text the schema has matched (32 hex digits, the dashes
    optional), without the general parsing of every form ``uuid.UUID`` accepts (half the time
    of the two ids of every line). The schema's ``$`` also matches before a final newline
    (Python's regular expressions, unlike JSON Schema's), which is refused here."""
    digits = text.replace("-", "")
    if len(digits) != 32:
        raise LineError(field_name, f"{shown(text)} is not a UUID")
    made = _new(uuid.UUID)
    _set(made, "int", int(digits, 16))
    _set(made, "is_safe", _SAFE)
    return made


_re_org = re.compile(SCHEMA["properties"]["org"]["pattern"]).search
_re_type = re.compile(SCHEMA["properties"]["type"]["pattern"]).search
_re_day = re.compile(_DATE).search
_re_person_key = re.compile(SCHEMA["$defs"]["person"]["properties"]["key"]["pattern"]).search
_re_recorded = re.compile(SCHEMA["properties"]["recorded_at"]["pattern"]).search
_re_iso_day = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII).fullmatch  # jsonschema's "date" format
_LINE_KEYS = frozenset(SCHEMA["properties"])
_CASE_KEYS = frozenset(SCHEMA["properties"]["case"]["properties"])
_INTAKE_KEYS = frozenset(SCHEMA["$defs"]["intake"]["properties"])
_KINDS = frozenset(SCHEMA["$defs"]["intake"]["properties"]["kind"]["enum"])
_SEXES = frozenset(s for s in SCHEMA["$defs"]["person"]["properties"]["sex"]["enum"] if s)
_PERSON_TEXT = ("id_kind", "id_number", "id_country", "custody", "role", "rank")
_PERSON_TEXT_OR_NULL = ("birth_date", "offence_date")


def _text(value, low: int, high: int) -> bool:
    return type(value) is str and low <= len(value) <= high


def _fast_person(p) -> bool:
    if type(p) is not dict or "name" not in p or not _text(p["name"], 1, 64):
        return False
    if not p.keys() <= PERSON_FIELDS:
        return False
    get = p.get
    key = get("key")
    if key is not None or "key" in p:
        if type(key) is not str or not _re_person_key(key):
            return False
    for name in _PERSON_TEXT:
        if name in p and type(p[name]) is not str:
            return False
    for name in _PERSON_TEXT_OR_NULL:
        value = get(name)
        if value is not None and type(value) is not str:
            return False
    sex = get("sex")
    if sex is not None and (type(sex) is not str or sex not in _SEXES):
        return False
    if "guilty_plea" in p and type(p["guilty_plea"]) is not bool:
        return False
    if "charges" in p:
        charges = p["charges"]
        if type(charges) is not list:
            return False
        for c in charges:
            if (
                type(c) is not dict
                or type(c.get("article")) is not str
                or type(c.get("name")) is not str
            ):
                return False
    return True


def _fast_intake(p) -> bool:
    if type(p) is not dict or not p.keys() <= _INTAKE_KEYS:
        return False
    try:
        kind, source, persons, materials = p["kind"], p["source"], p["persons"], p["materials"]
    except KeyError:
        return False
    if type(kind) is not str or kind not in _KINDS:
        return False
    if type(source) is not dict or type(source.get("agency")) is not str:
        return False
    if type(persons) is not list or not persons or not all(map(_fast_person, persons)):
        return False
    if type(materials) is not list or any(type(m) is not str for m in materials):
        return False
    for name in ("complex", "self_investigated"):
        if name in p and type(p[name]) is not bool:
            return False
    if "flags" in p:
        flags = p["flags"]
        if type(flags) is not list or not all(type(f) is str and f in FLAGS for f in flags):
            return False
        if len(set(flags)) != len(flags):
            return False
    return True


def fast_check(obj: dict) -> bool:
    """True only for a line that :data:`SCHEMA` accepts: the schema written out by hand for
    the common case, some fifty times faster than the general validator. A line it does not
    accept goes to the validator, which reports the errors (or accepts it after all), so the
    schema check keeps its exact rejections and messages (tests/cases/test_fast_check.py
    compares the two on generated and mutated lines)."""
    if type(obj) is not dict or not obj.keys() <= _LINE_KEYS or "chain" in obj or "basis" in obj:
        return False  # (a restore's chained lines: the validator checks them)
    try:
        eid, org, case, etype = obj["id"], obj["org"], obj["case"], obj["type"]
        occurred, actor, payload = obj["occurred_on"], obj["actor"], obj["payload"]
        if obj["format"] != FORMAT:
            return False
    except KeyError:
        return False
    if type(eid) is not str or not _re_uuid(eid) or type(org) is not str or not _re_org(org):
        return False
    if type(case) is not dict or not case.keys() <= _CASE_KEYS or "id" not in case:
        return False
    case_id = case["id"]
    if type(case_id) is not str or not _re_uuid(case_id):
        return False
    number = case.get("number")
    if number is not None and not _text(number, 1, 64):
        return False
    if type(etype) is not str or not _re_type(etype):
        return False
    if type(occurred) is not str or not _re_day(occurred) or not _re_iso_day(occurred):
        return False
    try:
        date.fromisoformat(occurred)
    except ValueError:
        return False
    if not _text(actor, 1, 150) or type(payload) is not dict:
        return False
    get = obj.get
    persons = get("persons")
    if persons is not None or "persons" in obj:
        if type(persons) is not list:
            return False
        for key in persons:
            if type(key) is not str or not _re_person_key(key):
                return False
        if len(set(persons)) != len(persons):
            return False
    corrects = get("corrects")
    if corrects is not None and (type(corrects) is not str or not _re_uuid(corrects)):
        return False
    key = get("idempotency_key")
    if key is not None and not _text(key, 1, 200):
        return False
    recorded = get("recorded_at")
    if recorded is not None and (type(recorded) is not str or not _re_recorded(recorded)):
        return False
    if etype == "event.corrected":
        return corrects is not None
    if corrects is not None:
        return False
    if etype == "case.received":
        return not persons and _fast_intake(payload)
    return True


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rejection:
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: field {self.field}: {self.reason}"


@dataclass
class ImportResult:
    lines: int = 0
    imported: int = 0
    skipped: int = 0
    cases: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    dry_run: bool = False
    #: seconds spent reading and checking against the schema, validating and chaining,
    #: and writing (for ``procuracy bench``; not part of the JSON report)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.rejected

    def as_json(self) -> dict:
        return {
            "format": FORMAT,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "lines": self.lines,
            "imported": self.imported if self.ok else 0,
            "skipped": self.skipped,
            "cases": self.cases if self.ok else 0,
            "rejected": [
                {"line": r.line, "field": r.field, "reason": r.reason} for r in self.rejected
            ],
        }


class LineError(Exception):
    def __init__(self, field_name: str, reason: str):
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


@dataclass
class Line:
    no: int
    id: uuid.UUID
    org: str
    case_id: uuid.UUID
    number: str | None
    type: str
    occurred_on: date
    persons: tuple[str, ...]
    actor: str
    payload: dict
    corrects: uuid.UUID | None
    key: str | None
    recorded_at: datetime | None
    # what ``procuracy export --chain`` adds: the basis as recorded, and (seq, prev, hash)
    basis: tuple[str, ...] | None = None
    chain: tuple[int, str, str] | None = None


# --- parsing --------------------------------------------------------------------------------


def _path(parts: Iterable) -> str:
    """A schema error's path as the import names fields: ``payload.persons[0].id_number``, a
    list's item by its index in brackets, as the procedure's refusals name it."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out


def _schema_rejections(no: int, obj: Any) -> list[Rejection]:
    out = []
    for error in validator().iter_errors(obj):
        where = _path(error.absolute_path)
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else "?"
            out.append(Rejection(no, _path([*error.absolute_path, missing]), "is required"))
        elif error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            for name in extra:
                out.append(
                    Rejection(
                        no, _path([*error.absolute_path, name]), f"unknown field for {FORMAT}"
                    )
                )
        elif error.validator == "const":
            out.append(
                Rejection(no, where or "(line)", f"must be {json.dumps(error.validator_value)}")
            )
        elif error.validator == "pattern":
            form = _FORMS.get(_last_name(error.absolute_path))
            said = f": {form}" if form else ""
            out.append(
                Rejection(no, where, f"{shown(error.instance)} is not in the expected form{said}")
            )
        elif error.validator == "format" and error.validator_value == "date":
            out.append(Rejection(no, where, f"{shown(error.instance)} is not a real date"))
        elif error.validator == "type":
            kinds = error.validator_value
            kinds = [kinds] if isinstance(kinds, str) else kinds
            words = " or ".join(_TYPE_WORDS.get(k, k) for k in kinds)
            out.append(
                Rejection(no, where or "(line)", f"must be {words}, not {shown(error.instance)}")
            )
        else:
            out.append(Rejection(no, where or "(line)", error.message))
    # one rejection per field: a value not in its form is not also said to be no real date
    first: dict[str, Rejection] = {}
    for rejection in out:
        first.setdefault(rejection.field, rejection)
    return sorted(first.values(), key=lambda r: r.field)


#: What a JSON type is called in a rejection.
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
    "null": "null",
}
#: The form a field's pattern asks for, said in its rejection.
_FORMS = {
    "id": "a UUID",
    "org": "a procuratorate's 6-digit code",
    "type": "an event type code such as arrest.approved (procuracy case types)",
    "occurred_on": "YYYY-MM-DD",
    "recorded_at": "a date and time with its offset from UTC, such as "
    "2024-03-08T10:15:09+08:00 or 2024-03-08T02:15:09Z",
    "corrects": "a UUID",
    "persons": "a person's key such as P1",
    "key": "a person's key such as P1",
    "prev": "64 hexadecimal digits (0-9, a-f)",
    "hash": "64 hexadecimal digits (0-9, a-f)",
}


def _last_name(path) -> str:
    """The last field name of a schema error's path (``persons.0`` -> ``persons``)."""
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else ""


def _instant(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise LineError("recorded_at", f"{shown(value)} is not a real date and time") from None
    if instant.tzinfo is None:
        raise LineError("recorded_at", "needs a time zone offset (Z or +08:00)")
    return instant.astimezone(UTC)


def _check_recorded(recorded: datetime, occurred: date) -> None:
    """A recording time is when an event entered a ledger: not before its legal date and not
    after today (days in the site's time zone; within today, other systems' clocks may run a
    little ahead of this one). It is hashed into the chain and selects what ``export --since``
    gives, so a wrong one would mislead every later reader."""
    # the site's zone (Django caches it), not the thread's current one, which costs a context
    # lookup per line (5% of a simulation, which gives every line its time)
    site = timezone.get_default_timezone()
    day = recorded.astimezone(site).date()
    if day < occurred:
        raise LineError(
            "recorded_at",
            f"recorded on {day}, before the event's legal date {occurred.isoformat()}",
        )
    if day > datetime.now(site).date():
        raise LineError("recorded_at", f"recorded on {day}, after today")


def parse_line(no: int, text: str) -> Line | list[Rejection]:
    """One line: the checked :class:`Line`, or its rejections."""
    try:
        obj = orjson.loads(text)
    except orjson.JSONDecodeError:
        obj = _slow_loads(no, text)
        if isinstance(obj, Rejection):
            return [obj]
        slow = True
    else:
        slow = False
    # Rare: only then is every text of the line looked at (orjson refuses lone surrogates).
    if (slow or "\\u0000" in text) and isinstance(obj, dict):
        found = _unstorable(obj)
        if found is not None:
            return _refused(obj, [Rejection(no, *found)])
    if isinstance(obj, dict):
        twice = _key_given_twice(text, obj)
        if twice is not None:
            return _refused(
                obj,
                [
                    Rejection(
                        no,
                        twice,
                        "given twice in one object: a reader "
                        "that keeps the first would read another event",
                    )
                ],
            )
    return parse_object(no, obj)


def _key_count(value) -> int:
    """The keys of every object in ``value`` (a JSON object or array), nested ones too."""
    n, todo = 0, [value]
    while todo:
        v = todo.pop()
        if type(v) is dict:
            n += len(v)
            v = v.values()
        for x in v:
            if type(x) is dict or type(x) is list:
                todo.append(x)
    return n


def _key_given_twice(text: str, obj: dict) -> str | None:
    """A key given twice in one object of the line (JSON readers keep the last, or the first,
    or refuse): its name, else None. The parsed object holds as many keys as the text has
    ``"key":`` unless a key was given twice, or a text holds ``":``, or a colon follows a
    space (a key spaced from its colon): only then is the line read again, keeping every
    pair."""
    spaced = " :" in text or "\t:" in text or "\r:" in text  # (a line holds no "\n")
    if not spaced and _key_count(obj) == text.count('":'):
        return None
    twice: list[str] = []

    def pairs(items: list) -> dict:
        keys = [k for k, _ in items]
        twice.extend(k for i, k in enumerate(keys) if k in keys[:i])
        return dict(items)

    try:
        json.loads(text, object_pairs_hook=pairs, parse_constant=_not_a_number)
    except ValueError:  # what orjson read and json does not (never expected): nothing to add
        return None
    return twice[0] if twice else None


def _not_a_number(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value in (math.inf, -math.inf):
        raise ValueError(f"{text} is too large for a number")
    return value


def _slow_loads(no: int, text: str) -> Any:
    """``json.loads``, for what orjson refuses: it accepts integers beyond 64 bits, and its
    messages are the ones reported. What no database and no other JSON reader takes is refused
    here as orjson refuses it: NaN, Infinity, numbers too large for a float, lone surrogates
    (text that is not Unicode), nesting deeper than the recursion allows."""
    try:
        # an error at the end is in the line, not after it
        obj = json.loads(text.rstrip("\r\n"), parse_constant=_not_a_number, parse_float=_finite)
    except json.JSONDecodeError as exc:
        return Rejection(no, "(line)", f"not JSON: {exc.msg} at column {exc.colno}")
    except ValueError as exc:
        if "integer string conversion" in str(exc):  # Python's limit of 4,300 digits
            return Rejection(no, "(line)", "not JSON this import takes: a number too long")
        return Rejection(no, "(line)", f"not JSON: {exc}")
    except RecursionError:
        return Rejection(no, "(line)", "not JSON this import takes: nested too deeply")
    return obj


def _unstorable(value, path: str = "(line)") -> tuple[str, str] | None:
    """The path of the first text in ``value`` (a key or a value) that no database column
    stores, and why: a NUL character (PostgreSQL's text refuses it) or a lone surrogate (not
    UTF-8)."""
    try:
        return _first_unstorable(value, path)
    except RecursionError:
        return path, "nested too deeply"


def _bad_text(text: str) -> str | None:
    if "\x00" in text:
        return "contains a NUL character (\\u0000)"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "is not Unicode text (a lone surrogate such as \\ud800)"
    return None


def _first_unstorable(value, path: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        why = _bad_text(value)
        return (path, why) if why else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = key if path == "(line)" else f"{path}.{key}"
            why = _bad_text(key)
            if why:
                return where, why
            found = _first_unstorable(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _first_unstorable(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


class Rejections(list):
    """A line's rejections; ``case_of`` is the case id the line names, when it has one, so
    that the case's later lines say that an earlier line of it was refused, and
    ``receipt_of`` the same for a refused ``case.received`` line (its later lines say that
    its receipt was refused)."""

    case_of: uuid.UUID | None = None
    receipt_of: uuid.UUID | None = None


def _refused(obj: dict, rejections: list[Rejection]) -> Rejections:
    out = Rejections(rejections)
    case = obj.get("case")
    if isinstance(case, dict):
        try:
            out.case_of = uuid.UUID(case.get("id"))
        except (TypeError, ValueError, AttributeError):
            return out
        if obj.get("type") == "case.received":
            out.receipt_of = out.case_of
    return out


def parse_object(no: int, obj: Any) -> Line | list[Rejection]:
    """One line already decoded from JSON: the checked :class:`Line`, or its rejections."""
    if not isinstance(obj, dict):
        return [Rejection(no, "(line)", "must be a JSON object")]
    if not fast_check(obj):
        rejections = _schema_rejections(no, obj)
        if rejections:
            return _refused(obj, rejections)
    try:
        try:
            occurred = date.fromisoformat(obj["occurred_on"])
        except ValueError:
            raise LineError(
                "occurred_on", f"{shown(obj['occurred_on'])} is not a real date"
            ) from None
        corrects = obj.get("corrects")
        case = obj["case"]
        recorded = _instant(obj.get("recorded_at"))
        if recorded is not None:
            _check_recorded(recorded, occurred)
        return Line(
            no=no,
            id=_uuid(obj["id"], "id"),
            org=obj["org"],
            case_id=_uuid(case["id"], "case.id"),
            number=case.get("number") or None,
            type=obj["type"],
            occurred_on=occurred,
            persons=tuple(obj.get("persons") or ()),
            actor=obj["actor"],
            payload=obj["payload"],
            corrects=_uuid(corrects, "corrects") if corrects else None,
            key=obj.get("idempotency_key") or None,
            recorded_at=recorded,
            basis=tuple(obj["basis"]) if "basis" in obj else None,
            chain=(obj["chain"]["seq"], obj["chain"]["prev"], obj["chain"]["hash"])
            if "chain" in obj
            else None,
        )
    except LineError as exc:
        return _refused(obj, [Rejection(no, exc.field, exc.reason)])


def read_lines(stream: IO[str] | IO[bytes]) -> Iterator[tuple[int, Line | list[Rejection]]]:
    """Parse a JSON Lines stream; blank lines are ignored (they keep their number). A binary
    stream (the command's) is split on ``\n`` only, as the format says (JSON allows a bare
    ``\r`` inside a line), and a line that is not UTF-8 is refused with its number. A byte
    order mark before the first line is skipped."""
    for no, text in enumerate(stream, 1):
        if no == 1:  # a byte order mark (Windows editors save UTF-8 so) is not of the line
            text = text.removeprefix(b"\xef\xbb\xbf" if type(text) is bytes else "\ufeff")
        if type(text) is bytes:
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield no, [Rejection(no, "(line)", f"not UTF-8 text at byte {exc.start + 1}")]
                continue
        if text.strip():
            yield no, parse_line(no, text)


def read_objects(objects: Iterable[Any]) -> Iterator[tuple[int, Line | list[Rejection]]]:
    """Lines given as decoded JSON objects (a generator in the same process, such as the
    simulator): checked exactly as the text lines are, numbered from 1."""
    for no, obj in enumerate(objects, 1):
        yield no, parse_object(no, obj)


# --- import ---------------------------------------------------------------------------------

#: Fields named by the actions, as fields of a line.
_FIELDS = {
    "kind": "payload.kind",
    "received_on": "occurred_on",
    "case_id": "case.id",
    "number": "case.number",
    None: "(line)",
    "": "(line)",
}


_INTAKE_PERSON = re.compile(r"persons\.P(\d+)(\..+)?")


def _line_field(line: Line, name: str) -> str:
    """A field as the line has it: an intake's person the engine calls ``persons.P2`` is the
    line's ``payload.persons[1]`` (its persons are numbered P1, P2, ... in the order given);
    the line's own ``persons`` are the keys of persons already in the case."""
    if line.type == "case.received":
        m = _INTAKE_PERSON.fullmatch(name)
        if m:
            return f"payload.persons[{int(m[1]) - 1}]{m[2] or ''}"
    return name


def _domain_rejection(no: int, exc: DomainError | ProcedureError) -> Rejection:
    reason = exc.message
    if isinstance(exc, ProcedureError) and exc.basis:
        reason = f"{reason} ({exc.basis})"
    if isinstance(exc, Forbidden):
        name = "actor"
    elif isinstance(exc, NotFound):
        name = "case.id"
    else:
        name = _FIELDS.get(exc.field, exc.field)
    return Rejection(no, name, reason)


def _fingerprint_matches(row: dict, line: Line) -> bool:
    """Whether a stored event (id, procuratorate, type, case, date, persons, payload) is this
    line's event: the same payload once the line's is normalised as recording it was (fields
    cleaned, empty values dropped), nothing more and nothing less."""
    if row["event_type"] != line.type or uuid.UUID(str(row["case_id"])) != line.case_id:
        return False
    if row["procuratorate__code"] != line.org:
        return False
    occurred = row["occurred_on"]
    if isinstance(occurred, str):
        occurred = date.fromisoformat(occurred)
    if occurred != line.occurred_on:
        return False
    if tuple(p for p in row["persons"].split(",") if p) != line.persons:
        return False
    stored = json.loads(row["payload"])
    if line.type == "case.received":  # what the import adds to the intake
        stored = {k: v for k, v in stored.items() if k not in _INTAKE_ONLY}
    return _comparable(stored) == _comparable(_normalised(line))


def _normalised(line: Line) -> dict:
    """The line's payload as recording it stores it, as far as the event type's fields say
    (a text stripped, a number given as text made a number, a note cut at 2,000 characters);
    a value its field refuses stays as it is (and so differs)."""
    etype = EVENT_TYPES.get(line.type)
    if etype is None:
        return line.payload
    out = {}
    names = {f.name: f for f in etype.fields}
    for name, value in line.payload.items():
        f = names.get(name)
        if f is not None:
            try:
                value = f.clean(value)
            except PayloadError:
                pass
        elif name == "note" and value:
            value = str(value)[:2000]
        out[name] = value
    return out


def _comparable(payload: dict) -> dict:
    """A payload without its empty values (None, "", [], {}, false): a default left out and a
    default given are the same event."""
    return {
        k: v
        for k, v in payload.items()
        if not (v is None or v is False or v == "" or v == [] or v == {})
    }


class _Importer:
    """What both modes share: units, users, which cases are known, already-imported lines."""

    def __init__(self, allow_system: bool, restore: bool = False):
        # restore: this installation's own export, its actors as recorded (see import_lines)
        self.allow_system = allow_system or restore
        self.restore = restore
        self.units: dict[str, Procuratorate | None] = {}
        self.users: dict[str, User | None] = {}
        # case id -> unit code, or the number of the line whose receipt was rejected
        self.cases: dict[uuid.UUID, str | int] = {}
        self.file_ids: dict[uuid.UUID, Line] = {}
        self.file_keys: dict[str, Line] = {}
        self.stored_ids: dict[uuid.UUID, dict] = {}
        self.stored_keys: dict[str, dict] = {}
        self.calendar = site_calendar()
        self.today = timezone.localdate()
        # case id -> the line of its case.received, refused before the rules (schema, dates)
        self.refused_receipts: dict[uuid.UUID, int] = {}
        self.refused_lines: dict[uuid.UUID, int] = {}
        self.roles: dict[tuple, frozenset[str]] = {}  # (user pk, unit pk) -> roles held there

    # lookups, cached; ``prefetch`` fills the caches in a few queries
    def prefetch(self, lines: list[Line]) -> None:
        codes = {line.org for line in lines}
        for unit in Procuratorate.objects.filter(code__in=codes):
            self.units[unit.code] = unit
        names = set()
        for line in lines:
            names.add(line.actor)
            for name in ("approved_by", "handler"):
                if isinstance(line.payload.get(name), str):
                    names.add(line.payload[name])
        for chunk in _chunks(sorted(names), 500):
            found = list(User.objects.filter(username__in=chunk))
            access.prime(found)
            for user in found:
                self.users[user.username] = user
        values = (
            "id",
            "event_type",
            "case_id",
            "occurred_on",
            "persons",
            "payload",
            "idempotency_key",
            "procuratorate__code",
        )
        # Mostly new ids and keys: which exist, in one query each; then those few in full.
        found = [
            uuid.UUID(str(v))
            for v in ledger.existing(LedgerEvent, "id", {line.id for line in lines})
        ]
        for chunk in _chunks(found, 500):
            for row in LedgerEvent.objects.filter(id__in=chunk).values(*values):
                self.stored_ids[uuid.UUID(str(row["id"]))] = row
        keys = ledger.existing(
            LedgerEvent, "idempotency_key", {line.key for line in lines if line.key}
        )
        for chunk in _chunks(sorted(keys), 500):
            for row in LedgerEvent.objects.filter(idempotency_key__in=chunk).values(*values):
                self.stored_keys[row["idempotency_key"]] = row
        found = [
            uuid.UUID(str(v)) for v in ledger.existing(Case, "id", {line.case_id for line in lines})
        ]
        for chunk in _chunks(sorted(found), 500):
            for case_id, code in Case.objects.filter(id__in=chunk).values_list(
                "id", "procuratorate__code"
            ):
                self.cases[case_id] = code

    def _roles(
        self, user, unit, department: str | None = None, tags: frozenset[str] = frozenset()
    ) -> frozenset[str]:
        key = (user.id if user is not None else None, unit.id, department, tags)
        roles = self.roles.get(key)
        if roles is None:
            roles = self.roles[key] = (
                frozenset(Role)
                if user is None or self.restore  # restored: the roles held when recorded
                else frozenset(access.roles_at(user, unit, department, tags))
            )
        return roles

    def unit(self, code: str) -> Procuratorate:
        if code not in self.units:
            self.units[code] = Procuratorate.objects.filter(code=code).first()
        unit = self.units[code]
        if unit is None:
            raise LineError("org", f"unknown procuratorate code {shown(code)}")
        return unit

    def user(self, username: str | None, field_name: str = "actor") -> User | None:
        if username not in self.users:
            self.users[username] = User.objects.filter(username=username).first()
        user = self.users[username]
        if user is None and self.restore:
            raise LineError(
                field_name,
                f"no user {shown(username)}: restore the staff first (procuracy staff import)",
            )
        if user is None or not (user.is_active or self.restore):
            raise LineError(field_name, f"no active user {shown(username)}")
        return user

    def actor(self, line: Line) -> User | None:
        if line.actor == SYSTEM:
            if not self.allow_system:
                raise LineError(
                    "actor", "events recorded by 'system' are imported only with --allow-system"
                )
            return None
        return self.user(line.actor)

    def already(self, line: Line) -> bool:
        """True when the line was imported before (skip it); a clash is a :class:`LineError`."""
        for stored, what, name in (
            (self.stored_ids.get(line.id), "event id", "id"),
            (
                self.stored_keys.get(line.key) if line.key else None,
                "idempotency key",
                "idempotency_key",
            ),
        ):
            if stored is not None:
                if _fingerprint_matches(stored, line):
                    return True
                raise LineError(
                    name, f"{what} already used for a different event ({stored['event_type']})"
                )
        earlier = self.file_ids.get(line.id)
        if earlier is None and line.key:
            earlier = self.file_keys.get(line.key)
        if earlier is not None:
            if (
                earlier.type == line.type
                and earlier.case_id == line.case_id
                and earlier.persons == line.persons
                and (earlier.payload == line.payload and earlier.occurred_on == line.occurred_on)
            ):
                return True
            name = "id" if earlier.id == line.id else "idempotency_key"
            raise LineError(name, f"already used on line {earlier.no} for a different event")
        return False

    def check_case(self, line: Line) -> None:
        known = self.cases.get(line.case_id)
        if line.type == "case.received":
            if known is not None and not isinstance(known, int):
                raise LineError("case.id", f"case id {line.case_id} already exists")
            return
        if known is None:
            refused = self.refused_receipts.get(line.case_id)
            if refused is not None and refused < line.no:
                known = refused
            else:
                raise LineError(
                    "case.id",
                    f"case {line.case_id} is neither in the database nor received earlier in "
                    "the file",
                )
        if isinstance(known, int):
            raise LineError(
                "case.id", f"case {line.case_id} was not received: line {known} was rejected"
            )
        if known != line.org:
            # which unit it is of is not said: a case of another unit is not shown to a line
            # that does not name it (docs/interchange.md, Import)
            raise LineError("org", f"case {line.case_id} is not a case of procuratorate {line.org}")

    def check_assignment(
        self,
        line: Line,
        actor: User | None,
        unit: Procuratorate,
        department: str,
        tags: frozenset[str] = frozenset(),
    ) -> None:
        """``actions.check_assignment``, with this import's cached users and roles."""

        def user_of(name: str) -> User | None:
            if name not in self.users:
                self.users[name] = User.objects.filter(username=name).first()
            return self.users[name]

        actions.check_assignment(
            unit, department, tags, line.payload.get("handler"), line.payload.get("method"),
            actor, roles_of=lambda user: self._roles(user, unit, department, tags),
            user_of=user_of,
        )  # fmt: skip

    def remember(self, line: Line) -> None:
        self.file_ids.setdefault(line.id, line)
        if line.key:
            self.file_keys.setdefault(line.key, line)


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _intake_kwargs(line: Line) -> dict:
    p = line.payload
    return {
        "kind": p["kind"],
        "received_on": line.occurred_on,
        "source": p["source"],
        "persons": p["persons"],
        "materials": p["materials"],
        "complex": p.get("complex", False),
        "self_investigated": p.get("self_investigated", False),
        "flags": p.get("flags", ()),
        "number": line.number,
        "case_id": str(line.case_id),
        "idempotency_key": line.key,
        "recorded_at": line.recorded_at,
        "event_id": str(line.id),
    }


def _record_kwargs(line: Line) -> dict:
    return {
        "occurred_on": line.occurred_on,
        "persons": list(line.persons),
        "payload": line.payload,
        "idempotency_key": line.key,
        "corrects": str(line.corrects) if line.corrects else None,
        "event_id": str(line.id),
        "recorded_at": line.recorded_at,
    }


class _ThroughActions(_Importer):
    """Each line through the actions, in a savepoint of its own."""

    def apply(self, line: Line, actor: User | None, unit: Procuratorate) -> None:
        with transaction.atomic():
            if line.type == "case.received":
                actions.receive_case(unit, actor=actor, **_intake_kwargs(line))
            else:
                # (an assignment's rules are checked by the action itself)
                actions.record_event(line.case_id, line.type, actor=actor, **_record_kwargs(line))

    def finish(self) -> None:
        pass


_CASE_FIELDS = (
    "id", "number", "kind", "line", "procuratorate", "department", "handler", "stage",
    "received_on", "version", "state", "next_due",
)  # fmt: skip
_PERSON_FIELDS = (
    "case", "key", "person", "name", "stage", "custody", "decision", "reason", "id_number",
    "charges",
)  # fmt: skip
_DEADLINE_FIELDS = ("case", "key", "rule", "person_key", "start", "due", "status")
_NEW_PERSON_FIELDS = (
    "procuratorate", "name", "id_kind", "id_number", "id_country", "birth_date", "sex",
    "created_at",
)  # fmt: skip


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _own(value: dict) -> dict:
    """A deep copy of a line's JSON object, so that states changed in place never share a
    part with the lines (which are kept to recognise repeated lines). A flat object (most
    payloads) needs only a shallow one."""
    if all(type(v) in _SCALARS for v in value.values()):
        return dict(value)
    return copy_state(value)


class _Chaining(_Importer):
    """What the two importers that chain in memory share (bulk, and restore as recorded): the
    chain heads, locked once and written once; the ledger rows to insert; the case numbers
    the file gives, reserved before any head is locked."""

    def __init__(self, allow_system: bool, restore: bool = False):
        super().__init__(allow_system, restore)
        self.heads: dict[int, list] = {}  # unit pk -> [seq, hash, "new" | "same" | "changed"]
        self.pending: list[tuple] = []  # ledger rows, in ledger.ROW_FIELDS order
        self.numbers: set[str] = set()  # case numbers in use: stored, or given earlier

    def prefetch(self, lines: list[Line]) -> None:
        super().prefetch(lines)
        wanted = {line.number for line in lines if line.type == "case.received" and line.number}
        self.numbers.update(ledger.existing(Case, "number", wanted))
        self._reserve(lines)

    def _reserve(self, lines: list[Line]) -> None:
        """Move the unit's number counters past the numbers the file gives in its pattern,
        before any chain head is locked: the order the actions take the two locks in, so that
        an import and a concurrent intake do not wait for each other in a circle."""
        highest: dict[tuple[int, str, int], int] = {}  # (unit pk, kind, year) -> sequence
        for line in lines:
            if line.type != "case.received" or not line.number:
                continue
            unit, kind = self.units.get(line.org), line.payload.get("kind")
            if unit is None or kind not in PROCEDURES:
                continue  # refused when the line is applied
            year = line.occurred_on.year
            try:
                sequence = actions.given_number(unit, kind, year, line.number)
            except ValidationFailed:
                continue  # refused when the line is applied, or kept as recorded
            if sequence is not None:
                key = (unit.pk, kind, year)
                highest[key] = max(highest.get(key, 0), sequence)
        actions.reserve_numbers(highest)

    def _head(self, unit: Procuratorate) -> list:
        head = self.heads.get(unit.id)
        if head is None:
            row = LedgerHead.objects.select_for_update().filter(procuratorate=unit).first()
            if row is None:
                head = [0, ledger.genesis(unit.code), "new"]
            else:
                head = [row.seq, row.hash, "same"]
            self.heads[unit.id] = head
        return head

    def _write_heads(self) -> None:
        for unit_pk, (seq, hash_, status) in self.heads.items():
            if status == "new":
                LedgerHead.objects.create(procuratorate_id=unit_pk, seq=seq, hash=hash_)
            elif status == "changed":
                LedgerHead.objects.filter(procuratorate_id=unit_pk).update(seq=seq, hash=hash_)
            self.heads[unit_pk][2] = "same"


class _Bulk(_Chaining):
    """Validate and chain in memory; insert in batches; write each projection once."""

    def __init__(self, allow_system: bool, restore: bool = False):
        super().__init__(allow_system, restore)
        self.states: dict[uuid.UUID, dict] = {}
        self.created: set[uuid.UUID] = set()
        self.dirty: set[uuid.UUID] = set()
        self.bases: dict[tuple[str, ...], str] = {}
        # (actor, unit, event type) -> "yes", "hidden" or why the actor may not write
        self.allowed: dict[tuple, str] = {}
        # False: states change in place without a snapshot, for a file with no rejection;
        # import_lines applies the file again with snapshots when a line is rejected
        self.careful = True
        # While streaming (:meth:`streaming`): the writer that writes ledger rows and the
        # projections of finished cases while the next lines are validated
        self.writer: BackgroundWriter | None = None
        self.last: dict[uuid.UUID, int] = {}  # case id -> number of its last line in the file
        self.finished: list[uuid.UUID] = []  # new cases whose last line was applied

    def prefetch(self, lines: list[Line]) -> None:
        super().prefetch(lines)
        self.last = {line.case_id: line.no for line in lines}

    @contextlib.contextmanager
    def streaming(self) -> Iterator[None]:
        """Write while validating (cases.writer): the ledger rows in batches of
        ``STREAM_ROWS`` as they are chained, and each new case's projection once the file's last
        line of that case is applied, in batches of ``STREAM_CASES``. What is left (cases
        whose last line was skipped or came before a correction, cases that existed before
        the file, the chain heads) is written by :meth:`finish` as before. Only on the
        databases of ``STREAM_VENDORS``."""
        if connection.vendor not in STREAM_VENDORS:
            yield
            return
        with BackgroundWriter() as writer:
            self.writer = writer
            try:
                yield
                self._stream_ledger()
                self._stream_cases()
            finally:
                self.writer = None

    def _stream_ledger(self) -> None:
        if self.pending:
            self.writer.submit(ledger.write_rows, LedgerEvent, ledger.ROW_FIELDS, self.pending)
            self.pending = []

    def _stream_cases(self) -> None:
        if self.finished:
            states = [self.states[c] for c in self.finished]
            self.writer.submit(self._save_created, states, self._units())
            self.finished = []

    def _done(self, line: Line) -> None:
        """After a line is applied: when it is its case's last in the file and the case is
        new, the case's projection can be written."""
        if self.writer is None:
            return
        if len(self.pending) >= STREAM_ROWS:
            self._stream_ledger()
        case_id = line.case_id
        if self.last.get(case_id) == line.no and case_id in self.created:
            self.created.discard(case_id)
            self.finished.append(case_id)
            if len(self.finished) >= STREAM_CASES:
                self._stream_cases()

    def _units(self) -> dict[str, Procuratorate]:
        return {u.code: u for u in self.units.values() if u is not None}

    def _state(self, case_id: uuid.UUID) -> dict:
        state = self.states.get(case_id)
        if state is None:
            case = Case.objects.select_for_update().get(pk=case_id)
            state = self.states[case_id] = case.state
        return state

    def _chain(self, line: Line, event: Event, actor: User | None, unit: Procuratorate) -> None:
        """Give the event its place in the unit's chain and queue its ledger row (the values
        ``ledger.append`` would insert, in ``ledger.ROW_FIELDS`` order)."""
        head = self._head(unit)
        seq, prev = head[0] + 1, head[1]
        recorded = line.recorded_at or timezone.now()
        persons = ",".join(event.persons)
        payload = ledger.canonical_json(event.payload)
        basis = self._basis(event)
        actor_name = actor.username if actor is not None else SYSTEM
        key = line.key
        # ledger.canonical, with the types known
        text = ledger.SEP.join((
            line.id.hex, unit.code, str(seq), line.case_id.hex, event.type, persons,
            event.occurred_on.isoformat(), ledger.instant_text(recorded), actor_name, payload,
            basis, "", key or "",
        ))  # fmt: skip
        hash_ = ledger.chain_hash(prev, text)
        head[0], head[1] = seq, hash_
        if head[2] == "same":
            head[2] = "changed"
        self.pending.append((
            line.id, unit.id, seq, line.case_id, event.type, persons, event.occurred_on,
            recorded, actor.id if actor is not None else None, actor_name, payload, basis,
            None, key, prev, hash_,
        ))  # fmt: skip

    def _basis(self, event: Event) -> str:
        """The event's articles as the ledger records them (``EventType.basis_for``), their
        text kept per type and choices made."""
        articles = EVENT_TYPES[event.type].basis_for(event.payload)
        basis = self.bases.get(articles)
        if basis is None:
            basis = self.bases[articles] = ledger.canonical_json(list(articles))
        return basis

    def apply(self, line: Line, actor: User | None, unit: Procuratorate) -> None:
        if line.type == "case.received":
            self._receive(line, actor, unit)
            return
        etype = EVENT_TYPES.get(line.type)
        if etype is None:
            raise ValidationFailed(f"unknown event type {shown(line.type)}", field="type")
        state = self._state(line.case_id)
        department, tags = state["department"], access.case_tags(state)
        if actor is not None and not self.restore:
            allowed = self.allowed.get((actor.id, unit.id, line.type, department, tags))
            if allowed is None:
                allowed = self.allowed[(actor.id, unit.id, line.type, department, tags)] = (
                    "hidden"
                    if not access.can_read_unit(actor, unit)
                    else "yes"
                    if access.can_write_unit(actor, unit, etype.roles, department, tags)
                    else "read-only: the record belongs to another unit"
                    if not access.roles_at(actor, unit)
                    else f"the record belongs to the {department_en(department)} department, "
                    "and your role "
                    "is held in another"
                    if access.can_write_unit(actor, unit, etype.roles)
                    else "role not allowed for this action"
                )
            if allowed == "hidden":
                raise NotFound(f"no case {line.case_id}")
            if allowed != "yes":
                raise LineError("actor", f"you may not change case {line.case_id}: {allowed}")
        if line.type == "event.corrected":
            # Needs the case's whole history: write what is pending, then the action.
            self.flush()
            with transaction.atomic():
                actions.record_event(
                    line.case_id, line.type, actor=actor, as_recorded=self.restore,
                    **_record_kwargs(line),
                )  # fmt: skip
            self.states.pop(line.case_id, None)
            self.heads.pop(unit.pk, None)
            return
        if line.type == "case.assigned":
            self.check_assignment(line, actor, unit, department, tags)
        approver = line.payload.get("approved_by")
        if approver is not None and not isinstance(approver, str):
            raise LineError("payload.approved_by", "must be a username (text)")
        approver_roles = frozenset()
        if approver:
            user = self.users.get(approver) if approver in self.users else None
            if approver not in self.users:
                user = self.users[approver] = User.objects.filter(username=approver).first()
            if user is not None and (user.is_active or self.restore):
                approver_roles = self._roles(user, unit, department, tags)
        ctx = Context(self._roles(actor, unit, department, tags), approver_roles, today=self.today)
        event = Event(
            str(line.id),
            line.type,
            line.occurred_on,
            line.persons,
            _own(line.payload),
            actor.username if actor is not None else "",
        )
        # The state changes in place (no copy per event). When careful, a snapshot puts it back
        # when the event is refused, so that the file's later lines meet the state as it was.
        snapshot = False
        if self.careful:
            try:
                snapshot = marshal.dumps(state)
            except ValueError:
                snapshot = None
        try:
            state, cleaned = step_with_payload(
                state, event, ctx, self.calendar, copy=snapshot is None
            )
        except BaseException:
            if snapshot:
                self.states[line.case_id] = marshal.loads(snapshot)
            raise
        event = Event(event.id, event.type, event.occurred_on, event.persons, cleaned, event.actor)
        self._chain(line, event, actor, unit)
        self.states[line.case_id] = state
        if line.case_id not in self.created:
            self.dirty.add(line.case_id)
        self._done(line)

    def _receive(self, line: Line, actor: User | None, unit: Procuratorate) -> None:
        p = line.payload
        kind = p["kind"]
        if kind not in PROCEDURES:
            raise ValidationFailed(f"unknown case kind {shown(kind)}", field="kind")
        if actor is not None and Role.CASE_MANAGER not in self._roles(actor, unit):
            raise LineError(
                "actor", f"you may not do this in {unit.name_zh}: role not held in this unit"
            )
        payload = {
            "case_id": str(line.case_id), "kind": kind, "unit": unit.code, "source": p["source"],
            "persons": p["persons"], "materials": list(p["materials"]),
            "complex": p.get("complex", False),
            "self_investigated": p.get("self_investigated", False),
        }  # fmt: skip
        if p.get("flags"):
            payload["flags"] = list(p["flags"])
        # The engine builds the state's persons afresh from these and keeps only the source
        # as given: that part is copied, so that the state shares nothing with the line.
        payload["source"] = _own(payload["source"])
        event = Event(str(line.id), "case.received", line.occurred_on, (), payload)
        ctx = Context(self._roles(actor, unit), today=self.today)
        state, _ = step_with_payload(None, event, ctx, self.calendar)
        number, year = line.number, line.occurred_on.year
        if number:
            try:
                actions.given_number(unit, kind, year, number)  # (reserved by prefetch)
            except ValidationFailed as exc:
                raise LineError("case.number", exc.message) from None
            if number in self.numbers:
                raise LineError("case.number", f"case number {number} already exists")
        else:
            number = actions._next_number(unit, kind, year, taken=self.numbers)
        self.numbers.add(number)
        payload["number"] = state["number"] = number
        event = Event(event.id, event.type, event.occurred_on, (), payload, event.actor)
        self._chain(line, event, actor, unit)
        self.states[line.case_id] = state
        self.created.add(line.case_id)
        self._done(line)

    def flush(self) -> None:
        if self.writer is not None:  # what was streamed first, in its order
            self._stream_ledger()
            self._stream_cases()
            self.writer.wait()
        ledger.write_rows(LedgerEvent, ledger.ROW_FIELDS, self.pending)
        self.pending = []
        self._write_heads()
        units = self._units()
        self._save_created([self.states[c] for c in sorted(self.created)], units)
        for case_id in sorted(self.dirty - self.created):
            state = self.states[case_id]
            projection.save(state, units[state["unit"]], self._handler_id(state), created=False)
        self.created, self.dirty = set(), set()

    def _handler_id(self, state: dict) -> int | None:
        name = state.get("handler")
        if not name:
            return None
        if name not in self.users:
            self.users[name] = User.objects.filter(username=name).first()
        user = self.users[name]
        return user.pk if user is not None else None

    def _save_created(self, states: list[dict], units: dict[str, Procuratorate]) -> None:
        """``projection.save(..., created=True)`` for many new cases at once: the same rows,
        written with one COPY or executemany per table. Mirrors ``projection.save`` field by
        field: the test of the two import paths fails when they drift apart."""
        wanted = {
            (units[st["unit"]].pk, p["id_kind"], p["id_number"]): (units[st["unit"]], p)
            for st in states
            for p in st["persons"].values()
            if p.get("id_number") and p["id_kind"] != "credit_code"
        }
        people: dict[tuple, int] = {}

        def look_up(numbers) -> None:  # the ids of the wanted persons with these numbers
            for chunk in _chunks(sorted(ledger.existing(Person, "id_number", numbers)), 500):
                for found in Person.objects.filter(id_number__in=chunk).values_list(
                    "procuratorate_id", "id_kind", "id_number", "pk"
                ):
                    if found[:3] in wanted:
                        people.setdefault(found[:3], found[3])

        look_up({key[2] for key in wanted})
        # The new persons: one COPY or executemany, then their ids read back by number (the
        # unique constraint makes (unit, kind, number) a key).
        now = timezone.now()
        missing = [
            (
                unit.pk, p["name"], p["id_kind"], p["id_number"], p["id_country"],
                date.fromisoformat(p["birth_date"]) if p["birth_date"] else None, p["sex"], now,
            )
            for key, (unit, p) in wanted.items()
            if key not in people
        ]  # fmt: skip
        ledger.write_rows(Person, _NEW_PERSON_FIELDS, missing)
        look_up({row[3] for row in missing})
        cases, persons, deadlines = [], [], []
        day = date.fromisoformat
        for st in states:
            unit = units[st["unit"]]
            case_id = uuid.UUID(str(st["id"]))
            opened = open_deadlines(st)
            cases.append((
                case_id, st["number"], st["kind"], st["line"], unit.pk, st["department"],
                self._handler_id(st), st["stage"], day(st["received_on"]), st["version"], st,
                day(opened[0]["due"]) if opened else None,
            ))  # fmt: skip
            for key, p in st["persons"].items():
                v = projection.person_values(p)
                link = people.get((unit.pk, p["id_kind"], p["id_number"]))
                persons.append((
                    case_id, key, link if p.get("id_number") else None, v["name"], v["stage"],
                    v["custody"], v["decision"], v["reason"], v["id_number"], v["charges"],
                ))  # fmt: skip
            for key, d in st["deadlines"].items():
                deadlines.append((
                    case_id, key, d["rule"], d["person"] or "", day(d["start"]), day(d["due"]),
                    projection.deadline_status(d),
                ))  # fmt: skip
        ledger.write_rows(Case, _CASE_FIELDS, cases)
        ledger.write_rows(CasePerson, _PERSON_FIELDS, persons)
        ledger.write_rows(CaseDeadline, _DEADLINE_FIELDS, deadlines)

    def finish(self) -> None:
        self.flush()


def _check_correction(line: Line, rows: list[LedgerEvent]) -> None:
    """A restored correction corrects an event of its own case that is neither a receipt nor a
    correction, once (the rules of ``actions._correct``, which recorded it)."""
    target = next((r for r in rows if r.id == line.corrects), None)
    if target is None:
        raise LineError("corrects", f"event {line.corrects} is not an event of this case before it")
    if target.event_type in ("case.received", "event.corrected"):
        raise LineError("corrects", f"a {target.event_type} event is not corrected")
    if any(r.corrects == line.corrects for r in rows):
        raise LineError("corrects", f"event {line.corrects} is already corrected")


class _AsRecorded(_Chaining):
    """``--restore`` of an export taken with ``--chain``: the events as recorded. Each line must
    be the next link of its procuratorate's chain (its position, the hash before it) and hash
    to the hash it carries, recomputed from its own content and the basis it carries: the file
    is a whole ledger, unchanged since the export (a chain has no secret: that it is this
    installation's own, an anchor taken before proves, ``ledger verify --anchor``). The
    procedures of today do not judge its events again (a rule added since would refuse an
    event the rules of its day allowed). The events are folded as ``ledger replay`` folds them,
    and each case's projections written once. For the operator's own backups only: the
    command line has it, the web and any API do not."""

    def __init__(self, allow_system: bool, restore: bool = True):
        super().__init__(allow_system, restore=True)
        self.careful = True
        self.rows: dict[uuid.UUID, list[LedgerEvent]] = {}  # touched case -> its events
        self.states: dict[uuid.UUID, dict | None] = {}  # folded so far
        self.existing: set[uuid.UUID] = set()  # touched cases that were in the database

    @contextlib.contextmanager
    def streaming(self) -> Iterator[None]:
        yield

    def apply(self, line: Line, actor: User | None, unit: Procuratorate) -> None:
        if line.chain is None:
            raise LineError(
                "chain",
                "missing: the file's other lines carry their place in the chain (procuracy "
                "export --chain), and a restore takes all its lines as recorded or none",
            )
        seq, prev, hash_ = line.chain
        head = self._head(unit)
        if seq != head[0] + 1:
            raise LineError(
                "chain.seq",
                f"{seq} does not follow the chain of {unit.code}, whose last event here is "
                f"number {head[0]}: the lines of a procuratorate restore in their order, from "
                "where its chain stands",
            )
        if prev != head[1]:
            raise LineError(
                "chain.prev",
                f"is not the hash of event {head[0]} of the chain of {unit.code}: the file "
                "does not continue this ledger",
            )
        for name in ("handler", "approved_by"):  # the users named must exist, as the actor
            if isinstance(line.payload.get(name), str):
                self.user(line.payload[name], f"payload.{name}")
        payload = line.payload
        if line.type == "case.received":
            if not line.number:
                raise LineError("case.number", "a restored receipt has its case number")
            if line.number in self.numbers:
                raise LineError("case.number", f"case number {line.number} already exists")
            payload = {**payload, "case_id": str(line.case_id), "unit": line.org,
                       "number": line.number}  # fmt: skip
        payload_text = ledger.canonical_json(payload)
        basis_text = ledger.canonical_json(list(line.basis))
        persons = ",".join(line.persons)
        text = ledger.canonical(
            line.id, unit.code, seq, line.case_id, line.type, persons, line.occurred_on,
            line.recorded_at, line.actor, payload_text, basis_text, line.corrects, line.key,
        )  # fmt: skip
        if ledger.chain_hash(prev, text) != hash_:
            raise LineError(
                "chain.hash",
                "does not match the line's content: it is not the event as recorded (changed "
                "since the export, or exported by another version of the format)",
            )
        row = LedgerEvent(
            id=line.id, procuratorate_id=unit.id, seq=seq, case_id=line.case_id,
            event_type=line.type, persons=persons, occurred_on=line.occurred_on,
            recorded_at=line.recorded_at, actor_id=actor.id if actor is not None else None,
            actor_name=line.actor, payload=payload_text, basis=basis_text,
            corrects=line.corrects, idempotency_key=line.key, prev_hash=prev, hash=hash_,
        )  # fmt: skip
        self._fold(line, row)
        head[0], head[1] = seq, hash_
        if head[2] == "same":
            head[2] = "changed"
        self.pending.append(tuple(
            getattr(row, "procuratorate_id" if f == "procuratorate" else
                    "actor_id" if f == "actor" else f)
            for f in ledger.ROW_FIELDS
        ))  # fmt: skip
        if line.type == "case.received":
            self.numbers.add(line.number)

    def _fold(self, line: Line, row: LedgerEvent) -> None:
        """Fold the event into its case as a replay does (per line, so that an event today's
        catalogue cannot fold is reported on its line)."""
        case_id = line.case_id
        if case_id not in self.rows:
            stored = list(LedgerEvent.objects.filter(case_id=case_id).order_by("seq"))
            if stored:
                self.existing.add(case_id)
            self.rows[case_id] = stored
            self.states[case_id] = None
        rows, state = self.rows[case_id], self.states[case_id]
        if row.corrects:
            _check_correction(line, rows)
        try:
            if row.corrects or (state is None and rows):
                state = projection.fold([*rows, row], self.calendar)  # as a replay folds it
            else:
                state = step(state, projection.to_engine_event(row), None, self.calendar,
                             validate=False)  # fmt: skip
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # an event this version's catalogue cannot fold (a field its effects read is not
            # in the payload as recorded): said on its line, nothing written
            raise LineError(
                "payload",
                f"this version cannot fold the event as recorded ({type(exc).__name__}: {exc})",
            ) from None
        self.states[case_id] = state
        rows.append(row)

    def finish(self) -> None:
        ledger.write_rows(LedgerEvent, ledger.ROW_FIELDS, self.pending)
        self.pending = []
        self._write_heads()
        units = {u.pk: u for u in self.units.values() if u is not None}
        for case_id, rows in self.rows.items():
            state = projection.fold(rows, self.calendar)  # as ``ledger replay`` does
            projection.save(
                state,
                units[rows[0].procuratorate_id],
                projection.handler_id_for(state),
                created=case_id not in self.existing,
            )


class _Rejected(Exception):
    """A line was rejected in the pass without snapshots (see :func:`import_lines`)."""


def _apply_all(
    importer: _Importer,
    parsed: list[Line],
    result: ImportResult,
    cases: set[uuid.UUID],
    *,
    stop_at_first: bool = False,
) -> None:
    importer.prefetch(parsed)
    # case id -> its first rejected line: those refused unread (the schema), then as applied
    refused_in: dict[uuid.UUID, int] = dict(importer.refused_lines)
    for line in parsed:
        wrong_stage = False
        try:
            if importer.already(line):
                result.skipped += 1
                continue
            unit = importer.unit(line.org)
            actor = importer.actor(line)
            importer.check_case(line)
            importer.apply(line, actor, unit)
        except LineError as exc:
            rejection = Rejection(line.no, exc.field, exc.reason)
        except (DomainError, ProcedureError) as exc:
            wrong_stage = getattr(exc, "wrong_stage", False)  # engine.WrongStage
            rejection = _domain_rejection(line.no, exc)
            rejection = Rejection(line.no, _line_field(line, rejection.field), rejection.reason)
        except RecursionError:  # a free-form object (an intake's source) nested too deeply
            rejection = Rejection(line.no, "payload", "nested too deeply")
        else:
            importer.remember(line)
            result.imported += 1
            cases.add(line.case_id)
            if line.type == "case.received":
                importer.cases[line.case_id] = line.org
            continue
        if stop_at_first:
            raise _Rejected
        earlier = refused_in.setdefault(line.case_id, line.no)
        if earlier < line.no and wrong_stage:
            # a stage the case is not at may follow from the earlier line's refusal
            rejection = Rejection(
                rejection.line,
                rejection.field,
                f"{rejection.reason} (line {earlier} of this case was rejected)",
            )
        result.rejected.append(rejection)
        if line.type == "case.received" and line.case_id not in importer.cases:
            importer.cases[line.case_id] = line.no


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector for one import. An import keeps every line and every
    case state of its file alive until it ends, so the collector's runs find nothing to free,
    yet each run walks all of them: about a fifth of an import's time. Reference counting
    frees the rest as usual; the collector runs again as before when the import ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_lines(
    stream: IO[str] | Iterable[str],
    *,
    dry_run: bool = False,
    allow_system: bool = False,
    restore: bool = False,
    mode: str = "bulk",
    source: str = "",
    objects: Iterable[Any] | None = None,
) -> ImportResult:
    """Import a ``procuracy-events/1`` stream, all or nothing (see the module docstring).
    ``objects`` instead of a stream gives the lines as decoded JSON objects.

    ``restore``: the file is this installation's own export, being restored (bulk mode only).
    Every line is checked by the procedures as any other, but its actor, handler and approver
    are taken as recorded: the users must exist, active or not (a procurator who has left), and
    their roles are those they held when the events were recorded, which no role of today can
    check; ``system`` lines are accepted too."""
    if restore and mode != "bulk":
        raise ValueError("restore is a bulk import")
    with collector_paused():
        return _import(
            stream,
            dry_run=dry_run,
            allow_system=allow_system,
            restore=restore,
            mode=mode,
            source=source,
            objects=objects,
        )


def _import(stream, *, dry_run, allow_system, restore, mode, source, objects) -> ImportResult:
    result = ImportResult(dry_run=dry_run)
    started = time.perf_counter()
    parsed: list[Line] = []
    items = read_objects(objects) if objects is not None else read_lines(stream)
    refused_receipts: dict[uuid.UUID, int] = {}  # case id -> its refused receipt's line
    refused_lines: dict[uuid.UUID, int] = {}  # case id -> its first line refused unread
    for _no, item in items:
        result.lines += 1
        if isinstance(item, list):
            result.rejected.extend(item)
            if getattr(item, "case_of", None) is not None:
                refused_lines.setdefault(item.case_of, _no)
            if getattr(item, "receipt_of", None) is not None:
                refused_receipts.setdefault(item.receipt_of, _no)
        else:
            parsed.append(item)
    cases: set[uuid.UUID] = set()
    result.timings["parse"] = time.perf_counter() - started

    as_recorded = restore and any(line.chain is not None for line in parsed)

    def importer_() -> _Importer:
        if as_recorded:
            made = _AsRecorded(allow_system)
        elif mode == "bulk":
            made = _Bulk(allow_system, restore)
        else:
            made = _ThroughActions(allow_system)
        made.refused_receipts = refused_receipts
        made.refused_lines = refused_lines
        return made

    with transaction.atomic(), memoised():
        started = time.perf_counter()
        importer = importer_()
        careful = mode != "bulk" or bool(result.rejected)
        if not careful:
            # First without snapshots of the states; at the first rejection, undo and apply
            # the file again with them, so that every rejected line is found and reported.
            importer.careful = False
            try:
                with transaction.atomic(), importer.streaming():
                    _apply_all(importer, parsed, result, cases, stop_at_first=True)
            except _Rejected:
                importer, careful = importer_(), True
                result.imported = result.skipped = 0
                cases.clear()
        if careful:
            _apply_all(importer, parsed, result, cases)
        result.timings["apply"] = time.perf_counter() - started
        started = time.perf_counter()
        if not result.rejected:
            importer.finish()
            result.cases = len(cases)
            if result.imported:
                record_write(
                    "cases.import",
                    actor=None,
                    result=f"{result.imported} event(s) of {result.cases} case(s)"
                    + (f" from {source}" if source else ""),
                )
        if dry_run or result.rejected:
            transaction.set_rollback(True)
    result.timings["write"] = time.perf_counter() - started
    result.rejected.sort(key=lambda r: (r.line, r.field))
    return result


# --- export ---------------------------------------------------------------------------------

_INTAKE_ONLY = ("case_id", "unit", "number")


def _recorded(value) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def export(
    out: IO[str],
    *,
    since: date | None = None,
    org: Procuratorate | None = None,
    chain: bool = False,
) -> int:
    """Write the ledger (or the events of ``org`` and the units below it, recorded on or after
    ``since`` in the site's time zone) as ``procuracy-events/1``. Returns the number of lines.
    ``chain``: each line also carries its basis as recorded and its place in the chain
    (``basis``, ``chain``), for ``import --restore`` to restore the events as recorded."""
    units = Procuratorate.objects.filter(
        pk__in=LedgerEvent.objects.values("procuratorate_id").distinct()
    )
    if org is not None:
        units = units.filter(path__startswith=org.path)
    numbers: dict = {}
    n = 0
    for unit in units.order_by("code"):
        rows = LedgerEvent.objects.filter(procuratorate=unit)
        if since is not None:
            start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
            rows = rows.filter(recorded_at__gte=start)
        for (
            eid, case_id, etype, persons, occurred, recorded, actor, payload, corrects, key,
            seq, basis, prev, hash_,
        ) in rows.order_by("seq").values_list(
            "id", "case_id", "event_type", "persons", "occurred_on", "recorded_at",
            "actor_name", "payload", "corrects", "idempotency_key", "seq", "basis",
            "prev_hash", "hash",
        ).iterator(chunk_size=5000):  # fmt: skip
            if etype == "case.received":
                data = json.loads(payload)
                numbers[case_id] = data.get("number")
                payload = ledger.canonical_json(
                    {k: v for k, v in data.items() if k not in _INTAKE_ONLY}
                )
            number = numbers.get(case_id)
            if number is None:
                number = numbers[case_id] = _number_of(case_id)
            head = json.dumps(
                {
                    "format": FORMAT,
                    "id": str(eid),
                    "org": unit.code,
                    "case": {"id": str(case_id), "number": number},
                    "type": etype,
                    "occurred_on": occurred.isoformat(),
                    "persons": [p for p in persons.split(",") if p],
                    "actor": actor or SYSTEM,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            rest = {
                "corrects": str(corrects) if corrects else None,
                "idempotency_key": key,
                "recorded_at": _recorded(recorded),
            }
            if chain:
                rest["basis"] = json.loads(basis)
                rest["chain"] = {"seq": seq, "prev": prev, "hash": hash_}
            tail = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
            out.write(f'{head[:-1]},"payload":{payload},{tail[1:]}\n')
            n += 1
    # the persons' names and identity numbers leave the system: a sensitive read (by the
    # command line's operator, recorded as the system)
    record_sensitive_read(
        actor=None, code="cases.export", obj=org, reason=f"{n} event(s) exported",
        query=f"org={org.code if org else '*'} since={since or '*'}",
    )  # fmt: skip
    return n


def _number_of(case_id) -> str | None:
    number = Case.objects.filter(pk=case_id).values_list("number", flat=True).first()
    if number is None:
        row = (
            LedgerEvent.objects.filter(case_id=case_id, event_type="case.received")
            .values_list("payload", flat=True)
            .first()
        )
        number = json.loads(row).get("number") if row else None
    return number
