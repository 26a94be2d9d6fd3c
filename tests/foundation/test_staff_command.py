"""``procuracy staff``: users and roles from the command line, and the staff as a
``procuracy-staff/1`` file that restores beside a ledger export (docs/access.md, "Staff")."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from procuracy.staff.models import Membership, User

pytestmark = pytest.mark.django_db


def staff(*args) -> str:
    out = io.StringIO()
    call_command("staff", *args, stdout=out)
    return out.getvalue()


def test_a_user_is_added_given_roles_listed_and_a_role_revoked():
    staff("add", "wang", "--name", "王检察官")
    staff("grant", "wang", "--org", "110105", "--role", "procurator",
          "--department", "criminal_prosecution")  # fmt: skip
    staff("grant", "wang", "--org", "110105", "--role", "department_head",
          "--department", "criminal_prosecution")  # fmt: skip
    listed = json.loads(staff("list", "--org", "110105", "--json"))
    assert listed == [
        {
            "username": "wang",
            "display_name": "王检察官",
            "is_active": True,
            "memberships": [
                {"org": "110105", "role": "department_head",
                 "department": "criminal_prosecution", "active": True},
                {"org": "110105", "role": "procurator",
                 "department": "criminal_prosecution", "active": True},
            ],
        }
    ]  # fmt: skip
    staff("revoke", "wang", "--org", "110105", "--role", "department_head",
          "--department", "criminal_prosecution")  # fmt: skip
    held = Membership.objects.filter(user__username="wang").values_list("role", "active")
    assert sorted(held) == [("department_head", False), ("procurator", True)]
    assert "(revoked)" in staff("list")
    with pytest.raises(CommandError, match="holds no active role department_head"):
        staff("revoke", "wang", "--org", "110105", "--role", "department_head",
              "--department", "criminal_prosecution")  # fmt: skip


@pytest.mark.parametrize(
    "args, message",
    [
        (("--org", "999999", "--role", "procurator"), "field org: unknown procuratorate code"),
        (("--org", "110105", "--role", "judge"), "field role: 'judge' is not one of"),
        (("--org", "110105", "--role", "procurator", "--department", "navy"),
         "field department: 'navy' is not one of"),
    ],
)  # fmt: skip
def test_a_bad_grant_is_one_line_and_changes_nothing(args, message):
    staff("add", "li")
    with pytest.raises(CommandError, match=message):
        staff("grant", "li", *args)
    assert not Membership.objects.exists()
    with pytest.raises(CommandError, match="no user 'nobody'"):
        staff("grant", "nobody", "--org", "110105", "--role", "procurator")


def test_a_weak_password_is_refused_with_the_reason(monkeypatch):
    """The password validators (settings: argon2, a minimum length) apply from the command
    line as on the web; nothing is created."""
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="password"):
        staff("add", "zhao", "--password-stdin")
    assert not User.objects.filter(username="zhao").exists()
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple 2026\n"))
    staff("add", "zhao", "--password-stdin")
    assert User.objects.get(username="zhao").check_password("correct horse battery staple 2026")


def test_the_staff_export_restores_users_and_roles_with_who_has_left(tmp_path):
    """A restore needs the users an exported ledger names, those who left among them (docs/
    interchange.md, ``import --restore``): the export keeps inactive users and revoked roles,
    and importing it where they are missing makes the same listing again."""
    staff("add", "wang", "--name", "王检察官")
    staff("grant", "wang", "--org", "110105", "--role", "procurator",
          "--department", "criminal_prosecution")  # fmt: skip
    staff("add", "chen")
    staff("grant", "chen", "--org", "110000", "--role", "chief_procurator")
    staff("revoke", "chen", "--org", "110000", "--role", "chief_procurator")
    User.objects.filter(username="chen").update(is_active=False)
    path = tmp_path / "staff.json"
    staff("export", "-o", str(path))
    before = staff("list", "--json")
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "procuracy-staff/1"
    Membership.objects.all().delete()
    User.objects.all().delete()
    assert "2 user(s) created, 2 role(s) set" in staff("import", str(path))
    assert staff("list", "--json") == before
    # again: nothing new, the same listing
    assert "0 user(s) created" in staff("import", str(path))
    assert staff("list", "--json") == before
    assert not User.objects.get(username="wang").has_usable_password()


def test_a_bad_staff_file_names_the_user_and_field_and_imports_nothing(tmp_path):
    path = tmp_path / "staff.json"
    path.write_text(json.dumps({"format": "procuracy-staff/1", "users": [
        {"username": "ok", "memberships": [{"org": "110105", "role": "procurator"}]},
        {"username": "bad", "memberships": [{"org": "110105", "role": "procurator"},
                                            {"org": "123456", "role": "procurator"}]},
    ]}), encoding="utf-8")  # fmt: skip
    with pytest.raises(CommandError) as error:
        staff("import", str(path))
    assert "user 2 (bad): memberships[2]: field org: unknown procuratorate code '123456'" in str(
        error.value
    )
    assert not User.objects.exists() and not Membership.objects.exists()
    path.write_text(json.dumps({"users": []}), encoding="utf-8")
    with pytest.raises(CommandError, match="procuracy-staff/1"):
        staff("import", str(path))
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="not JSON"):
        staff("import", str(path))


def test_a_restored_user_gets_a_password_checked_by_the_validators(monkeypatch):
    """A user restored from a staff export has no password (the export keeps none): ``staff
    password`` sets one, refused with the validators' reason when weak, nothing changed."""
    staff("add", "sun")
    monkeypatch.setattr("sys.stdin", io.StringIO("123\n"))
    with pytest.raises(CommandError, match="password"):
        staff("password", "sun")
    assert not User.objects.get(username="sun").has_usable_password()
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple 2026\n"))
    assert "password set for sun" in staff("password", "sun")
    assert User.objects.get(username="sun").check_password("correct horse battery staple 2026")
    with pytest.raises(CommandError, match="no user 'nobody'"):
        staff("password", "nobody")
