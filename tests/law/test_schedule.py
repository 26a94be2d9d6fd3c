"""The State Council's schedule: working days, adjusted working days, imported years."""

import re
from datetime import date

import pytest

from procuracy.law import (
    ScheduleFileError,
    ScheduleMissing,
    WorkCalendar,
    YearSchedule,
    default_calendar,
    parse_schedule,
)
from procuracy.law.schedule import dump_schedule, load_schedule_directory

VALID_2027 = """\
year: 2027
source: 国务院办公厅关于2027年部分节假日安排的通知 (a test schedule)
holidays:
  - {date: 2027-01-01, name: New Year's Day}
  - {from: 2027-02-06, to: 2027-02-13, name: Spring Festival}
  - {from: 2027-10-01, to: 2027-10-07, name: National Day}
workdays:
  - {date: 2027-02-14, name: Spring Festival}
  - {date: 2027-10-09, name: National Day}
"""


def test_weekends_and_holidays_are_not_working_days():
    cal = default_calendar()
    assert not cal.is_working_day(date(2024, 2, 12))  # Spring Festival, a Monday
    assert not cal.is_working_day(date(2024, 3, 16))  # a plain Saturday
    assert cal.is_working_day(date(2024, 3, 15))  # a plain Friday


def test_adjusted_weekend_days_are_working_days():
    cal = default_calendar()
    assert cal.is_working_day(date(2024, 2, 4))  # Sunday worked before the Spring Festival
    assert cal.is_working_day(date(2024, 2, 18))  # Sunday worked after it
    assert cal.is_working_day(date(2023, 10, 7))  # Saturday worked after National Day


def test_the_next_working_day_after_the_spring_festival_is_the_worked_sunday():
    assert default_calendar().next_working_day(date(2024, 2, 10)) == date(2024, 2, 18)


def test_a_day_in_an_unknown_year_names_the_missing_year():
    cal = default_calendar()
    with pytest.raises(ScheduleMissing, match="2027") as info:
        cal.is_working_day(date(2027, 3, 1))
    assert info.value.year == 2027
    with pytest.raises(ScheduleMissing, match="2003"):
        cal.is_working_day(date(2003, 3, 3))


def test_an_imported_year_extends_the_calendar():
    sched = parse_schedule(VALID_2027)
    cal = WorkCalendar([sched])
    assert 2027 in cal.years
    assert not cal.is_working_day(date(2027, 2, 8))  # Spring Festival Monday
    assert cal.is_working_day(date(2027, 2, 14))  # worked Sunday
    assert cal.next_working_day(date(2027, 2, 6)) == date(2027, 2, 14)
    assert cal.holiday_name(date(2027, 10, 3)) == "National Day"
    assert cal.is_working_day(date(2024, 2, 18))  # built-in years are still there


def test_an_imported_year_replaces_the_built_in_one():
    sched = YearSchedule(2024, {date(2024, 3, 15): "Test Day"}, {}, "test")
    cal = WorkCalendar([sched])
    assert not cal.is_working_day(date(2024, 3, 15))
    assert cal.is_working_day(date(2024, 2, 12))  # the built-in Spring Festival is gone


def test_a_gap_between_known_years_is_missing_not_guessed():
    cal = WorkCalendar([YearSchedule(2028, {date(2028, 1, 1): "New Year's Day"})])
    assert cal.is_working_day(date(2028, 1, 3))
    with pytest.raises(ScheduleMissing, match="2027"):
        cal.is_working_day(date(2027, 6, 1))
    with pytest.raises(ScheduleMissing, match="2027"):
        cal.nth_working_day_after(date(2026, 12, 30), 5)


def test_a_roll_over_into_an_unknown_year_names_that_year():
    last_day_off = YearSchedule(2030, {date(2030, 12, 31): "Test Day"}, {}, "test")
    cal = WorkCalendar([last_day_off], builtin=False)
    with pytest.raises(ScheduleMissing, match="2031"):
        cal.next_working_day(date(2030, 12, 31))


def test_a_schedule_survives_a_round_trip_through_its_file_format():
    sched = parse_schedule(VALID_2027)
    again = parse_schedule(dump_schedule(sched))
    assert again == sched


def test_a_schedule_directory_is_read_year_by_year(tmp_path):
    (tmp_path / "2027.yaml").write_text(VALID_2027, encoding="utf-8")
    assert [s.year for s in load_schedule_directory(tmp_path)] == [2027]
    assert load_schedule_directory(tmp_path / "absent") == []
    (tmp_path / "2029.yaml").write_text(VALID_2027, encoding="utf-8")
    with pytest.raises(ScheduleFileError, match="expected 2029"):
        load_schedule_directory(tmp_path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("year: [", "not valid YAML"),
        ("- 1\n- 2\n", "expected a mapping"),
        (VALID_2027 + "region: all\n", "unknown key 'region'"),
        (VALID_2027.replace("year: 2027", "year: soon"), "'year' must be a year"),
        (VALID_2027.replace("2027-01-01", "2027-02-30"), "2027-02-30 is not a real date"),
        (VALID_2027.replace("2027-01-01", "1st January"), "is not a date written YYYY-MM-DD"),
        (VALID_2027.replace("2027-01-01", "2026-12-31"), "outside the declared year 2027"),
        (VALID_2027.replace("{date: 2027-02-14", "{date: 2027-02-13"), "both a holiday"),
        (
            VALID_2027.replace("name: New Year's Day}", "name: New Year's Day, days: 1}"),
            "unknown key 'days'",
        ),
        (
            VALID_2027.replace("{date: 2027-01-01, name: New Year's Day}", "{date: 2027-01-01}"),
            "'name' is required",
        ),
        (VALID_2027.replace("to: 2027-02-13", "to: 2027-02-01"), "before 'from'"),
        (VALID_2027.replace("{date: 2027-10-09", "{date: 2027-10-08"), "only a Saturday or Sunday"),
        (VALID_2027 + "  - {date: 2027-02-14, name: again}\n", "listed twice"),
        ("year: 2027\n", "'holidays' is missing"),
        # a key given twice: YAML alone would keep the last one silently
        (
            "year: 2027\nyear: 2028\nholidays: []\n",
            "not valid YAML at line 2: key 'year' is given twice (first on line 1)",
        ),
        (
            VALID_2027.replace("{date: 2027-01-01,", "{date: 2027-01-01, date: 2027-01-02,"),
            "not valid YAML at line 4: key 'date' is given twice (first on line 4)",
        ),
        # Regulations on National Holidays and Commemoration Days art. 2: every year has them
        ("year: 2027\nholidays: []\n", "'holidays' is empty: every year has public holidays"),
        ("year: 2027\nholidays:\nworkdays: []\n", "'holidays' is empty"),
    ],
)
def test_an_invalid_schedule_file_is_refused_with_one_line_naming_the_entry(text, message):
    with pytest.raises(ScheduleFileError, match=re.escape(message)) as info:
        parse_schedule(text, "test.yaml")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("test.yaml: ")
