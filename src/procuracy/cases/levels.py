"""A procuratorate's level read from its unit code, for the procedures' checks (which see the
case state, not the database). Pure Python.

The code is the GB/T 2260 division code of the area served (orgs/divisions.py): ``000000``
for the SPP, ``XX0000`` for a province, ``XXXX00`` for a prefecture; a county-level code never
ends in ``00``, so it is a basic procuratorate's.
"""

from __future__ import annotations

SPP = "000000"

#: The levels, as the refusals name them in Chinese.
LEVELS_ZH = {"national": "最高", "provincial": "省级", "prefectural": "地市级", "basic": "基层"}


def level_of(code: str) -> str:
    """national, provincial, prefectural or basic."""
    if code == SPP:
        return "national"
    if code.endswith("0000"):
        return "provincial"
    if code.endswith("00"):
        return "prefectural"
    return "basic"


def is_basic(code: str) -> bool:
    return level_of(code) == "basic"


def is_below(lower: str, upper: str) -> bool:
    """Whether ``lower`` is a procuratorate in ``upper``'s area below it (by code)."""
    if not (len(lower) == 6 and lower.isdigit()) or lower == upper:
        return False
    prefix = {"national": "", "provincial": upper[:2], "prefectural": upper[:4]}.get(
        level_of(upper)
    )
    return prefix is not None and lower.startswith(prefix)
