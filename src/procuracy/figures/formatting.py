"""Numbers as the work report prints them.

The report's arithmetic rounds half up (1 of 16 is 6.3%, 4,885 of 6,114 is 79.9%): every
rounding here is ``decimal`` with ``ROUND_HALF_UP`` on the exact value, never a float's
``f"{x:.1f}"`` (which rounds half to even, and rounds the binary float, not the number it
stands for: 0.0625 prints 6.2%). A rate or a change is exact when given as a
``fractions.Fraction`` of two counts (``exact``), and a float is read as the shortest decimal
that stands for it (``repr``), so a tie computed as ``1 / 16`` is still a tie.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from numbers import Rational

from .cube import Value

Number = int | float | Fraction | Decimal


def to_decimal(x: Number) -> Decimal:
    """``x`` as a Decimal: an int exactly, a fraction to 60 significant digits (a tie, whose
    denominator divides a power of ten, exactly), a float as its shortest decimal."""
    if isinstance(x, Decimal):
        return x
    if isinstance(x, bool):
        raise TypeError("not a number: a bool")
    if isinstance(x, int):
        return Decimal(x)
    if isinstance(x, Rational):
        with localcontext() as ctx:
            ctx.prec = 60
            return Decimal(x.numerator) / Decimal(x.denominator)
    return Decimal(repr(float(x)))


def fixed(x: Number, places: int = 1) -> str:
    """``x`` with ``places`` decimals, rounded half up (6.25 -> "6.3"); no "-0.0"."""
    with localcontext() as ctx:
        ctx.prec = 60
        q = to_decimal(x).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if q.is_zero():
        q = abs(q)
    return f"{q:f}"


def grouped(x: Number, places: int = 0) -> str:
    """``x`` rounded half up with thousands separators (12,721; 1,688,000)."""
    return f"{Decimal(fixed(x, places)):,f}"


def is_zero(text: str) -> bool:
    """A printed number that rounds to nothing ("0.0", "0%", "0. 0%")."""
    return not any(c in "123456789" for c in text)


def _fraction(n, d, given):
    """``n / d`` as a fraction where both are integer counts; else the value ``given``."""
    if type(n) is int and type(d) is int:
        return Fraction(n, d) if d else None
    return given


def exact(values: dict[str, Value]) -> dict[str, Value]:
    """The values with each ratio as the fraction of its counts (``Fraction(4885, 6114)``),
    where both are in ``values`` as integers; other values as they are."""
    out = dict(values)
    for fid, v in values.items():
        fig = v.figure
        num, den = values.get(fig.numerator or ""), values.get(fig.denominator or "")
        if fig.count != "ratio" or num is None or den is None:
            continue
        out[fid] = Value(
            fig,
            _fraction(num.value, den.value, v.value),
            _fraction(num.previous, den.previous, v.previous),
        )
    return out


def percent(rate: Number, places: int = 1) -> str:
    """A rate in percent with one decimal, rounded half up (1 of 16 is "6.3%"), or more where
    one would print a rate below 100% as "100.0%" (the report's 99.96%)."""
    return below_hundred(to_decimal(rate) * 100, places) + "%"


def below_hundred(value: Decimal, places: int) -> str:
    """``value`` (a percentage) with ``places`` decimals, or as many more as keep a value below
    100 from printing as 100 (up to ten)."""
    text = fixed(value, places)
    while value < 100 and Decimal(text) >= 100 and places < 10:
        places += 1
        text = fixed(value, places)
    return text


def change(v: Value) -> Fraction | float | None:
    """The year-on-year change of a count, exact where the counts are integers; None where it
    is undefined (a ratio, no value, nothing the year before)."""
    if v.figure.count == "ratio" or v.value is None or not v.previous:
        return None
    if isinstance(v.value, int) and isinstance(v.previous, int):
        return Fraction(v.value - v.previous, v.previous)
    return v.change


def format_value(v: Value) -> str:
    if v.value is None:
        return "—"
    if v.figure.count == "ratio" and v.figure.unit == "days":
        return fixed(v.value, 1)
    if v.figure.count == "ratio":
        return percent(v.value)
    return grouped(v.value)


def format_change(v: Value, lang: str = "en") -> str:
    """ "up 17.3% year on year", "down 4.0% year on year", "unchanged year on year" when it rounds
    to nothing; "—" where the year before had none (as the report prints an undefined ratio);
    blank for a ratio, which has no change in percent. Chinese: 同比上升17.3% / 下降 / 持平."""
    if v.figure.count == "ratio":
        return ""
    c = change(v)
    if c is None:
        return "—"
    text = fixed(abs(to_decimal(c)) * 100, 1)
    if lang == "zh":
        return "同比持平" if is_zero(text) else f"同比{'上升' if c > 0 else '下降'}{text}%"
    if is_zero(text):
        return "unchanged year on year"
    return f"{'up' if c > 0 else 'down'} {text}% year on year"


def table(values: dict[str, Value]) -> list[str]:
    """The ``procuracy figures`` table: one line per figure (id, value, change, Chinese name),
    the id column as wide as the longest id."""
    width = max((len(fid) for fid in values), default=0)
    changes = {fid: format_change(v) for fid, v in values.items()}
    change_width = max((len(c) for c in changes.values()), default=0)
    return [
        f"  {fid:<{width}} {format_value(v):>12}  {changes[fid]:<{change_width}} {v.figure.zh}"
        for fid, v in values.items()
    ]
