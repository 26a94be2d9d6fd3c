"""``procuracy bench report``'s comparison with the report's printed figures."""

from __future__ import annotations

from procuracy.figures import bench, registry, report_data
from procuracy.figures.cube import Value


def values_from_report(scale: float = 1.0, bump: str | None = None) -> dict[str, Value]:
    """Values that reproduce the report: each covered count as printed (× scale), its 2022
    value from the printed change, and the rates' parts in the printed proportion."""
    figures = registry.edition("work-report")
    out: dict[str, Value] = {}
    for fid, fig in figures.items():
        if fig.count != "ratio":
            out[fid] = Value(fig, 0, 0)
    for e in report_data.entries():
        if not e.figure or e.unit in ("percent", "percentage-points"):
            continue
        fig = figures[e.figure]
        now = e.value * scale + (1000 * scale if e.figure == bump else 0)
        before = e.value * scale / (1 + e.yoy / 100) if e.yoy is not None else now
        out[e.figure] = Value(fig, now, before)
    rates = {"criminal.protest_change_rate": (4885, 6114, 0.736)}
    for fid, (num, den, before) in rates.items():
        fig = figures[fid]
        out[fig.numerator] = Value(figures[fig.numerator], num * scale, before * 5000 * scale)
        out[fig.denominator] = Value(figures[fig.denominator], den * scale, 5000 * scale)
        out[fid] = Value(fig, num / den, before)
    return out


def by_id(comparisons):
    return {c.entry.id: c for c in comparisons}


def test_figures_as_printed_match():
    found = by_id(bench.compare(values_from_report()))
    # "arrest was approved for 726,000 suspects ... up 47.1%"
    assert found["r1-arrest-approved"].printed == "726,000"
    assert found["r1-arrest-approved"].change == "47.1%"
    assert found["r1-arrest-approved"].ok
    # "4,885 ... 6,114 ... a change rate of 79.9%"
    assert found["r3-protest-change-rate"].printed == "79.9%"
    assert found["r3-protest-change-rate"].ok


def test_a_different_figure_does_not_match():
    found = by_id(bench.compare(values_from_report(bump="criminal.arrested")))
    assert found["r1-arrest-approved"].printed == "727,000"
    assert not found["r1-arrest-approved"].ok


def test_below_scale_one_only_coarse_figures_compare():
    found = by_id(bench.compare(values_from_report(scale=0.01), scale=0.01))
    # 726,000 printed to the thousand: 7,260 at scale 0.01 still prints 726,000
    assert found["r1-arrest-approved"].comparable and found["r1-arrest-approved"].ok
    # 346 is exact: 3.46 people cannot show it
    assert not found["r1-securities-prosecuted"].comparable


def test_the_printed_step_is_the_unit_of_the_last_digit():
    assert bench.printed_step("726,000") == 1000
    assert bench.printed_step("more than 90,000") == 1000
    assert bench.printed_step("346") == 1
    # "4.253 million" (cases handled) is printed to the thousand: comparable at scale 0.01
    assert bench.printed_step("4.253 million") == 1000
    assert bench.printed_step("1.24 billion") == 10_000_000
    assert bench.printed_step("670 million") == 1_000_000
