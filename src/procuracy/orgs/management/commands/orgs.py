import json

from django.core.management.base import BaseCommand, CommandError

from procuracy.core.errors import DomainError
from procuracy.orgs import actions, selectors


class Command(BaseCommand):
    help = "The procuratorate tree: load it from GB/T 2260 divisions, show a unit, count units."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{load,show,stats}")
        sub.add_parser("load", help="create or update the tree (idempotent)")
        show = sub.add_parser("show", help="one procuratorate with its parent and children")
        show.add_argument("code", help="six-digit code, e.g. 110105; 000000 is the SPP")
        show.add_argument("--json", action="store_true", dest="as_json")
        stats = sub.add_parser("stats", help="how many procuratorates at each level")
        stats.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def do_load(self, **options):
        result = actions.load_tree(actor=None)
        self.stdout.write(f"procuratorate tree loaded: {result}")

    def do_show(self, code, as_json=False, **options):
        unit = selectors.get_by_code(code)
        children = list(unit.children.order_by("code"))
        data = {
            "code": unit.code,
            "level": unit.level,
            "name_zh": unit.name_zh,
            "name_en": unit.name_en,
            "abbreviation": unit.abbreviation,
            "parent": unit.parent.code if unit.parent else None,
            "path": [c for c in unit.path.split("/") if c],
            "children": [c.code for c in children],
        }
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{unit.name_zh}  {unit.name_en}")
        self.stdout.write(f"code {unit.code}, level {unit.level}, abbreviation {unit.abbreviation}")
        if unit.parent:
            self.stdout.write(f"parent: {unit.parent.code} {unit.parent.name_zh}")
        self.stdout.write(f"children ({len(children)}):")
        for child in children:
            self.stdout.write(f"  {child.code} {child.name_zh}")

    def do_stats(self, as_json=False, **options):
        counts = selectors.counts_by_level()
        if as_json:
            self.stdout.write(json.dumps(counts))
        else:
            for key, value in counts.items():
                self.stdout.write(f"{key:<12} {value}")
