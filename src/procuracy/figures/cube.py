"""All figures of an edition, for a year and a subtree, in one grouped pass over the facts.

One SQL statement aggregates every counted figure at once (``count(...) FILTER (WHERE …)``
per figure, grouped by year, over the year and the year before); ratios and year-on-year
changes are then combined in Python. Never one query per figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import registry
from .registry import Figure, Filter


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _in(column: str, values) -> str:
    return f"{column} IN ({', '.join(_quote(v) for v in values)})"


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
    if flt.case_kinds:
        where.append(_in("case_kind", flt.case_kinds))
    if flt.source_agencies:
        where.append(_in("source_agency", flt.source_agencies))
    for attribute, column in (
        ("minor", "minor"),
        ("female", "female"),
        ("foreign", "foreigner"),
        ("guilty_plea", "guilty_plea"),
    ):
        value = getattr(flt, attribute)
        if value is not None:
            where.append(f"{column} = {'true' if value else 'false'}")
    if flt.charge_groups:
        articles = sorted({a for g in flt.charge_groups for a in (groups or {}).get(g, ())})
        where.append(
            f"list_has_any(articles, [{', '.join(_quote(a) for a in articles)}])"
            if articles
            else "false"
        )
    return " AND ".join(where)


def aggregate(fig: Figure, groups=None) -> str:
    cond = condition(fig.filter, groups)
    if fig.count == "persons":
        return f"count(DISTINCT case_id || ':' || person) FILTER (WHERE {cond})"
    if fig.count == "cases":
        return f"count(DISTINCT case_id) FILTER (WHERE {cond})"
    return f"count(*) FILTER (WHERE {cond})"


def scope(unit_path: str, years: tuple[int, ...]) -> str:
    return (
        f"NOT voided AND year IN ({', '.join(str(y) for y in years)}) "
        f"AND starts_with(unit_path, {_quote(unit_path)})"
    )


def query(figures: dict[str, Figure], unit_path: str, years: tuple[int, ...], groups=None) -> str:
    counted = [f for f in figures.values() if f.count != "ratio"]
    columns = ",\n  ".join(f'{aggregate(f, groups)} AS "{f.id}"' for f in counted)
    return f"SELECT year,\n  {columns}\nFROM facts\nWHERE {scope(unit_path, years)}\nGROUP BY year"


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
    figures = registry.edition(edition_name)
    sql = query(figures, unit_path, (year - 1, year), groups)
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
    counted = [f for f in figures.values() if f.count != "ratio"]
    depth = unit.path.count("/")  # the child's code is the next path segment
    columns = ",\n  ".join(f'{aggregate(f, groups)} AS "{f.id}"' for f in counted)
    sql = (
        f"SELECT split_part(unit_path, '/', {depth + 1}) AS child,\n  {columns}\n"
        f"FROM facts WHERE {scope(unit.path, (year,))} AND unit_path <> {_quote(unit.path)}\n"
        "GROUP BY child ORDER BY child"
    )
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    out = {}
    for row in cursor.fetchall():
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
