"""``procuracy bench_deadlines [--n N] [--seed S] [--json]``: time the deadline fast path."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from procuracy.law import bench
from procuracy.law.management.store import site_calendar


class Command(BaseCommand):
    help = "Time N deadline computations against a bare date + timedelta loop."
    # `procuracy bench deadlines` runs it: not listed in `procuracy --help` on its own
    hidden = True

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        if opts["n"] < 1:
            raise CommandError("--n must be at least 1")
        try:
            result = bench.run(opts["n"], opts["seed"], site_calendar())
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if opts["json"]:
            self.stdout.write(json.dumps(result))
            return
        self.stdout.write(
            f"{result['n']:,} deadlines ({result['rules']} rules, starts "
            f"{result['starts'][0]}..{result['starts'][1]}): {result['seconds']:.3f} s "
            f"({result['microseconds_per_deadline']:.2f} µs each)\n"
            f"baseline date + timedelta: {result['baseline_seconds']:.3f} s; "
            f"ratio {result['ratio']}"
        )
