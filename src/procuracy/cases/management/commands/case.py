import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases import actions, selectors
from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
from procuracy.core.errors import DomainError
from procuracy.orgs.selectors import get_by_code
from procuracy.staff.models import User


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a real date (YYYY-MM-DD)") from None


def _user(username: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user {username!r}")
    return user


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
        assign.add_argument("number")
        assign.add_argument("--as", dest="username", required=True)
        assign.add_argument("--to", dest="handler")
        assign.add_argument("--on", dest="on")
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
            help="a payload field (JSON values allowed: true, 12, [...])",
        )
        record.add_argument("--approved-by", help="username of the approving chief or head")
        record.add_argument("--corrects", help="event id corrected (event.corrected)")
        record.add_argument("--key", help="idempotency key")
        show = sub.add_parser("show", help="a case: persons, deadlines, events")
        show.add_argument("number")
        show.add_argument("--json", action="store_true", dest="as_json")
        types = sub.add_parser("types", help="the event types and procedures")
        types.add_argument("--kind", help="only this case kind")

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def do_receive(self, file, org, username, **options):
        try:
            with open(file, encoding="utf-8") as fh:
                data = json.load(fh)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{file}: not JSON (line {exc.lineno}: {exc.msg})") from None
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
        data["received_on"] = _date(str(data.get("received_on", "")))
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
        for item in set:
            name, sep, value = item.partition("=")
            if not sep:
                raise CommandError(f"--set {item!r}: expected FIELD=VALUE")
            try:
                payload[name] = json.loads(value)
            except json.JSONDecodeError:
                payload[name] = value
        if approved_by:
            payload["approved_by"] = approved_by
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

    def do_types(self, kind=None, **options):
        for procedure in PROCEDURES.values():
            if kind and procedure.kind != kind:
                continue
            self.stdout.write(
                f"{procedure.kind}  {procedure.zh} / {procedure.en}  "
                f"[{procedure.number_code}]  {'; '.join(procedure.basis)}"
            )
            for code in sorted(procedure.events):
                e = EVENT_TYPES[code]
                approval = f"  approval: {e.approval}" if e.approval else ""
                self.stdout.write(f"  {code:<48} {e.zh} / {e.en} — {'; '.join(e.basis)}{approval}")
