"""Dates as the project writes them: YYYY-MM-DD and nothing else."""

from __future__ import annotations

import re
from datetime import date

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def iso_date(text: str) -> date:
    """The date written ``text`` (YYYY-MM-DD). ``ValueError`` for anything else, including
    what ``date.fromisoformat`` also reads since Python 3.11 (20240308, 2024-W10-5), which
    the formats and the command line do not admit, and impossible dates (2024-02-30)."""
    if not isinstance(text, str) or not _ISO_DAY.fullmatch(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")
    return date.fromisoformat(text)
