"""Case-level findings the charges alone cannot tell (declared, with their legal basis).

The case management office marks them at intake (``flags`` of ``case.received``); the figures
count by them where the work report does (crimes committed using the internet, telecom
network fraud, crimes against minors, ...). Pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CaseFlag:
    code: str
    zh: str
    en: str
    basis: str


CASE_FLAGS: tuple[CaseFlag, ...] = (
    CaseFlag(
        "internet",
        "利用信息网络实施",
        "committed using the internet",
        "SPC/SPP/MPS Opinions on Criminal Procedure in Information Network Crime Cases (2022)",
    ),
    CaseFlag(
        "telecom_network",
        "电信网络诈骗",
        "telecom network fraud",
        "Anti-Telecom and Online Fraud Law art. 2",
    ),
    CaseFlag(
        "gang_evil",
        "涉黑涉恶",
        "gang or evil-forces crime",
        "SPC/SPP/MPS/MOJ Guiding Opinions on Handling Gang-Related Criminal Cases (2018)",
    ),
    CaseFlag(
        "minor_victim",
        "被害人系未成年人",
        "a victim under 18",
        "Law on the Protection of Minors art. 2",
    ),
    CaseFlag(
        "female_victim",
        "被害人系妇女",
        "a woman victim",
        "Law on the Protection of Women's Rights and Interests art. 2",
    ),
    CaseFlag(
        "domestic_violence",
        "家庭暴力",
        "domestic violence",
        "Anti-Domestic Violence Law art. 2",
    ),
)
FLAGS = {f.code: f for f in CASE_FLAGS}


class FlagError(ValueError):
    pass


def clean_flags(value: Any) -> list[str]:
    """The flags of an intake, sorted and without repeats; :class:`FlagError` if any is
    unknown or the value is not a list of codes."""
    if value is None:
        return []
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise FlagError("must be a list of flag codes")
    unknown = sorted(set(value) - set(FLAGS))
    if unknown:
        raise FlagError(f"unknown flag(s) {', '.join(unknown)}: one of {', '.join(sorted(FLAGS))}")
    return sorted(set(value))
