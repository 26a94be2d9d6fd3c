"""``procuracy export [--since DATE] [--org CODE] [-o FILE]``: events as ``procuracy-events/1``."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases import interchange
from procuracy.core.errors import DomainError
from procuracy.orgs.selectors import get_by_code


class Command(BaseCommand):
    help = (
        "Export ledger events as procuracy-events/1 JSON Lines (docs/interchange.md), in chain "
        "order; the format procuracy import reads."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            help="only events recorded on or after this date (YYYY-MM-DD, site time zone)",
        )
        parser.add_argument("--org", help="only this procuratorate and the units below it (code)")
        parser.add_argument("-o", "--output", help="write to FILE instead of standard output")

    def handle(self, *args, since=None, org=None, output=None, **options):
        try:
            since_day = date.fromisoformat(since) if since else None
        except ValueError:
            raise CommandError(f"--since {since!r} is not a real date (YYYY-MM-DD)") from None
        try:
            unit = get_by_code(org) if org else None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        # Each chain is read by one query: a consistent prefix of it even while others write.
        if output:
            try:
                with open(output, "w", encoding="utf-8", newline="\n") as out:
                    n = interchange.export(out, since=since_day, org=unit)
            except OSError as exc:
                raise CommandError(f"{output}: {exc.strerror}") from None
            self.stderr.write(f"{n} event(s) written to {output}")
        else:
            interchange.export(self.stdout, since=since_day, org=unit)
