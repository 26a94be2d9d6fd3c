"""The deadline API the case engine calls: compute, recompute, explain."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from procuracy.law import (
    CustodyNotApplicable,
    DateOutOfRange,
    InvalidPeriod,
    LawError,
    ScheduleMissing,
    UnknownRule,
    WorkCalendar,
    YearSchedule,
    compute,
    due_date,
)

SRC = Path(__file__).resolve().parents[2] / "src"


def test_the_custody_default_of_the_rule_applies_when_custody_is_not_given():
    assert compute("arrest-review-detained", date(2024, 2, 3)).custody is True
    assert compute("arrest-review", date(2024, 2, 3)).custody is False
    assert compute("civil-supervision-review", date(2024, 2, 3)).custody is False


def test_custody_cannot_be_asked_for_a_civil_period():
    with pytest.raises(CustodyNotApplicable, match=r"CivPL art\. 85"):
        compute("civil-supervision-review", date(2024, 2, 3), custody=True)
    assert compute("civil-supervision-review", date(2024, 2, 3), custody=False).due


def test_custody_cannot_be_asked_for_probation():
    with pytest.raises(CustodyNotApplicable, match=r"CPL art\. 283"):
        compute("conditional-non-prosecution-probation", date(2024, 2, 3), custody=True, months=6)


def test_a_given_period_needs_its_length_and_a_fixed_one_refuses_it():
    with pytest.raises(InvalidPeriod, match="6 to 12"):
        compute("conditional-non-prosecution-probation", date(2024, 2, 3))
    with pytest.raises(InvalidPeriod, match="6 to 12"):
        compute("conditional-non-prosecution-probation", date(2024, 2, 3), months=13)
    with pytest.raises(InvalidPeriod, match="fixed period"):
        compute("prosecution-review", date(2024, 2, 3), months=2)


BEYOND_9999 = (
    "the period counted from {start} would end after the year 9999: no deadline is computed "
    "beyond 9999-12-31"
)


@pytest.mark.parametrize(
    ("rule", "start", "options"),
    [
        ("prosecution-review", date(9999, 12, 31), {}),  # months: CPL art. 172
        ("prosecution-review", date(9999, 12, 31), {"custody": True}),  # never rolled, art. 105
        ("arrest-review", date(9999, 12, 31), {}),  # days: Rules art. 282
        ("conditional-non-prosecution-probation", date(9999, 6, 30), {"months": 7}),  # art. 283
    ],
)
def test_a_period_ending_after_the_year_9999_is_refused_naming_its_start(rule, start, options):
    """A start mistyped far in the future is one clear refusal, not Python's "year 10000 is
    out of range": the slow path and the fast path alike."""
    message = BEYOND_9999.format(start=start.isoformat())
    with pytest.raises(DateOutOfRange) as caught:
        compute(rule, start, **options)
    assert str(caught.value) == message
    with pytest.raises(DateOutOfRange) as fast:
        due_date(rule, start, **options)
    assert str(fast.value) == message


def test_an_extension_or_a_suspension_past_the_year_9999_is_refused_naming_the_start():
    # CPL art. 172 (an extension of 15 days); CPL art. 149 (days not counted)
    start = date(9999, 11, 1)
    held = compute("prosecution-review", start, custody=True)
    assert held.due == date(9999, 12, 1)
    with pytest.raises(DateOutOfRange, match="counted from 9999-11-01 would end after"):
        held.extended("1 month", basis="CPL art. 172")
    with pytest.raises(DateOutOfRange, match="counted from 9999-11-01 would end after"):
        held.suspended(date(9999, 11, 2), date(9999, 12, 31))


def test_an_unknown_rule_is_refused_with_suggestions():
    with pytest.raises(UnknownRule, match="prosecution-review"):
        compute("prosecution-reveiw", date(2024, 2, 3))


def test_a_period_ending_past_the_known_schedule_names_the_missing_year():
    with pytest.raises(ScheduleMissing, match="no holiday schedule for 2027"):
        compute("prosecution-review", date(2026, 12, 15))
    with pytest.raises(ScheduleMissing, match="2027"):
        due_date("prosecution-review", date(2026, 12, 15))


def test_a_custody_period_does_not_need_the_schedule_because_it_never_rolls():
    # CPL art. 105: in custody the period ends on its last day whatever the schedule says
    deadline = compute("arrest-review-detained", date(2026, 12, 30))
    assert deadline.due == date(2027, 1, 6)
    assert "2027" in deadline.explanation("en")


def test_an_imported_year_makes_the_period_computable():
    sched = YearSchedule(2027, {date(2027, 1, 15): "Test Day"}, {}, "test")
    deadline = compute("prosecution-review", date(2026, 12, 15), calendar=WorkCalendar([sched]))
    assert deadline.raw_end == date(2027, 1, 15)
    assert deadline.due == date(2027, 1, 18)  # Friday off, weekend, Monday
    assert deadline.skipped == (date(2027, 1, 15), date(2027, 1, 16), date(2027, 1, 17))


def test_an_extension_continues_from_the_last_day_and_rolls_once():
    # CPL art. 172: one month, extended by fifteen days, is the extended rule
    start = date(2024, 9, 1)
    extended = compute("prosecution-review", start).extended("15 days", basis="CPL art. 172")
    assert extended.raw_end == date(2024, 10, 16)
    assert extended.due == compute("prosecution-review-extended", start).due
    assert extended.adjustments[0].basis == "CPL art. 172"


def test_investigative_detention_extended_by_a_month_stays_in_custody():
    # CPL arts. 156, 105: 2 months + 1 month from 2024-07-31 end 2024-10-31, never rolled
    deadline = compute("investigative-detention", date(2024, 7, 31)).extended(
        "1 month", basis="CPL art. 156"
    )
    assert deadline.base_end == date(2024, 9, 30)
    assert deadline.raw_end == date(2024, 10, 31)
    assert deadline.due == date(2024, 10, 31)


def test_a_restart_counts_the_period_again_from_the_new_start():
    # CPL art. 175: after supplementary investigation the review period is recounted
    first = compute("prosecution-review", date(2024, 3, 1)).extended("15 days", basis="CPL 172")
    again = first.restarted(date(2024, 5, 10))
    assert again.start == date(2024, 5, 10)
    assert again.raw_end == date(2024, 6, 10)
    assert again.adjustments == ()
    assert again.restarts[0].previous_start == date(2024, 3, 1)
    assert "CPL art. 175" in again.explanation("en")
    assert "重新计算" in again.explanation("zh")
    with pytest.raises(LawError):
        again.restarted(date(2024, 1, 1))


def test_a_suspension_moves_the_due_date_by_the_suspended_days():
    # CPL art. 149: the psychiatric assessment is not counted; 2024-03-05..2024-03-14 = 10 days
    base = compute("prosecution-review", date(2024, 3, 1))
    assert base.raw_end == date(2024, 4, 1)
    suspended = base.suspended(date(2024, 3, 5), date(2024, 3, 14))
    assert suspended.adjustments[0].suspended_days == 10
    assert suspended.raw_end == date(2024, 4, 11)
    assert suspended.due == date(2024, 4, 11)
    assert "CPL art. 149" in suspended.explanation("en")
    assert "《刑事诉讼法》第一百四十九条" in suspended.explanation("zh")


def test_a_suspension_outside_the_period_or_overlapping_another_is_refused():
    base = compute("prosecution-review", date(2024, 3, 1))
    with pytest.raises(LawError, match="must begin after the start"):
        base.suspended(date(2024, 4, 2), date(2024, 4, 5))
    with pytest.raises(LawError, match="cannot end"):
        base.suspended(date(2024, 3, 10), date(2024, 3, 5))
    once = base.suspended(date(2024, 3, 5), date(2024, 3, 14))
    with pytest.raises(LawError, match="overlaps"):
        once.suspended(date(2024, 3, 14), date(2024, 3, 20))


def test_the_explanation_gives_rule_start_period_raw_end_skipped_days_due_date_and_articles():
    deadline = compute("arrest-review", date(2024, 1, 27))
    zh, en = deadline.explanation("zh"), deadline.explanation("en")
    for text in (zh, en):
        assert "arrest-review" in text
        assert "2024-01-27" in text
        assert "2024-02-11" in text  # the raw end
        assert "2024-02-17" in text  # a skipped holiday
        assert "2024-02-18" in text  # the due date
    assert "15 days" in en and "Spring Festival" in en and "CPL art. 105" in en
    assert "adjusted working day" in en
    assert "15日" in zh and "春节" in zh and "《刑事诉讼法》第一百零五条" in zh
    assert "调休工作日" in zh
    assert "《人民检察院刑事诉讼规则》第二百八十二条" in zh


def test_a_custody_explanation_says_the_holiday_does_not_extend_the_period():
    deadline = compute("arrest-review-detained", date(2024, 2, 3))
    assert "never extended because of a holiday" in deadline.explanation("en")
    assert "不得因节假日而延长" in deadline.explanation("zh")


def test_the_dictionary_form_holds_the_json_contract():
    data = compute("arrest-review", date(2024, 1, 27)).as_dict()
    assert data["rule"] == "arrest-review"
    assert data["from"] == "2024-01-27"
    assert data["period"] == "15 days"
    assert data["custody"] is False
    assert data["raw_end"] == "2024-02-11"
    assert data["due"] == "2024-02-18"
    assert data["rolled_over"] is True
    assert data["basis"] == ["Rules art. 282"]
    assert data["counting_basis"] == ["CPL art. 105"]
    assert set(data["explanation"]) == {"zh", "en"}
    json.dumps(data)


def test_the_law_module_imports_and_computes_without_django():
    code = (
        "import sys, datetime\n"
        "from procuracy.law import compute\n"
        "d = compute('prosecution-review', datetime.date(2024, 1, 31))\n"
        "d.explanation('zh'); d.as_dict()\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'\n"
        "print(d.due)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "2024-02-29"


def test_a_deadline_is_recomputed_under_a_calendar_with_a_new_year():
    held = compute("prosecution-review", date(2026, 12, 15), custody=True)
    sched = YearSchedule(2027, {date(2027, 1, 15): "Test Day"}, {}, "test")
    free = compute("arrest-review", date(2024, 1, 27)).with_calendar(WorkCalendar([sched]))
    assert free.due == date(2024, 2, 18)
    assert held.with_calendar(WorkCalendar([sched])).due == date(2027, 1, 15)
