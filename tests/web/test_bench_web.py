"""``procuracy bench web`` runs end to end on a tiny scratch database (the figures themselves
are for the benchmark command, not for the test suite)."""

import pytest

from procuracy.web import bench


@pytest.mark.django_db(transaction=True)
def test_the_web_benchmark_reports_its_figures():
    result = bench.run_web(events=60, clients=2, seconds=1, workers=1)
    assert result["errors"] == 0
    for label in ("workbench", "case page", "trivial view"):
        assert result[label]["requests"] > 0
        assert result[label]["p95_ms"] >= result[label]["p50_ms"] > 0
        # the server's own time (Server-Timing) is part of the client's
        assert 0 < result[label]["server_p50_ms"] <= result[label]["p50_ms"]
    assert "p95" in bench.table(result)
