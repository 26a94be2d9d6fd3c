"""``procuracy calendar import FILE``, ``calendar show YEAR`` and ``calendar recompute YEAR``:
the State Council's holiday schedule (format of the file in docs/law.md) and the case deadlines
that follow it."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from procuracy.law import LawError
from procuracy.law.management.store import calendar_dir, site_calendar, store_schedule
from procuracy.law.schedule import (
    WEEKDAYS_EN,
    WEEKDAYS_ZH,
    builtin_schedules,
    holiday_name,
    load_schedule_file,
)


class Command(BaseCommand):
    help = (
        "Import, show or recompute a year of the State Council's holiday schedule (recompute: "
        "the case deadlines reaching into the year)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imported = (
            "validate and store a year's schedule (YAML file, docs/law.md), then recompute the "
            "deadlines of the cases in the database that reach into that year"
        )
        imp = sub.add_parser(
            "import", help=imported, description=imported[0].upper() + imported[1:] + "."
        )
        imp.add_argument("file", help="the YAML file of one year")
        show = sub.add_parser("show", help="list a year's holidays and adjusted working days")
        show.add_argument("year", help="e.g. 2027")
        show.add_argument("--json", action="store_true", help="as JSON")
        again_text = (
            "rebuild the deadlines of the cases reaching into a year from the ledger with the "
            "calendar as it is now (after a package upgrade brought the year, or to redo an "
            "import's recompute)"
        )
        again = sub.add_parser(
            "recompute", help=again_text, description=again_text[0].upper() + again_text[1:] + "."
        )
        again.add_argument("year", help="a year the calendar knows (built in or imported)")

    def handle(self, *args, **opts):
        try:
            if opts["action"] == "import":
                return self._import(opts["file"])
            if opts["action"] == "recompute":
                return self._recompute(opts["year"])
            return self._show(opts["year"], opts.get("json", False))
        except LawError as exc:
            raise CommandError(str(exc)) from None

    def _import(self, file: str):
        schedule = load_schedule_file(file)  # validates everything before anything is written
        site_calendar()  # the stored years must still be readable
        target = calendar_dir() / f"{schedule.year}.yaml"
        replaces = (
            "replaces the imported year"
            if target.exists()
            else "replaces the built-in year"
            if schedule.year in {s.year for s in builtin_schedules()}
            else "new year"
        )
        path = store_schedule(schedule)
        self.stdout.write(
            f"imported {schedule.year} ({replaces}): {len(schedule.holidays)} holidays, "
            f"{len(schedule.workdays)} adjusted working days -> {path}"
        )
        # the cases whose deadlines reach into that year: due dates follow the schedule now
        # (provisional ones become final, docs/law.md); importing the file again redoes it
        from django.db import connection

        from procuracy.cases.models import CaseDeadline
        from procuracy.cases.projection import recompute_deadlines

        if CaseDeadline._meta.db_table not in connection.introspection.table_names():
            self.stdout.write("no case database yet: no deadline to recompute")
            return
        cases = recompute_deadlines(schedule.year, site_calendar())
        self.stdout.write(
            f"recomputed the deadlines of {cases} case(s) reaching into {schedule.year}"
        )

    def _recompute(self, year_text: str):
        year = _year(year_text)
        calendar = site_calendar()
        if year not in calendar.years:
            # the deadlines reaching into a year without a schedule are provisional, and were
            # computed so already: rebuilding them with no schedule would change nothing
            raise CommandError(
                f"no schedule of {year} to recompute with (known years: "
                f"{calendar.known_years_text()}): `procuracy calendar import FILE` imports the "
                "year and recomputes its cases"
            )
        from procuracy.cases.projection import recompute_deadlines

        cases = recompute_deadlines(year, calendar)
        self.stdout.write(f"recomputed the deadlines of {cases} case(s) reaching into {year_text}")

    def _show(self, year_text: str, as_json: bool):
        schedule = site_calendar().schedule(_year(year_text))
        if as_json:
            self.stdout.write(json.dumps(schedule.as_data(), ensure_ascii=False))
            return
        self.stdout.write(f"{schedule.year} — {schedule.source or 'no source given'}")
        self.stdout.write("节假日 Holidays:")
        for day, name in schedule.holidays.items():
            self.stdout.write(
                f"  {day.isoformat()} 星期{WEEKDAYS_ZH[day.weekday()]} "
                f"{WEEKDAYS_EN[day.weekday()]}  {holiday_name(name, 'zh')} {name}"
            )
        self.stdout.write("调休工作日 Adjusted working days:")
        if not schedule.workdays:
            self.stdout.write("  (none)")
        for day, name in schedule.workdays.items():
            self.stdout.write(
                f"  {day.isoformat()} 星期{WEEKDAYS_ZH[day.weekday()]} "
                f"{WEEKDAYS_EN[day.weekday()]}  {holiday_name(name, 'zh')} {name}".rstrip()
            )


def _year(text: str) -> int:
    """A year as the commands take it: four digits, 0001 to 9999."""
    if not text.isascii() or not text.isdigit() or len(text) != 4 or int(text) < 1:
        raise CommandError(f"{text!r} is not a year")
    return int(text)
