"""Numbers as the work report prints them."""

from __future__ import annotations

from .cube import Value


def percent(rate: float) -> str:
    """A rate in percent with one decimal, or two where one would print a rate below 100%
    as "100.0%" (the report's 99.96%)."""
    text = f"{rate * 100:.1f}"
    if text == "100.0" and rate < 1:
        text = f"{rate * 100:.2f}"
    return text + "%"


def format_value(v: Value) -> str:
    if v.value is None:
        return "—"
    if v.figure.count == "ratio" and v.figure.unit == "days":
        return f"{v.value:.1f}"
    if v.figure.count == "ratio":
        return percent(v.value)
    return f"{int(v.value):,}"


def format_change(v: Value) -> str:
    change = v.change
    if change is None:
        return ""
    if f"{abs(change) * 100:.1f}" == "0.0":
        return "unchanged year on year"
    direction = "up" if change >= 0 else "down"
    return f"{direction} {abs(change) * 100:.1f}% year on year"
