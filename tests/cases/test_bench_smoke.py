"""``procuracy bench``: the commands run and report their fields (tiny N; the benchmarks
themselves are not part of the suite)."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.django_db(transaction=True)
def test_bench_ledger_runs_on_a_scratch_database_and_reports_every_figure():
    before = connection.settings_dict["NAME"]
    out = StringIO()
    call_command(
        "bench", "ledger", "--events", "60", "--import-events", "9", "--decisions", "2",
        "--json", "--db-note", stdout=out,
    )  # fmt: skip
    result = json.loads(out.getvalue())
    assert connection.settings_dict["NAME"] == before
    assert result["import"]["events"] == 9
    for key in ("events_per_s", "baseline_events_per_s", "phases_s", "target_events_per_s"):
        assert key in result["import"]
    assert result["decisions"]["decisions"] == 2
    assert result["decisions"]["per_s"] > 0 and result["decisions"]["baseline_per_s"] > 0
    assert result["verify"]["events"] >= 60
    assert result["verify"]["seconds_for_10m"] > 0
    assert result["database"]["vendor"] == connection.vendor
    if connection.vendor == "postgresql":  # which write path was measured
        assert result["database"]["prepared_write_path"] is True


@pytest.mark.django_db(transaction=True)
def test_bench_ledger_prints_a_table():
    out = StringIO()
    call_command(
        "bench", "ledger", "--events", "30", "--import-events", "3", "--decisions", "1",
        stdout=out,
    )  # fmt: skip
    text = out.getvalue()
    for label in ("import (", "decisions (", "verify (", "10M events", "import phases"):
        assert label in text


def test_bench_deadlines_delegates_to_the_law_benchmark():
    out = StringIO()
    call_command("bench", "deadlines", "--n", "50", "--json", stdout=out)
    assert json.loads(out.getvalue())["n"] == 50


def test_bench_refuses_a_non_positive_size():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench", "ledger", "--events", "0", stdout=StringIO())
