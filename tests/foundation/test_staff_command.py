"""``procuracy staff``: users and roles from the command line, and the staff as a
``procuracy-staff/1`` file that restores beside a ledger export (docs/access.md, "Staff")."""

from __future__ import annotations

import io
import json
import os
import stat
import sys

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


def staff_err(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("staff", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_staff_export_is_written_readable_by_its_owner_only(tmp_path, monkeypatch):
    """The staff names people: a new export file is 0600 whatever the umask; a replaced one
    keeps its permissions; ``-o -`` is standard output, not a file named "-"."""
    staff("add", "wang", "--name", "王检察官")
    monkeypatch.chdir(tmp_path)
    old_umask = os.umask(0o022)
    try:
        out, err = staff_err("export", "-o", "staff.json")
    finally:
        os.umask(old_umask)
    assert out == "" and err.strip() == "1 user(s) written to staff.json"
    path = tmp_path / "staff.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))["users"][0]["username"] == "wang"
    path.chmod(0o640)
    staff("export", "-o", str(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    out, _ = staff_err("export", "-o", "-")
    assert json.loads(out)["format"] == "procuracy-staff/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["staff.json"]


def test_a_staff_export_it_cannot_write_is_one_line_and_leaves_the_file_as_it_was(tmp_path):
    staff("add", "wang")
    (tmp_path / "folder").mkdir()
    cases = [
        (str(tmp_path / "absent" / "staff.json"), f"no folder {tmp_path / 'absent'}"),
        (str(tmp_path / "folder"), "is a folder; give a file name"),
    ]
    for output, why in cases:
        with pytest.raises(CommandError) as error:
            staff("export", "-o", output)
        assert str(error.value) == f"-o {output}: {why}"
    for output in ("", "  "):
        with pytest.raises(CommandError) as error:
            staff("export", "-o", output)
        assert str(error.value) == "-o: give a file name (or leave the option out)"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder"]
    assert not any((tmp_path / "folder").iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("bad user!",), "field username: 'bad user!' is not a username: letters, digits and "
                         "@ . + - _ only (no spaces)"),
        (("u" * 151,), "field username: 151 characters is too long: at most 150"),
        (("wang", "--name", "王" * 65), "--name: 65 characters is too long: at most 64"),
    ],
)  # fmt: skip
def test_staff_add_refuses_what_the_user_model_cannot_hold(monkeypatch, args, message):
    """Django's username validator and the model's max_length (150 for the username, 64 for
    the display name): refused naming the field, nothing created, no password read."""
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery staple 2026\n"))
    with pytest.raises(CommandError) as error:
        staff("add", *args, "--password-stdin")
    assert str(error.value) == message
    assert not User.objects.exists()
    assert sys.stdin.read() == "correct horse battery staple 2026\n"
    staff("add", "u" * 150, "--name", "王" * 64)  # the limits themselves are accepted
    assert User.objects.get().display_name == "王" * 64


@pytest.mark.parametrize(
    ("users", "message"),
    [
        ([{"username": "ok"}, {"username": "bad user!"}],
         "user 2 (bad user!): field username: 'bad user!' is not a username: letters, digits "
         "and @ . + - _ only (no spaces)"),
        ([{"username": "ok"}, {"username": "u" * 300}],
         f"user 2 ('{'u' * 39}… (300 characters)): field username: 300 characters is too "
         "long: at most 150"),
        ([{"username": "ok"}, {"username": "li", "display_name": "n" * 500}],
         "user 2 (li): field display_name: 500 characters is too long: at most 64"),
        ([{"username": "ok"}, {"username": "li", "display_name": None}],
         "user 2 (li): field display_name: must be text"),
        ([{"username": "wang"}, {"username": "ok"}, {"username": "wang", "is_active": False}],
         "users 1 and 3 (wang): field username: the same user listed twice"),
    ],
)  # fmt: skip
def test_a_staff_file_the_user_model_cannot_hold_imports_nothing(tmp_path, users, message):
    """All or nothing, naming the record and the field: also for a user already there (its
    display name is checked all the same), and a username listed twice (which record wins?)."""
    staff("add", "wang")
    path = tmp_path / "staff.json"
    path.write_text(json.dumps({"format": "procuracy-staff/1", "users": users}), "utf-8")
    with pytest.raises(CommandError) as error:
        staff("import", str(path))
    assert str(error.value) == f"{path}: {message}; nothing imported"
    assert list(User.objects.values_list("username", "is_active")) == [("wang", True)]
