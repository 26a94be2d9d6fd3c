"""``procuracy simulate``: the case flow of every procuratorate, through the real procedures."""

from __future__ import annotations

import json
import re
import sys

from django.core.management.base import BaseCommand, CommandError

from procuracy.core.errors import DomainError


def _years(text: str) -> tuple[int, ...]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", text.strip())
    if not m:
        raise CommandError(f"--years: {text!r} is not a year or a range such as 2022-2023")
    first, last = int(m.group(1)), int(m.group(2) or m.group(1))
    if last < first:
        raise CommandError(f"--years: {text!r} ends before it starts")
    return tuple(range(first, last + 1))


def _said(exc: Exception) -> str:
    """A refusal of one of the options by the option's name (--scale: ...)."""
    field = getattr(exc, "field", None)
    if field in OPTIONS and not getattr(exc, "record", None):
        return f"--{field}: {exc.message}"
    return str(exc)


OPTIONS = ("years", "scale", "seed", "org", "workers")


class Command(BaseCommand):
    help = (
        "Simulate the case flow of every procuratorate (or of one subtree) for some years, "
        "through the real procedures and the import's validation, calibrated on the 2023 "
        "work report (docs/simulator.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", default="2022-2023", help="a year or a range (2022-2023)")
        parser.add_argument(
            "--scale",
            type=float,
            default=0.01,
            help="share of the national case flow, above 0 and at most 1.0 (default 0.01)",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="the random flow's seed (default 1)"
        )
        parser.add_argument(
            "--org", help="only the procuratorates in this subtree (their share of the nation)"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes importing at once, each for its share of the procuratorates "
            "(PostgreSQL only; default 1)",
        )
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, years, scale, seed, org, workers, as_json, quiet, **options):
        from procuracy.orgs.selectors import get_by_code
        from procuracy.simulator import load, plan

        span = _years(years)
        try:
            unit = get_by_code(org) if org else None
            bar = None
            if not quiet and not as_json and sys.stderr.isatty():
                from tqdm import tqdm

                bar = tqdm(total=0, unit=" unit-years", file=sys.stderr)

            def progress(label: str, done: int, total: int) -> None:
                if bar is not None:
                    bar.total = total
                    bar.n = done
                    bar.set_postfix_str(label)
                    bar.refresh()

            report = load.run(span, scale, seed, org=unit, progress=progress, workers=workers)
            if bar is not None:
                bar.close()
        except (DomainError, plan.PlanError, load.SimulationError) as exc:
            raise CommandError(_said(exc)) from None
        out = {
            "years": list(report.years),
            "scale": report.scale,
            "seed": report.seed,
            "procuratorates": report.units,
            "unit_years_imported": report.chunks,
            "unit_years_skipped": report.skipped,
            "events": report.events,
            "seconds": round(report.seconds, 1),
            "events_per_s": round(report.events_per_s),
            "phases_s": {k: round(v, 1) for k, v in report.phases.items()},
        }
        if as_json:
            self.stdout.write(json.dumps(out, indent=2))
            return
        self.stdout.write(
            f"Simulated {', '.join(map(str, report.years))} at scale {report.scale} (seed "
            f"{report.seed}): {report.events:,} events in {report.chunks:,} procuratorate-years "
            f"({report.skipped:,} already there) of {report.units:,} procuratorates, "
            f"{report.seconds:,.1f} s, {report.events_per_s:,.0f} events/s."
        )
