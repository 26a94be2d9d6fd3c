"""Properties that hold for every rule, start and custody (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from procuracy.law import catalogue, compute, default_calendar

CAL = default_calendar()
RULES = list(catalogue())
LAST_START = CAL.last_known_day() - timedelta(days=400)


@st.composite
def cases(draw, rule=None):
    rule = rule or draw(st.sampled_from(RULES))
    start = draw(
        st.dates(min_value=max(rule.in_force_from, date(2004, 1, 1)), max_value=LAST_START)
    )
    custody = draw(st.booleans()) if rule.custody_applies else None
    months = None
    if rule.period.given:
        low, high = rule.period.given_range
        months = draw(st.integers(low, high))
    return rule, start, custody, months


def _compute(rule, start, custody, months):
    return compute(rule.id, start, custody=custody, months=months, calendar=CAL)


@settings(max_examples=400, deadline=None)
@given(cases())
def test_the_due_date_is_never_before_the_raw_end(case):
    deadline = _compute(*case)
    assert deadline.due >= deadline.raw_end > deadline.start


@settings(max_examples=400, deadline=None)
@given(cases())
def test_a_custody_period_never_rolls(case):
    deadline = _compute(*case)
    if deadline.custody:
        assert deadline.due == deadline.raw_end
        assert not deadline.rolled_over


@settings(max_examples=400, deadline=None)
@given(cases())
def test_a_rolled_date_is_a_working_day_after_rest_days_only(case):
    deadline = _compute(*case)
    if deadline.rolled_over:
        assert CAL.is_working_day(deadline.due)
        assert all(not CAL.is_working_day(d) for d in deadline.skipped)
    if not deadline.custody:
        assert CAL.is_working_day(deadline.due)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(RULES).flatmap(lambda r: st.tuples(cases(r), cases(r))))
def test_a_later_start_never_gives_an_earlier_due_date(pair):
    (rule, s1, c1, m1), (_, s2, _, _) = pair
    early, late = sorted((s1, s2))
    assert _compute(rule, early, c1, m1).due <= _compute(rule, late, c1, m1).due


@settings(max_examples=200, deadline=None)
@given(cases())
def test_the_fast_path_agrees_with_the_full_computation(case):
    from procuracy.law import due_date

    rule, start, custody, months = case
    assert due_date(rule.id, start, custody=custody, months=months, calendar=CAL) == (
        _compute(*case).due
    )
