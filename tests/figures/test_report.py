"""The work report: the 2023 report's number style, its sentences, Chinese 万/亿, Word."""

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from procuracy.figures import registry, report, report_data
from procuracy.figures.cube import Value

COVERED = [e for e in report_data.entries() if e.figure and e.unit != "percentage-points"]


def _actual(entry) -> float:
    """A value the printed figure stands for ("more than 90%" stands for something above 90)."""
    return entry.value + (0.5 if entry.qualifier == "more-than" else 0)


@pytest.mark.parametrize("entry", COVERED, ids=lambda e: e.id)
def test_each_covered_figure_prints_as_the_report_prints_it(entry):
    assert report.print_like(_actual(entry), entry.text) == entry.text
    if entry.yoy_text and entry.yoy is not None and " " not in entry.yoy_text:
        assert report.print_like(abs(entry.yoy), entry.yoy_text) == entry.yoy_text


@pytest.mark.parametrize(
    ("value", "template", "printed"),
    [
        (4_253_000, "4.253 million", "4.253 million"),
        (1_688_412, "1,688,000", "1,688,000"),
        (9_428, "9,428", "9,428"),
        (7, "726,000", "7"),  # a small unit's count is exact, not rounded to the thousand
        (93.4, "more than 90%", "more than 90%"),
        (100.0, "more than 90%", "100%"),
        (4885 / 6114 * 100, "79.9%", "79.9%"),
        (36.24, "36.2 percent", "36.2 percent"),  # the report's other way of writing it
        (None, "79.9%", "—"),
    ],
)
def test_number_style(value, template, printed):
    assert report.print_like(value, template) == printed


@pytest.mark.parametrize(
    ("value", "unit", "printed"),
    [
        (4_263_000, "件", "426.3万件"),
        (726_000, "人", "72.6万人"),
        (300_000_000, "", "3亿"),
        (9_428, "人", "9,428人"),
        (None, "人", "—"),
    ],
)
def test_chinese_numbers_use_wan_and_yi(value, unit, printed):
    assert report.zh_number(value, unit) == printed


def _values_as_reported():
    """Registry values equal to the 2023 report's figures, with the year before implied by the
    report's year-on-year changes."""
    figures = registry.all_figures()
    values = {}
    for e in COVERED:
        fig = figures[e.figure]
        if e.unit == "days":  # an average of days printed as its change: 16.0 days, and
            # the year before 4.8 more (or fewer)
            before = 16.0 + (e.value if e.change == "down" else -e.value)
            values[e.figure] = Value(fig, 16.0, before)
            continue
        if e.unit == "times":  # the year before is the count ÷ the printed multiple
            values[e.figure] = Value(fig, values[e.figure].value, values[e.figure].value / e.value)
            continue
        value = _actual(e) / 100 if fig.count == "ratio" else _actual(e)
        previous = None if e.yoy is None else e.value / (1 + e.yoy / 100)
        values[e.figure] = Value(fig, value, previous)
    for e in report_data.entries():  # a rate's change in points: the year before's rate
        if e.figure in values and e.unit == "percentage-points" and e.change:
            v = values[e.figure]
            step = e.value / 100 if e.change == "up" else -e.value / 100
            values[e.figure] = Value(v.figure, v.value, v.value - step)
    return values


def test_with_the_reports_figures_the_english_report_prints_its_sentences():
    sections = report.build(_values_as_reported(), "en")
    printed = {p.text for paragraphs in sections.values() for p in paragraphs}
    sentences = {e.sentence for e in COVERED}
    assert sentences <= printed, sorted(sentences - printed)[:3]


def test_the_chinese_report_has_a_line_per_figure_with_its_change():
    sections = report.build(_values_as_reported(), "zh")
    lines = [p.text for ps in sections.values() for p in ps]
    assert "批准和决定逮捕人数72.6万人，同比上升47.1%。" in lines
    assert "刑事抗诉改变率为79.9%。" in lines


def test_the_word_file_opens_with_headings_and_tables():
    from docx import Document

    data = report.to_docx("报告", report.build(_values_as_reported(), "zh"), "zh")
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0].startswith("I. 服务大局")
    assert len(headings) == 5
    assert document.tables and document.tables[0].rows[0].cells[0].text == "指标"


@pytest.mark.django_db
def test_the_command_writes_the_three_formats(tmp_path, settings, make_user, unit):
    from procuracy.cases import actions
    from procuracy.staff.roles import DepartmentKind, Role

    settings.DATA_DIR = tmp_path
    manager = make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT)
    procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION)
    case = actions.receive_case(
        unit("110105"), kind="arrest_review", received_on=date(2024, 3, 4),
        source={"agency": "police"}, materials=["arrest_request", "case_file", "evidence"],
        persons=[{"name": "张某", "id_number": "11010519491231002X", "custody": "detained",
                  "charges": [{"article": "264", "name": "盗窃罪"}]}],
        actor=manager,
    )  # fmt: skip
    actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6), actor=procurator
    )
    out = io.StringIO()
    call_command(
        "report",
        "--year",
        "2024",
        "--org",
        "110105",
        "--lang",
        "zh",
        "--format",
        "docx",
        "-o",
        str(tmp_path / "r.docx"),
        stdout=out,
    )
    assert (tmp_path / "r.docx").stat().st_size > 1000
    call_command(
        "report",
        "--year",
        "2024",
        "--org",
        "110105",
        "--lang",
        "en",
        "--format",
        "html",
        "-o",
        str(tmp_path / "r.html"),
        stdout=out,
    )
    page = (tmp_path / "r.html").read_text()
    assert "arrest was approved for 1 suspects" in page
    with pytest.raises(CommandError, match="no ledger data for 2031"):
        call_command("report", "--year", "2031", "--org", "110105", stdout=out)
    with pytest.raises(CommandError, match="give -o"):
        call_command("report", "--year", "2024", "--format", "docx", stdout=out)


def test_an_average_of_days_prints_as_its_change_in_days():
    """ "the average time of the review for prosecution in individual cases decreased by 4.8
    days": the 2022 average less the 2023 one, in days (not a percentage)."""
    entry = next(e for e in report_data.entries() if e.id == "r5-review-days-decrease")
    fig = registry.all_figures()["quality.review_days_average"]
    assert report.printed(entry, {fig.id: Value(fig, 3_260 / 200, 4_220 / 200)}) == "4.8"
    assert report.printed(entry, {fig.id: Value(fig, None, 21.1)}) == "—"
    # in Chinese, the average and its change
    assert report.zh_line(Value(fig, 16.3, 21.1)) == "审查起诉平均用时16.3天，同比减少4.8天。"
