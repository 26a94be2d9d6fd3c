import re

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re

from procuracy.core import demo
from procuracy.orgs.selectors import get_by_code
from procuracy.simulator.load import OtherIds


class Command(BaseCommand):
    help = "Set up the demo (migrate, load the procuratorate tree, demo staff) and serve it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="where to serve (default 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="set up only; do not start the server"
        )

    def handle(self, *args, addrport, no_serve, **options):
        if not no_serve:
            _check_addrport(addrport)  # before the setup, not after it
        call_command("migrate", interactive=False, verbosity=0)
        call_command("orgs", "load", stdout=self.stdout)
        password = demo.demo_password()
        personas = demo.ensure_personas(password)
        made = demo.ensure_sample_cases()
        if made:
            self.stdout.write(f"{made} sample cases registered at 北京市朝阳区人民检察院")
        try:
            simulated = demo.ensure_simulation()
        except OtherIds:
            simulated = 0
            self.stdout.write(
                "the demo's simulated cases were made by an earlier version, with other ids: "
                "kept as they are (remove the data folder to simulate them again)"
            )
        if simulated:
            self.stdout.write(
                f"{simulated:,} events of last year and this year simulated at "
                "北京市朝阳区人民检察院 (procuracy simulate; docs/simulator.md)"
            )
        self.stdout.write("")
        self.stdout.write(f"Demo ready. Open http://{addrport}/ and log in as one of:")
        for p in personas:
            unit = get_by_code(p.unit_code)
            self.stdout.write(
                f"  {p.username:<18} {p.display_name}  {p.role.label} · {unit.name_zh}"
            )
        self.stdout.write(f"Password for every demo user: {password}")
        self.stdout.write("(kept in the data folder's demo-password file)")
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)


def _check_addrport(addrport: str) -> None:
    """Django's runserver's own check of an address:port (its ``naiveip_re``)."""
    m = re.match(naiveip_re, addrport)
    if m is None or not m.group("port").isdigit() or not 0 < int(m.group("port")) < 65536:
        raise CommandError(
            f"--addrport {addrport!r}: give a port (8000) or an address and port (127.0.0.1:8000)"
        )
