"""The report's figures as data (issue: figures): data/report-2023.yaml and its checks.

The tests that compare the entries with the report's text need the text beside the repository
(../shared/report/, or $PROCURACY_REPORT_TEXT); without it they are skipped. The others read only
the data file, the registry and the charge groups.
"""

from __future__ import annotations

import os
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from procuracy.figures import registry, report_data
from procuracy.figures.cube import Value
from procuracy.figures.formatting import format_value

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "src" / "procuracy" / "figures" / "data" / "report-2023.yaml"
DOC = ROOT / "docs" / "report-figures.md"
REPORT = Path(
    os.environ.get(
        "PROCURACY_REPORT_TEXT", ROOT.parent / "shared" / "report" / "spp-work-report-2023.txt"
    )
)
requires_report = pytest.mark.skipif(
    not REPORT.exists(),
    reason=f"the report's text is not present beside the repository ({REPORT}); "
    "set PROCURACY_REPORT_TEXT to check the entries against it",
)

ENTRIES = report_data.entries()
BY_ID = {e.id: e for e in ENTRIES}


# --- the extractor of printed figures in the report's text ------------------------------------
#
# A digit group is a number as the report prints it: 726,000 / 1,688,000 / 4.253 (of "4.253
# million") / 47.1 (of "47.1%") / "7. 1" (the report's own spacing, before a percent sign).
# These digit groups are not figures and are left out:
#   - calendar years: four plain digits from 1900 to 2099 (2023, 2022);
#   - ordinals: digits followed by st, nd, rd or th (the 20th CPC National Congress, the 14th NPC,
#     the SPP's 9th, 10th and 11th procuratorial suggestions: numbers of a series, not counts);
#   - dates: a day after a month's name ("March 8");
#   - article numbers of laws ("Article 20", "Art. 20").
# Number words (two to twenty) are figures too ("five suspects", "Twenty chief procurators"),
# except in names: the fixed phrases of NAMES below. "one" is not counted: the report uses it as
# a pronoun or an article ("in one case", "one by one", "one's way out").

NUMBER_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\s?\d+(?=%)|\.\d+)?")
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)\b")
MONTHS = (
    "January February March April May June July August September October November December"
).split()
DATE_RE = re.compile(r"(?:" + "|".join(MONTHS) + r") $")
ARTICLE_RE = re.compile(r"(?:Article|article|Art\.|art\.) $")
WORD_RE = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty)\b",
    re.IGNORECASE,
)
NAMES = (
    "Two Establishments",
    "Two Upholds",
    "two establishments",
    "two preserves",
    "three rural concerns",
    "three Provisions",
    "four levels of procuratorate",
    "four party consultation mechanism",
    "two-way connection",
    "top ten procurators",
)


def digit_groups(text: str) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """The spans of the printed figures in digits, and the left-out groups with their reason."""
    figures, left_out = [], []
    for m in NUMBER_RE.finditer(text):
        before, after = text[max(0, m.start() - 12) : m.start()], text[m.end() :]
        token = m.group()
        if ORDINAL_RE.match(after):
            left_out.append((token + ORDINAL_RE.match(after).group(), "ordinal"))
        elif re.fullmatch(r"(19|20)\d\d", token):
            left_out.append((token, "year"))
        elif DATE_RE.search(before):
            left_out.append((token, "date"))
        elif ARTICLE_RE.search(before):
            left_out.append((token, "article"))
        else:
            figures.append((m.start(), m.end()))
    return figures, left_out


def number_words(text: str) -> list[tuple[int, int]]:
    named = [(m.start(), m.end()) for name in NAMES for m in re.finditer(re.escape(name), text)]
    return [
        (m.start(), m.end())
        for m in WORD_RE.finditer(text)
        if not any(a <= m.start() < b for a, b in named)
    ]


@pytest.fixture(scope="module")
def review() -> str:
    return report_data.review_part(REPORT.read_text(encoding="utf-8"), report_data.report())


@pytest.fixture(scope="module")
def covered(review) -> list[tuple[int, int, str]]:
    """Spans of the review part printed as an entry's text or yoy_text, with the entry's id."""
    spans = []
    for e in ENTRIES:
        at = review.find(e.sentence)
        assert at >= 0, e.id
        for span in (e.span(), e.yoy_span()):
            if span:
                spans.append((at + span[0], at + span[1], e.id))
    return spans


def uncovered(spans, covered, review) -> list[str]:
    out = []
    for a, b in spans:
        if not any(x <= a and b <= y for x, y, _ in covered):
            out.append(f"{review[a:b]!r} in …{review[max(0, a - 60) : b + 30]}…")
    return out


# --- the data file alone -----------------------------------------------------------------------


def test_header():
    r = report_data.report()
    assert r.year == 2023
    assert r.delivered == date(2024, 3, 8)
    assert r.source == REPORT.name or "PROCURACY_REPORT_TEXT" in os.environ
    assert (r.review_start, r.review_end) == (
        "A Review of Our Work in 2023",
        "A Work Plan for 2024",
    )


def test_the_checks_find_nothing():
    assert report_data.check(ENTRIES) == []


def test_ids_are_unique_and_carry_their_section():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        assert e.section in report_data.SECTIONS
        assert e.id.startswith(report_data.SECTION_PREFIX[e.section] + "-"), e.id


def test_every_section_has_figures():
    assert {e.section for e in ENTRIES} == set(report_data.SECTIONS)


def test_kind_and_mapping_agree():
    for e in ENTRIES:
        assert e.kind in report_data.KINDS, e.id
        if e.kind == "case-data":
            assert (e.figure is None) != (e.needs is None), e.id
            assert e.reason is None, e.id
            assert e.line in report_data.LINES, e.id
        else:
            assert e.reason and "\n" not in e.reason, e.id
            assert e.figure is None and e.needs is None and e.group is None, e.id


def test_figures_are_in_the_registry_and_needed_ones_are_not():
    known = registry.all_figures()
    for e in ENTRIES:
        if e.figure:
            assert e.figure in known, e.id
        if e.needs:
            assert e.needed_figure and e.needed_figure not in known, e.id


def test_charge_groups_are_declared():
    from procuracy.charges.groups import GROUPS

    declared = {g.id for g in GROUPS}
    assert {e.group for e in ENTRIES if e.group} <= declared


def test_text_and_change_are_printed_in_the_sentence():
    for e in ENTRIES:
        assert e.span() is not None, e.id
        assert e.sentence[slice(*e.span())] == e.text
        if e.yoy_text:
            assert e.sentence[slice(*e.yoy_span())] == e.yoy_text, e.id


def test_values_are_the_printed_figures():
    for e in ENTRIES:
        value, more = report_data.printed_value(e.text)
        assert (value, more) == (e.value, e.qualifier == "more-than"), e.id
        if e.yoy_text:
            assert report_data.printed_value(e.yoy_text)[0] == abs(e.yoy), e.id


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("726,000", 726000),
        ("1,688,000", 1688000),
        ("4.253 million", 4253000),
        ("more than 1.8 billion", 1800000000),
        ("47.1%", 47.1),
        ("7. 1%", 7.1),
        ("36.2 percent", 36.2),
        ("99.96%", 99.96),
        ("more than 90%", 90),
        ("Twenty", 20),
        ("808", 808),
    ],
)
def test_printed_value(text, value):
    assert report_data.printed_value(text)[0] == value


@pytest.mark.parametrize("text", ["", "726 000", "about 90%", "1,68,000", "umpteen"])
def test_printed_value_refuses_what_is_not_a_figure(text):
    with pytest.raises(ValueError):
        report_data.printed_value(text)


def test_occurrences_match_whole_figures_only():
    assert report_data.occurrences("18", "18,000 people and 18 people") == [18]
    assert report_data.occurrences("four", "fourteen and four") == [13]
    assert report_data.occurrences("7. 1%", "up 7. 1% year on year") == [3]


# Rates: the report's own arithmetic, rounded to one decimal (half up), as formatting prints them.
RATES = [
    ("r3-protests-changed", "r3-protests-concluded", "r3-protest-change-rate"),
    ("r3-civil-protests-changed", "r3-civil-protests-concluded", "r3-civil-protest-change-rate"),
    ("r3-admin-protests-changed", "r3-admin-protests-concluded", "r3-admin-protest-change-rate"),
]


@pytest.mark.parametrize(("numerator", "denominator", "rate"), RATES)
def test_the_reports_rates_hold(numerator, denominator, rate):
    num, den, printed = BY_ID[numerator], BY_ID[denominator], BY_ID[rate]
    assert num.sentence == den.sentence == printed.sentence
    exact = Decimal(num.value) * 100 / Decimal(den.value)
    assert exact.quantize(Decimal("0.1"), ROUND_HALF_UP) == Decimal(str(printed.value))
    if printed.figure:
        figure = registry.all_figures()[printed.figure]
        assert format_value(Value(figure, num.value / den.value, None)) == printed.text


def test_the_protest_rate_maps_to_the_registry_ratio_of_its_parts():
    rate = registry.all_figures()[BY_ID["r3-protest-change-rate"].figure]
    assert (rate.numerator, rate.denominator) == (
        BY_ID["r3-protests-changed"].figure,
        BY_ID["r3-protests-concluded"].figure,
    )


# --- the checks catch mistakes -------------------------------------------------------------------

GOOD = """\
report:
  title: "Work Report of the Supreme People's Procuratorate"
  year: 2023
  delivered: 2024-03-08
  delivered_at: "Second Session of the 14th National People's Congress"
  speaker: "Ying Yong, Prosecutor General"
  language: en
  source: spp-work-report-2023.txt
  source_published: "en.spp.gov.cn, 2024-03-12"
  review_start: "A Review of Our Work in 2023"
  review_end: "A Work Plan for 2024"
entries:
  - id: r1-arrest-approved
    section: I
    sentence: "Arrest was approved for 726,000 suspects, up 47.1% year on year."
    text: "726,000"
    value: 726000
    unit: persons
    yoy: 47.1
    yoy_text: "47.1%"
    kind: case-data
    figure: criminal.arrested
  - id: r5-model-procuratorates
    section: V
    sentence: "We commended 38 national model procuratorates."
    text: "38"
    value: 38
    unit: units
    kind: not-case-data
    reason: "an honours count"
"""


def test_a_good_file_parses():
    data = report_data.parse(GOOD)
    assert [e.id for e in data.entries] == ["r1-arrest-approved", "r5-model-procuratorates"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("id: r5-model-procuratorates", "id: r1-arrest-approved", "duplicate id"),
        ("section: V", "section: VI", "section 'VI'"),
        ("section: V", "section: IV", "must start with r4-"),
        ("figure: criminal.arrested", "figure: criminal.arrests", "not in the registry"),
        (
            "figure: criminal.arrested",
            'needs: "criminal.arrested: arrests"',
            "which the registry has",
        ),
        ("figure: criminal.arrested", 'needs: "no id here"', "needs must read"),
        ('reason: "an honours count"', "figure: criminal.arrested", "has no figure"),
        ('reason: "an honours count"', 'reason: ""', "needs a one-line reason"),
        ("kind: case-data", "kind: case", "kind 'case'"),
        ("    figure: criminal.arrested\n", "", "exactly one of figure"),
        ('text: "726,000"', 'text: "726,001"', "printed 0 time(s)"),
        ("value: 726000", "value: 726", "is not the printed"),
        ("yoy: 47.1", "yoy: 41.7", "does not match yoy_text"),
        ('    yoy_text: "47.1%"\n', "", "yoy and yoy_text go together"),
        ("unit: persons", "unit: percent", "is a count"),
        ("unit: units", "unit: widgets", "unit 'widgets'"),
        ("    value: 38\n", "", "missing keys ['value']"),
        ("    value: 38\n", "    value: 38\n    colour: red\n", "unknown keys ['colour']"),
        ("delivered: 2024-03-08", 'delivered: "March 8"', "must be a date"),
    ],
)
def test_the_checks_catch(old, new, message):
    assert old in GOOD
    with pytest.raises(report_data.ReportDataError) as info:
        report_data.parse(GOOD.replace(old, new, 1))
    assert any(message in p for p in info.value.problems), info.value.problems


def test_a_group_must_be_declared_and_only_on_case_data():
    bad = GOOD.replace("figure: criminal.arrested", "figure: criminal.arrested\n    group: gangs")
    with pytest.raises(report_data.ReportDataError, match="charge group 'gangs'"):
        report_data.parse(bad)


def test_a_printed_change_carries_its_sign():
    bad = GOOD.replace('text: "38"', 'text: "38%"').replace("value: 38", "value: 38")
    bad = bad.replace("unit: units", "unit: percent\n    change: down\n    yoy: 38")
    with pytest.raises(report_data.ReportDataError, match=r"signed value \(-38\)"):
        report_data.parse(bad)


# --- against the report's text -----------------------------------------------------------------


@requires_report
def test_review_part_is_the_2023_review(review):
    assert review.startswith("A Review of Our Work in 2023")
    for heading in ("\nI. Serving", "\nII. Safeguarding", "\nIII. Stepping", "\nIV. Accepting"):
        assert heading in review
    assert "\nV. Strengthening our own establishment" in review
    assert "Work Plan for 2024" not in review and "In 2024" not in review


@requires_report
def test_every_sentence_is_printed_verbatim_once_in_the_review(review):
    data = report_data.data()
    assert report_data.check_report(data, REPORT.read_text(encoding="utf-8")) == []


@requires_report
def test_every_digit_group_is_an_entry(review, covered):
    figures, _ = digit_groups(review)
    assert len(figures) > 150
    assert uncovered(figures, covered, review) == []


@requires_report
def test_only_years_and_ordinals_are_left_out(review):
    _, left_out = digit_groups(review)
    assert sorted(set(left_out)) == [
        ("10th", "ordinal"),
        ("11th", "ordinal"),
        ("14th", "ordinal"),
        ("2022", "year"),
        ("2023", "year"),
        ("20th", "ordinal"),
        ("9th", "ordinal"),
    ]


@requires_report
def test_every_number_word_is_an_entry(review, covered):
    words = number_words(review)
    assert len(words) > 20
    assert uncovered(words, covered, review) == []


@requires_report
def test_every_entry_is_a_figure_of_the_extractor(review, covered):
    """The converse: no entry points at a year, an ordinal or a word that is not a number."""
    figures, _ = digit_groups(review)
    printed = figures + number_words(review)
    for a, b, eid in covered:
        assert any(a <= x and y <= b for x, y in printed), (eid, review[a:b])


def test_the_extractor_leaves_out_dates_and_articles():
    text = (
        "Delivered on March 8, 2024 under Article 20 and Art. 87, 726,000 people in the 14th NPC."
    )
    figures, left_out = digit_groups(text)
    assert [text[a:b] for a, b in figures] == ["726,000"]
    assert [reason for _, reason in left_out] == ["date", "year", "article", "article", "ordinal"]


# --- the documentation states the counts ---------------------------------------------------------


def test_the_documentation_states_the_counts():
    doc = DOC.read_text(encoding="utf-8")
    covered = sum(1 for e in ENTRIES if e.figure)
    needed = sum(1 for e in ENTRIES if e.needs)
    other = sum(1 for e in ENTRIES if e.kind == "not-case-data")
    proposals = {e.needed_figure for e in ENTRIES if e.needs}
    for phrase in (
        f"| entries | {len(ENTRIES)} |",
        f"| case data covered by the registry | {covered} |",
        f"| case data needing a figure | {needed} |",
        f"| not case data | {other} |",
        f"| distinct figures proposed | {len(proposals)} |",
    ):
        assert phrase in doc
    for fid in proposals:
        assert f"`{fid}`" in doc, fid
    prose = " ".join(doc.split())
    assert ("No case data is left needing a figure" in prose) == (needed == 0)
    assert f"each of the {covered} entries that are case data" in prose or needed
