import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from procuracy.cases import ledger, projection
from procuracy.core.errors import DomainError
from procuracy.orgs.selectors import get_by_code


class Command(BaseCommand):
    help = (
        "The ledger: verify its hash chains (and against anchors kept outside the database); "
        "write an anchor; replay it into the projections."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{verify,anchor,replay}")
        verify = sub.add_parser(
            "verify",
            help="recompute the hash chains; exit 1 and name the "
            "first broken event if anything was altered, "
            "removed or reordered",
        )
        verify.add_argument("--org", help="only this procuratorate's chain (code)")
        verify.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE",
            help="also check that every position this anchor (from `ledger anchor`) holds "
            "still has its hash: catches a history rewritten with its hashes recomputed "
            "(repeatable)",
        )
        anchor = sub.add_parser(
            "anchor",
            help="write the heads of the chains (position and hash) as an anchor to keep "
            "outside the database; the ledger is verified first",
        )
        anchor.add_argument("--org", help="only this procuratorate's chain (code)")
        anchor.add_argument(
            "-o", "--output", metavar="FILE", help="write here (default, or '-': standard output)"
        )
        replay = sub.add_parser(
            "replay", help="rebuild cases, persons and deadlines from the ledger alone"
        )
        replay.add_argument(
            "--check",
            action="store_true",
            help="rebuild inside a transaction, compare with the current "
            "projections, roll back; exit 1 and name the cases if they differ",
        )
        replay.add_argument(
            "--unverified",
            action="store_true",
            help="replay even when the hash chains are broken (by default the ledger is "
            "verified first, and a broken one is not replayed: the projections would then "
            "show the altered events)",
        )

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def _units(self, org):
        if org is not None and not org.strip():
            raise CommandError("--org: give a procuratorate code (or leave the option out)")
        return [get_by_code(org)] if org else None

    def _read_anchor(self, path: str) -> dict:
        try:
            with open(path, encoding="utf-8-sig") as fh:  # (a byte order mark is no part of it)
                data = json.load(fh)
            return ledger.read_anchor(data)
        except OSError as exc:
            raise CommandError(f"--anchor {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise CommandError(f"--anchor {path}: not an anchor file (not UTF-8 text)") from None
        except json.JSONDecodeError as exc:
            what = "empty" if not exc.doc.strip() else f"{exc.msg} at line {exc.lineno}"
            raise CommandError(f"--anchor {path}: not an anchor file (not JSON: {what})") from None
        except (ValueError, ledger.AnchorError) as exc:
            raise CommandError(f"--anchor {path}: {exc}") from None

    def do_anchor(self, org=None, output=None, **options):
        if output is not None and not output.strip():
            raise CommandError("-o: give a file name (or leave the option out)")
        if output == "-":
            output = None  # standard output
        units = self._units(org)
        result = ledger.verify(units)
        if not result.ok:
            raise CommandError(f"ledger broken at {result.broken}: no anchor written")
        text = json.dumps(ledger.anchor(units), ensure_ascii=False, indent=1) + "\n"
        if output:
            try:
                with open(output, "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                raise CommandError(f"-o {output}: {exc.strerror or exc}") from None
            self.stderr.write(f"anchor of {result.chains} chain(s) written to {output}")
        else:
            self.stdout.write(text, ending="")

    def do_verify(self, org=None, anchor=(), **options):
        units = self._units(org)
        anchors = [(path, self._read_anchor(path)) for path in anchor]

        def progress(n):
            sys.stderr.write(f"\r{n:,} events verified")

        result = ledger.verify(units, progress=progress if sys.stderr.isatty() else None)
        if not result.ok:
            raise CommandError(
                f"ledger broken at {result.broken} ({result.events:,} events verified before it)"
            )
        positions = 0
        for path, data in anchors:
            held = ledger.anchored(data, units)
            if not held:
                raise CommandError(
                    f"anchor {path} holds no position of the chain(s) verified: nothing to check"
                )
            positions += len(held)
            problems = ledger.check_anchor(data, units)
            if problems:
                more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                raise CommandError(f"ledger differs from anchor {path}: {problems[0]}{more}")
        held = (
            f"; all {positions} anchored position(s) of {len(anchors)} anchor(s) held"
            if anchors
            else ""
        )
        self.stdout.write(
            f"ledger verified: {result.events:,} events in {result.chains} chain(s), all "
            f"intact{held}"
        )

    def do_replay(self, check=False, unverified=False, **options):
        if not unverified:
            result = ledger.verify()
            if not result.ok:
                raise CommandError(
                    f"ledger broken at {result.broken}: not replayed (the projections would "
                    "show the altered events); `ledger verify` tells more, --unverified "
                    "replays anyway"
                )
        if check:
            before = projection.case_digests()
            with transaction.atomic():
                n = projection.replay()
                after = projection.case_digests()
                transaction.set_rollback(True)
            differ = projection.differing(before, after)
            if differ:
                shown = ", ".join(differ[:10]) + (" …" if len(differ) > 10 else "")
                raise CommandError(
                    f"replaying {n} case(s) gives projections that differ from the stored "
                    f"ones in {len(differ)} case(s): {shown}"
                )
            self.stdout.write(f"replayed {n} case(s): projections identical")
            return
        before = projection.digest()
        with transaction.atomic():
            n = projection.replay()
        after = projection.digest()
        same = "identical to" if after == before else "different from"
        self.stdout.write(f"replayed {n} case(s): projections rebuilt, {same} the previous ones")
