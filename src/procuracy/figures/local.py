"""Local definitions of the case-quality indicators (the ``quality`` edition).

The official definitions of most case-quality indicators are not published (domain.md §3), so
the registry declares its own, each marked [I] inferred or [S] secondary source. An
installation whose procuratorate counts an indicator differently declares it in a YAML file
named by ``PROCURACY_INDICATORS`` (docs/figures.md, "Local definitions"): a figure whose id is
already in the edition is replaced, a new one is added. Only ``quality.*`` figures: the work
report's figures are the report's own and stay as declared.

The file is checked whole before any of it is used; a mistake is one :class:`IndicatorError`
naming the file, the figure and the field (``procuracy check`` reports it at start-up too).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from procuracy.core.errors import ValidationFailed

from .registry import Figure, Filter, Match

UNITS = ("persons", "cases", "events", "rate", "days", "yuan")
COUNTS = ("persons", "cases", "events", "sum", "ratio")
FIGURE_KEYS = {"id", "zh", "en", "unit", "count", "filter", "numerator", "denominator",
               "definition", "basis", "measure"}  # fmt: skip
FILTER_KEYS = {"events", "case_kinds", "source_agencies", "minor", "female", "foreign",
               "guilty_plea", "charge_groups", "case_flags", "custody"}  # fmt: skip
MATCH_KEYS = {"type", "codes", "flag", "details"}


class IndicatorError(ValidationFailed):
    """A local indicator file that cannot be used."""


def path() -> Path | None:
    from django.conf import settings

    value = getattr(settings, "INDICATORS_FILE", None)
    return Path(value) if value else None


def overrides() -> tuple[Figure, ...]:
    """The figures of the installation's file (none without one), read again when it
    changes."""
    file = path()
    if file is None:
        return ()
    try:
        stat = os.stat(file)
    except OSError:
        raise IndicatorError(f"{file}: no such file (PROCURACY_INDICATORS)") from None
    return _load(str(file), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _load(file: str, _mtime: int, _size: int) -> tuple[Figure, ...]:
    try:
        data = yaml.safe_load(Path(file).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise IndicatorError(f"{file}: not a readable YAML file ({exc})") from None
    except yaml.YAMLError as exc:  # one line: where, and what is wrong there
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise IndicatorError(f"{file}: not a readable YAML file ({where}{what})") from None
    return parse(data, file)


def _fail(file: str, record: str, field: str, reason: str):
    raise IndicatorError(f"{file}: {reason}", record=record, field=field)


def parse(data: Any, file: str = "indicators") -> tuple[Figure, ...]:
    """Check and build the figures of a decoded file: ``{"figures": [...]}``."""
    from . import registry

    if (
        not isinstance(data, dict)
        or set(data) != {"figures"}
        or not isinstance(data["figures"], list)
    ):
        _fail(file, "(file)", "figures", "the file holds one key, figures, a list of figures")
    out: dict[str, Figure] = {}
    for n, raw in enumerate(data["figures"], 1):
        record = f"figure {n}"
        if not isinstance(raw, dict):
            _fail(file, record, "(figure)", "a figure is a mapping of its fields")
        fid = raw.get("id")
        if isinstance(fid, str):
            record = fid
        extra = set(raw) - FIGURE_KEYS
        if extra:
            _fail(file, record, sorted(extra)[0], f"unknown field; one of {sorted(FIGURE_KEYS)}")
        for key in ("id", "zh", "en", "unit", "count"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                _fail(file, record, key, "required, a text")
        if not fid.startswith("quality.") or fid in registry.edition("work-report"):
            _fail(file, record, "id", "local figures are quality indicators: quality.<name>")
        if fid in out:
            _fail(file, record, "id", "declared twice")
        if raw["unit"] not in UNITS:
            _fail(file, record, "unit", f"one of {', '.join(UNITS)}")
        count = raw["count"]
        if count not in COUNTS:
            _fail(file, record, "count", f"one of {', '.join(COUNTS)}")
        basis = raw.get("basis", [])
        if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
            _fail(file, record, "basis", "a list of texts (articles, documents)")
        definition = raw.get("definition")
        if not isinstance(definition, str) or not definition.strip():
            _fail(file, record, "definition", "required: what the indicator counts, and why")
        kw: dict[str, Any] = {}
        if count == "ratio":
            if "filter" in raw:
                _fail(file, record, "filter", "a ratio has a numerator and a denominator")
            for key in ("numerator", "denominator"):
                if not isinstance(raw.get(key), str):
                    _fail(file, record, key, "required for a ratio: a figure id")
                kw[key] = raw[key]
        else:
            for key in ("numerator", "denominator"):
                if key in raw:
                    _fail(file, record, key, "only a ratio has one")
            kw["filter"] = _filter(raw.get("filter"), file, record)
            if count == "sum":
                measure = raw.get("measure", "amount")
                if measure not in ("amount", "days"):
                    _fail(file, record, "measure", "amount (yuan) or days")
                kw["measure"] = measure
        out[fid] = Figure(
            fid, raw["zh"], raw["en"], raw["unit"], count,
            definition=f"[local] {definition.strip()}", basis=tuple(basis), **kw,
        )  # fmt: skip
    merged = {f.id: f for f in registry.EDITIONS["quality"]} | out
    for f in out.values():
        for key, part in (("numerator", f.numerator), ("denominator", f.denominator)):
            if part and part not in merged:
                _fail(file, f.id, key, f"{part!r} is not a figure of the quality edition")
    return tuple(out.values())


def _texts(value: Any, file: str, record: str, field: str, allowed=None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        _fail(file, record, field, "a list of texts")
    if allowed is not None:
        for v in value:
            if v not in allowed:
                _fail(file, record, field, f"{v!r} is not one of {', '.join(sorted(allowed))}")
    return tuple(value)


def _filter(raw: Any, file: str, record: str) -> Filter:
    from procuracy import charges
    from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
    from procuracy.cases.engine import CUSTODY
    from procuracy.cases.flags import FLAGS

    if not isinstance(raw, dict) or not raw.get("events"):
        _fail(file, record, "filter", "required: a mapping with at least events")
    extra = set(raw) - FILTER_KEYS
    if extra:
        _fail(file, record, f"filter.{sorted(extra)[0]}", f"one of {sorted(FILTER_KEYS)}")
    if not isinstance(raw["events"], list):
        _fail(file, record, "filter.events", "a list of {type, codes, flag, details}")
    matches = []
    for i, m in enumerate(raw["events"]):
        where = f"filter.events[{i}]"
        if not isinstance(m, dict) or not isinstance(m.get("type"), str) or set(m) - MATCH_KEYS:
            _fail(file, record, where, "a mapping: type (an event type), codes, flag, details")
        etype = EVENT_TYPES.get(m["type"])
        if etype is None:
            _fail(file, record, f"{where}.type", f"no event type {m['type']!r}")
        choices = {c.code for f in etype.fields for c in f.choices}
        codes = _texts(m.get("codes", []), file, record, f"{where}.codes", choices)
        flag = m.get("flag")
        if flag is not None and not isinstance(flag, bool):
            _fail(file, record, f"{where}.flag", "true or false")
        details = _texts(m.get("details", []), file, record, f"{where}.details", choices)
        matches.append(Match(m["type"], codes, flag, details))
    kw: dict[str, Any] = {}
    for key, allowed in (
        ("case_kinds", set(PROCEDURES)),
        ("source_agencies", {a for p in PROCEDURES.values() for a in p.sources}),
        ("charge_groups", {g.id for g in charges.groups()}),
        ("case_flags", set(FLAGS)),
        ("custody", set(CUSTODY)),
    ):
        if key in raw:
            kw[key] = _texts(raw[key], file, record, f"filter.{key}", allowed)
    for key in ("minor", "female", "foreign", "guilty_plea"):
        if key in raw:
            if not isinstance(raw[key], bool):
                _fail(file, record, f"filter.{key}", "true or false")
            kw[key] = raw[key]
    return Filter(tuple(matches), **kw)
