"""The figures' DuckDB copy of the ledger as a file: another process using it, a file that is
not a DuckDB database, a directory in its place. One clear line or a rebuilt copy, never a
traceback (docs/figures.md)."""

import subprocess
import sys

import pytest

from procuracy.core.errors import DomainError
from procuracy.figures import facts


def test_a_file_that_is_not_a_duckdb_database_is_set_aside_and_the_copy_built_again(tmp_path):
    path = tmp_path / "facts.duckdb"
    path.write_bytes(b"not a database" * 1000)

    con = facts.connect(path)

    assert con.execute("SELECT count(*) FROM facts").fetchone() == (0,)
    con.close()
    (aside,) = tmp_path.glob("facts.duckdb.invalid-*")
    assert aside.read_bytes().startswith(b"not a database")


def test_a_directory_in_the_copy_s_place_is_one_clear_error(tmp_path):
    path = tmp_path / "facts.duckdb"
    path.mkdir()
    with pytest.raises(DomainError, match="cannot open the figures' copy of the ledger"):
        facts.connect(path)
    assert path.is_dir() and not any(path.iterdir())


def test_a_copy_another_process_holds_is_waited_for_then_one_clear_error(tmp_path, monkeypatch):
    """DuckDB lets one process open a database file at a time: a second command waits for it
    (LOCK_WAIT_S), then says what holds it instead of DuckDB's IOException."""
    path = tmp_path / "facts.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True);"
         " time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        monkeypatch.setattr(facts, "LOCK_WAIT_S", 1.0)
        with pytest.raises(DomainError, match="in use by another process"):
            facts.connect(path)
    finally:
        holder.kill()
        holder.wait()
    facts.connect(path).close()  # free again once the other process has gone
