"""The command line: ``procuracy deadline``, ``procuracy calendar``, ``bench_deadlines``."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_schedule import VALID_2027

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def cli(data_dir, *args) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        "PROCURACY_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "procuracy.settings",
    }
    return subprocess.run(
        [sys.executable, "-m", "procuracy.cli", *args], env=env, capture_output=True, text=True
    )


def test_deadline_json_prints_one_object_with_the_contract_keys(data_dir):
    data = json.loads(run("deadline", "arrest-review", "--from", "2024-01-27", "--json"))
    assert data["rule"] == "arrest-review"
    assert data["from"] == "2024-01-27"
    assert data["period"] == "15 days"
    assert data["custody"] is False
    assert data["raw_end"] == "2024-02-11"
    assert data["due"] == "2024-02-18"
    assert data["rolled_over"] is True
    assert data["basis"] == ["Rules art. 282"]
    assert "2024-02-18" in data["explanation"]["zh"]
    assert "2024-02-18" in data["explanation"]["en"]


def test_deadline_custody_flags_override_the_default(data_dir):
    held = json.loads(
        run("deadline", "arrest-review", "--from", "2024-01-27", "--custody", "--json")
    )
    assert held["custody"] is True and held["due"] == "2024-02-11"
    free = json.loads(
        run("deadline", "arrest-review-detained", "--from", "2024-02-03", "--no-custody", "--json")
    )
    assert free["custody"] is False and free["due"] == "2024-02-18"


def test_deadline_takes_the_months_of_a_given_period(data_dir):
    data = json.loads(
        run("deadline", "conditional-non-prosecution-probation", "--from", "2023-08-31",
            "--months", "6", "--json")
    )  # fmt: skip
    assert data["due"] == "2024-02-29"


def test_deadline_without_json_explains_in_chinese_then_english(data_dir):
    text = run("deadline", "arrest-review", "--from", "2024-01-27")
    assert text.index("期满日期") < text.index("Due:")
    assert "Due:" not in run("deadline", "arrest-review", "--from", "2024-01-27", "--lang", "zh")


def test_deadline_list_prints_the_catalogue_with_periods_and_bases(data_dir):
    text = run("deadline", "--list")
    assert "prosecution-review-extended" in text
    assert "1 month, then 15 days" in text
    assert "CPL art. 172" in text
    rows = json.loads(run("deadline", "--list", "--json"))
    assert {"rule", "period", "basis", "custody"} <= set(rows[0])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["arest-review", "--from", "2024-01-27"], "did you mean arrest-review"),
        (["arrest-review", "--from", "2024-02-30"], "2024-02-30 is not a real date"),
        (["arrest-review", "--from", "30/02/2024"], "not a date written YYYY-MM-DD"),
        (["arrest-review"], "--from YYYY-MM-DD is required"),
        (["civil-supervision-review", "--from", "2024-01-27", "--custody"], "CivPL art. 85"),
        (["prosecution-review", "--from", "2026-12-15"], "no holiday schedule for 2027"),
        (
            ["conditional-non-prosecution-probation", "--from", "2024-01-27", "--months", "13"],
            "6 to 12 months",
        ),
    ],
)
def test_deadline_errors_are_one_clear_line(data_dir, args, message):
    with pytest.raises(CommandError, match=message) as info:
        run("deadline", *args)
    assert "\n" not in str(info.value)


PROBATION = "conditional-non-prosecution-probation"  # CPL art. 283: 6 to 12 months, given


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prosecution-review", "--from", "9999-12-31"],
         "the period counted from 9999-12-31 would end after the year 9999: no deadline is "
         "computed beyond 9999-12-31"),
        (["arrest-review", "--from", "9999-12-31"],
         "the period counted from 9999-12-31 would end after the year 9999: no deadline is "
         "computed beyond 9999-12-31"),
        ([PROBATION, "--from", "9999-06-30", "--months", "7"],
         "the period counted from 9999-06-30 would end after the year 9999: no deadline is "
         "computed beyond 9999-12-31"),
        ([PROBATION, "--from", "2024-01-27", "--months", "-3"],
         "--months -3: the number of months must be at least 1"),
        ([PROBATION, "--from", "2024-01-27", "--months", "0"],
         "--months 0: the number of months must be at least 1"),
        ([PROBATION, "--from", "2024-01-27", "--months", "six"],
         "--months 'six' is not a whole number of months"),
        ([PROBATION, "--from", "2024-01-27", "--months", "1000"],
         "the period must be 6 to 12 months, not 1000"),
        (["prosecution-review", "--from", "2024-01-01", "--months", "3"],
         "prosecution-review has a fixed period of 1 month: it takes no --months (only a "
         "period given case by case does, e.g. conditional-non-prosecution-probation)"),
    ],
)  # fmt: skip
def test_deadline_refuses_a_date_past_9999_and_months_it_cannot_take(data_dir, args, message):
    """CPL art. 172 sets prosecution review at one month, fixed; only probation's length
    (CPL art. 283) is given per case, and is a whole number of months from 1."""
    with pytest.raises(CommandError) as info:
        run("deadline", *args)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["deadline", "arest-review", "--from", "2024-01-27"], "did you mean arrest-review"),
        (["deadline", "arrest-review", "--from", "2024-02-30"], "not a real date"),
        (
            ["deadline", "civil-supervision-review", "--from", "2024-01-27", "--custody"],
            "CivPL art. 85",
        ),
        (["deadline", "prosecution-review", "--from", "2026-12-15"], "for 2027"),
        (["calendar", "show", "2031"], "no holiday schedule for 2031"),
        (["calendar", "show", "0"], "'0' is not a year"),
        (["deadline", "prosecution-review", "--from", "9999-12-31"], "after the year 9999"),
    ],
)
def test_the_command_line_exits_non_zero_with_one_line_and_no_traceback(tmp_path, args, message):
    result = cli(tmp_path, *args)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_the_command_line_prints_the_json_contract(tmp_path):
    result = cli(tmp_path, "deadline", "protest-ruling", "--from", "2023-09-27", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["raw_end"], data["due"], data["rolled_over"]) == ("2023-10-02", "2023-10-07", True)


@pytest.mark.django_db  # the import recomputes the deadlines of the cases reaching into the year
def test_calendar_import_stores_the_year_and_deadline_uses_it(data_dir, tmp_path):
    source = tmp_path / "schedule-2027.yaml"
    source.write_text(VALID_2027, encoding="utf-8")
    assert "imported 2027" in run("calendar", "import", str(source))
    assert (data_dir / "calendar" / "2027.yaml").is_file()
    data = json.loads(run("deadline", "prosecution-review", "--from", "2027-01-07", "--json"))
    assert (data["raw_end"], data["due"]) == ("2027-02-07", "2027-02-14")  # the worked Sunday
    shown = run("calendar", "show", "2027")
    assert "2027-02-14" in shown and "春节" in shown and "Spring Festival" in shown


def test_an_imported_year_is_read_by_a_new_process(tmp_path):
    source = tmp_path / "in.yaml"
    source.write_text(VALID_2027, encoding="utf-8")
    data_dir = tmp_path / "data"
    assert cli(data_dir, "calendar", "import", str(source)).returncode == 0
    result = cli(data_dir, "deadline", "prosecution-review", "--from", "2026-12-15", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["due"] == "2027-01-15"


@pytest.mark.parametrize(
    "bad",
    [
        VALID_2027.replace("2027-01-01", "2027-02-30"),
        VALID_2027.replace("2027-01-01", "2026-12-31"),
        VALID_2027.replace("{date: 2027-02-14", "{date: 2027-02-13"),
        VALID_2027 + "extra: 1\n",
    ],
)
@pytest.mark.django_db
def test_an_invalid_import_file_changes_nothing(data_dir, tmp_path, bad):
    good = tmp_path / "good.yaml"
    good.write_text(VALID_2027, encoding="utf-8")
    run("calendar", "import", str(good))
    stored = (data_dir / "calendar" / "2027.yaml").read_bytes()
    source = tmp_path / "bad.yaml"
    source.write_text(bad, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("calendar", "import", str(source))
    assert "\n" not in str(info.value) and "bad.yaml" in str(info.value)
    assert sorted(p.name for p in (data_dir / "calendar").iterdir()) == ["2027.yaml"]
    assert (data_dir / "calendar" / "2027.yaml").read_bytes() == stored


def test_an_invalid_import_file_exits_non_zero_and_writes_nothing(tmp_path):
    source = tmp_path / "bad.yaml"
    source.write_text(VALID_2027.replace("2027-01-01", "2027-02-30"), encoding="utf-8")
    data_dir = tmp_path / "data"
    result = cli(data_dir, "calendar", "import", str(source))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "2027-02-30" in result.stderr
    assert not (data_dir / "calendar").exists() or not any((data_dir / "calendar").iterdir())


def test_calendar_show_lists_holidays_and_adjusted_working_days(data_dir):
    text = run("calendar", "show", "2024")
    assert "2024-02-10" in text and "春节" in text
    assert "2024-02-18" in text and "2024-02-04" in text
    data = json.loads(run("calendar", "show", "2024", "--json"))
    assert {"date": "2024-02-18", "name": "Spring Festival"} in data["workdays"]


def test_calendar_show_of_an_unknown_year_names_it(data_dir):
    with pytest.raises(CommandError, match="no holiday schedule for 2031"):
        run("calendar", "show", "2031")


def test_bench_deadlines_reports_seconds_baseline_and_ratio(data_dir):
    data = json.loads(run("bench_deadlines", "--n", "2000", "--json"))
    assert data["n"] == 2000
    assert data["seconds"] > 0 and data["baseline_seconds"] >= 0
    assert "ratio" in data


@pytest.mark.parametrize("command", ["show", "recompute"])
@pytest.mark.parametrize("year", ["0", "0000", "27", "20270", "two", "２０２７"])
def test_calendar_refuses_what_is_not_a_year(data_dir, command, year):
    with pytest.raises(CommandError) as info:
        run("calendar", command, year)
    assert str(info.value) == f"{year!r} is not a year"


def test_calendar_recompute_of_a_year_without_a_schedule_is_refused(data_dir):
    """Without the year's schedule its deadlines are provisional and already computed so
    (docs/law.md): nothing to recompute with, and the database is not touched (this test has
    no database access)."""
    with pytest.raises(CommandError) as info:
        run("calendar", "recompute", "2099")
    refused = str(info.value)
    assert refused.startswith("no schedule of 2099 to recompute with (known years: 2004–")
    assert refused.endswith(
        "): `procuracy calendar import FILE` imports the year and recomputes its cases"
    )


def test_calendar_help_names_its_three_actions_and_what_an_import_recomputes(capsys):
    for args in (["calendar", "--help"], ["calendar", "import", "--help"]):
        with pytest.raises(SystemExit):
            call_command(*args)
    shown = " ".join(capsys.readouterr().out.split())
    assert "Import, show or recompute a year of the State Council's holiday schedule" in shown
    assert (
        "Validate and store a year's schedule (YAML file, docs/law.md), then recompute the "
        "deadlines of the cases in the database that reach into that year." in shown
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (VALID_2027 + "year: 2028\n", "line 10: key 'year' is given twice (first on line 1)"),
        (VALID_2027.replace("holidays:\n", "holidays: []\nholidays:\n"),
         "line 4: key 'holidays' is given twice (first on line 3)"),
        ("year: 2027\nholidays: []\n", "'holidays' is empty"),
    ],
)  # fmt: skip
@pytest.mark.django_db
def test_calendar_import_refuses_a_key_given_twice_or_no_holidays(
    data_dir, tmp_path, text, message
):
    source = tmp_path / "bad.yaml"
    source.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as info:
        run("calendar", "import", str(source))
    assert str(info.value).startswith(f"{source}: ") and message in str(info.value)
    assert not (data_dir / "calendar").exists()
