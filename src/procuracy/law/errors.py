"""Errors of the law module: each carries one clear line for the user."""

from __future__ import annotations


class LawError(ValueError):
    """Base class: a deadline cannot be computed as asked. ``str(error)`` is one line;
    ``zh``, where given, says the same in Chinese (the staff web's refusals)."""

    def __init__(self, message: str, zh: str | None = None):
        super().__init__(message)
        self.zh = zh


class UnknownRule(LawError):
    def __init__(self, rule_id: str, suggestions: tuple[str, ...] = ()):
        self.rule_id = rule_id
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"unknown rule {rule_id!r}{hint} (procuracy deadline --list shows all)",
            zh=f"未知的期限规则{rule_id!r}",
        )


class RuleNotInForce(LawError):
    """The rule's declaration does not cover the start date (catalogue ``in_force``)."""


class CustodyNotApplicable(LawError):
    """Custody was asked for a period where the custody exception of CPL art. 105 cannot apply."""


class InvalidPeriod(LawError):
    """A period is malformed, or a given period is outside its legal range."""


class DateOutOfRange(LawError):
    """A period would end after 9999-12-31, the last day a date can be (Python's ``date``):
    a start date mistyped far in the future, not a deadline anyone can keep."""

    def __init__(self, start=None):
        self.start = start
        counted = f" counted from {start.isoformat()}" if start is not None else ""
        super().__init__(
            f"the period{counted} would end after the year 9999: no deadline is computed "
            "beyond 9999-12-31",
            zh=f"{'自' + start.isoformat() + '起算的' if start is not None else ''}期间将于"
            "9999年之后届满：不计算9999年12月31日以后的期限",
        )


class ScheduleMissing(LawError):
    """The State Council's holiday schedule for a year is not known: never guess it."""

    def __init__(self, year: int, known: str = ""):
        self.year = year
        known_part = f" (known years: {known})" if known else ""
        super().__init__(
            f"no holiday schedule for {year}{known_part}: import the State Council's {year} "
            f"schedule with `procuracy calendar import FILE`",
            zh=f"尚无国务院{year}年节假日安排{f'（已有：{known}）' if known else ''}："
            f"请先导入该年度节假日安排（procuracy calendar import）",
        )


class ScheduleFileError(LawError):
    """A holiday schedule file is invalid: the message names the file and the entry."""
