"""The State Council's schedule of working days (国务院办公厅关于部分节假日安排的通知).

"Holiday" in CPL art. 105 and CivPL art. 85 means a day that is not a working day: weekends and
public holidays are rest days; an adjusted working day (调休, e.g. Sunday 2024-02-18) is a
working day. The built-in years come from the ``chinese-calendar`` package; an operator adds a
year from a file (``procuracy calendar import FILE``, format in docs/law.md) without a release.
This module reads no settings: the extra years are passed in (``WorkCalendar(schedules)``).

A date in a year whose schedule is not known raises ``ScheduleMissing`` naming the year: the
schedule is published year by year and is never guessed. Until it is imported, a caller that
must still have a date (a case received in December whose period runs into January) asks for
a *provisional* calendar (``WorkCalendar.assuming``): every day of the missing year counts as a
working day, so no period rolls over there. A provisional due date is therefore the period's
last day, never later than the date the real schedule gives (CPL art. 105 and CivPL art. 85
only ever move a due date later), and it is recomputed once the year is imported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

import yaml

from procuracy.law.errors import DateOutOfRange, ScheduleFileError, ScheduleMissing

#: Chinese names of the holidays as ``chinese-calendar`` names them in English.
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
#: The public holidays of every year for all citizens (新年, 春节, 清明节, 劳动节, 端午节, 中秋节,
#: 国庆节): a schedule without holidays is not one.
HOLIDAYS_BASIS = (
    "Regulations on National Holidays and Commemoration Days (全国年节及纪念日放假办法) art. 2"
)
WEEKDAYS_ZH = "一二三四五六日"
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def holiday_name(name: str, lang: str = "en") -> str:
    return HOLIDAY_NAMES_ZH.get(name, name) if lang == "zh" else name


@dataclass(frozen=True)
class YearSchedule:
    """One year of the State Council's schedule: the public holidays (rest days, including the
    weekend days of a holiday break) and the adjusted working days (weekend days worked)."""

    year: int
    holidays: Mapping[date, str]
    workdays: Mapping[date, str] = field(default_factory=dict)
    source: str = ""
    provisional: bool = False  # not the State Council's: see ``provisional_schedule``

    def __post_init__(self):
        object.__setattr__(self, "holidays", MappingProxyType(dict(sorted(self.holidays.items()))))
        object.__setattr__(self, "workdays", MappingProxyType(dict(sorted(self.workdays.items()))))

    def is_working_day(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def rest_days(self) -> list[date]:
        """Every day of the year that is not a working day (weekends and holidays)."""
        day, out = date(self.year, 1, 1), []
        while day.year == self.year:
            if not self.is_working_day(day):
                out.append(day)
            day += timedelta(days=1)
        return out

    def as_data(self) -> dict:
        """The year in the import file format (docs/law.md), ready for ``yaml.safe_dump``."""
        data: dict = {"year": self.year}
        if self.source:
            data["source"] = self.source
        data["holidays"] = [{"date": d.isoformat(), "name": n} for d, n in self.holidays.items()]
        data["workdays"] = [{"date": d.isoformat(), "name": n} for d, n in self.workdays.items()]
        return data


PROVISIONAL_SOURCE = "provisional: the State Council's schedule for this year is not imported"


def provisional_schedule(year: int) -> YearSchedule:
    """A stand-in for a year whose schedule is not known: every day a working day (each
    weekend day listed as worked), so that no period rolls over in it."""
    day, weekend = date(year, 1, 1), {}
    while day.year == year:
        if day.weekday() >= 5:
            weekend[day] = ""
        day += timedelta(days=1)
    return YearSchedule(year, {}, weekend, PROVISIONAL_SOURCE, provisional=True)


@functools.cache
def builtin_schedules() -> tuple[YearSchedule, ...]:
    """The years shipped with the ``chinese-calendar`` package."""
    from importlib.metadata import PackageNotFoundError, version

    from chinese_calendar import constants

    try:
        source = f"chinese-calendar {version('chinesecalendar')}"
    except PackageNotFoundError:  # pragma: no cover
        source = "chinese-calendar"
    years: dict[int, tuple[dict, dict]] = {}
    for day, name in constants.holidays.items():
        years.setdefault(day.year, ({}, {}))[0][day] = str(name)
    for day, name in constants.workdays.items():
        years.setdefault(day.year, ({}, {}))[1][day] = str(name)
    return tuple(YearSchedule(y, hol, work, source) for y, (hol, work) in sorted(years.items()))


def _year_ranges(years: Iterable[int]) -> str:
    ys = sorted(years)
    if not ys:
        return "none"
    out, first, prev = [], ys[0], ys[0]
    for y in [*ys[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        out.append(str(first) if first == prev else f"{first}–{prev}")
        if y is not None:
            first = prev = y
    return ", ".join(out)


class WorkCalendar:
    """Working days for the known years: the built-in ones plus ``schedules`` (which replace a
    built-in year of the same number). Day lookups are precomputed arrays over the known span."""

    def __init__(self, schedules: Iterable[YearSchedule] = (), *, builtin: bool = True):
        years: dict[int, YearSchedule] = {}
        if builtin:
            years.update((s.year, s) for s in builtin_schedules())
        years.update((s.year, s) for s in schedules)
        self._years = dict(sorted(years.items()))
        self._assumed: dict[tuple[int, ...], WorkCalendar] = {}
        self._build()

    # --- construction of the lookup arrays -------------------------------------------------
    def _build(self) -> None:
        if not self._years:
            self._base, self._size = 0, 0
            self._state = b""
            self._next_work: list[int] = []
            self._workdays: list[int] = []
            self._rank: list[int] = []
            self._unknown_cum: list[int] = [0]
            return
        first, last = min(self._years), max(self._years)
        base = date(first, 1, 1).toordinal()
        size = date(last, 12, 31).toordinal() - base + 1
        state = bytearray(b"\x02" * size)  # 0 rest day, 1 working day, 2 year not known
        for year, sched in self._years.items():
            start = date(year, 1, 1).toordinal() - base
            day = date(year, 1, 1)
            for i in range(start, date(year, 12, 31).toordinal() - base + 1):
                state[i] = 1 if sched.is_working_day(day) else 0
                day += timedelta(days=1)
        next_work = [-1] * size
        nxt = -1
        for i in range(size - 1, -1, -1):
            if state[i] == 1:
                nxt = base + i
            elif state[i] == 2:
                nxt = -1
            next_work[i] = nxt
        workdays, rank, unknown_cum, count, unknown = [], [0] * size, [0] * (size + 1), 0, 0
        for i in range(size):
            if state[i] == 1:
                workdays.append(base + i)
                count += 1
            rank[i] = count  # working days with ordinal <= base + i
            unknown += state[i] == 2
            unknown_cum[i + 1] = unknown
        self._base, self._size, self._state = base, size, bytes(state)
        self._next_work, self._workdays, self._rank = next_work, workdays, rank
        self._unknown_cum = unknown_cum

    # --- what is known ---------------------------------------------------------------------
    @property
    def years(self) -> tuple[int, ...]:
        return tuple(self._years)

    def known_years_text(self) -> str:
        return _year_ranges(self._years)

    def schedule(self, year: int) -> YearSchedule:
        try:
            return self._years[year]
        except KeyError:
            raise ScheduleMissing(year, self.known_years_text()) from None

    def first_known_day(self) -> date:
        return date.fromordinal(self._base)

    def last_known_day(self) -> date:
        return date.fromordinal(self._base + self._size - 1)

    @property
    def provisional_years(self) -> frozenset[int]:
        """The years standing in for a schedule not yet imported (``assuming``)."""
        return frozenset(y for y, s in self._years.items() if s.provisional)

    def assuming(self, years: Iterable[int]) -> WorkCalendar:
        """This calendar with a provisional stand-in (``provisional_schedule``) for each of
        ``years`` it does not know; the known years are untouched."""
        missing = tuple(sorted({y for y in years if y not in self._years}))
        if not missing:
            return self
        cal = self._assumed.get(missing)
        if cal is None:
            cal = self._assumed[missing] = self.with_schedules(
                provisional_schedule(y) for y in missing
            )
        return cal

    def with_schedules(self, schedules: Iterable[YearSchedule]) -> WorkCalendar:
        """A new calendar with these years added (or replaced)."""
        cal = WorkCalendar(builtin=False)
        cal._years = dict(sorted({**self._years, **{s.year: s for s in schedules}}.items()))
        cal._build()
        return cal

    @classmethod
    def from_directory(cls, directory: Path | str | None) -> WorkCalendar:
        """The built-in years plus every ``YEAR.yaml`` imported into ``directory``."""
        return cls(load_schedule_directory(directory))

    def missing(self, ordinal: int) -> ScheduleMissing:
        if ordinal > date.max.toordinal():
            raise DateOutOfRange()
        return ScheduleMissing(date.fromordinal(ordinal).year, self.known_years_text())

    def _first_unknown_from(self, ordinal: int) -> ScheduleMissing:
        i = ordinal - self._base
        while 0 <= i < self._size and self._state[i] != 2:
            i += 1
        return self.missing(self._base + i if i >= 0 else ordinal)

    # --- day questions ---------------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        i = day.toordinal() - self._base
        if 0 <= i < self._size and self._state[i] != 2:
            return self._state[i] == 1
        raise self.missing(day.toordinal())

    def holiday_name(self, day: date) -> str | None:
        """The public holiday of a rest day, or None (a plain weekend or a working day)."""
        sched = self.schedule(day.year)
        return sched.holidays.get(day)

    def next_working_day_ordinal(self, ordinal: int) -> int:
        """The first working day on or after ``ordinal`` (CPL art. 105, CivPL art. 85)."""
        i = ordinal - self._base
        if 0 <= i < self._size:
            nxt = self._next_work[i]
            if nxt >= 0:
                return nxt
            raise self._first_unknown_from(ordinal)
        raise self.missing(ordinal)

    def next_working_day(self, day: date) -> date:
        return date.fromordinal(self.next_working_day_ordinal(day.toordinal()))

    def nth_working_day_after_ordinal(self, start: int, n: int) -> int:
        """The ``n``-th working day after ``start`` (the start day is not counted)."""
        i = start - self._base
        if not 0 <= i < self._size or self._state[i] == 2:
            raise self.missing(start)
        k = self._rank[i] + n - 1
        if k >= len(self._workdays):
            raise self._first_unknown_from(start)
        end = self._workdays[k]
        if self._unknown_cum[end - self._base + 1] != self._unknown_cum[i + 1]:
            raise self._first_unknown_from(start)
        return end

    def nth_working_day_after(self, start: date, n: int) -> date:
        return date.fromordinal(self.nth_working_day_after_ordinal(start.toordinal(), n))


@functools.cache
def default_calendar() -> WorkCalendar:
    """The built-in years only (``chinese-calendar``); add imported years with
    ``WorkCalendar.from_directory`` or ``with_schedules``."""
    return WorkCalendar()


# --- schedule files ------------------------------------------------------------------------


class _StringLoader(yaml.SafeLoader):
    """Safe YAML without implicit dates: every date is checked by hand, with a clear error.
    A key given twice in one mapping is an error (plain YAML keeps the last one silently:
    ``year: 2027`` then ``year: 2028`` would import 2028)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            first_line: dict = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # ``<<: *base`` merges; its keys may be overridden on purpose
                key = self.construct_object(key_node, deep=True)
                try:
                    twice = key in first_line
                except TypeError:
                    continue  # an unhashable key: refused by the base constructor
                if twice:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"key {key!r} is given twice (first on line {first_line[key]})",
                        key_node.start_mark,
                    )
                first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_StringLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str):
    """Safe YAML with dates left as strings (used for schedules and the catalogue)."""
    return yaml.load(text, Loader=_StringLoader)  # a SafeLoader subclass


_TOP_KEYS = {"year", "source", "holidays", "workdays"}
_ENTRY_KEYS = {"date", "from", "to", "name"}
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_schedule(text: str, origin: str = "schedule") -> YearSchedule:
    """Read and validate a schedule file (format in docs/law.md). Raises ``ScheduleFileError``
    with one line naming ``origin`` and the faulty entry."""

    def fail(msg: str):
        raise ScheduleFileError(f"{origin}: {msg}")

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        fail(f"not valid YAML{where}: {problem}")
    if not isinstance(data, dict):
        fail("expected a mapping with keys year, source, holidays, workdays")
    unknown = sorted(map(str, set(data) - _TOP_KEYS))
    if unknown:
        fail(f"unknown key {unknown[0]!r} (allowed: year, source, holidays, workdays)")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 < year < 2200:
        fail(f"'year' must be a year such as 2027, not {year!r}")
    source = data.get("source") or ""
    if not isinstance(source, str):
        fail("'source' must be text (the notice the schedule comes from)")
    if "holidays" not in data:
        fail("'holidays' is missing (the list of public-holiday rest days)")

    def days_of(section: str) -> dict[date, str]:
        entries = data.get(section) or []
        if not isinstance(entries, list):
            fail(f"'{section}' must be a list of entries")
        out: dict[date, str] = {}
        for n, entry in enumerate(entries, 1):
            label = f"{section} entry {n}"
            if not isinstance(entry, dict):
                fail(f"{label}: expected a mapping such as {{date: {year}-01-01, name: ...}}")
            label = f"{section} entry {n} ({', '.join(f'{k}: {v}' for k, v in entry.items())})"
            bad = sorted(map(str, set(entry) - _ENTRY_KEYS))
            if bad:
                fail(f"{label}: unknown key {bad[0]!r} (allowed: date, from, to, name)")
            name = entry.get("name")
            if section == "holidays" and not (isinstance(name, str) and name.strip()):
                fail(f"{label}: 'name' is required (e.g. Spring Festival)")
            if name is not None and not isinstance(name, str):
                fail(f"{label}: 'name' must be text")

            def as_date(key: str, entry=entry, label=label) -> date:
                raw = entry.get(key)
                if not isinstance(raw, str) or not _ISO.fullmatch(raw.strip()):
                    fail(f"{label}: {key} {raw!r} is not a date written YYYY-MM-DD")
                try:
                    day = date.fromisoformat(raw.strip())
                except ValueError as exc:
                    fail(f"{label}: {key} {raw} is not a real date ({exc})")
                if day.year != year:
                    fail(f"{label}: {day} is outside the declared year {year}")
                return day

            if "date" in entry:
                if "from" in entry or "to" in entry:
                    fail(f"{label}: give either 'date' or 'from' and 'to', not both")
                days = [as_date("date")]
            elif "from" in entry and "to" in entry:
                first, last = as_date("from"), as_date("to")
                if last < first:
                    fail(f"{label}: 'to' {last} is before 'from' {first}")
                days = [first + timedelta(days=k) for k in range((last - first).days + 1)]
            else:
                fail(f"{label}: needs 'date', or 'from' and 'to'")
            for day in days:
                if day in out:
                    fail(f"{label}: {day} is listed twice in '{section}'")
                out[day] = (name or "").strip()
        return out

    holidays = days_of("holidays")
    if not holidays:
        # every year has them: New Year's Day, Spring Festival, Tomb-sweeping Day, Labour Day,
        # Dragon Boat Festival, Mid-autumn Festival, National Day (全国年节及纪念日放假办法 art. 2)
        fail(
            f"'holidays' is empty: every year has public holidays (New Year's Day, Spring "
            f"Festival, ...: {HOLIDAYS_BASIS}); list the rest days of the {year} schedule"
        )
    workdays = days_of("workdays")
    for day in sorted(set(holidays) & set(workdays)):
        fail(f"{day} is both a holiday ({holidays[day]}) and an adjusted working day")
    for day, name in sorted(workdays.items()):
        if day.weekday() < 5:
            fail(
                f"workdays entry {day} ({name or 'no name'}) is a {WEEKDAYS_EN[day.weekday()]}: "
                f"only a Saturday or Sunday can be an adjusted working day"
            )
    return YearSchedule(year, holidays, workdays, source)


def load_schedule_file(path: Path | str) -> YearSchedule:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScheduleFileError(f"{path}: cannot be read ({exc})") from None
    return parse_schedule(text, str(path))


def load_schedule_directory(directory: Path | str | None) -> list[YearSchedule]:
    """Every ``YEAR.yaml`` in ``directory`` (none if it does not exist). A stored file whose
    name does not match its year is an error."""
    if directory is None:
        return []
    directory = Path(directory)
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.glob("*.yaml")):
        sched = load_schedule_file(path)
        if path.stem != str(sched.year):
            raise ScheduleFileError(f"{path}: holds year {sched.year}; expected {path.stem}")
        out.append(sched)
    return out


def dump_schedule(schedule: YearSchedule) -> str:
    """The schedule as an import file (the normalised form stored by ``calendar import``)."""
    header = (
        f"# State Council holiday schedule for {schedule.year}, "
        "imported with `procuracy calendar import`.\n"
    )
    return header + yaml.safe_dump(schedule.as_data(), allow_unicode=True, sort_keys=False)
