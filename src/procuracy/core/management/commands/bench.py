"""``procuracy bench ledger|deadlines``: benchmarks, each beside a bare baseline."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Benchmarks: 'ledger' (decisions, import, verify on a scratch database) and "
        "'deadlines' (the deadline fast path)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{ledger,deadlines}")
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
        ledger.add_argument("--json", action="store_true", dest="as_json")
        deadlines = sub.add_parser(
            "deadlines", help="N deadline computations against a bare date + timedelta loop"
        )
        deadlines.add_argument("--n", type=int, default=1_000_000)
        deadlines.add_argument("--seed", type=int, default=0)
        deadlines.add_argument("--json", action="store_true", dest="as_json")

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

    def do_deadlines(self, n, seed, as_json, **options):
        from django.core.management import call_command

        args = ["--n", str(n), "--seed", str(seed)] + (["--json"] if as_json else [])
        call_command("bench_deadlines", *args, stdout=self.stdout, stderr=self.stderr)
