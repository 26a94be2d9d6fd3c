"""``procuracy parties check-id|check-uscc``: JSON and text output, exit status."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from procuracy import cli

VALID_ID = "11010519491231002X"  # GB 11643-1999's example: born 1949-12-31, female
WRONG_CHECK_ID = "110105194912310025"
VALID_CODE = "91350100M000100Y43"  # 9 工商, 1 企业, 350100, organisation code M000100Y4


def run(*args):
    """call_command; returns (parsed or raw stdout, the CommandError or None)."""
    out, err = io.StringIO(), io.StringIO()
    error = None
    try:
        call_command("parties", *args, stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    text = out.getvalue()
    return (json.loads(text) if "--json" in args else text), error


def test_check_id_with_json_lists_the_derived_fields_of_a_valid_number():
    results, error = run("check-id", VALID_ID, "--json")
    assert error is None
    assert results == [
        {
            "value": VALID_ID,
            "valid": True,
            "normalised": VALID_ID,
            "birth_date": "1949-12-31",
            "sex": "female",
            "region_code": "110105",
        }
    ]


def test_check_id_with_json_gives_the_reason_for_each_invalid_value_and_fails():
    results, error = run("check-id", VALID_ID, WRONG_CHECK_ID, "123", "--json")
    assert [r["valid"] for r in results] == [True, False, False]
    assert results[1] == {
        "value": WRONG_CHECK_ID,
        "valid": False,
        "reason": "wrong check character (expected X, found 5)",
    }
    assert results[2]["reason"] == "wrong length (3 characters, expected 18)"
    assert "birth_date" not in results[1]
    assert str(error) == "2 of 3 values are invalid"
    assert error.returncode == 1


def test_check_id_keeps_the_value_as_typed_and_shows_the_normalised_form():
    results, error = run("check-id", "--json", "110105491231002", "11010519491231002x")
    assert error is None
    assert [(r["value"], r["normalised"]) for r in results] == [
        ("110105491231002", VALID_ID),
        ("11010519491231002x", VALID_ID),
    ]


def test_check_uscc_with_json_lists_the_parts_of_a_valid_code():
    results, error = run("check-uscc", VALID_CODE, "--json")
    assert error is None
    assert results == [
        {
            "value": VALID_CODE,
            "valid": True,
            "normalised": VALID_CODE,
            "registration_authority": "9",
            "organisation_category": "1",
            "division_code": "350100",
            "organisation_code": "M000100Y4",
        }
    ]


def test_check_uscc_with_json_says_which_check_character_is_wrong():
    results, error = run("check-uscc", "--json", "91350100M000100Y44")
    assert results == [
        {
            "value": "91350100M000100Y44",
            "valid": False,
            "reason": "wrong check character (position 18: expected 3, found 4)",
        }
    ]
    assert str(error) == "1 of 1 value is invalid"


def test_json_output_keeps_chinese_readable():
    results, _ = run("check-uscc", "--json", "94350100M000100Y43")
    assert "工商" in results[0]["reason"]


def test_without_json_it_prints_one_line_per_value():
    text, error = run("check-uscc", VALID_CODE, "B1350100M000100Y43")
    lines = text.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(VALID_CODE + "  valid  ")
    assert "authority 9 (工商)" in lines[0]
    assert "organisation code M000100Y4" in lines[0]
    assert lines[1] == "B1350100M000100Y43  invalid  unknown registration authority code B"
    assert str(error) == "1 of 2 values is invalid"


def test_without_json_a_citizen_line_shows_birth_date_sex_and_region():
    text, error = run("check-id", VALID_ID)
    assert error is None
    assert text.strip() == f"{VALID_ID}  valid  {VALID_ID}  born 1949-12-31  female  region 110105"


def test_a_subcommand_and_at_least_one_value_are_required():
    with pytest.raises(CommandError):
        call_command("parties", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError):
        call_command("parties", "check-id", stdout=io.StringIO(), stderr=io.StringIO())


def test_from_the_command_line_it_exits_0_when_all_values_are_valid(capsys):
    cli.main(["procuracy", "parties", "check-id", VALID_ID, "--json"])
    captured = capsys.readouterr()
    assert json.loads(captured.out)[0]["valid"] is True
    assert captured.err == ""


def test_from_the_command_line_it_exits_1_printing_the_whole_list_and_a_summary(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["procuracy", "parties", "check-uscc", "--json", VALID_CODE, "nonsense"])
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert [r["valid"] for r in json.loads(captured.out)] == [True, False]
    assert captured.err.strip() == "CommandError: 1 of 2 values is invalid"
    assert "Traceback" not in captured.err


def test_the_help_documents_the_exit_status(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["procuracy", "parties", "check-id", "--help"])
    assert exited.value.code == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 when every value is valid, 1 when any is invalid" in help_text
