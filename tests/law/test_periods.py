"""Period arithmetic (CPL art. 105; SPC CPL Interpretation art. 202; Civil Code art. 202)."""

from datetime import date

import pytest

from procuracy.law import DateOutOfRange, InvalidPeriod, Period, add_months
from procuracy.law.periods import CORRESPONDING_DAY, add_months_ordinal


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2024, 1, 15), 1, date(2024, 2, 15)),  # same day of the next month
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # no such day: last day (leap year)
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 1, date(2024, 3, 31)),  # start on the last day: last day
        (date(2023, 2, 28), 1, date(2023, 3, 31)),
        (date(2024, 4, 30), 1, date(2024, 5, 31)),
        (date(2024, 2, 28), 1, date(2024, 3, 28)),  # not the last day of a leap February
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 2, 28), 12, date(2024, 2, 29)),
        (date(2024, 12, 15), 2, date(2025, 2, 15)),
    ],
)
def test_months_run_to_the_same_day_or_the_last_day_of_the_target_month(start, months, end):
    # SPC CPL Interpretation (2021) art. 202
    assert add_months(start, months) == end
    assert add_months_ordinal(start.toordinal(), months, True) == end.toordinal()


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2023, 2, 28), 1, date(2023, 3, 28)),  # the corresponding day, not the last day
        (date(2024, 2, 29), 3, date(2024, 5, 29)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # no corresponding day: the last day
        (date(2024, 4, 30), 1, date(2024, 5, 30)),
    ],
)
def test_civil_months_end_on_the_corresponding_day(start, months, end):
    # Civil Code art. 202
    assert add_months(start, months, CORRESPONDING_DAY) == end
    assert add_months_ordinal(start.toordinal(), months, False) == end.toordinal()


def test_the_start_day_is_not_counted():
    # CPL art. 105: seven days from March 1 end on March 8
    assert Period.parse("7 days").end(date(2024, 3, 1)) == date(2024, 3, 8)


def test_half_a_month_is_fifteen_days():
    # SPC CPL Interpretation art. 202
    assert Period.parse("half a month") == Period(days=15)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("7 days", Period(days=7)),
        ("1 day", Period(days=1)),
        ("1 month", Period(months=1)),
        ("1 month + 15 days", Period(months=1, days=15)),
        ("3 working days", Period(working_days=3)),
        ("given months 6-12", Period(given=True, given_range=(6, 12))),
    ],
)
def test_a_period_reads_as_the_catalogue_writes_it(text, period):
    assert Period.parse(text) == period


@pytest.mark.parametrize("text", ["", "seven days", "15 days + 1 month", "3 weeks", "-1 days"])
def test_an_unreadable_period_is_refused(text):
    with pytest.raises(InvalidPeriod):
        Period.parse(text)


def test_a_given_period_is_checked_against_its_legal_range():
    given = Period.parse("given months 6-12")
    assert given.with_months(6) == Period(months=6)
    with pytest.raises(InvalidPeriod, match="6 to 12"):
        given.with_months(5)
    with pytest.raises(InvalidPeriod, match="6 to 12"):
        given.with_months(13)


def test_a_period_is_described_in_chinese_and_english():
    period = Period(months=1, days=15)
    assert period.text("en") == "1 month, then 15 days"
    assert period.text("zh") == "1个月，再加15日"
    assert Period(working_days=3).text("zh") == "3个工作日"


def test_a_period_past_the_last_day_a_date_can_be_is_refused():
    """9999-12-31 is the last date: a period ending after it is refused as such, not with
    Python's ValueError "year 10000 is out of range"."""
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 31)
    with pytest.raises(DateOutOfRange, match="counted from 9999-12-31 would end after the year"):
        add_months(date(9999, 12, 31), 1)
    with pytest.raises(DateOutOfRange, match="counted from 9999-06-30 would end after the year"):
        add_months_ordinal(date(9999, 6, 30).toordinal(), 7, True)
    assert Period(days=1).end(date(9999, 12, 30)) == date(9999, 12, 31)
    with pytest.raises(DateOutOfRange, match="counted from 9999-12-31 would end after the year"):
        Period(days=1).end(date(9999, 12, 31))
