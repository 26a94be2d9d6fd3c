"""The work report: the 2023 report's number style, its sentences, Chinese 万/亿, Word."""

import dataclasses
import io
from datetime import date
from decimal import Decimal

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
        # a small unit's amount keeps the template's significant digits, not whole millions
        (1_340_000, "670 million", "1.34 million"),
        (4_600_000, "380 million", "4.6 million"),  # no zeros the template does not print
        (1_000_000, "670 million", "1 million"),
        (20_000_000, "670 million", "20 million"),
        (670_412_000, "670 million", "670 million"),
        (1_200_000_000, "1.2 billion", "1.2 billion"),
        # below 100% never prints as 100.0% (docs/figures.md)
        (99.96, "79.9%", "99.96%"),
        (99.96, "99.96%", "99.96%"),
        (100.0, "79.9%", "100.0%"),
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
        (9_428, "人", "9428人"),  # below 10,000: no thousands separator in Chinese
        (2_178, "人", "2178人"),
        (10_000, "人", "1万人"),
        (4_262_500, "件", "426.3万件"),  # 426.25: half up (a float's format gives 426.2)
        (99_999_999, "元", "1亿元"),  # not "10000万元"
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
    # the report's own "2,734 case of": a count's noun follows its number
    sentences = {e.sentence.replace("2,734 case of", "2,734 cases of") for e in COVERED}
    assert sentences <= printed, sorted(sentences - printed)[:3]


def test_the_chinese_report_has_a_line_per_figure_with_its_change():
    sections = report.build(_values_as_reported(), "zh")
    lines = [p.text for ps in sections.values() for p in ps]
    assert "批准和决定逮捕人数72.6万人，同比上升47.1%。" in lines
    # the report gives no change for this one: the line says the year before is not there
    assert "起诉涉黑涉恶犯罪人数1.5万人，上年无可比数据。" in lines


def test_a_chinese_rate_line_gives_its_change_in_points_in_each_section_it_is_printed():
    """The 2023 report prints the protest change rate in section III and its rise in points
    in section V ("increased by 6.3 points"): both sections have the line, with the change."""
    sections = report.build(_values_as_reported(), "zh")  # the rise of 6.3 points included
    line = "刑事抗诉改变率为79.9%，同比上升6.3个百分点。"
    assert [roman for roman, ps in sections.items() if any(p.text == line for p in ps)] == [
        "III",
        "V",
    ]


def test_the_word_file_opens_with_headings_and_tables():
    from docx import Document

    data = report.to_docx("报告", report.build(_values_as_reported(), "zh"), "zh")
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == "一、为大局服务，充分履行检察职能维护稳定促进发展"  # as the report
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
    assert "arrest was approved for 1 suspect and" in page
    with pytest.raises(CommandError, match="no ledger data for 2031"):
        call_command("report", "--year", "2031", "--org", "110105", stdout=out)
    with pytest.raises(CommandError, match="give -o"):
        call_command("report", "--year", "2024", "--format", "docx", stdout=out)
    with pytest.raises(CommandError, match="give -o"):  # "-" is standard output: not for Word
        call_command("report", "--year", "2024", "--format", "docx", "-o", "-", stdout=out)
    with pytest.raises(CommandError, match="-o: give a file name"):
        call_command("report", "--year", "2024", "-o", " ", stdout=out)


def test_an_average_of_days_prints_as_its_change_in_days():
    """ "the average time of the review for prosecution in individual cases decreased by 4.8
    days": the 2022 average less the 2023 one, in days (not a percentage)."""
    entry = next(e for e in report_data.entries() if e.id == "r5-review-days-decrease")
    fig = registry.all_figures()["quality.review_days_average"]
    assert report.printed(entry, {fig.id: Value(fig, 3_260 / 200, 4_220 / 200)}) == "4.8"
    assert report.printed(entry, {fig.id: Value(fig, None, 21.1)}) == "—"
    # in Chinese, the average and its change
    assert report.zh_line(Value(fig, 16.3, 21.1)) == "审查起诉平均用时16.3天，同比减少4.8天。"


# --- the words that follow the figures ----------------------------------------------------------

BY_ID = {e.id: e for e in report_data.entries()}
FIGURES = registry.all_figures()


def _paragraph(values, entry_id, lang="en", **scope) -> str:
    """The paragraph that prints the entry's figure (in the entry's sentence, where the figure
    is printed in more than one)."""
    entry = BY_ID[entry_id]
    found = [
        p.text
        for paragraphs in report.build(values, lang, **scope).values()
        for p in paragraphs
        if any(fig.id == entry.figure for fig, _v in p.figures)
    ]
    assert found, f"{entry_id} is not printed"
    return next((t for t in found if t[:20] == entry.sentence[:20]), found[0])


def _with(**figures):
    """The report's values, with some figures' (value, year before) replaced."""
    values = _values_as_reported()
    for fid, (value, previous) in figures.items():
        fid = fid.replace("__", ".")
        values[fid] = Value(FIGURES[fid], value, previous)
    return values


@pytest.mark.parametrize(
    ("entry_id", "figures", "expected"),
    [
        # "down 51.6% year on year" when the count went up, or stayed
        ("r2-doctors-harmed-prosecuted", {"criminal__prosecuted__against_medical_staff": (226, 200)},
         "with 226 people being prosecuted, up 13.0% year on year."),
        ("r2-doctors-harmed-prosecuted", {"criminal__prosecuted__against_medical_staff": (1, 1)},
         "with 1 person being prosecuted, unchanged year on year."),
        # "up 6.4%" when it went down
        ("r2-environment-resources-prosecuted",
         {"criminal__prosecuted__environment_resources": (0, 4)},
         "prosecuting 0 people, down 100.0% year on year."),
        ("r1-internet-prosecuted", {"criminal__prosecuted__internet": (9, 10)},
         "prosecuted 9 people for committing crimes by using the internet, down 10.0 percent year "
         "on year."),
        # "a year-on-year increase of 28.9%"
        ("intro-cases-handled", {"all__cases_handled": (4_000_000, 5_000_000)},
         "handled a total of 4.000 million cases, a year-on-year decrease of 20.0%."),
        ("intro-cases-handled", {"all__cases_handled": (12_721, 12_721)},
         "handled a total of 12,721 cases, no year-on-year change."),
        # "an increase of 31.5% year on year"
        ("r2-food-drug-prosecuted", {"criminal__prosecuted__food_drug_safety": (13_000, 20_000)},
         "prosecuting 13,000 people, a decrease of 35.0% year on year."),
        ("r2-food-drug-prosecuted", {"criminal__prosecuted__food_drug_safety": (7, 7)},
         "prosecuting 7 people, no change year on year."),
        # "up 47.1% and 17.3% year on year respectively"
        ("r1-prosecuted", {"criminal__prosecuted": (900_000, 1_000_000)},
         "were prosecuted, up 47.1% and down 10.0% year on year respectively."),
        ("r1-prosecuted", {"criminal__prosecuted": (9, 10), "criminal__arrested": (8, 10)},
         "were prosecuted, down 20.0% and 10.0% year on year respectively."),
        ("r1-prosecuted", {"criminal__prosecuted": (9, 9), "criminal__arrested": (8, 8)},
         "were prosecuted, unchanged year on year."),
        # "increases of 22.5% and 12.6% year-on-year respectively"
        ("r1-not-prosecuted-discretionary",
         {"criminal__not_prosecuted_discretionary": (498_000, 498_000)},
         "in accordance with the law; an increase of 22.5% and no change year-on-year "
         "respectively."),
        ("r1-not-prosecuted-discretionary",
         {"criminal__not_prosecuted_discretionary": (8, 10),
          "criminal__not_arrested_no_necessity": (9, 10)},
         "in accordance with the law; decreases of 10.0% and 20.0% year-on-year respectively."),
        # "rose by 25.2% year on year"
        ("r3-commutation-cases-growth", {"enforcement__commutation_parole_cases": (90, 100)},
         "outside prison fell by 10.0% year on year;"),
        ("r3-commutation-cases-growth", {"enforcement__commutation_parole_cases": (90, 90)},
         "outside prison remained unchanged year on year;"),
        # "decreased by 4.8 days", "decreased by 24.8%", "increased by 6.3 points"
        ("r5-review-days-decrease", {"quality__review_days_average": (20.0, 16.0)},
         "in individual cases increased by 4.0 days, and"),
        ("r5-review-days-decrease", {"quality__review_days_average": (16.0, 16.0)},
         "in individual cases remained unchanged, and"),
        ("r5-post-arrest-acquittals-decrease",
         {"quality__post_arrest_acquitted_or_exempt": (120, 100)},
         "waivers of criminal punishment increased by 20.0%,"),
        # (the rate is its counts': protests changed of concluded)
        ("r5-protest-change-rate-rise",
         {"criminal__protests_changed": (5, 6), "criminal__protests_concluded": (10, 10)},
         "resulting in a change decreased by 10.0 points,"),
        ("r5-protest-change-rate-rise",
         {"criminal__protests_changed": (5, 6), "criminal__protests_concluded": (10, 12)},
         "resulting in a change remained unchanged, and"),
        # "towering 36 percentage points above the rate for cases not applying the system"
        ("r1-plea-acceptance-gap", {"criminal__no_plea_acceptance_rate": (0.99, None)},
         "was 96.8%, 2 percentage points below the rate for cases not applying the system."),
        ("r1-plea-acceptance-gap", {"criminal__no_plea_acceptance_rate": (0.968, None)},
         "was 96.8%, equal to the rate for cases not applying the system."),
        ("r1-plea-acceptance-gap", {"criminal__no_plea_acceptance_rate": (0.608, None)},
         "was 96.8%, towering 36 percentage points above the rate"),
        # "2.7 times higher than that in 2022"
        ("r1-ip-litigation-supervision-growth", {"civil__ip_supervision_cases": (2_508, 5_016)},
         "were handled, which was 0.5 times that in 2022."),
        ("r1-ip-litigation-supervision-growth", {"civil__ip_supervision_cases": (2_508, 2_508)},
         "were handled, which was the same as that in 2022."),
        # none the year before: no change to print, in whatever words the report used
        ("r1-ip-litigation-supervision-growth", {"civil__ip_supervision_cases": (7, 0)},
         "were handled, with none the year before to compare."),
        ("intro-cases-handled", {"all__cases_handled": (12, 0)},
         "handled a total of 12 cases, with none the year before to compare."),
        ("r2-doctors-harmed-prosecuted", {"criminal__prosecuted__against_medical_staff": (3, 0)},
         "with 3 people being prosecuted, with none the year before to compare."),
        # a list of changes, one without the year before
        ("r1-arrest-approved", {"criminal__arrested": (3, 0), "criminal__prosecuted": (2, 2)},
         "arrest was approved for 3 suspects and 2 people were prosecuted, not comparable and "
         "unchanged year on year respectively."),
        # a change printed after its verb, and a gap, without the year before or the rate
        ("r3-commutation-cases-growth", {"enforcement__commutation_parole_cases": (7, 0)},
         "temporary service of sentences outside prison had none the year before to compare;"),
        ("r5-review-days-decrease", {"quality__review_days_average": (20.0, None)},
         "in individual cases had none the year before to compare, and post-arrest"),
        ("r1-plea-acceptance-gap", {"criminal__no_plea_acceptance_rate": (None, None)},
         "was 96.8%, with no rate for cases not applying the system to compare."),
    ],
    ids=lambda x: x if isinstance(x, str) and x[:2] in ("r1", "r2", "r3", "r5", "in") else "",
)  # fmt: skip
def test_the_direction_words_follow_the_computed_change(entry_id, figures, expected):
    text = _paragraph(_with(**figures), entry_id)
    assert expected in text, text
    for wrong in ("up down", "down up", "of up ", "of down ", " -", "up 0.0%", "down 0.0%",
                  "of 0.0%", "up —", "of —", "was — times", "by —", "towering —"):  # fmt: skip
        assert wrong not in text, text


def test_a_change_in_chinese_follows_its_sign():
    prosecuted, days = FIGURES["criminal.prosecuted"], FIGURES["quality.review_days_average"]
    assert report.zh_line(Value(prosecuted, 15, 16)) == "提起公诉人数15人，同比下降6.3%。"
    assert report.zh_line(Value(prosecuted, 17, 16)) == "提起公诉人数17人，同比上升6.3%。"
    assert report.zh_line(Value(prosecuted, 16, 16)) == "提起公诉人数16人，同比持平。"
    assert report.zh_line(Value(prosecuted, 16, 0)) == "提起公诉人数16人，上年无可比数据。"
    assert report.zh_line(Value(prosecuted, 16, None)) == "提起公诉人数16人，上年无可比数据。"
    assert report.zh_line(Value(days, 20.0, 16.0)) == "审查起诉平均用时20.0天，同比增加4.0天。"


@pytest.mark.parametrize(
    ("entry_id", "figures", "expected"),
    [
        ("r1-arrest-approved", {"criminal__arrested": (1, 1), "criminal__prosecuted": (1, 1)},
         "Throughout the year, arrest was approved for 1 suspect and 1 person was prosecuted, "
         "unchanged year on year."),
        ("r1-arrest-approved", {"criminal__arrested": (2, 2), "criminal__prosecuted": (2, 2)},
         "arrest was approved for 2 suspects and 2 people were prosecuted"),
        ("r1-cultural-heritage-pil", {"pil__cases_filed__cultural_heritage": (1, None)},
         "1 case of public interest litigation was handled in the field"),
        ("r1-cultural-heritage-pil", {"pil__cases_filed__cultural_heritage": (8, None)},
         "8 cases of public interest litigation were handled in the field"),  # the report's typo
        ("r1-judicial-assistance-cases", {"criminal__judicial_assistance_cases": (1, None)},
         "and 1 criminal judicial assistance case in accordance with the law"),
        ("r3-protests-filed", {"criminal__protests_filed": (1, None)},
         "There was 1 procuratorial appeal submitted against criminal judgments that were"),
        ("r1-rural-relief-victims", {"relief__persons_rural": (1, None)},
         "distributed to 1 rural victim who was in financial difficulties"),
        ("r2-repeat-xinfang-completed",
         {"petitions__repeat_completed": (1, None), "petitions__repeat_handed_over": (1, None)},
         "1 case of repeated xinfang was investigated and handed over and 1 has already been "
         "completed."),
        ("r1-duty-financial-sector",
         {"duty__prosecuted__financial_sector": (1, None),
          "duty__prosecuted__medical_sector": (1, None)},
         "we prosecuted 1 and 1 people for duty crimes"),
    ],
    ids=lambda x: x if isinstance(x, str) and x[:2] in ("r1", "r2", "r3") else "",
)  # fmt: skip
def test_a_count_of_one_reads_in_the_singular(entry_id, figures, expected):
    assert expected in _paragraph(_with(**figures), entry_id)


def test_rates_round_half_up_from_their_counts():
    """1 of 16 is 6.25%: the report's arithmetic prints 6.3% (a float's format: 6.2%)."""
    rate = FIGURES["criminal.protest_change_rate"]
    values = _with(**{
        "criminal__protest_change_rate": (1 / 16, None),
        rate.numerator.replace(".", "__"): (1, None),
        rate.denominator.replace(".", "__"): (16, None),
    })  # fmt: skip
    assert "with a change rate of 6.3%." in _paragraph(values, "r3-protest-change-rate")
    assert "刑事抗诉改变率为6.3%，上年无可比数据。" in [
        p.text for ps in report.build(values, "zh").values() for p in ps
    ]
    # the report's own: 4,885 of 6,114 and 7,549 of 8,537
    reported = _values_as_reported()
    assert "with a change rate of 79.9%." in _paragraph(reported, "r3-protest-change-rate")
    assert "with a change rate of 88.4%." in _paragraph(reported, "r3-civil-protest-change-rate")


def _docx_rows(values, lang) -> dict[str, list[str]]:
    from docx import Document

    document = Document(io.BytesIO(report.to_docx("报告", report.build(values, lang), lang)))
    return {row.cells[0].text: [c.text for c in row.cells[1:]]
            for table in document.tables for row in table.rows[1:]}  # fmt: skip


def test_the_word_tables_print_numbers_as_the_text_does():
    support = FIGURES["pil.lawsuit_support_rate"]
    values = _with(**{
        "all__cases_handled": (12_721, 9_861),
        "criminal__prosecuted__tax": (9_428, 9_428),
        "relief__amount_rural": (330_000, None),
        "pil__lawsuit_support_rate": (12_345 / 12_350, None),
        support.numerator.replace(".", "__"): (12_345, None),
        support.denominator.replace(".", "__"): (12_350, None),
    })  # fmt: skip
    en = _docx_rows(values, "en")
    assert en[FIGURES["all.cases_handled"].en] == ["12,721", "up 29.0%"]
    assert en[FIGURES["criminal.prosecuted.tax"].en] == ["9,428", "unchanged"]
    assert en[FIGURES["relief.amount_rural"].en] == ["330,000 yuan", "—"]
    assert en[support.en][0] == "99.96%"
    zh = _docx_rows(values, "zh")
    assert zh[FIGURES["all.cases_handled"].zh] == ["1.3万件", "上升29.0%"]
    assert zh[FIGURES["criminal.prosecuted.tax"].zh] == ["9428人", "持平"]
    assert zh[FIGURES["relief.amount_rural"].zh] == ["33万元", "—"]
    assert zh[support.zh][0] == "99.96%"


# --- the report of another year, or of a procuratorate below the SPP -----------------------------


def _text(sections) -> str:
    return "\n".join(p.text for ps in sections.values() for p in ps)


def test_a_report_of_another_year_names_that_year_and_the_year_before():
    text = _text(report.build(_values_as_reported(), "en", year=2022))
    assert "which was 2.7 times higher than that in 2021." in text
    assert "as compared with 2021, the average time" in text
    assert "2022" not in text and "2023" not in text
    # what is not case data of 2022 is left out; the case data of its sentence stays
    for told in ("21 guidelines", "Chen Xuyuan", "14 others", "Jiang Sixing", "ten opinions",
                 "three-year campaign", "Hubei", "Jilin"):  # fmt: skip
        assert told not in text
    assert (
        "The nation's procuratorial organs prosecuted 323,000 people for committing crimes by "
        "using the internet, up 36.2 percent year on year." in text
    )
    assert "The SPP lawfully approved the pursuit of 137 homicide cases" in text
    # the 2023 report's year prints the report's sentences as they are
    assert "The SPP formulated 21 guidelines" in _text(report.build(_values_as_reported(), "en"))


def test_another_year_leaves_out_the_2023_campaign_against_northern_myanmar_fraud():
    """The special action on the telecom network fraud of northern Myanmar is the 2023
    report's; the 2022 report keeps the counts of the sentence (found by a review)."""
    text = _text(report.build(_values_as_reported(), "en", year=2022))
    assert "northern Myanmar" not in text
    assert (
        "We punished telecommunications fraud and online gambling in accordance with the law, "
        "prosecuting 51,000 people for telecommunications network fraud crimes" in text
    )
    assert "northern Myanmar" in _text(report.build(_values_as_reported(), "en"))


def test_a_part_of_the_nations_flow_does_not_tell_the_reports_examples():
    """A simulation at a scale below 1.0 printed its 2023 national report as the report is
    printed: "the pursuit of 0 homicide cases ... including the case of Jiang Sixing and Xue
    Sanyuan". Only the nation's whole flow tells the report's examples."""
    values = _values_as_reported()
    values["criminal.prosecution_after_limitation_approved"] = dataclasses.replace(
        values["criminal.prosecution_after_limitation_approved"], value=0
    )
    text = _text(report.build(values, "en", whole=False))
    assert "The SPP lawfully approved the pursuit of 0 homicide cases" in text
    for told in ("Jiang Sixing", "Chen Xuyuan", "21 guidelines"):
        assert told not in text, told
    assert "Jiang Sixing" in _text(report.build(_values_as_reported(), "en", whole=True))


@pytest.mark.django_db
def test_a_simulation_below_scale_one_is_not_the_whole_flow(monkeypatch):
    from procuracy.simulator import load

    monkeypatch.setattr(load, "simulated_runs", lambda: {(1, 0.002)})
    assert report.whole_flow() is False
    monkeypatch.setattr(load, "simulated_runs", lambda: {(1, 1.0)})
    assert report.whole_flow() is True
    monkeypatch.setattr(load, "simulated_runs", set)  # a ledger of real cases
    assert report.whole_flow() is True


@pytest.mark.django_db
def test_a_district_report_names_the_district_procuratorate_and_not_the_spp(unit):
    district = unit("110105")
    text = _text(report.build(_values_as_reported(), "en", year=2023, unit=district))
    assert "SPP" not in text
    assert "nation's" not in text and "nation’s" not in text
    assert text.startswith(
        "The Beijing Chaoyang District People's Procuratorate handled a total of 4.253 million "
        "cases, a year-on-year increase of 28.9%."
    )
    assert (
        "The leading cadres of the Beijing Chaoyang District People's Procuratorate handled" in text
    )
    assert "21 guidelines" not in text and "Chen Xuyuan" not in text
    # nor the nation's "at all levels", the SPP's listing of accident cases, or the 2023
    # report's own judgement on its changes (found by a review)
    for told in ("all levels", "listed major production safety", "significantly improved"):
        assert told not in text, told
    assert "from the supervision commissions, a year-on-year increase of 9.3%" in text
    assert "On the quality and efficiency of legal supervision work: as compared with 2022" in text
    # nor what the SPP did with national bodies in 2023 (found by a review), while the
    # figures of those sentences stay
    for told in ("Ministry of Public Security", "National Supervisory Commission",
                 "State Post Bureau", "All-China", "issued example cases", "Yangtze"):  # fmt: skip
        assert told not in text, told
    assert "57,000 guardianship exhortation orders were issued." in text
    # the SPP's own protests and approvals are no figures of a district, in Chinese either
    zh = _text(report.build(_values_as_reported(), "zh", year=2023, unit=district))
    assert FIGURES["civil.protests_filed_by_spp"].zh not in zh
    assert FIGURES["criminal.prosecuted"].zh in zh
    assert FIGURES["civil.protests_filed_by_spp"].zh in _text(
        report.build(_values_as_reported(), "zh")
    )
    # a procuratorate with others below it: their figures add up
    province = _text(report.build(_values_as_reported(), "en", unit=unit("110000")))
    assert province.startswith(
        "The Beijing Municipal People's Procuratorate and the procuratorates under it handled"
    )
    # a prefecture with no basic procuratorate below it (东莞) handles its cases alone
    dongguan = _text(report.build(_values_as_reported(), "en", unit=unit("441900")))
    assert "procuratorates under it" not in dongguan


@pytest.mark.django_db
def test_a_basic_procuratorate_s_report_leaves_out_former_ministerial_cadres(unit):
    """Former provincial and ministerial level cadres are tried by an intermediate court or
    above (CPL art. 21), and prosecuted by the procuratorate of that court's level (Rules art.
    328): a district's report said "including 0 former provincial and ministerial level
    cadres" and 起诉原省部级干部人数0人. A prefecture's (东莞) keeps them."""
    cadres = FIGURES["duty.prosecuted.provincial_ministerial"]
    district = unit("110105")
    en = _text(report.build(_values_as_reported(), "en", year=2023, unit=district))
    zh = _text(report.build(_values_as_reported(), "zh", year=2023, unit=district))
    assert "people have been prosecuted." in en and "provincial and ministerial" not in en
    assert cadres.zh not in zh and FIGURES["duty.prosecuted"].zh in zh
    dongguan = unit("441900")
    assert "including 25 former provincial and ministerial level cadres" in _text(
        report.build(_values_as_reported(), "en", year=2023, unit=dongguan)
    )
    assert cadres.zh in _text(report.build(_values_as_reported(), "zh", year=2023, unit=dongguan))


@pytest.mark.django_db
def test_the_title_names_the_procuratorate_with_its_article():
    assert report.title("Supreme People's Procuratorate", 2023, "en").startswith(
        "Work report of the Supreme People's Procuratorate, 2023"
    )
    assert report.title("the Beijing Municipal People's Procuratorate", 2023, "en").startswith(
        "Work report of the Beijing Municipal People's Procuratorate, 2023"
    )


def test_the_reports_typo_is_kept_for_its_own_figure_only():
    """The 2023 report prints "7. 1%" (a stray space): its own figure is printed so, so that
    the report's sentence comes out as printed; any other value is printed plainly."""
    assert report.print_like(Decimal("7.1"), "7. 1%") == "7. 1%"  # (values in percent)
    assert report.print_like(Decimal("7.12"), "7. 1%") == "7. 1%"
    assert report.print_like(Decimal("100"), "7. 1%") == "100.0%"
    assert report.print_like(Decimal("8.2"), "7. 1%") == "8.2%"


def test_a_figure_in_two_sentences_of_a_section_has_one_row_in_the_word_table():
    from docx import Document

    data = report.to_docx("Report", report.build(_values_as_reported(), "en"), "en")
    for table in Document(io.BytesIO(data)).tables:
        names = [row.cells[0].text for row in table.rows[1:]]
        assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)


def test_additional_arrests_and_prosecutions_are_counted_in_people():
    """追捕1.9万人、追诉9.9万人 (the 2023 report): each event adds one person."""
    for fid in ("criminal.additional_arrests", "criminal.additional_prosecutions"):
        line = report.zh_line(Value(FIGURES[fid], 19_000, None))
        assert line.startswith(f"{FIGURES[fid].zh}1.9万人"), line


def test_the_other_reports_sentences_print_every_figure_of_the_sentence():
    """A sentence rewritten for another year or procuratorate keeps each figure and change the
    report prints there, and no number that is not case data."""
    for entry_id, versions in report.OTHER_REPORTS.items():
        group = [e for e in report_data.entries() if e.sentence == BY_ID[entry_id].sentence]
        for text in versions:
            if text is None:
                continue
            for e in group:
                if e.figure:
                    assert report_data.occurrences(e.text, text), (entry_id, e.text)
                    if e.yoy_text:
                        assert report_data.occurrences(e.yoy_text, text), (entry_id, e.yoy_text)
                elif e.unit not in report.DEFINING_UNITS:
                    assert not report_data.occurrences(e.text, text), (entry_id, e.text)


def test_the_printed_change_says_its_direction_where_it_is_not_the_reports():
    """``bench`` compares it with the report's "51.6%" (down): a rise or no change must not
    match."""
    entry = BY_ID["r2-doctors-harmed-prosecuted"]
    fig = FIGURES[entry.figure]
    assert report.printed_change(entry, {fig.id: Value(fig, 100, 200)}) == "50.0%"
    assert report.printed_change(entry, {fig.id: Value(fig, 226, 200)}) == "up 13.0%"
    assert report.printed_change(entry, {fig.id: Value(fig, 200, 200)}) == "unchanged"
    assert report.printed_change(entry, {fig.id: Value(fig, 200, 0)}) == "—"


def test_the_opening_sentence_comes_before_section_one():
    """The 2023 report opens its review with the cases handled ("handled a total of 4.253
    million cases"), before heading I: so do the Markdown, HTML and Word reports."""
    from docx import Document

    sections = report.build(_values_as_reported(), "en")
    opening = "handled a total of 4.253 million cases"
    for text in (report.to_markdown("t", sections, "en"), report.to_html("t", sections, "en")):
        assert -1 < text.index(opening) < text.index("I. Serving the overall situation")
    document = Document(io.BytesIO(report.to_docx("t", sections, "en")))
    paragraphs = [p for p in document.paragraphs if p.text]
    assert opening in paragraphs[1].text and paragraphs[2].style.name == "Heading 1"


def test_a_change_the_report_prints_in_whole_percent_keeps_a_decimal_when_it_is_not_its_own():
    """The report prints "13%" (assisting information network crimes): its own change prints
    so, another as ``figures`` prints it, with one decimal: 12.5% is not "12%", and 0.4% is an
    increase, not "no change" (found by a review)."""
    entry = BY_ID["r1-assisting-network-prosecuted"]
    values = _values_as_reported()
    assert "13%" in _paragraph(values, entry.id)  # the report's own figure, as printed
    v = values[entry.figure]
    for now, then, printed in ((1125, 1000, "12.5%"), (1004, 1000, "0.4%")):
        values[entry.figure] = Value(v.figure, now, then)
        text = _paragraph(values, entry.id)
        assert f"increases of 66.9%, {printed}, and 5.3%" in text, text
