"""Settings from the environment, and the command line's answers to bad configuration."""

import json
import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest

SRC = str(Path(__file__).resolve().parents[2] / "src")


def procuracy(*args, env=None, tmp_path=None):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PROCURACY_"))
    }
    environment["PYTHONPATH"] = SRC
    if tmp_path is not None:
        environment["PROCURACY_DATA_DIR"] = str(tmp_path)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "procuracy.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )


def test_a_malformed_database_url_is_one_clear_line(tmp_path):
    result = procuracy("orgs", "stats", env={"DATABASE_URL": "mysqlx//nope"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "DATABASE_URL is malformed" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_database_url_without_a_name_is_refused(tmp_path):
    result = procuracy(
        "orgs", "stats", env={"DATABASE_URL": "postgres://u@localhost:5432"}, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert "no database name" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = procuracy(
        "check",
        env={"PROCURACY_ENV": "production", "PROCURACY_ALLOWED_HOSTS": "example.org"},
        tmp_path=tmp_path,
    )
    assert result.returncode == 2
    assert "PROCURACY_SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text(secrets.token_urlsafe(50))
    result = procuracy(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "PROCURACY_ENV": "production",
            "PROCURACY_ALLOWED_HOSTS": "example.org",
            "PROCURACY_SECRET_KEY_FILE": str(key_file),
        },
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_an_unreadable_secret_key_file_is_named(tmp_path):
    result = procuracy(
        "check", env={"PROCURACY_SECRET_KEY_FILE": str(tmp_path / "missing")}, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert "PROCURACY_SECRET_KEY_FILE" in result.stderr


def test_help_lists_the_project_commands(tmp_path):
    result = procuracy("--help", tmp_path=tmp_path)
    assert result.returncode == 0
    for command in ("orgs", "demo", "parties", "deadline", "calendar"):
        assert f"\n  {command} " in result.stdout, command
    assert "migrate" in result.stdout
    # a part of another command (bench deadlines runs it) is not listed as one of its own
    assert "bench_deadlines" not in result.stdout and "\n  bench " in result.stdout


def test_the_sqlite_default_uses_wal_and_immediate_transactions(tmp_path):
    result = procuracy("orgs", "stats", "--json", tmp_path=tmp_path)
    # An unmigrated database: the command fails, but the file is created in the data folder.
    assert (tmp_path / "procuracy.sqlite3").exists()
    from procuracy import settings

    options = settings.DATABASES["default"].get("OPTIONS", {})
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert options["transaction_mode"] == "IMMEDIATE"
        assert "journal_mode=WAL" in options["init_command"]
    assert result.returncode != 0 or json.loads(result.stdout)["total"] == 0


def _settings_in_a_new_process(tmp_path, **env) -> subprocess.CompletedProcess:
    code = (
        "import json; from procuracy import settings; "
        "print(json.dumps(settings.DATABASES['default'], default=str))"
    )
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PROCURACY_"))
    }
    environment.update(PYTHONPATH=SRC, PROCURACY_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=environment, timeout=60
    )


def test_a_sqlite_database_url_gets_the_settings_of_the_default_file(tmp_path):
    path = tmp_path / "elsewhere.sqlite3"
    result = _settings_in_a_new_process(tmp_path, DATABASE_URL=f"sqlite:///{path}")
    database = json.loads(result.stdout)
    assert database["NAME"] == str(path)
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "foreign_keys=ON" in database["OPTIONS"]["init_command"]


def test_a_wrong_value_for_prepared_statements_is_one_clear_line(tmp_path):
    result = procuracy("orgs", "stats", env={"PROCURACY_PG_PREPARE": "yes"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "PROCURACY_PG_PREPARE must be 0 or 1, not 'yes'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_sqlite_database_url_without_a_file_is_refused(tmp_path):
    result = procuracy("orgs", "stats", env={"DATABASE_URL": "sqlite://"}, tmp_path=tmp_path)
    assert result.returncode == 2
    assert "sqlite:///PATH needs the path of a database file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.django_db
def test_the_demo_is_idempotent(tmp_path, settings):
    from io import StringIO

    from django.core.management import call_command

    from procuracy.cases.models import Case, LedgerEvent
    from procuracy.staff.models import Membership, User

    settings.DATA_DIR = tmp_path
    call_command("demo", "--no-serve", stdout=StringIO())
    counts = (User.objects.count(), Membership.objects.count(), LedgerEvent.objects.count())
    # a working procuratorate: the demo procurator has cases, some still open
    mine = Case.objects.filter(handler__username="procurator")
    assert mine.count() > 100 and mine.exclude(stage="concluded").exists()
    # a sample case whose review month is paused by a psychiatric assessment (CPL art. 149)
    from procuracy.cases.models import CaseDeadline

    assert CaseDeadline.objects.filter(status="suspended", rule="prosecution-review").exists()
    # and one whose review month has run out, for process monitoring (Rules art. 664)
    from procuracy.web import selectors as web_selectors

    manager = User.objects.get(username="manager")
    assert web_selectors.case_management(manager)["overdue"] >= 1
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert (
        User.objects.count(),
        Membership.objects.count(),
        LedgerEvent.objects.count(),
    ) == counts
    assert "province-manager" in out.getvalue()
    assert (tmp_path / "demo-password").read_text().strip() in out.getvalue()


@pytest.mark.django_db
def test_the_demo_keeps_cases_simulated_with_other_ids(tmp_path, settings):
    """A demo database simulated by a version that made other ids (random, before
    ``load.ID_SCHEME``) keeps its cases: simulating again would add a second flow beside them."""
    from io import StringIO

    from django.core.management import call_command

    from procuracy.audit.models import AuditEvent
    from procuracy.cases.models import LedgerEvent
    from procuracy.core import demo

    settings.DATA_DIR = tmp_path
    AuditEvent.objects.create(
        kind="write", code="cases.import",
        detail={"result": f"19 event(s) of 4 case(s) from simulator seed {demo.DEMO_SEED} "
                          f"scale {demo.DEMO_SCALE} 110105 2025…"},
    )  # fmt: skip
    out = StringIO()
    call_command("demo", "--no-serve", stdout=out)
    assert "made by an earlier version, with other ids: kept as they are" in out.getvalue()
    # only the sample cases, recorded through the actions (version 7 ids); none simulated
    ids = list(LedgerEvent.objects.values_list("id", flat=True))
    assert ids and {i.version for i in ids} == {7}
    assert "Demo ready" in out.getvalue()


def test_a_database_never_migrated_is_one_clear_line(tmp_path):
    for command in (["export"], ["ledger", "verify"], ["figures", "--year", "2023"]):
        result = procuracy(*command, tmp_path=tmp_path)
        assert result.returncode == 2, command
        assert "Traceback" not in result.stderr
        assert result.stderr.strip().splitlines() == [
            f"procuracy: the database {tmp_path / 'procuracy.sqlite3'} has no tables for this "
            "version yet: run `procuracy migrate` first"
        ]


@pytest.mark.skipif(
    not Path("/dev/full").exists(),
    reason="needs /dev/full (Linux's device on which every write fails with 'No space left on "
    "device'), to make standard output unwritable; the CI machines are Linux and run it",
)
def test_output_that_cannot_be_written_is_one_clear_line(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "PROCURACY_"))
    }
    environment.update(PYTHONPATH=SRC, PROCURACY_DATA_DIR=str(tmp_path))
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "procuracy.cli", "case", "types"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "procuracy: cannot write the output: No space left on device"
    ]


def test_an_error_reading_a_file_is_not_reported_as_output(tmp_path):
    result = procuracy("import", str(tmp_path / "missing.jsonl"), tmp_path=tmp_path)
    assert "cannot write" not in result.stderr
    assert "No such file or directory" in result.stderr


def test_a_database_server_that_does_not_answer_is_one_clear_line(tmp_path):
    result = procuracy(
        "export", env={"DATABASE_URL": "postgres://u@127.0.0.1:1/x"}, tmp_path=tmp_path
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("procuracy: cannot reach the database: connection failed")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_sqlite_file_in_a_missing_folder_is_one_line_not_a_traceback(tmp_path):
    """DATABASE_URL naming a SQLite file whose folder does not exist: every other bad
    DATABASE_URL was one line, this one a traceback (OperationalError)."""
    missing = tmp_path / "no" / "such" / "db.sqlite3"
    result = procuracy("orgs", "show", "110105", env={"DATABASE_URL": f"sqlite:///{missing}"},
                       tmp_path=tmp_path)  # fmt: skip
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        f"procuracy: cannot open the database file {missing}: its folder must exist and be writable"
    )


@pytest.mark.django_db
def test_the_demo_refuses_a_bad_address_before_setting_anything_up():
    """`demo --addrport notaport:xx` ran the whole setup (staff, cases, audit rows), then
    runserver refused the address."""
    from django.core.management import CommandError, call_command

    from procuracy.audit.models import AuditEvent
    from procuracy.staff.models import User

    before = (AuditEvent.objects.count(), User.objects.count())
    for bad in ("notaport:xx", "127.0.0.1:99999", ""):
        with pytest.raises(CommandError, match="--addrport"):
            call_command("demo", "--addrport", bad, stdout=StringIO())
    assert (AuditEvent.objects.count(), User.objects.count()) == before
