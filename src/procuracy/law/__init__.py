"""Law as code: statutory periods, the holiday schedule and the deadline catalogue.

Importable without Django (only ``procuracy.law.management`` uses it). Start with::

    from datetime import date
    from procuracy.law import compute
    deadline = compute("prosecution-review", date(2024, 1, 31))
    deadline.due, deadline.explanation("en")

See docs/law.md.
"""

from procuracy.law.catalogue import Article, Catalogue, Law, Rule, catalogue, get_rule
from procuracy.law.deadlines import Adjustment, Deadline, Restart, cite, compute, due_date
from procuracy.law.errors import (
    CustodyNotApplicable,
    DateOutOfRange,
    InvalidPeriod,
    LawError,
    RuleNotInForce,
    ScheduleFileError,
    ScheduleMissing,
    UnknownRule,
)
from procuracy.law.periods import Period, add_months
from procuracy.law.schedule import (
    WorkCalendar,
    YearSchedule,
    default_calendar,
    load_schedule_file,
    parse_schedule,
)

__all__ = [
    "Adjustment",
    "Article",
    "Catalogue",
    "CustodyNotApplicable",
    "DateOutOfRange",
    "Deadline",
    "InvalidPeriod",
    "Law",
    "LawError",
    "Period",
    "Restart",
    "Rule",
    "RuleNotInForce",
    "ScheduleFileError",
    "ScheduleMissing",
    "UnknownRule",
    "WorkCalendar",
    "YearSchedule",
    "add_months",
    "catalogue",
    "cite",
    "compute",
    "default_calendar",
    "due_date",
    "get_rule",
    "load_schedule_file",
    "parse_schedule",
]
