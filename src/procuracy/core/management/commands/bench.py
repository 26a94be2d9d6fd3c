"""``procuracy bench ledger|deadlines``: benchmarks, each beside a bare baseline."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Benchmarks: 'ledger' (decisions, import, verify on a scratch database) and "
        "'deadlines' (the deadline fast path), 'web' (pages under load), 'report' (the work "
        "report's figures from the ledger against the report, and their time)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="sub", required=True, metavar="{ledger,deadlines,web,report}"
        )
        ledger = sub.add_parser(
            "ledger",
            help="decisions/s through the actions, import events/s and verify events/s, "
            "on a scratch database (never your data)",
        )
        ledger.add_argument(
            "--events",
            type=int,
            default=200_000,
            help="events to verify (default 200000); the import uses a tenth of it and the "
            "decisions a hundredth, unless given below",
        )
        ledger.add_argument("--import-events", type=int, help="events to import")
        ledger.add_argument("--decisions", type=int, help="decisions to record")
        ledger.add_argument(
            "--db-note",
            action="store_true",
            help="describe the database and machine (version, durability settings, CPUs)",
        )
        ledger.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="one JSON object instead of the text (docs/formats-changelog.md)",
        )
        deadlines = sub.add_parser(
            "deadlines", help="N deadline computations against a bare date + timedelta loop"
        )
        deadlines.add_argument("--n", type=int, default=1_000_000)
        deadlines.add_argument("--seed", type=int, default=0)
        deadlines.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="one JSON object instead of the text (docs/formats-changelog.md)",
        )
        web = sub.add_parser(
            "web",
            help="workbench and case page under load (gunicorn, production settings) "
            "beside a trivial view, on a scratch database",
        )
        web.add_argument("--events", type=int, default=30_000, help="events imported first")
        web.add_argument("--clients", type=int, default=16)
        web.add_argument("--seconds", type=float, default=20)
        web.add_argument("--workers", type=int, default=4, help="gunicorn workers")
        web.add_argument(
            "--current",
            action="store_true",
            help="use this database as procuracy simulate filled it (e.g. --scale 0.1 on "
            "PostgreSQL) instead of a scratch one",
        )
        web.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="one JSON object instead of the text (docs/formats-changelog.md)",
        )
        rep = sub.add_parser(
            "report",
            help="the work report's covered figures from this database's ledger against the "
            "report, and the time of the figures (run procuracy simulate first)",
        )
        rep.add_argument(
            "--year",
            type=int,
            default=2023,
            help="the report's year, 2023 (its year-on-year changes check 2022's figures)",
        )
        rep.add_argument(
            "--scale",
            type=float,
            help="the scale the database was simulated at (counts are divided by it; by "
            "default the scale procuracy simulate recorded)",
        )
        rep.add_argument(
            "--replicate",
            type=int,
            default=0,
            metavar="N",
            help="also time the national figures and the baseline over N copies of the facts "
            "(each copy's cases and persons keyed apart) in a scratch DuckDB file: the volume "
            "of scale N × S without simulating it (e.g. --scale 0.05 --replicate 20)",
        )
        rep.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="one JSON object instead of the text (docs/formats-changelog.md)",
        )

    def handle(self, *args, sub, **options):
        getattr(self, f"do_{sub}")(**options)

    def do_ledger(self, events, import_events, decisions, db_note, as_json, **options):
        from procuracy.cases import bench

        for name, value in (
            ("--events", events),
            ("--import-events", import_events),
            ("--decisions", decisions),
        ):
            if value is not None and value < 1:
                raise CommandError(f"{name} must be at least 1")

        def progress(text):
            if sys.stderr.isatty():
                sys.stderr.write(f"  {text}\n")

        result = bench.run_ledger(
            events, import_events=import_events, decisions=decisions, progress=progress
        )
        if not db_note:
            result["database"] = {k: result["database"][k] for k in ("vendor", "scratch")}
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(bench.table(result, note=db_note))

    def do_web(self, events, clients, seconds, workers, current, as_json, **options):
        from procuracy.web import bench

        if min(events, clients, workers) < 1 or seconds <= 0:
            raise CommandError("--events, --clients, --workers and --seconds must be positive")
        try:
            result = bench.run_web(
                events=events, clients=clients, seconds=seconds, workers=workers, current=current
            )
        except RuntimeError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(json.dumps(result) if as_json else bench.table(result))

    def do_report(self, year, scale, replicate, as_json, **options):
        from procuracy.cases.models import LedgerEvent
        from procuracy.figures import bench, report_data
        from procuracy.simulator.load import simulated_runs

        reported = report_data.report().year
        if year != reported:
            raise CommandError(
                f"the work report is {reported}'s: --year {reported} (its year-on-year changes "
                f"check {reported - 1}'s figures)"
            )
        if scale is None:
            scales = sorted({sc for _seed, sc in simulated_runs()})
            if len(scales) != 1:
                found = (
                    f"simulations at scales {', '.join(f'{s:g}' for s in scales)}"
                    if scales
                    else "no simulation recorded"
                )
                raise CommandError(f"{found}: give --scale, the scale the ledger was simulated at")
            scale = scales[0]
        if not 0 < scale <= 1:
            raise CommandError("--scale is above 0 and at most 1.0")
        if not 0 <= replicate <= 100:
            raise CommandError("--replicate is between 0 (none) and 100")
        if not LedgerEvent.objects.filter(occurred_on__year=year).exists():
            raise CommandError(
                f"no ledger events in {year}: run procuracy simulate --years {year - 1}-{year} "
                f"--scale {scale} first"
            )

        def progress(text):
            if sys.stderr.isatty():
                sys.stderr.write(f"  {text}\n")

        result = bench.run(year, scale, progress=progress, replicate=replicate)
        self.stdout.write(
            json.dumps(result, ensure_ascii=False) if as_json else bench.table(result)
        )

    def do_deadlines(self, n, seed, as_json, **options):
        from django.core.management import call_command

        args = ["--n", str(n), "--seed", str(seed)] + (["--json"] if as_json else [])
        call_command("bench_deadlines", *args, stdout=self.stdout, stderr=self.stderr)
