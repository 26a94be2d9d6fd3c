"""The event-type registry and the procedures, assembled from the declaration modules."""

from __future__ import annotations

from dataclasses import replace

from .complaints import COMPLAINTS_EVENTS, COMPLAINTS_PROCEDURES, PARTICIPATION_EVENTS
from .criminal import CRIMINAL_EVENTS, CRIMINAL_PROCEDURES
from .declarations import EventType, Procedure
from .enforcement import ENFORCEMENT_EVENTS, ENFORCEMENT_PROCEDURES
from .general import GENERAL_EVENTS, MONITORING_EVENTS
from .investigation import (
    ASSISTANCE_EVENTS,
    CONFISCATION_EVENTS,
    INVESTIGATION_EVENTS,
    INVESTIGATION_PROCEDURES,
)
from .pil import PIL_EVENTS, PIL_PROCEDURES
from .suggestions import GUARDIANSHIP_EVENTS, SUGGESTION_EVENTS
from .supervision import SUPERVISION_EVENTS, SUPERVISION_PROCEDURES


def _index(items, what):
    out = {}
    for item in items:
        key = item.code if isinstance(item, EventType) else item.kind
        if key in out:
            raise ValueError(f"duplicate {what} {key}")
        out[key] = item
    return out


EVENT_TYPES: dict[str, EventType] = _index(
    [
        *GENERAL_EVENTS,
        *MONITORING_EVENTS,
        *PARTICIPATION_EVENTS,
        *CRIMINAL_EVENTS,
        *PIL_EVENTS,
        *SUPERVISION_EVENTS,
        *COMPLAINTS_EVENTS,
        *SUGGESTION_EVENTS,
        *GUARDIANSHIP_EVENTS,
        *ENFORCEMENT_EVENTS,
        *INVESTIGATION_EVENTS,
        *CONFISCATION_EVENTS,
        *ASSISTANCE_EVENTS,
    ],
    "event type",
)
# Events every procedure allows (process monitoring by the case management office, hearings,
# people's supervisors, social-governance suggestions).
_EVERYWHERE = frozenset(
    e.code for e in (*MONITORING_EVENTS, *PARTICIPATION_EVENTS, *SUGGESTION_EVENTS)
)
# Guardianship orders in the criminal procedures whose persons may be minor suspects.
_GUARDIANSHIP = {
    kind: frozenset(e.code for e in GUARDIANSHIP_EVENTS)
    for kind in ("arrest_review", "prosecution_review")
}
# Time not counted in a period (general.EXCLUDED_FROM): where such a period runs.
_EXCLUSION = {
    kind: frozenset(
        {
            "deadline.time_excluded",
            "deadline.time_exclusion_began",
            "deadline.time_exclusion_ended",
        }
    )
    for kind in (
        "prosecution_review",
        "confiscation_review",
        "administrative_judgment_supervision",
        "administrative_activity_supervision",
    )
}
PROCEDURES: dict[str, Procedure] = _index(
    [
        replace(
            p,
            events=p.events
            | _EVERYWHERE
            | _GUARDIANSHIP.get(p.kind, frozenset())
            | _EXCLUSION.get(p.kind, frozenset()),
        )
        for p in (
            *CRIMINAL_PROCEDURES,
            *PIL_PROCEDURES,
            *SUPERVISION_PROCEDURES,
            *COMPLAINTS_PROCEDURES,
            *ENFORCEMENT_PROCEDURES,
            *INVESTIGATION_PROCEDURES,
        )
    ],
    "procedure",
)
