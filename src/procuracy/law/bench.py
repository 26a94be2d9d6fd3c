"""Benchmark of the deadline fast path (``due_date``) against a bare ``date + timedelta`` loop.

``run(n, seed)`` draws ``n`` random (rule, start, custody) triples, with starts in the days
where every rule is in force and the calendar knows the schedule up to the longest period,
then times ``due_date`` over them and, in the same run, ``start + timedelta`` over the same
triples.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from procuracy.law.catalogue import catalogue
from procuracy.law.deadlines import due_date
from procuracy.law.schedule import WorkCalendar, default_calendar

#: The longest period of the catalogue (12 months) plus the longest roll-over, with margin.
_MARGIN_DAYS = 400


def triples(n: int, seed: int, calendar: WorkCalendar) -> tuple[list[tuple], date, date]:
    rules = list(catalogue())
    first = max(max(r.in_force_from for r in rules), calendar.first_known_day())
    last = calendar.last_known_day() - timedelta(days=_MARGIN_DAYS)
    if last < first:
        raise ValueError(f"the calendar does not cover {first} plus {_MARGIN_DAYS} days")
    rng = random.Random(seed)
    span = last.toordinal() - first.toordinal() + 1
    base = first.toordinal()
    out = []
    for _ in range(n):
        rule = rng.choice(rules)
        start = date.fromordinal(base + rng.randrange(span))
        custody = rng.random() < 0.5 if rule.custody_applies else None
        low, high = rule.period.given_range or (0, 0)
        months = rng.randint(low, high) if rule.period.given else None
        out.append((rule.id, start, custody, months))
    return out, first, last


def run(n: int = 1_000_000, seed: int = 0, calendar: WorkCalendar | None = None) -> dict:
    cal = calendar or default_calendar()
    work, first, last = triples(n, seed, cal)
    due_date(work[0][0], work[0][1], custody=work[0][2], months=work[0][3], calendar=cal)

    t0 = time.perf_counter()
    checksum = 0
    for rule_id, start, custody, months in work:
        checksum += due_date(rule_id, start, custody=custody, months=months, calendar=cal).day
    seconds = time.perf_counter() - t0

    delta = timedelta(days=7)
    t0 = time.perf_counter()
    baseline_sum = 0
    for _rule_id, start, _custody, _months in work:
        baseline_sum += (start + delta).day
    baseline = time.perf_counter() - t0

    return {
        "n": n,
        "seed": seed,
        "rules": len(catalogue()),
        "starts": [first.isoformat(), last.isoformat()],
        "seconds": round(seconds, 3),
        "baseline_seconds": round(baseline, 3),
        "ratio": round(seconds / baseline, 1) if baseline else None,
        "microseconds_per_deadline": round(seconds / n * 1e6, 3),
        "checksum": checksum,
    }
