"""``procuracy staff``: users and their roles from the command line, and the staff as a file
(``procuracy-staff/1``) to restore beside an export of the ledger (docs/access.md, "Staff")."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from procuracy.core.errors import DomainError, shown
from procuracy.core.files import read_json
from procuracy.orgs.models import Procuratorate
from procuracy.staff import actions
from procuracy.staff.models import Membership, User
from procuracy.staff.roles import DepartmentKind, Role

FORMAT = "procuracy-staff/1"
_USER_FIELDS = {"username", "display_name", "is_active", "memberships"}
_MEMBERSHIP_FIELDS = {"org", "role", "department", "active"}


class Command(BaseCommand):
    help = (
        "Staff: add users, grant and revoke roles, list them; export and import them as "
        f"{FORMAT} JSON (to restore beside a ledger export: docs/access.md)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        add = sub.add_parser("add", help="create a user (no password unless --password-stdin)")
        add.add_argument("username")
        add.add_argument("--name", default="", help="display name, e.g. 王检察官")
        add.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from standard input (first line)",
        )
        password = sub.add_parser(
            "password", help="set a user's password, read from standard input (first line)"
        )
        password.add_argument("username")
        for name, text in (("grant", "give a user a role"), ("revoke", "take a role away")):
            p = sub.add_parser(name, help=f"{text} in a procuratorate (and department)")
            p.add_argument("username")
            p.add_argument("--org", required=True, help="procuratorate code")
            p.add_argument("--role", required=True, help=f"one of {', '.join(Role.values)}")
            p.add_argument(
                "--department", help=f"department kind: {', '.join(DepartmentKind.values)}"
            )
        show = sub.add_parser("list", help="users and their roles")
        show.add_argument("--org", help="only roles in this procuratorate")
        show.add_argument("--json", action="store_true", dest="as_json")
        export = sub.add_parser("export", help=f"every user and role as {FORMAT} JSON")
        export.add_argument(
            "-o",
            dest="output",
            metavar="FILE",
            help="file to write, readable by its owner only (default, or -: standard output)",
        )
        load = sub.add_parser(
            "import",
            help=f"create the users and roles of a {FORMAT} file, all or nothing (existing "
            "users keep their passwords; new ones get none until one is set)",
        )
        load.add_argument("file", help="the JSON file, or - for standard input")

    def handle(self, *args, sub, **options):
        try:
            getattr(self, f"do_{sub}")(**options)
        except DomainError as exc:
            raise CommandError(str(exc)) from None

    # --- one user ---------------------------------------------------------------------------

    def do_add(self, username, name, password_stdin, **options):
        try:
            actions.check_user_fields(username.strip(), name)  # before reading a password
        except DomainError as exc:
            if exc.field == "display_name":
                raise CommandError(f"--name: {exc.message}") from None
            raise
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        user = actions.create_user(username, display_name=name, password=password, actor=None)
        self.stdout.write(f"created {user.username}")

    def do_password(self, username, **options):
        user = _user(username)
        actions.set_password(user, sys.stdin.readline().rstrip("\n"), actor=None)
        self.stdout.write(f"password set for {username}")

    def do_grant(self, username, org, role, department=None, **options):
        user = _user(username)
        unit, role, department = _membership_args(org, role, department)
        actions.grant_role(user, unit, role, department=department, actor=None)
        self.stdout.write(f"{username}: {role} in {unit.code}" + _in(department))

    def do_revoke(self, username, org, role, department=None, **options):
        user = _user(username)
        unit, role, department = _membership_args(org, role, department)
        found = Membership.objects.filter(user=user, procuratorate=unit, role=role, active=True)
        found = (
            found.filter(department__isnull=True)
            if department is None
            else found.filter(department__kind=department)
        )
        membership = found.first()
        if membership is None:
            raise CommandError(
                f"{username} holds no active role {role} in {unit.code}" + _in(department)
            )
        actions.revoke_role(membership, actor=None)
        self.stdout.write(f"{username}: {role} in {unit.code}{_in(department)} revoked")

    def do_list(self, org=None, as_json=False, **options):
        users = _described(org)
        if as_json:
            self.stdout.write(json.dumps(users, ensure_ascii=False, indent=2))
            return
        for u in users:
            state = "" if u["is_active"] else " (inactive)"
            self.stdout.write(f"{u['username']}{state}  {u['display_name']}")
            for m in u["memberships"]:
                off = "" if m["active"] else " (revoked)"
                self.stdout.write(f"  {m['role']} in {m['org']}{_in(m['department'])}{off}")

    # --- the staff as a file ----------------------------------------------------------------

    def do_export(self, output=None, **options):
        if output is not None and not output.strip():
            raise CommandError("-o: give a file name (or leave the option out)")
        users = _described(None)
        text = json.dumps({"format": FORMAT, "users": users}, ensure_ascii=False)
        if output is None or output == "-":
            self.stdout.write(text)
            return
        _write_private(output, text + "\n")
        self.stderr.write(f"{len(users)} user(s) written to {output}")

    def do_import(self, file, **options):
        data = read_json(file)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise CommandError(f'{file}: expected a JSON object with "format": "{FORMAT}"')
        users = data.get("users")
        if not isinstance(users, list):
            raise CommandError(f"{file}: users: expected a list")
        first: dict[str, int] = {}
        for i, entry in enumerate(users, 1):
            who = entry.get("username") if isinstance(entry, dict) else None
            if isinstance(who, str) and who.strip():
                j = first.setdefault(who.strip(), i)
                if j != i:
                    raise CommandError(
                        f"{file}: users {j} and {i} ({_named(who)}): field username: the same "
                        "user listed twice; nothing imported"
                    )
        created = granted = 0
        with transaction.atomic():
            for i, entry in enumerate(users, 1):
                try:
                    c, g = _import_user(entry)
                except (CommandError, DomainError) as exc:
                    who = entry.get("username") if isinstance(entry, dict) else None
                    named = f" ({_named(who)})" if isinstance(who, str) else ""
                    raise CommandError(
                        f"{file}: user {i}{named}: {exc}; nothing imported"
                    ) from None
                created += c
                granted += g
        self.stdout.write(f"{created} user(s) created, {granted} role(s) set, of {len(users)}")


def _write_private(output: str, text: str) -> None:
    """``text`` into the file ``output``, written beside it and moved over it at the end: a
    failure leaves any file already there as it was. The staff holds personal data: a new
    file is readable by its owner only (0600), a replaced one keeps its permissions. A device
    or a pipe is written directly. A file that cannot be written is one line naming it."""
    try:
        path = Path(output).resolve()  # through a symbolic link, to the file it names
    except (OSError, RuntimeError) as exc:  # a loop of links (RuntimeError before 3.13)
        raise CommandError(f"-o {output}: {getattr(exc, 'strerror', None) or exc}") from None
    if path.is_dir():
        raise CommandError(f"-o {output}: is a folder; give a file name")
    if not path.parent.is_dir():
        raise CommandError(f"-o {output}: no folder {path.parent}")
    regular = not path.exists() or path.is_file()
    partial = path.with_name(f".{path.name}.partial") if regular else path
    try:
        if regular:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
            partial.unlink(missing_ok=True)  # a stale one (or a link planted there): not reused
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            os.fchmod(fd, mode)  # whatever the umask
            out = os.fdopen(fd, "w", encoding="utf-8", newline="\n")
        else:
            out = open(partial, "w", encoding="utf-8", newline="\n")
        with out:
            out.write(text)
        if regular:
            os.replace(partial, path)
    except OSError as exc:
        if regular:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        raise CommandError(f"-o {output}: {exc.strerror or exc}") from None
    except BaseException:
        if regular:
            with contextlib.suppress(OSError):
                partial.unlink(missing_ok=True)
        raise


def _named(username: str) -> str:
    """A username for a message, cut short when long (a 300-character one would bury it)."""
    return username if len(username) <= 40 else shown(username)


def _in(department: str | None) -> str:
    return f" ({department})" if department else ""


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"no user {username!r}")
    return user


def _membership_args(org, role, department) -> tuple[Procuratorate, str, str | None]:
    unit = Procuratorate.objects.filter(code=org).first() if isinstance(org, str) else None
    if unit is None:
        raise CommandError(f"field org: unknown procuratorate code {org!r}")
    if role not in Role.values:
        raise CommandError(f"field role: {role!r} is not one of {', '.join(Role.values)}")
    if department is not None and department not in DepartmentKind.values:
        raise CommandError(
            f"field department: {department!r} is not one of {', '.join(DepartmentKind.values)}"
        )
    return unit, role, department


def _described(org: str | None) -> list[dict]:
    memberships = Membership.objects.select_related("procuratorate", "department", "user")
    if org is not None:
        if not Procuratorate.objects.filter(code=org).exists():
            raise CommandError(f"unknown procuratorate code {org!r}")
        memberships = memberships.filter(procuratorate__code=org)
    by_user: dict[int, list[dict]] = {}
    for m in memberships.order_by("user__username", "procuratorate__code", "role", "pk"):
        by_user.setdefault(m.user_id, []).append(
            {
                "org": m.procuratorate.code,
                "role": m.role,
                "department": m.department.kind if m.department else None,
                "active": m.active,
            }
        )
    users = User.objects.order_by("username")
    if org is not None:
        users = users.filter(pk__in=list(by_user))
    return [
        {
            "username": u.username,
            "display_name": u.display_name,
            "is_active": u.is_active,
            "memberships": by_user.get(u.pk, []),
        }
        for u in users
    ]


def _import_user(entry) -> tuple[int, int]:
    if not isinstance(entry, dict):
        raise CommandError("expected an object")
    unknown = sorted(set(entry) - _USER_FIELDS)
    if unknown:
        raise CommandError(f"field {unknown[0]}: unknown field")
    username, name = entry.get("username"), entry.get("display_name", "")
    if not isinstance(username, str) or not username.strip():
        raise CommandError("field username: a username (text) is required")
    username = username.strip()
    actions.check_user_fields(username, name)  # display_name too, for a user already there
    active = entry.get("is_active", True)
    memberships = entry.get("memberships", [])
    if not isinstance(active, bool):
        raise CommandError("field is_active: must be true or false")
    if not isinstance(memberships, list):
        raise CommandError("field memberships: expected a list")
    user = User.objects.filter(username=username).first()
    created = 0
    if user is None:
        user = actions.create_user(username, display_name=name, actor=None)
        created = 1
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    for j, m in enumerate(memberships, 1):
        if not isinstance(m, dict):
            raise CommandError(f"memberships[{j}]: expected an object")
        unknown = sorted(set(m) - _MEMBERSHIP_FIELDS)
        if unknown:
            raise CommandError(f"memberships[{j}]: field {unknown[0]}: unknown field")
        if not isinstance(m.get("active", True), bool):
            raise CommandError(f"memberships[{j}]: field active: must be true or false")
        try:
            unit, role, department = _membership_args(
                m.get("org"), m.get("role"), m.get("department")
            )
        except CommandError as exc:
            raise CommandError(f"memberships[{j}]: {exc}") from None
        membership = actions.grant_role(user, unit, role, department=department, actor=None)
        if not m.get("active", True):
            actions.revoke_role(membership, actor=None)
    return created, len(memberships)
