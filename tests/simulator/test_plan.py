"""The simulator's plan: quotas from the report's figures, split over the units exactly."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from procuracy.figures import report_data
from procuracy.simulator import plan


def reported(figure: str) -> tuple[float, float | None]:
    """The report's printed 2023 value and change, read from the data file directly."""
    for e in report_data.entries():
        if e.figure == figure and e.unit != "percentage-points":
            return e.value, e.yoy
    raise KeyError(figure)


def test_2023_quotas_add_up_to_the_reports_figures():
    q = plan.national(2023, 1.0)
    # Work report 2023, section I: "arrest was approved for 726,000 suspects"; arrests at
    # review, after reconsideration or next-level review, and of commission detainees (CPL
    # art. 81, 92; art. 170 ¶2) all count.
    arrested = (
        q["arrest.approved"]
        + q["arrest.reconsideration_changed"]
        + q["arrest.reexamination_changed"]
        + q["duty.measure_arrested"]
    )
    assert arrested == reported("criminal.arrested")[0] == 726_000
    prosecuted = (
        sum(v for k, v in q.items() if k.startswith("charge."))
        + q["prosecuted.other"]
        + q["duty.prosecuted"]
    )
    assert prosecuted == 1_688_000
    assert q["not_prosecuted.discretionary"] == 498_000
    assert q["arrest.no_crime"] + q["arrest.insufficient_evidence"] == 210_000
    assert q["protest.changed"] + q["protest.remanded"] == 4885
    assert q["protest.decided"] == 6114


def test_2022_quotas_follow_the_year_on_year_changes():
    q22, q23 = plan.national(2022, 1.0), plan.national(2023, 1.0)
    value, yoy = reported("criminal.not_arrested_no_necessity")
    assert q23["arrest.no_necessity"] == value
    # "up 22.5%": the 2022 count, rounded, gives back 22.5% when printed
    change = (q23["arrest.no_necessity"] - q22["arrest.no_necessity"]) / q22["arrest.no_necessity"]
    assert f"{change * 100:.1f}" == f"{yoy:.1f}"


def test_2022_protest_change_rate_is_6_3_points_below_2023():
    def rate(q):
        return (q["protest.changed"] + q["protest.remanded"]) / q["protest.decided"]

    # Section V: "the percentage of procuratorial appeal cases resulting in a change increased
    # by 6.3 points"
    assert f"{(rate(plan.national(2023, 1.0)) - rate(plan.national(2022, 1.0))) * 100:.1f}" == "6.3"


def test_charge_group_leaves_meet_every_group_target():
    membership = {
        "176": frozenset({"fundraising", "financial", "market"}),
        "191": frozenset({"laundering", "financial", "market"}),
        "170": frozenset({"financial", "market"}),
        "140": frozenset({"market"}),
        "201": frozenset({"tax", "market"}),
    }
    targets = {"fundraising": 18, "laundering": 3, "financial": 27, "market": 121, "tax": 9}
    leaves = plan.group_leaves(targets, membership)
    for group, target in targets.items():
        assert sum(n for art, n in leaves.items() if group in membership[art]) == target


def test_a_group_smaller_than_its_subgroups_is_refused():
    membership = {"176": frozenset({"a", "b"}), "170": frozenset({"b"})}
    with pytest.raises(plan.PlanError, match="subgroups already count"):
        plan.group_leaves({"a": 10, "b": 5}, membership)


def test_years_outside_the_calibration_repeat_2023():
    assert plan.national(2026, 0.5) == plan.national(2023, 0.5)
    with pytest.raises(plan.PlanError, match="starts in 2000"):
        plan.national(1999, 1.0)


@given(
    st.integers(0, 5000),
    st.lists(st.floats(0.0, 100.0, allow_nan=False), min_size=1, max_size=60),
    st.integers(0, 10_000),
)
def test_spread_sums_to_the_total_and_rounds_each_share(total, weights, seed):
    if sum(weights) <= 0:
        weights = [1.0] * len(weights)
    parts = plan.spread(total, weights, random.Random(seed))
    assert sum(parts) == total
    weight_sum = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        exact = total * w / weight_sum
        assert exact - 1 < part < exact + 1


@given(st.lists(st.integers(0, 50), min_size=1, max_size=40), st.integers(0, 10_000))
def test_spread_over_bases_never_exceeds_a_base(bases, seed):
    total = sum(bases) // 2
    parts = plan.spread(total, bases, random.Random(seed))
    assert sum(parts) == total
    assert all(p <= b for p, b in zip(parts, bases, strict=True))


def test_apportion_respects_caps():
    assert plan.apportion(5, [1, 1, 1], caps=[0, 5, 1]) == [0, 4, 1]
    with pytest.raises(plan.PlanError):
        plan.apportion(5, [1, 1], caps=[1, 1])


def test_review_days_are_shared_so_that_the_average_is_the_plans():
    from procuracy.simulator.load import share_review_days

    # (decisions, least, most total days since receipt) of three procuratorates: the second
    # cannot reach 15 days a decision (at most 120 for 10), so the others take up the rest
    bounds = [(10, 50, 400), (10, 40, 120), (20, 100, 500)]
    totals = share_review_days(bounds, 15.0)
    assert sum(totals) == 15 * 40
    assert totals[1] == 120
    assert all(lo <= t <= hi for t, (_, lo, hi) in zip(totals, bounds, strict=True))
    # when the rooms together cannot reach the average, each is as near as it can be
    assert share_review_days([(10, 50, 100)], 15.0) == [100]


def test_the_generated_ids_are_version_8_uuids_of_their_region_and_bits():
    import random
    import uuid

    from procuracy.simulator.generate import region_uuid_text

    rng = random.Random(7)
    regions = [0, (1 << 32) - 1, *(rng.getrandbits(32) for _ in range(200))]
    samples = [0, (1 << 96) - 1, *(rng.getrandbits(96) for _ in range(100))]
    kept = ((1 << 96) - 1) & ~(0xF << 76) & ~(0x3 << 62)  # all but the version and variant
    for region in regions:
        for bits in samples:
            text = region_uuid_text(region, bits)
            parsed = uuid.UUID(text)
            assert str(parsed) == text
            # RFC 9562 version 8: the version and variant fields, then the bits given
            assert parsed.version == 8 and parsed.variant == uuid.RFC_4122
            assert parsed.int >> 96 == region
            assert parsed.int & kept == bits & kept


def test_the_ids_of_a_procuratorate_year_lead_with_the_year_then_the_division_code():
    from procuracy.simulator.generate import region_uuid_text, uuid_region

    # the simulator imports year by year, each year in the tree's order: so do the regions
    order = [(2022, "110000"), (2022, "110105"), (2022, "650000"), (2023, "000000")]
    regions = [uuid_region(y, c) for y, c in order]
    assert regions == sorted(regions) and len(set(regions)) == len(regions)
    assert uuid_region(2023, "110105") == (2023 << 20) | 110105
    ids = [region_uuid_text(r, (1 << 96) - 1) for r in regions]
    assert ids == sorted(ids)


def test_a_simulated_charge_is_named_as_on_the_offence_date():
    """Criminal Law art. 12: the simulator draws its charge names from the catalogue of 2023;
    Amendment XII renamed art. 169's charge from 2024-03-01 (徇私舞弊低价折股、出售国有资产罪 →
    徇私舞弊低价折股、出售公司、企业资产罪), so an offence after it carries the new name."""
    from datetime import date

    from procuracy.simulator.generate import of_the_day

    old = {"article": "169", "name": "徇私舞弊低价折股、出售国有资产罪"}
    assert of_the_day(old, date(2023, 5, 1)) == old
    assert of_the_day(old, date(2024, 5, 1)) == {
        "article": "169",
        "name": "徇私舞弊低价折股、出售公司、企业资产罪",
    }
    theft = {"article": "264", "name": "盗窃罪"}
    assert of_the_day(theft, date(2024, 5, 1)) == theft
