"""``procuracy deadline RULE --from YYYY-MM-DD``: a statutory deadline with its explanation."""

from __future__ import annotations

import json
import re
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from procuracy.core.errors import shown
from procuracy.law import LawError, catalogue, compute
from procuracy.law.catalogue import IN_CUSTODY, NOT_APPLICABLE
from procuracy.law.management.store import site_calendar


def parse_day(value: str | None, option: str = "--from") -> date:
    if not value:
        raise CommandError(f"{option} YYYY-MM-DD is required")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise CommandError(f"{option} {value!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise CommandError(f"{option} {value} is not a real date ({exc})") from None


def parse_months(value: str | None) -> int | None:
    """``--months``: a whole number, at least 1 (its legal range is the rule's to check)."""
    if value is None:
        return None
    m = re.fullmatch(r"([+-]?)(\d+)", value.strip())
    if not m:
        raise CommandError(f"--months {value!r} is not a whole number of months")
    digits = m[2].lstrip("0") or "0"
    if m[1] == "-" or digits == "0":
        raise CommandError(f"--months {value.strip()}: the number of months must be at least 1")
    if len(digits) > 6:
        raise CommandError(f"--months {shown(value.strip())}: far more months than any period")
    return int(digits)


class Command(BaseCommand):
    help = "Compute a statutory deadline (CPL art. 105, CivPL art. 85) and explain it."

    def add_arguments(self, parser):
        parser.add_argument("rule", nargs="?", help="rule id (procuracy deadline --list)")
        parser.add_argument("--from", dest="start", help="day of the triggering event, YYYY-MM-DD")
        group = parser.add_mutually_exclusive_group()
        group.add_argument(
            "--custody",
            dest="custody",
            action="store_true",
            default=None,
            help="the person is in custody: no holiday roll-over (CPL art. 105)",
        )
        group.add_argument(
            "--no-custody", dest="custody", action="store_false", help="not in custody"
        )
        parser.add_argument("--months", help="length of a given period (e.g. 6 to 12)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument(
            "--lang", choices=("zh", "en", "both"), default="both", help="explanation language"
        )
        parser.add_argument("--list", action="store_true", help="list the catalogue")

    def handle(self, *args, **opts):
        if opts["list"]:
            return self._list(opts["json"])
        if not opts["rule"]:
            raise CommandError("a rule id is required (procuracy deadline --list shows them)")
        start = parse_day(opts["start"])
        months = parse_months(opts["months"])
        try:
            rule = catalogue().get(opts["rule"], start)
            if months is not None and not rule.period.given:
                raise CommandError(
                    f"{rule.id} has a fixed period of {rule.period.text()}: it takes no --months "
                    "(only a period given case by case does, e.g. "
                    "conditional-non-prosecution-probation)"
                )
            deadline = compute(
                opts["rule"],
                start,
                custody=opts["custody"],
                months=months,
                calendar=site_calendar(),
            )
            if opts["json"]:
                self.stdout.write(json.dumps(deadline.as_dict(), ensure_ascii=False))
                return
            langs = ("zh", "en") if opts["lang"] == "both" else (opts["lang"],)
            self.stdout.write("\n\n".join(deadline.explanation(lang) for lang in langs))
        except LawError as exc:
            raise CommandError(str(exc)) from None

    def _list(self, as_json: bool):
        rules = list(catalogue())
        if as_json:
            rows = [
                {
                    "rule": r.id,
                    "name": {"zh": r.zh, "en": r.en},
                    "period": r.period.text("en"),
                    "period_zh": r.period.text("zh"),
                    "basis": [a.text("en") for a in r.basis],
                    "procedure": r.procedure.key,
                    "custody": r.custody,
                    "in_force_from": r.in_force_from.isoformat(),
                    "in_force_to": r.in_force_to.isoformat() if r.in_force_to else None,
                    "holder": r.holder,
                }
                for r in rules
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        custody_text = {IN_CUSTODY: "in custody", NOT_APPLICABLE: "—"}
        width = max(len(r.id) for r in rules)
        lines = [f"{'rule':<{width}}  {'period':<28} {'custody':<15} basis / 名称"]
        for r in rules:
            custody = custody_text.get(r.custody, "not in custody")
            basis = "; ".join(a.text("en") for a in r.basis)
            lines.append(
                f"{r.id:<{width}}  {r.period.text('en'):<28} {custody:<15} {basis} / {r.zh}"
            )
        self.stdout.write("\n".join(lines))  # one write: safe when piped into head
