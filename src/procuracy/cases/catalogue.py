"""The event-type registry and the procedures, assembled from the declaration modules."""

from __future__ import annotations

from .criminal import CRIMINAL_EVENTS, CRIMINAL_PROCEDURES
from .declarations import EventType, Procedure
from .general import GENERAL_EVENTS


def _index(items, what):
    out = {}
    for item in items:
        key = item.code if isinstance(item, EventType) else item.kind
        if key in out:
            raise ValueError(f"duplicate {what} {key}")
        out[key] = item
    return out


EVENT_TYPES: dict[str, EventType] = _index([*GENERAL_EVENTS, *CRIMINAL_EVENTS], "event type")
PROCEDURES: dict[str, Procedure] = _index(CRIMINAL_PROCEDURES, "procedure")
