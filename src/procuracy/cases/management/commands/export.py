"""``procuracy export [--since DATE] [--org CODE] [-o FILE] [--chain]``: events as ``procuracy-events/1``."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases import interchange
from procuracy.core.dates import iso_date
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
        parser.add_argument(
            "-o", "--output", help="write to FILE instead of standard output ('-': standard output)"
        )
        parser.add_argument(
            "--chain",
            action="store_true",
            help="add each event's basis as recorded and its place in the hash chain, so "
            "that import --restore restores the events as recorded (a backup)",
        )

    def handle(self, *args, since=None, org=None, output=None, chain=False, **options):
        try:
            since_day = iso_date(since) if since is not None else None
        except ValueError:
            raise CommandError(f"--since {since!r} is not a real date (YYYY-MM-DD)") from None
        if since_day is not None and since_day.year < 1900:
            since_day = None  # the ledger holds nothing before 1900: everything is after it
        if org is not None and not org.strip():
            raise CommandError("--org: give a procuratorate code (or leave the option out)")
        if output is not None and not output.strip():
            raise CommandError("-o: give a file name (or leave the option out)")
        if output == "-":
            output = None  # standard output, as import reads - from standard input
        try:
            unit = get_by_code(org) if org else None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        # Each chain is read by one query: a consistent prefix of it even while others write.
        if output:
            # A file is written beside itself and moved over it at the end: a failure leaves
            # any file already there as it was. A device or a pipe is written directly.
            path = Path(output).resolve()  # through a symbolic link, to the file it names
            regular = not path.exists() or path.is_file()
            partial = path.with_name(f".{path.name}.partial") if regular else path
            # the export holds identity numbers: readable by its owner only, or as the file
            # it replaces was
            mode = path.stat().st_mode & 0o777 if regular and path.exists() else 0o600
            try:
                if regular:
                    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode))
                    os.chmod(partial, mode)
                with open(partial, "w", encoding="utf-8", newline="\n") as out:
                    n = interchange.export(out, since=since_day, org=unit, chain=chain)
                if regular:
                    os.replace(partial, path)
            except OSError as exc:
                if regular:
                    partial.unlink(missing_ok=True)
                raise CommandError(f"{output}: {exc.strerror}") from None
            except BaseException:
                if regular:
                    partial.unlink(missing_ok=True)
                raise
            self.stderr.write(f"{n} event(s) written to {output}")
        else:
            interchange.export(self.stdout, since=since_day, org=unit, chain=chain)
