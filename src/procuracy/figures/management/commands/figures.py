import dataclasses
import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases.models import Case
from procuracy.core.errors import DomainError
from procuracy.figures import registry, service
from procuracy.figures.formatting import format_change, format_value, table


class Command(BaseCommand):
    help = (
        "Figures from the ledger for a year and a procuratorate subtree; 'explain ID' drills down."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "explain",
            nargs="*",
            metavar="explain ID",
            help="explain one figure: its definition, query, counts and events",
        )
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--org", default="000000", help="procuratorate code (default: SPP)")
        parser.add_argument(
            "--edition",
            help=f"one of {', '.join(registry.EDITIONS)} (default: work-report; for explain, "
            "the edition that declares the figure)",
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="one JSON object instead of the table (docs/formats-changelog.md)",
        )

    def handle(self, *args, explain, year, org, edition, as_json, **options):
        try:
            if explain:
                if explain[0] != "explain" or len(explain) != 2:
                    raise CommandError("usage: procuracy figures explain ID --year Y [--org CODE]")
                return self.do_explain(explain[1], year, org, as_json, edition)
            edition = "work-report" if edition is None else edition
            result = service.figures(year, org, edition)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps({
                "year": year, "org": result.unit.code, "edition": edition,
                "figures": {fid: {"zh": v.figure.zh, "en": v.figure.en, "unit": v.figure.unit,
                                  "value": v.value, "previous": v.previous, "change": v.change}
                            for fid, v in result.values.items()},
            }, ensure_ascii=False, indent=2))  # fmt: skip
            return
        self.stdout.write(f"{result.unit.name_zh} {result.unit.name_en} · {year} · {edition}")
        for line in table(result.values):
            self.stdout.write(line)

    def do_explain(self, figure_id, year, org, as_json, edition=None):
        data = service.explain(figure_id, year, org, edition=edition)
        fig, value = data["figure"], data["value"]
        numbers = dict(Case.objects.filter(
            pk__in={r[1] for p in data["parts"] for r in p["samples"]}
        ).values_list("id", "number"))  # fmt: skip
        if as_json:
            self.stdout.write(json.dumps({
                "figure": fig.id, "zh": fig.zh, "en": fig.en,
                "definition": registry.describe(fig),
                "definition_zh": registry.describe(fig, lang="zh"),
                "org": data["unit"].code, "year": year, "edition": data["edition"],
                "value": value.value, "previous": value.previous, "change": value.change,
                "parts": [{"figure": p["figure"].id, "sql": p["sql"], "counts": p["counts"],
                           "samples": [[None if x is None else str(x) for x in r]
                                       for r in p["samples"]]}
                          for p in data["parts"]],
            }, ensure_ascii=False, indent=2))  # fmt: skip
            return
        self.stdout.write(f"{fig.id}: {fig.zh} / {fig.en} ({fig.unit})")
        self.stdout.write(f"definition: {registry.describe(fig)}")
        self.stdout.write(f"定义：{registry.describe(fig, lang='zh')}")
        if fig.basis:
            self.stdout.write(f"basis: {'; '.join(fig.basis)}")
        if fig.count == "ratio":
            self.stdout.write(f"ratio: {fig.numerator} ÷ {fig.denominator}")
        before = format_value(dataclasses.replace(value, value=value.previous))
        change = format_change(value) if value.change is not None else ""
        unit = f" {fig.unit}" if fig.unit in ("yuan", "days") else ""  # a count's unit is its noun
        now = format_value(value)
        now, before = (x if x == "—" else x + unit for x in (now, before))
        self.stdout.write(
            f"value {year}: {now}; {year - 1}: {before}" + (f"; {change}" if change else "")
        )
        for part in data["parts"]:
            self.stdout.write(f"\n{part['figure'].id} counts {part['figure'].count}:")
            self.stdout.write(part["sql"])
            for y in (year - 1, year):
                self.stdout.write(f"  {y}: {part['counts'].get(y, 0)}")
            self.stdout.write("  sample events:")
            for event_id, case_id, person, etype, code, on, _unit in part["samples"]:
                number = numbers.get(uuid.UUID(case_id), case_id)
                words = " ".join(str(w) for w in (on, number, person, etype, code) if w)
                self.stdout.write(f"    {words} (event {event_id})")
