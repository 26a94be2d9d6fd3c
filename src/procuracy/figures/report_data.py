"""The figures of the SPP's work report on 2023 as data (``data/report-2023.yaml``).

Every number printed in the review part of the report ("A Review of Our Work in 2023", up to
"A Work Plan for 2024") is one entry: the sentence, the figure as printed, its value and unit,
the year-on-year change where the report gives one, and either the registry figure that computes
it, the figure still needed (case data not yet covered), or why it is not case data.

Pure Python and PyYAML. The report's text is not needed at run time: ``check_report`` compares
the entries with it when a caller has it (the tests do, when it is present beside the
repository). See docs/report-figures.md.
"""

from __future__ import annotations

import functools
import re
from dataclasses import MISSING, dataclass, fields
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from procuracy.charges.groups import GROUPS
from procuracy.figures.registry import all_figures

SECTIONS = ("intro", "I", "II", "III", "IV", "V")
SECTION_PREFIX = {"intro": "intro", "I": "r1", "II": "r2", "III": "r3", "IV": "r4", "V": "r5"}
CASE_DATA, NOT_CASE_DATA = "case-data", "not-case-data"
KINDS = (CASE_DATA, NOT_CASE_DATA)
# Counted things, then amounts, rates and changes, then what is not case data.
UNITS = (
    "persons",
    "cases",
    "events",
    "yuan",
    "percent",
    "percentage-points",
    "times",
    "days",
    "months",
    "years",
    "documents",
    "units",
    "items",
)
COUNT_UNITS = ("persons", "cases", "events")
RATE_UNITS = ("percent", "percentage-points")
QUALIFIERS = ("more-than",)
CHANGES = ("up", "down")
# Business lines: the first part of a figure id (registry or proposed).
LINES = (
    "all",
    "criminal",
    "duty",
    "juvenile",
    "enforcement",
    "investigation",
    "civil",
    "administrative",
    "pil",
    "petitions",
    "relief",
    "suggestions",
    "hearings",
    "oversight",
    "quality",
)

ID_RE = re.compile(r"(intro|r[1-5])-[a-z0-9]+(?:-[a-z0-9]+)*")
NEEDS_RE = re.compile(r"([a-z]+(?:\.[a-z0-9_]+)+): (\S.*)")
WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
SCALES = {"million": 1_000_000, "billion": 1_000_000_000}
# A printed figure: "more than" (optional), the number in digits (726,000; 4.253; "7. 1", the
# report's own spacing) or in words, a scale word (optional) and a percent sign (optional).
FIGURE_RE = re.compile(
    r"(?P<more>more than )?"
    r"(?:(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?:\.\s?(?P<decimals>\d+))?|(?P<word>[A-Za-z]+))"
    r"(?: (?P<scale>million|billion))?"
    r"(?P<percent>%| percent)?"
)


class ReportDataError(ValueError):
    """The data file is not valid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("report data: " + "; ".join(problems))


@dataclass(frozen=True)
class Report:
    title: str
    year: int
    delivered: date
    delivered_at: str
    speaker: str
    language: str
    source: str
    source_published: str
    review_start: str
    review_end: str


@dataclass(frozen=True)
class Entry:
    id: str
    section: str
    sentence: str
    text: str
    value: int | float
    unit: str
    kind: str
    occurrence: int = 1
    qualifier: str | None = None
    change: str | None = None
    yoy: int | float | None = None
    yoy_text: str | None = None
    figure: str | None = None
    # For a gap in percentage points between two rates ("36 percentage points above"): the
    # rate the figure is below; the printed value is that rate less the figure.
    gap_from: str | None = None
    group: str | None = None
    needs: str | None = None
    reason: str | None = None
    note: str = ""

    @property
    def needed_figure(self) -> str | None:
        """The id proposed in ``needs`` (the part before the colon)."""
        m = NEEDS_RE.fullmatch(self.needs or "")
        return m.group(1) if m else None

    @property
    def line(self) -> str | None:
        """The business line of a case-data entry: the first part of its figure id."""
        fid = self.figure or self.needed_figure
        return fid.split(".", 1)[0] if fid else None

    def span(self) -> tuple[int, int] | None:
        """Where ``text`` is printed in ``sentence`` (its ``occurrence``-th time)."""
        found = occurrences(self.text, self.sentence)
        if not 0 < self.occurrence <= len(found):
            return None
        start = found[self.occurrence - 1]
        return start, start + len(self.text)

    def yoy_span(self) -> tuple[int, int] | None:
        """Where ``yoy_text`` is printed: its first time after ``text``, else its first time."""
        if not self.yoy_text:
            return None
        found = occurrences(self.yoy_text, self.sentence)
        if not found:
            return None
        own = self.span()
        after = [i for i in found if own and i >= own[1]]
        start = (after or found)[0]
        return start, start + len(self.yoy_text)


@dataclass(frozen=True)
class ReportData:
    report: Report
    entries: tuple[Entry, ...]


def occurrences(needle: str, haystack: str) -> list[int]:
    """Offsets of ``needle`` in ``haystack`` as a whole figure: not inside a longer number or word
    ("18" is not in "18,000", "four" is not in "fourteen")."""
    if not needle:
        return []
    pattern = r"(?<![\w])(?<!\d[.,])" + re.escape(needle) + r"(?![\w])(?![.,]\d)"
    return [m.start() for m in re.finditer(pattern, haystack)]


def printed_value(text: str) -> tuple[int | float, bool]:
    """The number a printed figure stands for, and whether it is qualified by "more than".

    "726,000" -> 726000; "4.253 million" -> 4253000; "more than 90%" -> (90, True);
    "7. 1%" -> 7.1; "Twenty" -> 20. Raises ValueError for anything else.
    """
    m = FIGURE_RE.fullmatch(text)
    if not m:
        raise ValueError(f"not a printed figure: {text!r}")
    if m["word"]:
        if m["word"].lower() not in WORDS:
            raise ValueError(f"not a number word: {text!r}")
        number: int | float = WORDS[m["word"].lower()]
    else:
        digits = m["digits"].replace(",", "")
        number = float(f"{digits}.{m['decimals']}") if m["decimals"] else int(digits)
    if m["scale"]:
        number = round(number * SCALES[m["scale"]])
    if isinstance(number, float) and number.is_integer():
        number = int(number)
    return number, bool(m["more"])


def review_part(report_text: str, report: Report) -> str:
    """The review part of the report: from its heading up to the heading of the next part."""
    start = report_text.find(report.review_start)
    end = report_text.find(report.review_end, max(start, 0))
    if start < 0 or end < 0:
        raise ValueError("the report text has no review part between the headings of the header")
    return report_text[start:end]


def parse(text: str) -> ReportData:
    """Read the YAML and check it; raise ``ReportDataError`` listing every problem."""
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(raw, dict) or set(raw) != {"report", "entries"}:
        raise ReportDataError(["the file must have exactly the keys 'report' and 'entries'"])
    problems: list[str] = []
    report = _report(raw["report"], problems)
    entries = []
    names = {f.name for f in fields(Entry)}
    required = {f.name for f in fields(Entry) if f.default is MISSING}
    for i, spec in enumerate(raw["entries"] or ()):
        label = spec.get("id", f"entry {i + 1}") if isinstance(spec, dict) else f"entry {i + 1}"
        if not isinstance(spec, dict):
            problems.append(f"{label}: not a mapping")
            continue
        unknown = set(spec) - names
        missing = required - set(spec)
        if unknown or missing:
            problems.append(
                f"{label}: unknown keys {sorted(unknown)}, missing keys {sorted(missing)}"
            )
            continue
        entries.append(Entry(**spec))
    problems += check(entries)
    if problems:
        raise ReportDataError(problems)
    assert report is not None
    return ReportData(report, tuple(entries))


def _report(spec, problems: list[str]) -> Report | None:
    names = [f.name for f in fields(Report)]
    if not isinstance(spec, dict) or set(spec) != set(names):
        problems.append(f"report: the header must have exactly the keys {names}")
        return None
    if not isinstance(spec["delivered"], date):
        problems.append("report: 'delivered' must be a date (YYYY-MM-DD)")
    return Report(**spec)


def check(entries: list[Entry] | tuple[Entry, ...]) -> list[str]:
    """Every problem of the entries that can be seen without the report's text."""
    problems: list[str] = []
    registry = all_figures()
    groups = {g.id for g in GROUPS}
    seen: set[str] = set()
    for e in entries:
        p = [f"{e.id}: {msg}" for msg in _check_entry(e, registry, groups)]
        if e.id in seen:
            p.append(f"{e.id}: duplicate id")
        seen.add(e.id)
        problems += p
    return problems


def _check_entry(e: Entry, registry, groups) -> list[str]:
    out: list[str] = []
    for name in ("id", "section", "sentence", "text", "unit", "kind"):
        if not isinstance(getattr(e, name), str) or not getattr(e, name):
            out.append(f"{name} must be a non-empty string")
    if out:
        return out
    if not ID_RE.fullmatch(e.id):
        out.append(
            "id must be the section prefix (intro, r1..r5), then lowercase words and hyphens"
        )
    if e.section not in SECTIONS:
        out.append(f"section {e.section!r} is not one of {SECTIONS}")
    elif not e.id.startswith(SECTION_PREFIX[e.section] + "-"):
        out.append(f"id must start with {SECTION_PREFIX[e.section]}- for section {e.section}")
    if e.unit not in UNITS:
        out.append(f"unit {e.unit!r} is not one of {UNITS}")
    for name in ("sentence", "needs", "reason", "note"):
        value = getattr(e, name)
        if value is not None and not isinstance(value, str):
            out.append(f"{name} must be a string")
        elif value and ("\n" in value or value != value.strip()):
            out.append(f"{name} must be one line without surrounding spaces")

    # The figure as printed, where it is printed, and its value.
    if not isinstance(e.occurrence, int) or isinstance(e.occurrence, bool) or e.occurrence < 1:
        out.append("occurrence must be a positive integer")
    elif e.span() is None:
        n = len(occurrences(e.text, e.sentence))
        out.append(f"text {e.text!r} is printed {n} time(s) in the sentence, not {e.occurrence}")
    if isinstance(e.value, bool) or not isinstance(e.value, int | float):
        out.append("value must be a number")
    else:
        try:
            printed, more = printed_value(e.text)
        except ValueError as exc:
            out.append(str(exc))
        else:
            if printed != e.value:
                out.append(f"value {e.value} is not the printed {e.text!r} ({printed})")
            if more != (e.qualifier == "more-than"):
                out.append("qualifier more-than goes with a text starting 'more than ', and only")
            if e.text.endswith(("%", " percent")) != (e.unit == "percent"):
                out.append("a text with a percent sign has unit percent, and only")
    if e.qualifier is not None and e.qualifier not in QUALIFIERS:
        out.append(f"qualifier {e.qualifier!r} is not one of {QUALIFIERS}")

    # Year-on-year changes.
    if e.change is not None and e.change not in CHANGES:
        out.append(f"change {e.change!r} is not one of {CHANGES}")
    if e.yoy is not None and (isinstance(e.yoy, bool) or not isinstance(e.yoy, int | float)):
        out.append("yoy must be a number")
    elif e.change is not None:
        if e.yoy_text is not None:
            out.append("an entry that is itself a change has no yoy_text")
        if e.unit == "percent":
            expected = e.value if e.change == "up" else -e.value
            if e.yoy != expected:
                out.append(f"yoy of a printed change must be the signed value ({expected})")
        elif e.yoy is not None:
            out.append("yoy is a change in percent; a change in other units leaves it out")
    elif (e.yoy is None) != (e.yoy_text is None):
        out.append("yoy and yoy_text go together")
    elif e.yoy_text is not None and e.yoy is not None:
        if e.yoy_span() is None:
            out.append(f"yoy_text {e.yoy_text!r} is not printed in the sentence")
        try:
            printed, _ = printed_value(e.yoy_text)
        except ValueError as exc:
            out.append(f"yoy_text: {exc}")
        else:
            if printed != abs(e.yoy) or not e.yoy_text.endswith(("%", " percent")):
                out.append(f"yoy {e.yoy} does not match yoy_text {e.yoy_text!r}")

    if e.gap_from is not None:
        if e.unit != "percentage-points" or e.change is not None:
            out.append("gap_from goes with a gap in percentage-points that is not a change")
        elif e.gap_from not in registry or registry[e.gap_from].count != "ratio":
            out.append(f"gap_from {e.gap_from!r} is not a rate in the registry")

    # Kind: a registry figure, a figure needed, or a reason.
    if e.kind == CASE_DATA:
        if (e.figure is None) == (e.needs is None):
            out.append("case data names exactly one of figure (in the registry) or needs")
        if e.reason is not None:
            out.append("case data has no reason")
        if e.figure is not None:
            figure = registry.get(e.figure)
            if figure is None:
                out.append(f"figure {e.figure!r} is not in the registry")
            elif figure.count == "ratio" and figure.unit == "days":
                if e.unit != "days":
                    out.append(f"figure {e.figure} is an average of days; the unit is days")
            elif figure.count == "ratio" and e.unit not in RATE_UNITS:
                out.append(f"figure {e.figure} is a rate; the unit must be one of {RATE_UNITS}")
            elif figure.count == "sum" and e.unit != figure.unit:
                out.append(f"figure {e.figure} is a sum; the unit must be {figure.unit}")
            elif (
                figure.count not in ("ratio", "sum")
                and e.change is None
                and (e.unit not in COUNT_UNITS)
            ):
                out.append(f"figure {e.figure} is a count; the unit must be one of {COUNT_UNITS}")
        if e.needs is not None:
            needed = e.needed_figure
            if needed is None:
                out.append("needs must read '<proposed.figure_id>: <definition>'")
            elif needed in registry:
                out.append(f"needs proposes {needed}, which the registry has: use figure")
        if e.line is not None and e.line not in LINES:
            out.append(f"business line {e.line!r} is not one of {LINES}")
        if e.group is not None and e.group not in groups:
            out.append(f"charge group {e.group!r} is not declared in procuracy.charges.groups")
    elif e.kind == NOT_CASE_DATA:
        if not e.reason:
            out.append("not-case-data needs a one-line reason")
        if e.figure is not None or e.needs is not None or e.group is not None:
            out.append("not-case-data has no figure, needs or group")
    else:
        out.append(f"kind {e.kind!r} is not one of {KINDS}")
    return out


def check_report(data: ReportData, report_text: str) -> list[str]:
    """Problems seen against the report's text: each sentence is printed verbatim, once, in the
    review part."""
    try:
        review = review_part(report_text, data.report)
    except ValueError as exc:
        return [str(exc)]
    problems = []
    for e in data.entries:
        n = review.count(e.sentence)
        if n != 1:
            where = "in the report" if e.sentence in report_text else "anywhere in the report"
            detail = f"{n} times in the review part" if n else f"not in the review part ({where})"
            problems.append(f"{e.id}: the sentence is printed {detail}")
    return problems


def load(path: Path | str | None = None) -> ReportData:
    if path is None:
        text = (
            resources.files("procuracy.figures")
            .joinpath("data", "report-2023.yaml")
            .read_text("utf-8")
        )
    else:
        text = Path(path).read_text(encoding="utf-8")
    return parse(text)


@functools.cache
def data() -> ReportData:
    """The data shipped with Procuracy (``procuracy/figures/data/report-2023.yaml``)."""
    return load()


def report() -> Report:
    return data().report


def entries() -> list[Entry]:
    return list(data().entries)
