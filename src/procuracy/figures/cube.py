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
    if flt.custody:
        where.append(_in("custody", flt.custody))
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
        if m.details:
            parts.append(_in("detail", m.details))
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
        return f"coalesce(sum({fig.measure}) FILTER (WHERE {cond}), 0)"
    return f"count(*) FILTER (WHERE {cond})"


def scope(unit_path: str, years: tuple[int, ...]) -> str:
    return (
        f"NOT voided AND year IN ({', '.join(str(y) for y in years)}) "
        f"AND starts_with(unit_path, {_quote(unit_path)})"
    )


@dataclass(frozen=True)
class Dims:
    """The copy's numbering: signatures (event type, code, flag, detail) and charge-group
    bits."""

    sigs: tuple[tuple[int, str, str | None, bool | None, str | None], ...]
    bits: dict[str, int]

    @classmethod
    def of(cls, con) -> Dims:
        sigs = tuple(
            con.execute("SELECT sig, event_type, code, flag, detail FROM signatures").fetchall()
        )
        bits = dict(con.execute("SELECT gid, bit FROM groups").fetchall())
        return cls(sigs, {g: b for g, b in bits.items()})


def _sigs(flt: Filter, dims: Dims) -> list[int]:
    """The signatures (event type, code, flag, detail) a filter's events match."""
    return sorted(
        sig
        for m in flt.events
        for sig, event_type, code, flag, detail in dims.sigs
        if event_type == m.event_type
        and (not m.codes or code in m.codes)
        and (m.flag is None or flag is m.flag)
        and (not m.details or detail in m.details)
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


BITS = 62  # figures per mask column (a BIGINT, kept clear of the sign bit)


@dataclass(frozen=True)
class Plan:
    """One statement for an edition's counted figures, and where each figure's bit is: the
    rows come back as (branch, year, child, x0..xK, n, s, d), ``branch`` "p" (a group of
    persons with the same mask: ``n`` persons), "c" (cases) or "e" (facts: ``n`` events, ``s``
    the sum of their amounts, ``d`` of their days since the case was received), and a figure
    counts ``n`` (or sums ``s`` or ``d``) of every row of its branch whose column ``x<col>``
    has its bit."""

    sql: str
    # (figure id, branch, column, bit, what it sums: "amount" (``s``), "days" (``d``) or None
    # (it counts ``n``))
    bits: tuple[tuple[str, str, int, int, str | None], ...]
    columns: int


def _masks(figures: list[Figure], dims: Dims, prefix: str) -> list[str]:
    """Mask columns over a combination (``dims`` row and unit class): figure ``i`` sets bit
    ``i % BITS`` of column ``i // BITS``."""
    out = []
    for c in range(0, len(figures), BITS):
        chunk = figures[c : c + BITS]
        bits = " | ".join(
            f"(CASE WHEN {fast_condition(f.filter, dims)} THEN {1 << b} ELSE 0 END)::BIGINT"
            for b, f in enumerate(chunk)
        )
        out.append(f"({bits}) AS {prefix}{c // BITS}")
    return out


#: The three families of counted figures, each aggregated on its own key: persons per
#: ``pkey``, cases per ``ckey``, events (and sums of amounts) per fact.
FAMILIES = (("p", ("persons",), "pkey"), ("c", ("cases",), "ckey"), ("e", ("events", "sum"), None))


def query(
    figures: dict[str, Figure], unit_path: str, years: tuple[int, ...], dims: Dims,
    child_depth: int | None = None,
) -> Plan:  # fmt: skip
    """One statement for every counted figure. The filters are evaluated once per
    combination of the columns they test (table ``dims``, and the unit where a filter names
    units), not per fact: each combination gets a mask per family (persons, cases, events)
    with a bit per figure it matches. Each fact takes its combination's masks by a join;
    persons are then grouped per person (``pkey``) and cases per case (``ckey``) with their
    masks OR-ed, and each family is counted per distinct mask, which :func:`compute` spreads
    over the figures' bits. Three aggregations, whatever the number of figures."""
    counted = [f for f in figures.values() if f.count != "ratio"]
    members = {fam: [f for f in counted if f.count in counts] for fam, counts, _ in FAMILIES}
    cols = {fam: [f"{fam}{i}" for i in range(-(-len(fs) // BITS))] for fam, fs in members.items()}
    width = max(1, *(len(c) for c in cols.values()))
    units = sorted({u for f in counted for u in f.filter.units})
    unit_classes = ", ".join(f"({_quote(u)})" for u in ["", *units])
    masks = [m for fam, fs in members.items() for m in _masks(fs, dims, fam)]
    every = [c for cs in cols.values() for c in cs]
    combos = (
        f"SELECT * FROM (SELECT dim, unit, {', '.join(masks)} FROM dims "
        f"CROSS JOIN (VALUES {unit_classes}) u(unit)) WHERE "
        + " OR ".join(f"{c} <> 0" for c in every)
        if every
        else "SELECT NULL::INTEGER AS dim, '' AS unit WHERE false"
    )
    unit_class = f"CASE WHEN f.{_in('unit', units)} THEN f.unit ELSE '' END" if units else "''"
    where = (
        f"NOT f.voided AND f.year IN ({', '.join(map(str, years))}) "
        f"AND starts_with(f.unit_path, {_quote(unit_path)})"
    )
    child = "NULL::VARCHAR"
    if child_depth is not None:
        child = f"split_part(f.unit_path, '/', {child_depth + 1})"
        where += f" AND f.unit_path <> {_quote(unit_path)}"
    joined = (
        f"FROM facts f JOIN combos c ON c.dim = f.dim AND c.unit = {unit_class}\n  WHERE {where}"
    )

    def padded(names: list[str]) -> str:
        return ", ".join(names[i] if i < len(names) else "NULL::BIGINT" for i in range(width))

    parts = []
    for fam, _, key in FAMILIES:
        names = cols[fam]
        if not names:
            continue
        hit = " OR ".join(f"c.{c} <> 0" for c in names)
        if key is None:  # events: counted and summed per mask, straight from the facts
            parts.append(
                f"SELECT '{fam}' AS branch, f.year, {child} AS child, "
                f"{padded([f'c.{c}' for c in names])}, count(*) AS n, sum(f.amount) AS s, "
                f"sum(f.days) AS d\n"
                f"  {joined} AND ({hit})\n  GROUP BY ALL"
            )
        else:  # persons or cases: masks OR-ed per key, then counted per mask
            ored = ", ".join(f"bit_or(c.{c}) AS {c}" for c in names)
            parts.append(
                f"SELECT '{fam}' AS branch, year, child, {padded(names)}, count(*) AS n, "
                f"NULL::HUGEINT AS s, NULL::HUGEINT AS d FROM (\n"
                f"  SELECT f.year, {child} AS child, {ored}\n"
                f"  {joined} AND ({hit})\n  GROUP BY f.year, child, f.{key}\n) GROUP BY ALL"
            )
    sql = f"WITH combos AS MATERIALIZED (\n  {combos}\n)\n" + "\nUNION ALL\n".join(
        parts or ["SELECT NULL AS branch, NULL AS year, NULL AS child, NULL, 0, 0, 0 WHERE false"]
    )
    bits = tuple(
        (f.id, fam, i // BITS, 1 << (i % BITS), f.measure if f.count == "sum" else None)
        for fam, fs in members.items()
        for i, f in enumerate(fs)
    )
    return Plan(sql, bits, width)


def _counts(plan: Plan, rows) -> dict[tuple, dict[str, int]]:
    """Each figure's count per (year, child) from the plan's rows."""
    by_branch: dict[str, list] = {}
    for fid, branch, col, bit, summed in plan.bits:
        by_branch.setdefault(branch, []).append((fid, col, bit, summed))
    out: dict[tuple, dict[str, int]] = {}
    for branch, year, child, *rest in rows:
        masks = rest[: plan.columns]
        n, s, d = rest[plan.columns : plan.columns + 3]
        measured = {None: n, "amount": s, "days": d}
        target = out.setdefault((year, child), {})
        for fid, col, bit, summed in by_branch.get(branch, ()):
            mask = masks[col]
            if mask and mask & bit:
                target[fid] = target.get(fid, 0) + int(measured[summed] or 0)
    return out


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


def _values(figures: dict[str, Figure], counts: dict[str, int]) -> dict[str, float | None]:
    """Every figure's value from the counted ones: a ratio is None when its denominator is
    zero."""
    out: dict[str, float | None] = {}

    def val(fid):
        if fid not in out:
            fig = figures[fid]
            if fig.count != "ratio":
                out[fid] = counts.get(fid, 0)
            else:
                num, den = val(fig.numerator), val(fig.denominator)
                out[fid] = None if not den or num is None else num / den
        return out[fid]

    for fid in figures:
        val(fid)
    return out


def _run(con, plan: Plan) -> dict[tuple, dict[str, int]]:
    return _counts(plan, con.execute(plan.sql).fetchall())


def compute(con, edition_name: str, year: int, unit_path: str, groups=None) -> dict[str, Value]:
    """Every figure of the edition for ``year`` and the year before, in one statement.
    (``groups`` is kept for the callers; the copy's ``groups`` table is what counts.)"""
    figures = registry.edition(edition_name)
    counts = _run(con, query(figures, unit_path, (year - 1, year), Dims.of(con)))
    current = _values(figures, counts.get((year, None), {}))
    previous = _values(figures, counts.get((year - 1, None), {}))
    return {fid: Value(fig, current[fid], previous[fid]) for fid, fig in figures.items()}


def compute_by_child(con, edition_name: str, year: int, unit, groups=None) -> dict:
    """The same figures for each unit directly below ``unit``, in one grouped pass:
    ``{child code: {figure id: value}}`` (year ``year`` only)."""
    figures = registry.edition(edition_name)
    depth = unit.path.count("/")  # the child's code is the next path segment
    counts = _run(con, query(figures, unit.path, (year,), Dims.of(con), child_depth=depth))
    return {
        child: _values(figures, data)
        for (_year, child), data in sorted(counts.items(), key=lambda kv: kv[0][1])
    }
