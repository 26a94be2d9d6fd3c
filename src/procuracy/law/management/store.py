"""Where the site keeps imported holiday schedules: ``settings.DATA_DIR / "calendar"``.

The case engine gets the site's calendar (built-in years plus imported ones) with
``site_calendar()`` and passes it to ``procuracy.law.compute(..., calendar=...)``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.conf import settings

from procuracy.law.schedule import WorkCalendar, YearSchedule, dump_schedule

_cache: dict[tuple, WorkCalendar] = {}


def calendar_dir() -> Path:
    return Path(settings.DATA_DIR) / "calendar"


def site_calendar() -> WorkCalendar:
    """The built-in years plus every year imported into ``DATA_DIR/calendar`` (cached until a
    file there changes)."""
    directory = calendar_dir()
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    key = (str(directory), *((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files))
    cal = _cache.get(key)
    if cal is None:
        cal = WorkCalendar.from_directory(directory)
        _cache.clear()
        _cache[key] = cal
    return cal


def store_schedule(schedule: YearSchedule) -> Path:
    """Write the (validated) year to ``DATA_DIR/calendar/YEAR.yaml`` atomically."""
    directory = calendar_dir()
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{schedule.year}.yaml"
    fd, tmp = tempfile.mkstemp(prefix=f".{schedule.year}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(dump_schedule(schedule))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
