"""All figures of an edition, for a year and a subtree, in one grouped pass over the facts.

One SQL statement aggregates every counted figure at once, over the year and the year before,
scanning the facts once: per person, which figures' filters it matches (a bit mask OR-ed over
its facts), then per year; ratios and year-on-year changes are then combined in Python.
Never one query per figure. The filters run on the copy's numbered columns (``sig``, a bit
mask of charge groups; see ``facts.py``); ``condition`` gives the same filter on the named
columns, for explanations and drill-down.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import registry
from .registry import Figure, Filter


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(_quote(v) for v in values)})"


def _case_and_person(flt: Filter, fast: bool = False) -> list[str]:
    """The parts of a filter on the case and the person; ``fast``: the case-level flags as a
    bit test on ``fmask`` instead of a list test on ``flags``."""
    where = []
    if flt.case_kinds:
        where.append(_in("case_kind", flt.case_kinds))
    if flt.source_agencies:
        where.append(_in("source_agency", flt.source_agencies))
    if flt.units:
        where.append(_in("unit", flt.units))
    if flt.ranks:
        where.append(_in("rank", flt.ranks))
    for attribute, column in (
        ("minor", "minor"),
        ("female", "female"),
        ("foreign", "foreigner"),
        ("guilty_plea", "guilty_plea"),
    ):
        value = getattr(flt, attribute)
        if value is not None:
            where.append(f"{column} = {'true' if value else 'false'}")
    if flt.case_flags and fast:
        from .facts import flag_bits

        bits = flag_bits()
        if any(f not in bits for f in flt.case_flags):
            where.append("false")
        else:
            mask = sum(1 << bits[f] for f in flt.case_flags)
            where.append(f"(fmask & {mask}) = {mask}")
    elif flt.case_flags:
        where.append(f"list_has_all(flags, [{', '.join(_quote(f) for f in flt.case_flags)}])")
    return where


def condition(flt: Filter, groups: dict[str, tuple[str, ...]] | None = None) -> str:
    """The SQL condition of a filter over the facts table."""
    alternatives = []
    for m in flt.events:
        parts = [f"event_type = {_quote(m.event_type)}"]
        if m.codes:
            parts.append(_in("code", m.codes))
        if m.flag is not None:
            parts.append(f"flag = {'true' if m.flag else 'false'}")
        alternatives.append("(" + " AND ".join(parts) + ")")
    where = ["(" + " OR ".join(alternatives) + ")"]
    where += _case_and_person(flt)
    if flt.charge_groups:
        from .facts import group_sql
        from .service import charge_group_conditions

        conditions = charge_group_conditions()
        where.append(
            "("
            + " OR ".join(
                group_sql(
                    sorted((groups or {}).get(g, ())),
                    [f"{a}={f}" for a, f in conditions.get(g, ())],
                )
                for g in flt.charge_groups
            )
            + ")"
        )
    return " AND ".join(where)


def aggregate(fig: Figure, groups=None) -> str:
    cond = condition(fig.filter, groups)
    if fig.count == "persons":
        return f"count(DISTINCT case_id || ':' || person) FILTER (WHERE {cond})"
    if fig.count == "cases":
        return f"count(DISTINCT case_id) FILTER (WHERE {cond})"
    if fig.count == "sum":
        return f"coalesce(sum(amount) FILTER (WHERE {cond}), 0)"
    return f"count(*) FILTER (WHERE {cond})"


def scope(unit_path: str, years: tuple[int, ...]) -> str:
    return (
        f"NOT voided AND year IN ({', '.join(str(y) for y in years)}) "
        f"AND starts_with(unit_path, {_quote(unit_path)})"
    )


@dataclass(frozen=True)
class Dims:
    """The copy's numbering: signatures (event type, code, flag) and charge-group bits."""

    sigs: tuple[tuple[int, str, str | None, bool | None], ...]
    bits: dict[str, int]

    @classmethod
    def of(cls, con) -> Dims:
        sigs = tuple(con.execute("SELECT sig, event_type, code, flag FROM signatures").fetchall())
        bits = dict(con.execute("SELECT gid, bit FROM groups").fetchall())
        return cls(sigs, {g: b for g, b in bits.items()})


def _sigs(flt: Filter, dims: Dims) -> list[int]:
    """The signatures (event type, code, flag) a filter's events match."""
    return sorted(
        sig
        for m in flt.events
        for sig, event_type, code, flag in dims.sigs
        if event_type == m.event_type
        and (not m.codes or code in m.codes)
        and (m.flag is None or flag is m.flag)
    )


def fast_condition(flt: Filter, dims: Dims) -> str:
    """The same condition as :func:`condition`, on the copy's numbered columns: an integer
    list for the events, a bit mask for the charge groups."""
    ids = _sigs(flt, dims)
    where = [f"sig IN ({', '.join(map(str, ids))})" if ids else "false"]
    where += _case_and_person(flt, fast=True)
    if flt.charge_groups:
        mask = sum(1 << dims.bits[g] for g in flt.charge_groups if g in dims.bits)
        where.append(f"(gmask & {mask}) <> 0" if mask else "false")
    return " AND ".join(where)


def query(
    figures: dict[str, Figure], unit_path: str, years: tuple[int, ...], dims: Dims,
    child_depth: int | None = None,
) -> str:  # fmt: skip
    """One statement, one scan of the facts: per person (``pkey``) which figures it matches
    (a bit each, OR-ed over the person's facts) and how many events it has in each event
    figure, then per year (and child unit): persons are counted from the grouping itself,
    cases as distinct case keys among the matching persons."""
    counted = [f for f in figures.values() if f.count != "ratio"]
    inner, outer = [], []
    # Persons and cases: one bit per figure in a mask per fact, OR-ed per person (one
    # aggregate, whatever the number of figures); 60 figures a mask.
    masked = [f for f in counted if f.count not in ("events", "sum")]
    for c in range(0, len(masked), 60):
        chunk = masked[c : c + 60]
        bits = " | ".join(
            f"(CASE WHEN {fast_condition(f.filter, dims)} THEN {1 << b} ELSE 0 END)::BIGINT"
            for b, f in enumerate(chunk)
        )
        inner.append(f"bit_or({bits}) AS m{c}")
        for b, f in enumerate(chunk):
            hit = f"(m{c} & {1 << b}) <> 0"
            outer.append(
                f'count_if({hit}) AS "{f.id}"'
                if f.count == "persons"
                else f'count(DISTINCT ckey) FILTER (WHERE {hit}) AS "{f.id}"'
            )
    for i, f in enumerate(f for f in counted if f.count == "events"):
        inner.append(f"count_if({fast_condition(f.filter, dims)}) AS e{i}")
        outer.append(f'sum(e{i})::BIGINT AS "{f.id}"')
    # Sums of amounts (yuan): per person, then per year
    for i, f in enumerate(f for f in counted if f.count == "sum"):
        inner.append(
            f"sum(CASE WHEN {fast_condition(f.filter, dims)} THEN amount ELSE 0 END) AS s{i}"
        )
        outer.append(f'coalesce(sum(s{i}), 0)::BIGINT AS "{f.id}"')
    where = scope(unit_path, years)
    # Facts that no figure counts (a receipt's assignment, a deadline's extension, ...) are
    # left out before the grouping: they would only make groups of zero bits.
    wanted = sorted({sig for f in counted for sig in _sigs(f.filter, dims)})
    where += f" AND sig IN ({', '.join(map(str, wanted))})" if wanted else " AND false"
    key = "year"
    if child_depth is not None:
        key = f"year, split_part(unit_path, '/', {child_depth + 1}) AS child"
        where += f" AND unit_path <> {_quote(unit_path)}"
    keys = "year" if child_depth is None else "year, child"
    outer_cols, inner_cols = ", ".join(outer), ",\n   ".join(inner)
    return (
        f"SELECT {keys},\n  {outer_cols}\nFROM (\n"
        f"  SELECT {key}, ckey, pkey,\n   {inner_cols}\n"
        f"  FROM facts\n  WHERE {where}\n  GROUP BY ALL\n"
        f") GROUP BY ALL"
    )


@dataclass(frozen=True)
class Value:
    figure: Figure
    value: float | int | None  # None: a ratio whose denominator is zero
    previous: float | int | None

    @property
    def change(self) -> float | None:
        """Year-on-year change: relative for counts, None when there is no base."""
        if self.figure.count == "ratio" or not self.previous or self.value is None:
            return None
        return (self.value - self.previous) / self.previous


def compute(con, edition_name: str, year: int, unit_path: str, groups=None) -> dict[str, Value]:
    """Every figure of the edition for ``year`` and the year before, in one statement.
    (``groups`` is kept for the callers; the copy's ``groups`` table is what counts.)"""
    figures = registry.edition(edition_name)
    sql = query(figures, unit_path, (year - 1, year), Dims.of(con))
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    current, previous = rows.get(year, {}), rows.get(year - 1, {})

    def val(fid, data):
        fig = figures[fid]
        if fig.count != "ratio":
            return data.get(fid, 0) or 0
        num, den = val(fig.numerator, data), val(fig.denominator, data)
        return None if not den or num is None else num / den

    return {fid: Value(fig, val(fid, current), val(fid, previous)) for fid, fig in figures.items()}


def compute_by_child(con, edition_name: str, year: int, unit, groups=None) -> dict:
    """The same figures for each unit directly below ``unit``, in one grouped pass:
    ``{child code: {figure id: value}}`` (year ``year`` only)."""
    figures = registry.edition(edition_name)
    depth = unit.path.count("/")  # the child's code is the next path segment
    sql = query(figures, unit.path, (year,), Dims.of(con), child_depth=depth)
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    out = {}
    for row in sorted(cursor.fetchall(), key=lambda r: r[names.index("child")]):
        data = dict(zip(names, row, strict=True))
        values = {}
        for fid, fig in figures.items():
            if fig.count != "ratio":
                values[fid] = data.get(fid, 0) or 0
        for fid, fig in figures.items():
            if fig.count == "ratio":
                den = values.get(fig.denominator)
                values[fid] = values.get(fig.numerator, 0) / den if den else None
        out[data["child"]] = values
    return out
