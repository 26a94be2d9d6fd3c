import sys

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from procuracy.cases import ledger, projection
from procuracy.core.errors import DomainError
from procuracy.orgs.selectors import get_by_code


class Command(BaseCommand):
    help = "The ledger: verify its hash chains; replay it into the projections."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True, metavar="{verify,replay}")
        verify = sub.add_parser(
            "verify",
            help="recompute the hash chains; exit 1 and name the "
            "first broken event if anything was altered, "
            "removed or reordered",
        )
        verify.add_argument("--org", help="only this procuratorate's chain (code)")
        replay = sub.add_parser(
            "replay", help="rebuild cases, persons and deadlines from the ledger alone"
        )
        replay.add_argument(
            "--check",
            action="store_true",
            help="rebuild inside a transaction, compare with the current "
            "projections, roll back; exit 1 if they differ",
        )

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    def do_verify(self, org=None, **options):
        units = [get_by_code(org)] if org else None

        def progress(n):
            sys.stderr.write(f"\r{n:,} events verified")

        result = ledger.verify(units, progress=progress if sys.stderr.isatty() else None)
        if not result.ok:
            raise CommandError(
                f"ledger broken at {result.broken} ({result.events:,} events verified before it)"
            )
        self.stdout.write(
            f"ledger verified: {result.events:,} events in {result.chains} chain(s), all intact"
        )

    def do_replay(self, check=False, **options):
        before = projection.digest()
        if check:
            with transaction.atomic():
                n = projection.replay()
                after = projection.digest()
                transaction.set_rollback(True)
            if after != before:
                raise CommandError(
                    f"replaying {n} case(s) gives projections that differ from the stored ones"
                )
            self.stdout.write(f"replayed {n} case(s): projections identical")
            return
        with transaction.atomic():
            n = projection.replay()
        after = projection.digest()
        same = "identical to" if after == before else "different from"
        self.stdout.write(f"replayed {n} case(s): projections rebuilt, {same} the previous ones")
