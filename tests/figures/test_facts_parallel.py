"""The facts sync shared among processes copies exactly what one process copies."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from procuracy.figures import facts


@pytest.mark.django_db(transaction=True)
def test_two_sync_workers_copy_the_same_facts_as_one(tmp_path, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip(
            "the workers read the database from other processes, and SQLite's test database "
            "is in memory, private to this one (sync falls back to one process there, which "
            "the other facts tests cover); this runs in CI's PostgreSQL pass"
        )
    from procuracy.orgs.actions import load_tree
    from procuracy.orgs.models import Procuratorate
    from procuracy.simulator import load

    load_tree(actor=None)
    org = Procuratorate.objects.get(code="110000")
    load.run((2022, 2023), 0.01, 5, org=org, today=date(2026, 11, 27))
    monkeypatch.setattr(facts, "PARALLEL_FROM", 0)

    copies = {}
    for workers in (1, 2):
        con = facts.connect(tmp_path / f"facts{workers}.duckdb")
        copied = facts.sync(con, workers=workers)
        rows = con.execute(
            "SELECT f.* EXCLUDE (sig), s.event_type, s.code, s.flag "
            "FROM facts f JOIN signatures s USING (sig) ORDER BY event_id, person"
        ).fetchall()
        synced = con.execute("SELECT * FROM synced ORDER BY unit_id").fetchall()
        copies[workers] = (copied, rows, synced)
        assert facts.sync(con, workers=workers) == 0  # nothing left to copy
    assert copies[1][0] > 0 and len(copies[1][1]) >= copies[1][0]
    assert copies[2] == copies[1]
