"""Periods and how the law counts them.

- CPL art. 105 (and CivPL art. 85): periods are counted in days or months; the start day is
  not counted, so a period of N days starting on day S ends on S + N.
- Months, criminal procedure (SPC Interpretation of the CPL, 2021, art. 202): from a day of one
  month to the same day of the next month; a period whose start day is the last day of a month
  ends on the last day of the target month; where the target month has no such day it ends on
  that month's last day; half a month is 15 days.
- Months, civil law (Civil Code art. 202, applied to civil, administrative and other non-criminal
  periods by default): the corresponding day of the target month, or its last day if there is
  no corresponding day. The two rules differ only when the start is the last day of a short
  month (2023-02-28 + 1 month: 2023-03-31 under SPC art. 202, 2023-03-28 under Civil Code art. 202).
- Working days: the N-th working day after the start (e.g. Rules art. 49).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from procuracy.law.errors import DateOutOfRange, InvalidPeriod

#: Month conventions (see the module docstring).
LAST_DAY_TO_LAST_DAY = "last-day-to-last-day"  # SPC CPL Interpretation (2021) art. 202
CORRESPONDING_DAY = "corresponding-day"  # Civil Code art. 202

_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

#: The last day a date can be (9999-12-31), as an ordinal: no period is counted past it.
MAX_ORDINAL = date.max.toordinal()


def within_range(ordinal: int, start: date | int | None = None) -> int:
    """``ordinal`` if it is a day a date can be, else ``DateOutOfRange`` naming ``start``."""
    if ordinal > MAX_ORDINAL:
        if isinstance(start, int):
            start = date.fromordinal(start)
        raise DateOutOfRange(start)
    return ordinal


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


def add_months(start: date, months: int, convention: str = LAST_DAY_TO_LAST_DAY) -> date:
    """The last day of a period of ``months`` months starting (not counted) on ``start``."""
    t = start.month - 1 + months
    year, month = start.year + t // 12, t % 12 + 1
    if year > date.max.year:
        raise DateOutOfRange(start)
    last = days_in_month(year, month)
    if convention == LAST_DAY_TO_LAST_DAY and start.day == days_in_month(start.year, start.month):
        return date(year, month, last)
    return date(year, month, min(start.day, last))


_month_cache: dict[int, int] = {}


def add_months_ordinal(start: int, months: int, last_day_rule: bool) -> int:
    """``add_months`` on proleptic ordinals, cached (the fast path counts millions of them)."""
    key = (start << 7) | (months << 1) | last_day_rule if months < 64 else None
    end = _month_cache.get(key) if key is not None else None
    if end is None:
        convention = LAST_DAY_TO_LAST_DAY if last_day_rule else CORRESPONDING_DAY
        end = add_months(date.fromordinal(start), months, convention).toordinal()
        if key is not None:
            if len(_month_cache) > 2_000_000:
                _month_cache.clear()
            _month_cache[key] = end
    return end


@dataclass(frozen=True, slots=True)
class Period:
    """A legal period: ``months`` then ``days`` (one holiday roll-over at the end), or
    ``working_days``, or ``given`` months supplied per case within ``given_range``."""

    months: int = 0
    days: int = 0
    working_days: int = 0
    given: bool = False
    given_range: tuple[int, int] | None = None

    def __post_init__(self):
        if min(self.months, self.days, self.working_days) < 0:
            raise InvalidPeriod(f"a period cannot be negative: {self!r}")
        if self.working_days and (self.months or self.days or self.given):
            raise InvalidPeriod("a working-day period cannot be combined with days or months")
        if self.given and (self.months or self.days):
            raise InvalidPeriod("a given period takes its months from the case only")
        if self.given and self.given_range is None:
            raise InvalidPeriod("a given period needs its legal range (e.g. 6 to 12 months)")
        if not (self.months or self.days or self.working_days or self.given):
            raise InvalidPeriod("a period cannot be empty")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period as written in the catalogue: ``7 days``, ``1 month``,
        ``1 month + 15 days``, ``half a month`` (15 days), ``3 working days``,
        ``given months 6-12``."""
        s = " ".join(str(text).strip().lower().split())
        m = re.fullmatch(r"given months (\d+)\s*-\s*(\d+)", s)
        if m:
            low, high = int(m[1]), int(m[2])
            if not 0 < low <= high:
                raise InvalidPeriod(f"bad range in period {text!r}")
            return cls(given=True, given_range=(low, high))
        m = re.fullmatch(r"(\d+) working days?", s)
        if m:
            return cls(working_days=int(m[1]))
        months = days = 0
        for part in s.split("+"):
            part = part.strip()
            if part == "half a month":  # SPC CPL Interpretation art. 202: 半个月 = 15 days
                days += 15
                continue
            m = re.fullmatch(r"(\d+) (day|days|month|months)", part)
            if not m:
                raise InvalidPeriod(f"cannot read period {text!r}")
            if m[2].startswith("month"):
                if days:
                    raise InvalidPeriod(f"write months before days in {text!r}")
                months += int(m[1])
            else:
                days += int(m[1])
        return cls(months=months, days=days)

    def with_months(self, months: int) -> Period:
        """The fixed period for a given-period rule, checked against its legal range."""
        low, high = self.given_range  # type: ignore[misc]
        if not low <= months <= high:
            raise InvalidPeriod(
                f"the period must be {low} to {high} months, not {months}",
                zh=f"期间应为{low}至{high}个月，而不是{months}个月",
            )
        return Period(months=months)

    def text(self, lang: str = "en") -> str:
        zh = lang == "zh"
        if self.given:
            low, high = self.given_range  # type: ignore[misc]
            return f"{low}至{high}个月（个案确定）" if zh else f"{low} to {high} months (given)"
        if self.working_days:
            n = self.working_days
            return f"{n}个工作日" if zh else f"{n} working day{'s' if n != 1 else ''}"
        parts = []
        if self.months:
            n = self.months
            parts.append(f"{n}个月" if zh else f"{n} month{'s' if n != 1 else ''}")
        if self.days:
            n = self.days
            parts.append(f"{n}日" if zh else f"{n} day{'s' if n != 1 else ''}")
        return ("，再加" if zh else ", then ").join(parts)

    def end(self, start: date, convention: str = LAST_DAY_TO_LAST_DAY) -> date:
        """The last day before any holiday roll-over (not for working-day or given periods)."""
        if self.working_days or self.given:
            raise InvalidPeriod("working-day and given periods need a calendar or a length")
        end = add_months(start, self.months, convention) if self.months else start
        return date.fromordinal(within_range(end.toordinal() + self.days, start))
