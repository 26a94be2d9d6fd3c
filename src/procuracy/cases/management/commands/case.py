import difflib
import json
from datetime import date
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases import actions, selectors
from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
from procuracy.cases.declarations import INT_CEILING, EventType, Field
from procuracy.cases.models import LedgerEvent
from procuracy.core.dates import iso_date
from procuracy.core.errors import DomainError
from procuracy.core.files import read_json
from procuracy.orgs.selectors import get_by_code
from procuracy.staff.models import User


def _date(value: str, name: str | None = None) -> date:
    where = f"{name}: " if name else ""
    try:
        return iso_date(value)
    except ValueError:
        raise CommandError(f"{where}{value!r} is not a real date (YYYY-MM-DD)") from None


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user


#: Payload field kinds whose values are text as written (a procuratorate code stays "110000").
_TEXT_KINDS = frozenset({"text", "date", "choice", "username"})


def _set_value(name: str, value: str, kind: str | None):
    """The value of ``--set name=value``: as written for a text field, else JSON (a field the
    event type does not declare is read as JSON where it is JSON, and refused by the payload's
    validation)."""
    if kind in _TEXT_KINDS:
        return value
    try:
        return json.loads(value)
    except ValueError as exc:  # (Python refuses a number of more than 4,300 digits so)
        if not isinstance(exc, json.JSONDecodeError):
            raise CommandError(f"field payload.{name}: a number too long") from None
        if kind is None:
            return value
        expected = _SET_KINDS.get(kind)
        if expected:
            raise CommandError(f"field payload.{name}: must be {expected}, not {value!r}") from None
        raise CommandError(
            f"field payload.{name}: {value!r} is not JSON ({exc.msg}, at character {exc.pos + 1})"
        ) from None


#: What a field of these kinds takes on the command line (``--set``), said when it is not that.
_SET_KINDS = {"int": "a whole number", "bool": "true or false"}


class Command(BaseCommand):
    help = "Walk a case from the command line: receive, assign, record events, show, list types."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="sub", required=True, metavar="{receive,assign,record,show,types}"
        )
        receive = sub.add_parser(
            "receive",
            help="register a transferred case from a JSON file (docs/ledger.md, 'Intake file')",
        )
        receive.add_argument("file")
        receive.add_argument("--org", required=True, help="receiving procuratorate code")
        receive.add_argument("--as", dest="username", required=True, help="case manager")
        assign = sub.add_parser("assign", help="assign by rotation, or --to a procurator")
        assign.add_argument("number", help="case number, e.g. 京朝检刑诉受〔2024〕1号")
        assign.add_argument(
            "--as",
            dest="username",
            required=True,
            help="who assigns: a case manager (rotation)"
            " or a department head or the chief procurator (--to)",
        )
        assign.add_argument(
            "--to",
            dest="handler",
            help="a named procurator of the case's department instead of the rotation (only a "
            "department head or the chief procurator)",
        )
        assign.add_argument("--on", dest="on", help="legal date YYYY-MM-DD (default: today)")
        record = sub.add_parser("record", help="record one event on a case")
        record.add_argument("number")
        record.add_argument("type", help="event type code (procuracy case types)")
        record.add_argument("--as", dest="username", required=True)
        record.add_argument("--on", dest="on", required=True, help="legal date YYYY-MM-DD")
        record.add_argument("--person", action="append", default=[], help="person key, e.g. P1")
        record.add_argument(
            "--set",
            action="append",
            default=[],
            metavar="FIELD=VALUE",
            help="a payload field: text, a date or a choice as written (to=110000); true or "
            "false, a number, or JSON for a list (charges=[...])",
        )
        record.add_argument("--approved-by", help="username of the approving chief or head")
        record.add_argument("--corrects", help="event id corrected (event.corrected)")
        record.add_argument("--key", help="idempotency key")
        show = sub.add_parser("show", help="a case: persons, deadlines, events")
        show.add_argument("number")
        show.add_argument("--json", action="store_true", dest="as_json", help="as JSON")
        types = sub.add_parser(
            "types", help="the event types and procedures (--fields: each type in full)"
        )
        types.add_argument("--kind", help="only this case kind")
        types.add_argument("--line", help=f"only this business line ({', '.join(_line_names())})")
        types.add_argument("--type", dest="code", help="only this event type (implies --fields)")
        types.add_argument(
            "--fields",
            action="store_true",
            help="each event type with its payload fields, roles, stages, approval, deadlines",
        )
        output = types.add_mutually_exclusive_group()
        output.add_argument("--json", action="store_true", dest="as_json", help="as a JSON list")
        output.add_argument(
            "--markdown", action="store_true", help="the reference docs/events.md (Markdown)"
        )

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def do_receive(self, file, org, username, **options):
        data = read_json(file)
        if not isinstance(data, dict):
            raise CommandError(f"{file}: expected a JSON object")
        allowed = {
            "kind",
            "received_on",
            "source",
            "persons",
            "materials",
            "complex",
            "self_investigated",
            "flags",
        }
        unknown = set(data) - allowed
        if unknown:
            raise CommandError(f"{file}: unknown field(s) {', '.join(sorted(unknown))}")
        if "kind" not in data:
            raise CommandError(f"{file}: kind is required (procuracy case types)")
        if "received_on" not in data:
            raise CommandError(f"{file}: received_on is required (YYYY-MM-DD)")
        for name, what in (
            ("source", 'an object with the transferring agency: {"agency": "police", ...}'),
            ("persons", "a list of the persons transferred"),
            ("materials", "a list of the material codes received"),
        ):
            if name not in data:
                raise CommandError(f"{file}: field {name} is required: {what}")
        data["received_on"] = _date(data["received_on"], f"{file}: received_on")
        case = actions.receive_case(get_by_code(org), actor=_user(username), **data)
        self.stdout.write(f"received {case.number} ({case.pk})")

    def do_assign(self, number, username, handler=None, on=None, **options):
        actor = _user(username)
        case = selectors.case_by_number(actor, number)
        actions.assign_case(
            case.pk, handler=handler, occurred_on=_date(on) if on else None, actor=actor
        )
        case = selectors.case_by_number(actor, number)
        self.stdout.write(f"{case.number} assigned to {case.state['handler']}")

    def do_record(
        self,
        number,
        type,
        username,
        on,
        person,
        set,
        approved_by=None,
        corrects=None,
        key=None,
        **options,
    ):
        actor = _user(username)
        case = selectors.case_by_number(actor, number)
        payload = {}
        etype = EVENT_TYPES.get(type)
        kinds = {f.name: f.kind for f in etype.fields} if etype else {}
        for item in set:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set {item!r}: expected FIELD=VALUE")
            payload[name] = _set_value(name, value, kinds.get(name))
        if approved_by:
            payload["approved_by"] = approved_by
        repeated = bool(key) and LedgerEvent.objects.filter(idempotency_key=key).exists()
        row = actions.record_event(
            case.pk,
            type,
            occurred_on=_date(on),
            persons=person,
            payload=payload,
            corrects=corrects,
            idempotency_key=key,
            actor=actor,
        )
        if repeated:
            self.stdout.write(
                f"already recorded (key {key}): {row.event_type} on {number}, event {row.id}"
            )
        else:
            self.stdout.write(f"recorded {row.event_type} on {number}: event {row.id}")

    def do_show(self, number, username=None, as_json=False, **options):
        view = selectors.case_view(None, number)
        if as_json:
            self.stdout.write(json.dumps(view, ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"{view['number']}  {view['kind_zh']} {view['kind']}  "
            f"stage {view['stage']}  handler {view['handler'] or '-'}"
        )
        for p in view["persons"]:
            decision = f", decision {p['decision']}" if p["decision"] else ""
            self.stdout.write(
                f"  {p['key']} {p['name']}: {p['stage']}, "
                + (f"role {p['role']}" if p.get("role") else f"custody {p['custody']}")
                + decision
            )
        for d in view["deadlines"]:
            self.stdout.write(
                f"  deadline {d['rule']} {d['person'] or ''} due {d['due']} [{d['status']}]"
            )
        for e in view["events"]:
            self.stdout.write(f"  {e['occurred_on']} {e['type']} {e['persons']} by {e['actor']}")

    def do_types(
        self,
        kind=None,
        line=None,
        code=None,
        fields=False,
        as_json=False,
        markdown=False,
        **options,
    ):
        line = _check_line(line)
        if kind is not None and kind not in PROCEDURES:
            raise CommandError(
                f"unknown case kind {kind!r}{_did_you_mean(kind, PROCEDURES)}"
                f" (known: {', '.join(PROCEDURES)})"
            )
        if code is not None and code not in EVENT_TYPES:
            raise CommandError(
                f"unknown event type {code!r}{_did_you_mean(code, EVENT_TYPES)}"
                " (procuracy case types lists them)"
            )
        if not (fields or code or as_json or markdown):
            self._procedures(kind, line)
            return
        selected = [
            e
            for e in _ordered(EVENT_TYPES.values())
            if (code is None or e.code == code)
            and (line is None or e.line == line)
            and (kind is None or kind in _procedures_of(e))
        ]
        if not selected:
            what = f"event type {code}" if code else "no event type"
            where = [f"of line {_line_label(line)}"] if line else []
            where += [f"allowed in case kind {kind}"] if kind else []
            raise CommandError(f"{what} {'is not ' if code else ''}{' and '.join(where)}")
        described = [describe_event_type(e) for e in selected]
        if as_json:
            self.stdout.write(json.dumps(described, ensure_ascii=False, indent=2))
        elif markdown:
            self.stdout.write(events_markdown(described), ending="")
        else:
            for i, d in enumerate(described):
                if i:
                    self.stdout.write("")
                self.stdout.write("\n".join(_text_lines(d)))

    def _procedures(self, kind, line):
        if line and not kind and not any(p.line == line for p in PROCEDURES.values()):
            # a line without procedures of its own (general: events of every procedure)
            for e in _ordered(EVENT_TYPES.values()):
                if e.line == line:
                    self.stdout.write(_summary(e))
            return
        if kind and line and PROCEDURES[kind].line != line:
            raise CommandError(f"case kind {kind} is not of line {_line_label(line)}")
        for procedure in PROCEDURES.values():
            if kind and procedure.kind != kind:
                continue
            if line and procedure.line != line:
                continue
            self.stdout.write(
                f"{procedure.kind}  {procedure.zh} / {procedure.en}  "
                f"[{procedure.number_code}]  {'; '.join(procedure.basis)}"
            )
            for code in sorted(procedure.events):
                self.stdout.write(_summary(EVENT_TYPES[code]))


def _summary(e: EventType) -> str:
    """One line of the default listing: code, names, articles, approval."""
    approval = _approval(e)
    flag = ""
    if approval:
        flag = f"  approval: {approval['role']}"
        if not approval["always"]:
            flag += f" only when {approval['when']}"
    return f"  {e.code:<48} {e.zh} / {e.en} — {'; '.join(e.basis)}{flag}"


# --- the event-type reference (case types --fields / --json / --markdown, docs/events.md) ----

#: Business lines in the order of the reference, with their names. ``*``: events of every
#: procedure (receipt, assignment, corrections, process monitoring, hearings, suggestions).
LINES: dict[str, tuple[str, str]] = {
    "criminal": ("刑事检察", "Criminal"),
    "civil": ("民事检察", "Civil"),
    "administrative": ("行政检察", "Administrative"),
    "public_interest": ("公益诉讼检察", "Public interest litigation"),
    "complaints": ("控告申诉检察", "Complaints, appeals and judicial relief"),
    "*": ("通用", "General: events of every procedure"),
}
_LINE_ALIASES = {"general": "*"}


def _line_names() -> list[str]:
    lines = [*LINES, *sorted({e.line for e in EVENT_TYPES.values()} - set(LINES))]
    return [_line_label(x) for x in lines]


def _line_label(line: str) -> str:
    return "general" if line == "*" else line


def _check_line(line: str | None) -> str | None:
    if line is None:
        return None
    line = _LINE_ALIASES.get(line, line)
    if line not in {e.line for e in EVENT_TYPES.values()}:
        raise CommandError(f"unknown line {line!r} (known: {', '.join(_line_names())})")
    return line


def _did_you_mean(value: str, known) -> str:
    near = difflib.get_close_matches(value, list(known), n=3)
    return f" (did you mean {', '.join(near)}?)" if near else ""


def _ordered(event_types) -> list[EventType]:
    """By line (criminal first), then in the registry's order (the order of the procedure)."""
    order = {line: i for i, line in enumerate(LINES)}
    return sorted(event_types, key=lambda e: order.get(e.line, len(order)))


def _procedures_of(e: EventType) -> list[str]:
    if e.code == "case.received":  # the first event of every case (engine.step)
        return list(PROCEDURES)
    return [p.kind for p in PROCEDURES.values() if e.code in p.events]


# The effect of a payload on a callable of the registry (approval_when, a deadline rule) is
# found by trying it: each field alone, over its choices (true and false for a flag; given or
# not for other kinds). A callable that also reads the case is reported as depending on it.
_FAILED = object()
_SAMPLES = {
    "text": "…",
    "username": "…",
    "date": "2024-01-01",
    "charges": [{"article": "264", "name": "盗窃罪"}],
    "person": {},
}


def _samples(f: Field) -> list:
    if f.kind == "choice":
        return [c.code for c in f.choices] + ([] if f.required else [None])
    if f.kind == "bool":
        return [True, False]
    if f.kind == "int":
        return [None, f.minimum if f.minimum is not None else 1]
    return [None, _SAMPLES.get(f.kind, "…")]


def _try(fn, *args):
    try:
        return fn(*args)
    except Exception:  # a callable that needs more than the payload
        return _FAILED


def _decisive(e: EventType, call) -> tuple:
    """``call(payload)`` with an empty payload, and the fields whose value changes its
    result: [(field, [(value, result), ...])]."""
    out = []
    for f in e.fields:
        results = [(v, call({} if v is None else {f.name: v})) for v in _samples(f)]
        if any(r is _FAILED for _, r in results):
            continue
        if len({json.dumps(r, sort_keys=True, default=str) for _, r in results}) > 1:
            out.append((f, results))
    return call({}), out


def _condition(f: Field, values: list) -> str:
    """``values`` of ``f`` as a condition, in words."""
    if f.kind == "choice":
        codes = [v for v in values if v is not None]
        text = f"{f.name} is {' or '.join(codes)}" if codes else f"{f.name} is not given"
        return text + (" or not given" if codes and None in values else "")
    if f.kind == "bool":
        return f"{f.name} is {'true' if values == [True] else 'not true'}"
    return f"{f.name} is {'not given' if values == [None] else 'given'}"


def _approval(e: EventType) -> dict | None:
    """The approval an event type needs: always, for some payloads (``field`` and ``values``
    when one field decides), and in some cases (``in_case``, said in words)."""
    if not e.approval:
        return None
    if e.approval_in_case is None:
        return _approval_by_payload(e)
    if e.approval_when is None:
        found = {"role": e.approval, "always": False, "when": None, "field": None, "values": None}
    else:
        found = _approval_by_payload(e)
    when = e.approval_in_case_text
    found["when"] = f"{found['when']}, or when {when}" if found["when"] else when
    found["in_case"] = when
    return found


def _approval_by_payload(e: EventType) -> dict:
    if e.approval_when is None:
        return {"role": e.approval, "always": True, "when": None, "field": None, "values": None}
    _, decisive = _decisive(e, lambda p: bool(_try(e.approval_when, p)))
    if len(decisive) != 1:
        return {
            "role": e.approval,
            "always": False,
            "when": "for some payloads",
            "field": None,
            "values": None,
        }
    f, results = decisive[0]
    needed = [v for v, needs in results if needs]
    return {
        "role": e.approval,
        "always": False,
        "when": _condition(f, needed),
        "field": f.name,
        "values": needed if f.kind in ("choice", "bool") else None,
    }


def _started(e: EventType, rule) -> list[dict]:
    if isinstance(rule, str):
        return [{"rule": rule, "when": None}]

    def call(payload):
        st = SimpleNamespace(
            state={}, event=None, etype=e, procedure=None, payload=payload, person={}
        )
        return _try(rule, st)

    base, decisive = _decisive(e, call)
    if len(decisive) == 1:
        f, results = decisive[0]
        out = []
        for rule_id in dict.fromkeys(r for _, r in results):
            if rule_id is not None:
                values = [v for v, r in results if r == rule_id]
                out.append({"rule": rule_id, "when": _condition(f, values)})
        return out
    if not decisive and base is not _FAILED:
        return [{"rule": base, "when": None}] if base else []
    return [{"rule": None, "when": "chosen from the case"}]


def _counted_from(start_from) -> str:
    if start_from is None:
        return "occurred_on"
    if isinstance(start_from, str):
        return f"payload.{start_from}"
    return f"{getattr(start_from, '__name__', 'a date').strip('_')} (computed)"


def describe_event_type(e: EventType) -> dict:
    """An event type as ``procuracy case types --json`` prints it."""
    d = e.deadlines
    start = [s for rule in d.start for s in _started(e, rule)]
    return {
        "code": e.code,
        "zh": e.zh,
        "en": e.en,
        "line": e.line,
        "scope": e.scope,
        "roles": sorted(e.roles),
        "from_stages": sorted(e.from_stages),
        "may_precede_receipt": e.may_precede_receipt,
        "sources": sorted(e.sources),
        "to_stage": e.to_stage,
        "to_stage_when": [
            {"field": name, "value": value, "stage": stage}
            for name, value, stage in e.to_stage_when
        ],
        "approval": _approval(e),
        "deadlines": {
            "start": start,
            "counted_from": _counted_from(d.start_from) if start else None,
            "months_field": d.months_field,
            "stop": list(d.stop),
            "restart": list(d.restart),
            "extend": [{"rule": rule, "period": period} for rule, period in d.extend],
        },
        "basis": list(e.basis),
        "checks": [{"basis": c.basis, "field": c.field} for c in e.checks],
        "procedures": _procedures_of(e),
        "fields": [
            {
                "name": f.name,
                "kind": f.kind,
                "zh": f.zh,
                "en": f.en,
                "required": f.required,
                "minimum": f.minimum,
                # the ceiling every whole number has when the field declares none
                "maximum": INT_CEILING if f.kind == "int" and f.maximum is None else f.maximum,
                "choices": [
                    {"code": c.code, "zh": c.zh, "en": c.en, "basis": list(c.basis)}
                    for c in f.choices
                ],
            }
            for f in e.fields
        ],
    }


def _stages(d: dict) -> str:
    where = "any stage" if d["from_stages"] == ["*"] else ", ".join(d["from_stages"])
    to = d["to_stage"] or "no change"
    when = "; ".join(f"{w['stage']} when {w['field']} is {w['value']}" for w in d["to_stage_when"])
    before = "; may be dated before the case was received" if d["may_precede_receipt"] else ""
    only = f"; only in cases from {', '.join(d['sources'])}" if d["sources"] else ""
    return f"{where} → {to}" + (f" ({when})" if when else "") + before + only


def _approval_text(a: dict | None) -> str:
    if a is None:
        return "none"
    return f"{a['role']}, " + ("always" if a["always"] else f"only when {a['when']}")


def _deadlines_text(d: dict) -> list[str]:
    dl = d["deadlines"]
    parts = []
    if dl["start"]:
        rules = "; ".join(
            (s["rule"] or "a period") + (f" when {s['when']}" if s["when"] else "")
            for s in dl["start"]
        )
        origin = f"counted from {dl['counted_from']}"
        if dl["months_field"]:
            origin += f", months in payload.{dl['months_field']}"
        parts.append(f"starts {rules} ({origin})")
    if dl["stop"]:
        parts.append(f"stops {', '.join(dl['stop'])}")
    if dl["restart"]:
        parts.append(f"restarts {', '.join(dl['restart'])}")
    if dl["extend"]:
        parts.append("extends " + ", ".join(f"{x['rule']} by {x['period']}" for x in dl["extend"]))
    return parts


def _kind_text(f: dict) -> str:
    if f["minimum"] is None and f["maximum"] is None:
        return f["kind"]
    low = "" if f["minimum"] is None else f["minimum"]
    high = "" if f["maximum"] is None else f["maximum"]
    return f"{f['kind']} {low}–{high}"


def _procedures_text(d: dict) -> str:
    if len(d["procedures"]) == len(PROCEDURES):
        return "every procedure"
    return ", ".join(d["procedures"]) or "none"


def _described_items(d: dict) -> list[tuple[str, str]]:
    """An event type's description as (label, text) items, shared by the text and Markdown
    renderings: stages, approval, deadlines, basis, checks, procedures."""
    items = [("stages", _stages(d)), ("approval", _approval_text(d["approval"]))]
    deadlines = _deadlines_text(d)
    if deadlines:
        items.append(("deadlines", "; ".join(deadlines)))
    items.append(("basis", "; ".join(d["basis"])))
    if d["checks"]:
        items.append(("checks", "; ".join(c["basis"] for c in d["checks"])))
    items.append(("procedures", _procedures_text(d)))
    return items


def _text_lines(d: dict) -> list[str]:
    lines = [
        f"{d['code']}  {d['zh']} / {d['en']}",
        f"  line {_line_label(d['line'])}; scope {d['scope']}; recorded by {', '.join(d['roles'])}",
        *(f"  {label}: {text}" for label, text in _described_items(d)),
    ]
    if not d["fields"]:
        lines.append("  fields: none (approved_by and note only)")
        return lines
    lines.append("  fields:")
    for f in d["fields"]:
        need = "required" if f["required"] else "optional"
        lines.append(f"    {f['name']}  {_kind_text(f)}  {need}  {f['zh']} / {f['en']}")
        for c in f["choices"]:
            basis = f"  ({'; '.join(c['basis'])})" if c["basis"] else ""
            lines.append(f"      {c['code']}  {c['zh']} / {c['en']}{basis}")
    return lines


_MARKDOWN_INTRO = """\
# Event types

<!-- Generated from the registry: procuracy case types --markdown > docs/events.md -->

Every event type of the ledger, grouped by business line (criminal first, then civil,
administrative, public interest litigation, complaints and relief, and the general events of
every procedure), in the order of the registry (`src/procuracy/cases/catalogue.py`). This
file is generated: `procuracy case types --markdown > docs/events.md` rewrites it, and a test
fails when it differs from the registry. `procuracy case types --type CODE` prints one type,
`--line LINE --fields` one line, `--json` the same as JSON.

For each type:

- **Recorded by**: the roles that may record it; **scope**: `case` (the whole case) or
  `person` (one or more persons of the case, named in `persons`).
- **Stages**: the stages it may be recorded in → the stage it leads to (person stages for a
  person event, case stages for a case event; `src/procuracy/cases/stages.py` names them).
- **Approval**: the role whose holder approves (`payload.approved_by`): always, or only when
  the payload says so (as the registry's `approval_when` answers for each value).
- **Deadlines**: the periods it starts (counted from `occurred_on` unless said otherwise),
  stops, restarts or extends; rule ids as `procuracy deadline --list` lists them.
- **Basis**: its articles (where a choice of its payload has articles of its own, the ledger
  records the chosen ones first and leaves out those only of the choices not made);
  **checks**: further rules of procedure checked when it is recorded; **procedures**: the
  case kinds that allow it.

The table lists the payload fields: **field** (the payload key), **kind** (`text`, `bool`,
`int` with its range, `date` YYYY-MM-DD, `choice`, `charges`, `username`, `person`),
**required**, the Chinese and English names, and for a choice its codes with their names and
articles. Every type also accepts `approved_by` and `note` (docs/interchange.md).
"""


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _event_markdown(d: dict) -> list[str]:
    out = [
        f"### `{d['code']}` {d['zh']} / {d['en']}",
        "",
        f"- **Recorded by**: {', '.join(d['roles'])}; **scope**: {d['scope']}",
        *(f"- **{label.capitalize()}**: {text}" for label, text in _described_items(d)),
        "",
    ]
    if not d["fields"]:
        out.append("No payload fields.")
        return out
    out.append("| field | kind | required | 中文 | English | choices |")
    out.append("|---|---|---|---|---|---|")
    for f in d["fields"]:
        choices = "<br>".join(
            f"`{c['code']}` {c['zh']} / {c['en']}"
            + (f" ({'; '.join(c['basis'])})" if c["basis"] else "")
            for c in f["choices"]
        )
        cells = [
            f"`{f['name']}`",
            _kind_text(f),
            "yes" if f["required"] else "no",
            f["zh"],
            f["en"],
            choices,
        ]
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return out


def events_markdown(described: list[dict] | None = None) -> str:
    """The reference docs/events.md: every event type (or those given, as
    :func:`describe_event_type` describes them), grouped by business line."""
    if described is None:
        described = [describe_event_type(e) for e in _ordered(EVENT_TYPES.values())]
    out = [_MARKDOWN_INTRO.rstrip("\n")]
    current = object()
    for d in described:
        if d["line"] != current:
            current = d["line"]
            zh, en = LINES.get(current, (current, current))
            out += ["", f"## {en} ({zh}, `{_line_label(current)}`)"]
        out += ["", *_event_markdown(d)]
    return "\n".join(out) + "\n"
