"""Figures from the ledger (issue: figures, §2 and §4)."""

import json
from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.core.errors import NotFound, ValidationFailed
from procuracy.figures import cube, facts, registry, service
from procuracy.figures.formatting import format_change, format_value
from procuracy.staff.roles import DepartmentKind, Role

ADULT = "11010519491231002X"  # GB 11643 worked example


@pytest.fixture
def con():
    return facts.connect(":memory:")


@pytest.fixture
def people(make_user):
    def staff(code):
        return {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    return {"110105": staff("110105"), "110106": staff("110106")}


def arrest_case(unit, staff, on, outcome, plea=False):
    case = actions.receive_case(
        unit, kind="arrest_review", received_on=on, source={"agency": "police"},
        materials=["arrest_request", "case_file", "evidence"],
        persons=[{"name": "甲", "id_number": ADULT, "custody": "detained", "guilty_plea": plea,
                  "charges": [{"article": "264", "name": "盗窃罪"}]}],
        actor=staff["manager"],
    )  # fmt: skip
    if outcome == "approved":
        actions.record_event(
            case.pk, "arrest.approved", persons=["P1"], occurred_on=on, actor=staff["procurator"]
        )
    else:
        actions.record_event(
            case.pk,
            "arrest.not_approved",
            persons=["P1"],
            occurred_on=on,
            payload={"reason": outcome, "approved_by": staff["chief"].username},
            actor=staff["procurator"],
        )
    return case


@pytest.mark.django_db
class TestCounting:
    def test_figures_count_persons_per_year_and_subtree(self, people, unit, con):
        chaoyang, fengtai = unit("110105"), unit("110106")
        arrest_case(chaoyang, people["110105"], date(2023, 5, 8), "approved")
        arrest_case(chaoyang, people["110105"], date(2024, 5, 6), "approved")
        arrest_case(chaoyang, people["110105"], date(2024, 5, 7), "approved")
        arrest_case(chaoyang, people["110105"], date(2024, 5, 8), "no_necessity")
        arrest_case(fengtai, people["110106"], date(2024, 5, 8), "insufficient_evidence")
        beijing = service.figures(2024, "110000", "quality", con=con).values
        assert beijing["quality.arrest_review_concluded"].value == 4
        assert beijing["quality.not_arrested"].value == 2
        assert beijing["quality.non_arrest_rate"].value == pytest.approx(0.5)
        chaoyang_figs = service.figures(2024, "110105", con=con).values
        assert chaoyang_figs["criminal.arrested"].value == 2
        assert chaoyang_figs["criminal.arrested"].previous == 1
        assert chaoyang_figs["criminal.arrested"].change == pytest.approx(1.0)
        assert chaoyang_figs["criminal.not_arrested_no_necessity"].value == 1

    def test_a_corrected_event_no_longer_counts(self, people, unit, con):
        case = arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        assert service.figures(2024, "110105", con=con).values["criminal.arrested"].value == 1
        from procuracy.cases.models import LedgerEvent

        wrong = LedgerEvent.objects.get(case_id=case.pk, event_type="arrest.approved")
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 5, 7),
            corrects=str(wrong.pk),
            payload={"reason": "recorded on the wrong case"},
            actor=people["110105"]["procurator"],
        )
        assert service.figures(2024, "110105", con=con).values["criminal.arrested"].value == 0

    def test_the_copy_is_incremental(self, people, unit, con):
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        first = facts.sync(con)
        assert first == 2
        assert facts.sync(con) == 0
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 7), "approved")
        assert facts.sync(con) == 2

    def test_a_year_without_data_is_a_clear_error(self, people, unit, con):
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        with pytest.raises(NotFound, match="no ledger data for 2031"):
            service.figures(2031, "110105", con=con)

    def test_an_unknown_edition_or_figure_is_a_clear_error(self, people, unit, con):
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        with pytest.raises(ValidationFailed, match="unknown edition"):
            service.figures(2024, "110105", "annual", con=con)
        with pytest.raises(NotFound, match=r"did you mean criminal\.prosecuted"):
            service.explain("criminal.prosecute", 2024, "110105", con=con)

    def test_explain_shows_the_query_the_counts_and_the_events(self, people, unit, con):
        case = arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        data = service.explain("criminal.arrested", 2024, "110105", con=con)
        part = data["parts"][0]
        assert "FILTER" in part["sql"]
        assert part["counts"][2024] == 1
        assert part["samples"][0][1] == str(case.pk)
        assert (data["edition"], data["value"].value) == ("work-report", 1)

    def test_explain_gives_a_ratio_its_value_as_figures_does(self, people, unit, con):
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 7), "no_necessity")
        data = service.explain("quality.non_arrest_rate", 2024, "110105", con=con)
        assert data["edition"] == "quality"
        assert data["value"].value == pytest.approx(0.5)
        listed = service.figures(2024, "110105", "quality", con=con).values
        assert data["value"] == listed["quality.non_arrest_rate"]

    def test_explain_refuses_what_figures_refuses(self, people, unit, con):
        """A year without data, an unknown edition, a figure outside the edition asked for:
        one clear error each, as for ``figures``."""
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
        with pytest.raises(NotFound, match="no ledger data for 1999"):
            service.explain("criminal.arrested", 1999, "110105", con=con)
        with pytest.raises(ValidationFailed, match="unknown edition 'foo'"):
            service.explain("criminal.arrested", 2024, "110105", con=con, edition="foo")
        with pytest.raises(NotFound, match=r"'criminal\.prosecuted' is not in edition 'quality'"):
            service.explain("criminal.prosecuted", 2024, "110105", con=con, edition="quality")


def test_all_counted_figures_of_an_edition_are_one_statement():
    figures = registry.edition("work-report")
    con = facts.connect(":memory:")
    plan = cube.query(figures, "/000000/", (2022, 2023), cube.Dims.of(con))
    # one statement with one aggregation per family (persons, cases, events), whatever the
    # number of figures, and a bit for every counted figure
    assert ";" not in plan.sql and plan.sql.count("FROM facts") == len(cube.FAMILIES) == 3
    placed = {fid: (branch, col, bit) for fid, branch, col, bit, _sum in plan.bits}
    assert set(placed) == {fid for fid, fig in figures.items() if fig.count != "ratio"}
    # no two figures of a family have the same bit
    assert len(set(placed.values())) == len(placed)
    for fid, (_branch, col, bit) in placed.items():
        assert 0 <= col < plan.columns and bit < 1 << cube.BITS, fid


def test_every_ratio_refers_to_figures_of_its_edition():
    for name in registry.EDITIONS:
        registry.edition(name)  # raises on a dangling reference


def test_rates_print_as_the_report_prints_them():
    """The report's own numbers: 4,885 changed of 6,114 concluded protests is 79.9%;
    7,549 of 8,537 is 88.4%."""
    fig = registry.all_figures()["criminal.protest_change_rate"]
    assert format_value(cube.Value(fig, 4885 / 6114, None)) == "79.9%"
    assert format_value(cube.Value(fig, 7549 / 8537, None)) == "88.4%"
    assert format_value(cube.Value(fig, None, None)) == "—"
    # a rate just below 100% keeps two decimals, as the report prints the PIL actions
    # upheld: 12,345 of 12,350 is 99.96%, not "100.0%"
    support = registry.all_figures()["pil.lawsuit_support_rate"]
    assert format_value(cube.Value(support, 12_345 / 12_350, None)) == "99.96%"
    assert format_value(cube.Value(support, 1.0, None)) == "100.0%"


def test_year_on_year_change_prints_like_the_report():
    fig = registry.all_figures()["criminal.prosecuted"]
    # 1,688,000 prosecuted in 2023, up 17.3%: a 2022 base of 1,439,000 gives 17.30%.
    value = cube.Value(fig, 1_688_000, 1_439_000)
    assert format_change(value) == "up 17.3% year on year"
    assert format_change(cube.Value(fig, 4, 4)) == "unchanged year on year"
    assert format_value(value) == "1,688,000"


def test_every_filter_names_declared_events_and_their_values():
    """A figure's events, codes and details are what the event-type registry declares (a
    misspelt outcome would count nothing, silently)."""
    from procuracy.cases.catalogue import EVENT_TYPES

    for name in registry.EDITIONS:
        for fid, fig in registry.edition(name).items():
            if fig.filter is None:
                continue
            for m in fig.filter.events:
                assert m.event_type in EVENT_TYPES, (fid, m.event_type)
                choices = {
                    c.code for f in EVENT_TYPES[m.event_type].fields for c in (f.choices or ())
                }
                assert set(m.details) <= choices, (fid, m.details)
                assert set(m.codes) <= choices, (fid, m.codes)


def test_cases_handled_are_every_declared_kind_but_petitions():
    """``all.cases_handled`` lists the kinds it counts; a new procedure must be added to it
    (or left out here, with its reason)."""
    from procuracy.cases.catalogue import PROCEDURES

    assert set(registry.HANDLED_KINDS) == set(PROCEDURES) - {"petition"}
    assert set(registry.CRIMINAL_KINDS) == {
        k for k, p in PROCEDURES.items() if p.line == "criminal"
    }
    assert registry.all_figures()["criminal.cases_received"].filter.case_kinds == (
        registry.CRIMINAL_KINDS
    )
    fig = registry.all_figures()["all.cases_handled"]
    assert fig.filter.case_kinds == registry.HANDLED_KINDS


def test_every_sum_says_what_it_adds_up_in_its_unit():
    for fid, fig in registry.all_figures().items():
        if fig.count == "sum":
            assert (fig.measure, fig.unit) in {("amount", "yuan"), ("days", "days")}, fid


def test_the_copy_prints_no_progress_bar(tmp_path):
    """DuckDB prints its progress bar on standard output during long statements, which would
    land inside `procuracy figures --json` and `procuracy bench report --json` (seen at scale
    1.0): the copy's connections have it off."""
    con = facts.connect(tmp_path / "facts.duckdb")
    assert con.execute("SELECT current_setting('enable_progress_bar')").fetchone()[0] is False


def test_every_figure_has_a_definition_declared_or_read_from_its_declaration():
    """``figures explain`` prints a definition for every figure: the declared one, or one read
    from what the figure counts and filters (a review found 124 of 165 without one)."""
    figures = registry.all_figures()
    assert all(registry.describe(f, figures) for f in figures.values())
    arrested = figures["criminal.arrested"]
    assert registry.describe(arrested) == arrested.definition
    assert registry.describe(figures["criminal.prosecuted"]) == (
        "counts distinct persons with an event prosecution.prosecuted"
    )
    rate = registry.describe(figures["criminal.protest_change_rate"])
    assert rate.startswith("a rate: ") and "(criminal.protests_changed) divided by" in rate
    assert rate.endswith("(criminal.protests_concluded)")


def test_every_figure_is_defined_in_chinese_too():
    """The staff web's drill-down defines a figure in the page's language: each declared
    English definition has its Chinese one, and one read from a declaration names the event
    types, their choices and the conditions by their Chinese names (not their codes)."""
    import re

    from procuracy.cases.catalogue import EVENT_TYPES

    figures = registry.all_figures()
    for f in figures.values():
        assert bool(f.definition_zh) == bool(f.definition), f.id
        text = registry.describe(f, figures, lang="zh")
        # Chinese, with no English words but codes, ids, marks and the docs cited
        assert re.search(r"[\u4e00-\u9fff]", text), (f.id, text)
        words = re.findall(r"\b(?:the|of|with|counts|an|or|and)\b", text)
        assert not words, (f.id, text)
    prosecuted = registry.describe(figures["criminal.prosecuted"], lang="zh")
    assert EVENT_TYPES["prosecution.prosecuted"].zh in prosecuted and "人数" in prosecuted
    rate = registry.describe(figures["criminal.protest_change_rate"], figures, lang="zh")
    assert rate.startswith("比率：") and figures["criminal.protests_changed"].zh in rate
    # a choice by its Chinese name: non-arrest for no necessity (Rules art. 140)
    fig = registry.Figure(
        "x", "x", "x", "persons", "persons",
        registry.Filter((registry.E("arrest.not_approved", "no_necessity"),), minor=True),
    )  # fmt: skip
    text = registry.describe(fig, lang="zh")
    assert "不批准逮捕" in text and "no_necessity" not in text and "犯罪时未成年" in text


def test_the_explain_command_prints_the_value_and_refuses_a_year_without_data(
    people, unit, tmp_path, monkeypatch
):
    from io import StringIO

    from django.core.management import CommandError, call_command

    monkeypatch.setattr(facts, "default_path", lambda: tmp_path / "facts.duckdb")
    arrest_case(unit("110105"), people["110105"], date(2023, 5, 6), "approved")
    arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), "approved")
    arrest_case(unit("110105"), people["110105"], date(2024, 5, 7), "approved")
    out = StringIO()
    call_command("figures", "explain", "criminal.arrested", "--year", "2024", "--org", "110105",
                 stdout=out)  # fmt: skip
    assert "value 2024: 2; 2023: 1; up 100.0% year on year" in out.getvalue()
    samples = out.getvalue().split("sample events:")[1].strip().splitlines()
    assert len(samples) == 2 and all("arrest.approved (event " in s for s in samples)
    assert "None" not in out.getvalue()  # an event without a reason code has none printed
    with pytest.raises(CommandError, match="no ledger data for 1999"):
        call_command("figures", "explain", "criminal.arrested", "--year", "1999", stdout=StringIO())
    # --json: a sample's missing reason code is null, not the text "None" (found by a review)
    out = StringIO()
    call_command("figures", "explain", "criminal.arrested", "--year", "2024", "--org", "110105",
                 "--json", stdout=out)  # fmt: skip
    samples = [row for part in json.loads(out.getvalue())["parts"] for row in part["samples"]]
    assert samples and "None" not in [x for row in samples for x in row]
    # a value in days (or yuan) says so; a count's unit is its noun, in the heading
    review = actions.receive_case(
        unit("110105"), kind="prosecution_review", received_on=date(2024, 6, 3),
        source={"agency": "police"}, materials=["transfer_opinion", "case_file", "evidence"],
        persons=[{"name": "甲", "id_number": ADULT, "custody": "arrested",
                  "charges": [{"article": "264", "name": "盗窃罪"}]}],
        actor=people["110105"]["manager"],
    )  # fmt: skip
    actions.record_event(review.pk, "prosecution.prosecuted", persons=["P1"],
                         occurred_on=date(2024, 6, 13), payload={"charges": [
                             {"article": "264", "name": "盗窃罪"}]},
                         actor=people["110105"]["procurator"])  # fmt: skip
    out = StringIO()
    call_command("figures", "explain", "quality.review_days_average", "--year", "2024",
                 "--org", "110105", stdout=out)  # fmt: skip
    assert "value 2024: 10.0 days; 2023: —" in out.getvalue()
    # an empty --org is no procuratorate, not the SPP's figures in silence
    with pytest.raises(CommandError, match="unknown procuratorate code ''"):
        call_command("figures", "--year", "2024", "--org", "", stdout=StringIO())
    # nor an empty --edition the work report's
    with pytest.raises(CommandError, match="unknown edition ''"):
        call_command("figures", "--year", "2024", "--org", "110105", "--edition", "",
                     stdout=StringIO())  # fmt: skip


LOCAL = """
figures:
  - id: quality.non_arrest_rate
    zh: 不捕率（本院口径）
    en: non-arrest rate (local definition)
    unit: rate
    count: ratio
    numerator: quality.not_arrested_evidence
    denominator: quality.arrest_review_concluded
    definition: not arrested for insufficient evidence ÷ arrest reviews concluded
  - id: quality.not_arrested_evidence
    zh: 证据不足不捕人数
    en: people not arrested for insufficient evidence
    unit: persons
    count: persons
    filter:
      events:
        - type: arrest.not_approved
          codes: [insufficient_evidence]
    definition: people not arrested for insufficient evidence (CPL art. 90)
"""


@pytest.fixture
def local_file(tmp_path, settings):
    def write(text):
        file = tmp_path / "indicators.yaml"
        file.write_text(text, encoding="utf-8")
        settings.INDICATORS_FILE = str(file)
        return file

    return write


@pytest.mark.django_db
def test_an_installation_defines_its_own_quality_indicators(people, unit, con, local_file):
    """domain.md §3: where no official definition is known the definition is configurable: a
    local file replaces the declared non-arrest rate (every non-arrest over the reviews) with
    its own (non-arrests for insufficient evidence only) and adds the count it needs."""
    for outcome in ("approved", "insufficient_evidence", "no_necessity", "no_necessity"):
        arrest_case(unit("110105"), people["110105"], date(2024, 5, 6), outcome)
    declared = service.figures(2024, "110105", "quality", con=con).values
    assert declared["quality.non_arrest_rate"].value == pytest.approx(3 / 4)
    local_file(LOCAL)
    local = service.figures(2024, "110105", "quality", con=con).values
    assert local["quality.non_arrest_rate"].value == pytest.approx(1 / 4)
    assert local["quality.not_arrested_evidence"].value == 1
    assert local["quality.non_arrest_rate"].figure.definition.startswith("[local] ")
    # the work report's figures are not touched
    assert service.figures(2024, "110105", con=con).values["criminal.arrested"].value == 1


@pytest.mark.parametrize(
    ("change", "record", "field", "reason"),
    [
        (("codes: [insufficient_evidence]", "codes: [insufficient]"),
         "quality.not_arrested_evidence", "filter.events[0].codes", "'insufficient' is not one"),
        (("type: arrest.not_approved", "type: arrest.refused"),
         "quality.not_arrested_evidence", "filter.events[0].type", "no event type"),
        (("numerator: quality.not_arrested_evidence", "numerator: quality.nothing"),
         "quality.non_arrest_rate", "numerator", "'quality.nothing' is not a figure"),
        (("id: quality.non_arrest_rate", "id: criminal.arrested"),
         "criminal.arrested", "id", "local figures are quality indicators"),
        (("    definition: people not arrested for insufficient evidence (CPL art. 90)\n", ""),
         "quality.not_arrested_evidence", "definition", "required"),
        (("unit: persons", "unit: people"), "quality.not_arrested_evidence", "unit", "one of"),
        (("          codes: [insufficient_evidence]\n",
          "          codes: [insufficient_evidence]\n      source_agencies: [polce]\n"),
         "quality.not_arrested_evidence", "filter.source_agencies", "'polce' is not one of"),
    ],
)  # fmt: skip
def test_a_mistaken_local_indicator_is_one_clear_error(local_file, change, record, field, reason):
    from procuracy.figures.local import IndicatorError, overrides

    file = local_file(LOCAL.replace(*change))
    with pytest.raises(IndicatorError) as error:
        overrides()
    assert (error.value.record, error.value.field) == (record, field)
    assert reason in error.value.message and str(file) in error.value.message


def test_an_unreadable_local_file_fails_the_start_up_check(local_file, settings, tmp_path):
    from procuracy.figures.apps import check_local_indicators

    local_file("figures: [unclosed")
    (problem,) = check_local_indicators()
    assert problem.id == "figures.E001" and "not a readable YAML file" in problem.msg
    # one line, saying where (PyYAML's own message spans several, with the text quoted)
    assert "\n" not in problem.msg and "(line 1, column 19: expected ',' or ']'" in problem.msg
    settings.INDICATORS_FILE = str(tmp_path / "absent.yaml")
    (problem,) = check_local_indicators()
    assert "no such file (PROCURACY_INDICATORS)" in problem.msg
    settings.INDICATORS_FILE = None
    assert check_local_indicators() == []
