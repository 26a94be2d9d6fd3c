"""Figures for a year and a procuratorate subtree, explained and drilled down to events."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from procuracy.core.errors import NotFound, ValidationFailed
from procuracy.orgs.models import Procuratorate
from procuracy.orgs.selectors import get_by_code

from . import cube, facts, registry


def charge_groups() -> dict[str, tuple[str, ...]]:
    """Charge group id → the names of the charges it counts whatever the case's flags (a fact
    records its charges by name: docs/charges.md)."""
    from procuracy import charges

    return {g.id: tuple(sorted(g.counted_names)) for g in charges.groups()}


def charge_group_articles() -> dict[str, tuple[str, ...]]:
    """Charge group id → the Criminal Law articles of its members (the simulator plans its
    quotas by article, and records at each the member charge defined there)."""
    from procuracy import charges

    return {g.id: tuple(sorted(g.counted_articles)) for g in charges.groups()}


def charge_group_conditions() -> dict[str, tuple[tuple[str, str], ...]]:
    """Charge group id → (charge name or "*", case flag) pairs that count only in a case with
    the flag (intentional injury in serious violence only with a serious injury or a death)."""
    from procuracy import charges

    return {g.id: tuple(sorted(g.spec.conditional)) for g in charges.groups() if g.spec.conditional}


def _edition(name: str) -> dict[str, registry.Figure]:
    try:
        return registry.edition(name)
    except KeyError:
        raise ValidationFailed(
            f"unknown edition {name!r}: one of {', '.join(registry.EDITIONS)}",
            field="edition",
            zh=f"未知的统计口径{name!r}：应为{'、'.join(registry.EDITIONS)}之一",
        ) from None


def _unit(code: str | None) -> Procuratorate:
    if code is None:
        return get_by_code("000000")
    return get_by_code(code)  # "" is no code (an unknown procuratorate), not the SPP


@dataclass
class Result:
    unit: Procuratorate
    year: int
    edition: str
    values: dict[str, cube.Value]


def _require_data(con, unit: Procuratorate, year: int) -> None:
    has = con.execute(
        f"SELECT count(*) FROM facts WHERE {cube.scope(unit.path, (year,))}"
    ).fetchone()[0]
    if not has:
        raise NotFound(
            f"no ledger data for {year} in {unit.name_zh} ({unit.code})",
            zh=f"{unit.name_zh}（{unit.code}）没有{year}年的台账数据",
        )


def figures(year: int, org: str | None = None, edition: str = "work-report", con=None) -> Result:
    unit = _unit(org)
    figs = _edition(edition)
    con = con or facts.connect()
    facts.sync(con)
    _require_data(con, unit, year)
    values = cube.compute(con, edition, year, unit.path, charge_groups())
    return Result(unit, year, edition, {k: values[k] for k in figs})


def by_child(year: int, unit: Procuratorate, edition: str = "work-report", con=None) -> list:
    """Figures of each subordinate unit, in code order, with the unit object."""
    _edition(edition)
    con = con or facts.connect()
    facts.sync(con)
    values = cube.compute_by_child(con, edition, year, unit, charge_groups())
    units = {u.code: u for u in Procuratorate.objects.filter(code__in=list(values))}
    return [(units[code], vals) for code, vals in values.items() if code in units]


def drill(
    figure_id: str, year: int, unit: Procuratorate, con=None, limit: int = 200, offset: int = 0
) -> list:
    """The facts behind a counted figure (or the numerator of a ratio): event rows, by legal
    date, ``limit`` from ``offset`` on."""
    con, where = _drill_scope(figure_id, year, unit, con)
    return con.execute(
        f"SELECT event_id, case_id, person, event_type, code, occurred_on, unit FROM facts "
        f"WHERE {where} ORDER BY occurred_on, event_id LIMIT {int(limit)} OFFSET {int(offset)}"
    ).fetchall()


def drill_total(figure_id: str, year: int, unit: Procuratorate, con=None) -> int:
    """How many facts :func:`drill` has to list in all."""
    con, where = _drill_scope(figure_id, year, unit, con)
    return con.execute(f"SELECT count(*) FROM facts WHERE {where}").fetchone()[0]


def _drill_scope(figure_id: str, year: int, unit: Procuratorate, con) -> tuple:
    fig = registry.all_figures().get(figure_id)
    if fig is None:
        raise NotFound(f"unknown figure {figure_id!r}", zh=f"未知的统计指标{figure_id!r}")
    if fig.count == "ratio":
        fig = registry.all_figures()[fig.numerator]
    con = con or facts.connect()
    facts.sync(con)
    cond = cube.condition(fig.filter, charge_groups())
    return con, f"{cube.scope(unit.path, (year,))} AND {cond}"


def explain(
    figure_id: str,
    year: int,
    org: str | None = None,
    con=None,
    samples: int = 5,
    edition: str | None = None,
) -> dict:
    """A figure's definition, its value and change (as ``figures`` gives them), and for each
    counted part the query, the counts of the year and the year before, and sample events.
    ``edition``: the figure must be in it; by default the edition that declares it."""
    all_figs = registry.all_figures()
    fig = all_figs.get(figure_id)
    if fig is None:
        near = difflib.get_close_matches(figure_id, list(all_figs), n=3)
        hint = f" (did you mean {', '.join(near)}?)" if near else ""
        hint_zh = f"（是否应为{'、'.join(near)}？）" if near else ""
        raise NotFound(
            f"unknown figure {figure_id!r}{hint}", zh=f"未知的统计指标{figure_id!r}{hint_zh}"
        )
    if edition is not None:
        if figure_id not in _edition(edition):
            raise NotFound(
                f"figure {figure_id!r} is not in edition {edition!r}",
                zh=f"统计指标{figure_id!r}不在统计口径{edition!r}中",
            )
    else:
        edition = next(n for n, figs in registry.editions().items() if fig in figs)
    unit = _unit(org)
    con = con or facts.connect()
    facts.sync(con)
    _require_data(con, unit, year)
    groups = charge_groups()
    value = cube.compute(con, edition, year, unit.path, groups)[figure_id]
    parts = [fig] if fig.count != "ratio" else [all_figs[fig.numerator], all_figs[fig.denominator]]
    out = {"figure": fig, "unit": unit, "year": year, "edition": edition, "value": value,
           "parts": []}  # fmt: skip
    for part in parts:
        cond = cube.condition(part.filter, groups)
        sql = (
            f"SELECT year, {cube.aggregate(part, groups)} AS value FROM facts "
            f"WHERE {cube.scope(unit.path, (year - 1, year))} GROUP BY year ORDER BY year"
        )
        counts = dict(con.execute(sql).fetchall())
        sample_sql = (
            f"SELECT event_id, case_id, person, event_type, code, occurred_on, unit "
            f"FROM facts WHERE {cube.scope(unit.path, (year,))} AND {cond} "
            f"ORDER BY occurred_on, event_id LIMIT {int(samples)}"
        )
        rows = con.execute(sample_sql).fetchall()
        out["parts"].append({"figure": part, "sql": sql, "counts": counts, "samples": rows})
    return out
