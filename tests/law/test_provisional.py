"""Provisional due dates for a year whose holiday schedule is not imported yet
(``WorkCalendar.assuming``, docs/law.md).

The schedule is never guessed: a provisional year counts every day as a working day, so no
period rolls over in it. CPL art. 105 ¶4 and CivPL art. 85 ¶3 only ever move a due date later
(from a last day that is a holiday to the first working day after it), so the provisional due
date is the period's last day and never later than the one the real schedule gives.
"""

import random
from datetime import date, timedelta

import pytest

from procuracy.law import LawError, catalogue, compute
from procuracy.law.schedule import WorkCalendar, builtin_schedules, provisional_schedule


def test_a_provisional_year_counts_every_day_as_a_working_day():
    year = provisional_schedule(2027)
    assert year.provisional and not year.holidays
    day = date(2027, 1, 1)
    while day.year == 2027:
        assert year.is_working_day(day), day
        day += timedelta(days=1)


def test_assuming_adds_only_the_years_not_known():
    cal = WorkCalendar()
    assert cal.assuming([2024]) is cal  # a known year is never replaced
    assumed = cal.assuming([cal.years[-1] + 1])
    assert assumed.provisional_years == {cal.years[-1] + 1}
    assert assumed is cal.assuming([cal.years[-1] + 1])  # made once
    assert not cal.provisional_years


def _real_and_provisional(year: int) -> tuple[WorkCalendar, WorkCalendar]:
    real = WorkCalendar()
    known = [s for s in builtin_schedules() if s.year != year]
    return real, WorkCalendar(known, builtin=False).assuming([year])


def test_a_provisional_due_date_is_the_last_day_and_never_later_than_the_real_one():
    """Every rule of the catalogue, from random starts whose period ends in 2024, with 2024
    counted provisionally and with its real schedule: provisional due = raw end (no roll-over)
    <= the real due date (CPL art. 105 ¶4; CivPL art. 85 ¶3)."""
    real, provisional = _real_and_provisional(2024)
    rng = random.Random(2024)
    checked = rolled = across = 0
    for rule in catalogue().rules:
        for _ in range(40):
            start = date(2023, 9, 1) + timedelta(days=rng.randint(0, 400))
            try:
                exact = compute(rule.id, start, calendar=real)
                guess = compute(rule.id, start, calendar=provisional)
            except LawError:  # not in force on that day, or a period given per case
                continue
            if exact.due.year != 2024:  # from a known year (2023) into the assumed one too
                continue
            assert guess.due <= exact.due, (rule.id, start)
            if not rule.period.working_days and exact.raw_end.year == 2024:
                # a last day in the assumed year never rolls (one in 2023 rolls as the 2023
                # schedule says, into the first day of 2024, which is then a working day)
                assert guess.due == guess.raw_end == exact.raw_end, (rule.id, start)
            # CPL art. 105 ¶4: a custody period in days or months is exact without a schedule
            exact_anyway = exact.custody and not rule.period.working_days
            assert guess.provisional_years == (() if exact_anyway else (2024,)), rule.id
            assert not exact.provisional_years
            checked += 1
            rolled += exact.rolled_over
            across += start.year == 2023
    # the comparison covered real roll-overs, and periods running from 2023 into 2024
    assert checked > 200 and rolled > 20 and across > 20


def test_the_explanation_says_the_date_is_provisional():
    _, provisional = _real_and_provisional(2024)
    # CPL art. 172: one month from Fri 2024-01-05 ends Mon 2024-02-05
    dl = compute("prosecution-review", date(2024, 1, 5), calendar=provisional)
    assert dl.due == date(2024, 2, 5)
    zh, en = dl.explanation("zh"), dl.explanation("en")
    assert "暂定：2024年国务院节假日安排尚未导入" in zh
    assert "Provisional: the State Council's schedule for 2024 is not imported" in en
    assert "2024-02-05 (Mon, no holiday schedule for 2024)" in en


@pytest.mark.parametrize("rule", ["arrest-review-detained", "investigative-detention"])
def test_a_custody_period_is_never_provisional(rule):
    """CPL art. 105 ¶4: in custody the period ends on its last day whatever the schedule."""
    real, provisional = _real_and_provisional(2024)
    dl = compute(rule, date(2024, 1, 5), calendar=provisional)
    assert dl.custody and not dl.provisional_years
    assert dl.due == compute(rule, date(2024, 1, 5), calendar=real).due
    assert "暂定" not in dl.explanation("zh")
