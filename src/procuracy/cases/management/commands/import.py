"""``procuracy import FILE [--dry-run] [--json] [--allow-system] [--restore]``: events in ``procuracy-events/1`` (JSON Lines)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from procuracy.cases import interchange


class Command(BaseCommand):
    help = (
        "Import events from a procuracy-events/1 JSON Lines file (docs/interchange.md), all or "
        "nothing: every rejected line is reported with its number, field and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON Lines file, or - for standard input")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate everything, then roll back"
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="report as JSON")
        parser.add_argument(
            "--allow-system",
            action="store_true",
            help="accept events whose actor is 'system' (recorded by Procuracy itself, "
            "without a user's roles): for restoring an export",
        )
        parser.add_argument(
            "--restore",
            action="store_true",
            help="restore this installation's own export: actors, handlers and approvers as "
            "recorded (the users must exist, active or not; their roles then are not checked "
            "against today's); implies --allow-system. An export taken with --chain is "
            "restored as recorded: each line's place and hash are checked against the chain, "
            "and the procedures of today do not judge the events again",
        )
        parser.add_argument(
            "--through-actions",
            action="store_true",
            help="apply each line through the actions one by one (slow; the same result)",
        )

    def handle(
        self, *args, file, dry_run, as_json, allow_system, restore, through_actions, **options
    ):
        mode = "actions" if through_actions else "bulk"

        def failed(message: str) -> CommandError:
            """A refusal of the whole file: with --json, also as the report's object."""
            if as_json:
                self.stdout.write(json.dumps(
                    {"format": interchange.FORMAT, "ok": False, "dry_run": dry_run,
                     "error": message}, ensure_ascii=False,
                ))  # fmt: skip
            return CommandError(message)

        if restore and through_actions:
            raise failed("--restore is a bulk import: not with --through-actions")
        options = {"dry_run": dry_run, "allow_system": allow_system, "restore": restore}
        try:
            # binary: lines end at \n only, and each line is decoded (and refused) alone
            if file == "-":
                result = interchange.import_lines(sys.stdin.buffer, mode=mode, **options)
            else:
                with open(file, "rb") as stream:
                    result = interchange.import_lines(stream, mode=mode, source=file, **options)
        except OSError as exc:
            raise failed(f"{file}: {exc.strerror}") from None
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            for rejection in result.rejected:
                self.stderr.write(str(rejection))
        if not result.ok:
            raise CommandError(
                f"{len(result.rejected)} rejection(s) in {result.lines} line(s): nothing imported"
            )
        if not as_json:
            done = "checked (dry run, nothing written)" if dry_run else "imported"
            self.stdout.write(
                f"{result.imported} event(s) of {result.cases} case(s) {done}; "
                f"{result.skipped} line(s) already imported, skipped"
            )
