"""``procuracy bench report``: the 2023 report's covered figures against the ledger's, and the
time of the figures, beside one hand-written DuckDB GROUP BY over the same facts.

Runs on the current database (fill it with ``procuracy simulate --scale S`` first). At scale
1.0 every covered figure must print exactly as the report prints it; at a smaller scale the
counts are divided by the scale before printing, so counts the report prints to the thousand
still compare, and small exact counts do not (they are listed as such).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from procuracy.orgs.models import Level, Procuratorate

from . import cube, facts, report, report_data, service
from .cube import Value


@dataclass
class Comparison:
    entry: report_data.Entry
    printed: str
    change: str | None
    comparable: bool = True

    @property
    def ok(self) -> bool:
        return self.printed == self.entry.text and (
            self.change is None or self.change == self.entry.yoy_text
        )


#: Below scale 1.0, a figure compares with the report only if the report prints it coarser
#: than the scale's rounding: a count printed to the thousand (726,000) at scale 0.01 is
#: 7,260 counted; an exact count (346) is not; a rate or a change needs enough behind it.
ENOUGH = 2_000


def printed_step(text: str) -> int:
    """The unit of the last digit the report prints: 1,000 for "726,000", 1,000 for "4.253
    million", 10 million for "1.24 billion", 1 for "346"."""
    text = text.removeprefix("more than ")
    for word, power in ((" billion", 9), (" million", 6)):
        if text.endswith(word):
            decimals = len(text.removesuffix(word).partition(".")[2])
            return 10 ** (power - decimals)
    return 1000 if text.endswith(",000") else 1


def comparable(entry: report_data.Entry, values: dict[str, Value], scale: float) -> bool:
    if scale >= 1.0:
        return True
    fig = values[entry.figure].figure
    if fig.count == "ratio":
        rates = [fig] + ([values[entry.gap_from].figure] if entry.gap_from else [])
        return all((values[r.denominator].value or 0) >= ENOUGH for r in rates)
    step = printed_step(entry.text)
    if step * scale < 1:
        return False
    return entry.yoy_text is None or (values[entry.figure].value or 0) >= ENOUGH


def scaled(values: dict[str, Value], scale: float) -> dict[str, Value]:
    """Counts divided by ``scale`` (rates unchanged), to compare with the report."""
    out = {}
    for fid, v in values.items():
        if v.figure.count == "ratio" or scale == 1.0:
            out[fid] = v
        else:
            out[fid] = Value(
                v.figure,
                None if v.value is None else v.value / scale,
                None if v.previous is None else v.previous / scale,
            )
    return out


def compare(values: dict[str, Value], scale: float = 1.0) -> list[Comparison]:
    """Each covered entry of the report's data, printed from ``values``."""
    shown = scaled(values, scale)
    out = []
    for e in report_data.entries():
        if e.figure and e.figure in values:
            out.append(
                Comparison(
                    e,
                    report.printed(e, shown),
                    report.printed_change(e, shown),
                    comparable(e, values, scale),
                )
            )
    return out


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


BASELINE = (
    "SELECT year, event_type, code, flag, guilty_plea, count(*), "
    "count(DISTINCT case_id || ':' || person) FROM facts "
    "WHERE NOT voided AND year IN ({years}) GROUP BY ALL"
)


def replicate(rep, source: str, n: int) -> None:
    """Fill the empty copy ``rep`` with ``n`` copies of the facts of the copy in the file
    ``source``: copy ``i`` keys its cases and persons apart (``hash(ckey, i)``), so it groups
    as ``n`` times the cases would. The numbering tables (``dims``, ...) are the same."""
    path = source.replace("'", "''")
    rep.execute(f"ATTACH '{path}' AS src (READ_ONLY)")
    try:
        for table in ("signatures", "groups", "dims", "synced"):
            rep.execute(f"INSERT INTO {table} SELECT * FROM src.{table}")
        names = [r[0] for r in rep.execute("DESCRIBE facts").fetchall()]
        select = ", ".join(f"hash({c}, i)::UBIGINT" if c in ("ckey", "pkey") else c for c in names)
        rep.execute(
            f"INSERT INTO facts SELECT {select} FROM src.facts CROSS JOIN range(?) r(i)", [n]
        )
    finally:
        rep.execute("DETACH src")


def replicated(n: int, year: int) -> dict:
    """The national figures and the baseline over ``n`` copies of the command line's facts
    (:func:`replicate`), in a scratch DuckDB file."""
    import shutil
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="procuracy-bench-"))
    try:
        rep = facts.connect(folder / "replicated.duckdb")
        replicate(rep, str(facts.default_path()), n)
        root = Procuratorate.objects.get(code="000000")
        years = f"{year - 1}, {year}"
        return {
            "copies": n,
            "facts": rep.execute("SELECT count(*) FROM facts").fetchone()[0],
            "baseline_group_by_s": round(
                _best(lambda: rep.execute(BASELINE.format(years=years)).fetchall()), 4
            ),
            "national_s": round(
                _best(lambda: cube.compute(rep, "work-report", year, root.path)), 4
            ),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(year: int = 2023, scale: float = 1.0, progress=None, replicate: int = 0) -> dict:
    say = progress or (lambda text: None)
    con = facts.connect()
    say("syncing the columnar copy of the ledger")
    t0 = time.perf_counter()
    copied = facts.sync(con)
    sync_s = time.perf_counter() - t0
    n_facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    root = Procuratorate.objects.get(code="000000")
    groups = service.charge_groups()
    say("comparing with the report")
    values = cube.compute(con, "work-report", year, root.path, groups)
    comparisons = compare(values, scale)
    counts = dict(
        con.execute(
            "SELECT unit, count(*) FROM facts WHERE year = ? GROUP BY unit", [year]
        ).fetchall()
    )
    units = {
        u.code: u
        for u in Procuratorate.objects.filter(code__in=list(counts) or ["-"]).only(
            "code", "path", "level", "name_zh"
        )
    }
    province_totals: dict[str, int] = {}
    for code, n in counts.items():
        province_totals[code[:2]] = province_totals.get(code[:2], 0) + n
    timings = {}
    say("timing the national figures and the baseline")
    years = f"{year - 1}, {year}"
    timings["baseline_group_by_s"] = _best(
        lambda: con.execute(BASELINE.format(years=years)).fetchall()
    )
    timings["national_s"] = _best(lambda: cube.compute(con, "work-report", year, root.path, groups))
    if province_totals:
        top = max(province_totals, key=province_totals.get)
        province = Procuratorate.objects.get(code=top.ljust(6, "0"))
        timings["province"] = province.code
        timings["province_s"] = _best(
            lambda: cube.compute(con, "work-report", year, province.path, groups)
        )
    basic = [c for c in counts if c in units and units[c].level == Level.BASIC]
    if basic:
        top = units[max(basic, key=counts.get)]
        timings["basic"] = top.code
        timings["basic_s"] = _best(lambda: cube.compute(con, "work-report", year, top.path, groups))
    matched = sum(c.ok for c in comparisons if c.comparable)
    # a ledger of one subtree (procuracy simulate --org) is compared with the nation's report:
    # say so, rather than leave the reader with its many differences
    provinces = Procuratorate.objects.filter(level=Level.PROVINCIAL).count()
    if replicate:
        say(f"timing over {replicate} copies of the facts")
        con.close()  # the copy attaches this file read-only
        timings["replicated"] = replicated(replicate, year) | {"scale": round(scale * replicate, 4)}
    return {
        "year": year,
        "scale": scale,
        "facts": n_facts,
        "synced_events": copied,
        "sync_s": round(sync_s, 3),
        "provinces_with_events": len({code[:2] for code in counts} - {"00"}),
        "provinces": provinces,
        "covered": len(comparisons),
        "comparable": sum(c.comparable for c in comparisons),
        "matched": matched,
        "not_comparable": [c.entry.id for c in comparisons if not c.comparable],
        "mismatches": [
            {
                "id": c.entry.id,
                "figure": c.entry.figure,
                "report": c.entry.text + (f" ({c.entry.yoy_text})" if c.entry.yoy_text else ""),
                "ledger": c.printed + (f" ({c.change})" if c.change else ""),
            }
            for c in comparisons
            if c.comparable and not c.ok
        ],
        "timings": {k: round(v, 4) if isinstance(v, float) else v for k, v in timings.items()},
        "targets": {"national_s": 10, "national_vs_baseline": 2, "province_s": 1, "basic_s": 1},
    }


def table(result: dict) -> str:
    t = result["timings"]
    lines = [
        f"Work report {result['year']} at scale {result['scale']}: {result['matched']} of "
        f"{result['comparable']} comparable figures print as the report prints them "
        f"({result['covered']} covered; {len(result['not_comparable'])} too small to compare "
        "at this scale)."
    ]
    if result["provinces_with_events"] < result["provinces"]:
        lines.append(
            f"Note: only {result['provinces_with_events']} of {result['provinces']} provinces "
            f"have events in {result['year']} (a simulation of a subtree?): the nation's report "
            "is compared with part of the country."
        )
    for m in result["mismatches"]:
        lines.append(f"  differs: {m['id']:<44} report {m['report']:<24} ledger {m['ledger']}")
    lines.append(f"Facts: {result['facts']:,} (sync copied {result['synced_events']:,} events in "
                 f"{result['sync_s']:.1f} s)")  # fmt: skip
    ratio = t["national_s"] / t["baseline_group_by_s"] if t.get("baseline_group_by_s") else 0
    lines.append(
        f"National, all figures with year-on-year change: {t['national_s']:.3f} s "
        f"(target < 10 s); one hand-written GROUP BY: {t['baseline_group_by_s']:.3f} s; "
        f"ratio {ratio:.2f} (target ≤ 2)"
    )
    if "province_s" in t:
        lines.append(f"Province {t['province']}: {t['province_s']:.3f} s (target < 1 s)")
    if "basic_s" in t:
        lines.append(f"Basic procuratorate {t['basic']}: {t['basic_s']:.3f} s (target < 1 s)")
    if "replicated" in t:
        r = t["replicated"]
        lines.append(
            f"{r['copies']} copies of the facts ({r['facts']:,} facts, the volume of scale "
            f"{r['scale']:g}): national {r['national_s']:.3f} s (target < 10 s); one "
            f"hand-written GROUP BY: {r['baseline_group_by_s']:.3f} s; ratio "
            f"{r['national_s'] / r['baseline_group_by_s']:.2f} (target ≤ 2)"
        )
    return "\n".join(lines)
