"""Numbers as the work report prints them."""

from __future__ import annotations

from .cube import Value


def format_value(v: Value) -> str:
    if v.value is None:
        return "—"
    if v.figure.count == "ratio":
        return f"{v.value * 100:.1f}%"
    return f"{int(v.value):,}"


def format_change(v: Value) -> str:
    change = v.change
    if change is None:
        return ""
    direction = "up" if change >= 0 else "down"
    return f"{direction} {abs(change) * 100:.1f}% year on year"
