"""The deadline catalogue: every rule declared with its period, basis and custody default."""

from datetime import date

import pytest

from procuracy.law import Period, RuleNotInForce, UnknownRule, catalogue, get_rule
from procuracy.law.catalogue import IN_CUSTODY, NOT_APPLICABLE, NOT_IN_CUSTODY, chinese_number

# id, period, basis, custody default ("—": the custody exception cannot apply)
REQUIRED = [
    ("arrest-review-detained", "7 days", ["CPL art. 91", "Rules art. 282"], IN_CUSTODY),
    ("arrest-review", "15 days", ["Rules art. 282"], NOT_IN_CUSTODY),
    ("arrest-review-complex", "20 days", ["Rules art. 282"], NOT_IN_CUSTODY),
    ("self-investigated-arrest", "7 days", ["Rules art. 297", "CPL art. 167"], IN_CUSTODY),
    ("non-arrest-police-withdrawal", "15 days", ["Rules art. 287"], NOT_IN_CUSTODY),
    ("self-investigated-arrest-review", "15 days", ["Rules art. 297"], NOT_IN_CUSTODY),
    ("self-investigated-arrest-review-complex", "20 days", ["Rules art. 297"], NOT_IN_CUSTODY),
    ("supervision-commission-measure", "10 days", ["CPL art. 170"], IN_CUSTODY),
    ("prosecution-review", "1 month", ["CPL art. 172"], NOT_IN_CUSTODY),
    ("prosecution-review-extended", "1 month + 15 days", ["CPL art. 172"], NOT_IN_CUSTODY),
    ("prosecution-review-fast-track", "10 days", ["CPL art. 172"], NOT_IN_CUSTODY),
    ("prosecution-review-fast-track-long", "15 days", ["CPL art. 172"], NOT_IN_CUSTODY),
    ("jurisdiction-transfer", "5 days", ["Rules art. 328"], NOT_IN_CUSTODY),
    ("supplementary-investigation", "1 month", ["CPL art. 175"], NOT_IN_CUSTODY),
    ("victim-protest-request", "5 days", ["CPL art. 229", "Rules art. 588"], NOT_IN_CUSTODY),
    ("victim-protest-request-reply", "5 days", ["CPL art. 229", "Rules art. 588"], NOT_IN_CUSTODY),
    ("protest-judgment", "10 days", ["CPL art. 230"], NOT_IN_CUSTODY),
    ("protest-ruling", "5 days", ["CPL art. 230"], NOT_IN_CUSTODY),
    ("non-prosecution-appeal", "7 days", ["CPL art. 180", "CPL art. 181"], NOT_IN_CUSTODY),
    ("filing-supervision-explain", "7 days", ["Rules art. 560"], NOT_IN_CUSTODY),
    ("filing-supervision-file", "15 days", ["Rules art. 563"], NOT_IN_CUSTODY),
    (
        "filing-supervision-withdraw",
        "15 days",
        ["Rules art. 563", "Rules art. 564"],
        NOT_IN_CUSTODY,
    ),
    ("filing-supervision-inform", "10 days", ["Rules art. 561"], NOT_IN_CUSTODY),
    ("filing-withdrawal-reconsideration", "7 days", ["Rules art. 565"], NOT_IN_CUSTODY),
    ("filing-withdrawal-review", "15 days", ["Rules art. 565"], NOT_IN_CUSTODY),
    ("detention-release-reply", "10 days", ["CPL art. 95"], NOT_IN_CUSTODY),
    ("process-monitoring-reply", "10 days", ["Rules art. 665"], NOT_IN_CUSTODY),
    ("sealed-record-query", "7 days", ["Rules art. 484"], NOT_IN_CUSTODY),
    ("petition-procedural-reply", "7 days", ["Rules art. 163"], NOT_APPLICABLE),
    ("petition-outcome-reply", "3 months", ["Rules art. 163"], NOT_APPLICABLE),
    ("civil-supervision-review", "3 months", ["CivPL art. 220"], NOT_APPLICABLE),
    (
        "civil-activity-supervision-review",
        "3 months",
        ["Civil Supervision Rules art. 56"],
        NOT_APPLICABLE,
    ),
    ("sentence-change-proposal-review", "10 days", ["Rules art. 635"], IN_CUSTODY),
    ("confiscation-application-review", "30 days", ["Rules art. 523"], NOT_IN_CUSTODY),
    (
        "criminal-compensation-decision",
        "2 months",
        ["State Compensation Law art. 23"],
        NOT_APPLICABLE,
    ),
    ("sentence-change-ruling-review", "20 days", ["Rules art. 639"], IN_CUSTODY),
    (
        "temporary-service-review",
        "1 month",
        ["CPL art. 267", "Rules art. 632"],
        NOT_IN_CUSTODY,
    ),
    (
        "administrative-supervision-review",
        "3 months",
        ["Administrative Supervision Rules art. 12", "APL art. 101"],
        NOT_APPLICABLE,
    ),
    ("pil-pre-litigation-reply", "2 months", ["PIL Interpretation art. 21"], NOT_APPLICABLE),
    ("pil-pre-litigation-reply-urgent", "15 days", ["PIL Interpretation art. 21"], NOT_APPLICABLE),
    ("pil-announcement", "30 days", ["PIL Interpretation art. 13"], NOT_APPLICABLE),
    ("suggestion-reply", "2 months", ["Suggestion Rules"], NOT_APPLICABLE),
    (
        "conditional-non-prosecution-probation",
        "given months 6-12",
        ["CPL art. 283"],
        NOT_APPLICABLE,
    ),
    ("file-reading-arrangement", "3 working days", ["Rules art. 49"], NOT_IN_CUSTODY),
    ("arrest-reconsideration", "7 days", ["Rules art. 290"], NOT_IN_CUSTODY),
    ("arrest-reexamination", "15 days", ["Rules art. 291"], NOT_IN_CUSTODY),
    ("investigative-detention", "2 months", ["CPL art. 156"], IN_CUSTODY),
    ("non-prosecution-appeal-review", "3 months", ["Rules art. 386"], NOT_IN_CUSTODY),
    ("bail-application-answer", "3 days", ["Rules art. 88"], IN_CUSTODY),
]


@pytest.mark.parametrize(("rule_id", "period", "basis", "custody"), REQUIRED)
def test_each_required_rule_is_declared_with_its_period_basis_and_custody_default(
    rule_id, period, basis, custody
):
    rule = get_rule(rule_id)
    assert rule.period == Period.parse(period)
    cited = [a.text("en") for a in rule.basis]
    for article in basis:
        assert article in cited
    assert rule.custody == custody


def test_every_rule_has_names_a_basis_and_a_start_of_force():
    for rule in catalogue():
        assert rule.zh and rule.en, rule.id
        assert rule.basis, rule.id
        assert rule.in_force_from <= date(2024, 1, 1), rule.id


def test_only_criminal_procedure_periods_can_take_the_custody_exception():
    for rule in catalogue():
        if rule.custody_applies:
            assert rule.procedure.key == "criminal", rule.id
            assert [a.text() for a in rule.procedure.holiday_rule] == ["CPL art. 105"]
    assert not get_rule("civil-supervision-review").custody_applies
    assert not get_rule("conditional-non-prosecution-probation").custody_applies


def test_a_rule_is_in_force_from_its_latest_basis_unless_declared():
    assert get_rule("arrest-review").in_force_from == date(2019, 12, 30)  # Rules art. 684
    assert get_rule("protest-judgment").in_force_from == date(2018, 10, 26)  # CPL 2018
    assert get_rule("civil-supervision-review").in_force_from == date(2013, 1, 1)


def test_a_start_before_the_rule_is_in_force_is_refused():
    with pytest.raises(RuleNotInForce, match="2019-12-30"):
        get_rule("arrest-review", date(2019, 6, 1))


def test_an_unknown_rule_suggests_the_nearest_ids():
    with pytest.raises(UnknownRule) as info:
        get_rule("arest-review")
    assert "arrest-review" in info.value.suggestions
    assert "did you mean" in str(info.value)


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (1, "一"),
        (10, "十"),
        (13, "十三"),
        (49, "四十九"),
        (105, "一百零五"),
        (220, "二百二十"),
        (665, "六百六十五"),
        (202, "二百零二"),
    ],
)
def test_articles_are_numbered_as_the_statutes_number_them(n, text):
    assert chinese_number(n) == text


def test_a_citation_reads_in_chinese_and_english():
    article = get_rule("arrest-review-detained").basis[0]
    assert article.text("en") == "CPL art. 91"
    assert article.text("zh") == "《刑事诉讼法》第九十一条"


def test_the_periods_a_party_holds_are_the_victims_own_times_and_the_announcement():
    """Rule.holder: a victim's or a person's own time (CPL art. 180: 7 days to appeal a
    non-prosecution decision; CPL art. 229: 5 days to ask for a protest) is a party's, as are
    the 30 days of an announcement before a civil public interest action (PIL Interpretation
    art. 13 ¶1: "公告期间为三十日", the time of the organs and organisations entitled to sue)
    and the probation a suspect serves under a conditional non-prosecution (CPL art. 283:
    "考验期为六个月以上一年以下", after which the procuratorate decides, Rules art. 480);
    every other period of the catalogue is the procuratorate's handling deadline or another
    organ's time that the procuratorate supervises."""
    from procuracy.law.catalogue import catalogue

    assert catalogue().party_periods == {
        "non-prosecution-appeal", "victim-protest-request", "pil-announcement",
        "conditional-non-prosecution-probation",
    }  # fmt: skip


def test_the_periods_another_agency_holds_are_its_replies_and_its_own_times():
    """Rule.holder agency: the police's time to explain, file or withdraw a case (Rules arts.
    560, 563, 564), to withdraw after a non-arrest for no crime (Rules art. 287), to
    investigate after a return (CPL art. 175) or in detention (CPL art. 156); an organ's reply
    to a suggestion to release (CPL art. 95, Rules art. 581), to a pre-litigation suggestion
    (PIL Interpretation art. 21) or to a procuratorial suggestion (Suggestion Rules)."""
    from procuracy.law.catalogue import AGENCY, catalogue

    assert {r.id for r in catalogue().rules if r.holder == AGENCY} == {
        "non-arrest-police-withdrawal", "filing-supervision-explain", "filing-supervision-file",
        "filing-supervision-withdraw", "supplementary-investigation", "investigative-detention",
        "detention-release-reply", "pil-pre-litigation-reply",
        "pil-pre-litigation-reply-urgent", "suggestion-reply",
    }  # fmt: skip


def test_an_unknown_holder_is_refused():
    import pytest

    from procuracy.law.catalogue import parse_catalogue
    from procuracy.law.errors import InvalidPeriod

    text = """
laws:
  CPL: {zh: 刑事诉讼法, en: Criminal Procedure Law, in_force: 2018-10-26}
procedures:
  criminal: {holiday_rule: [CPL art. 105], month_rule: last-day-to-last-day,
             month_basis: [CPL art. 105], custody_exception: true}
rules:
  - {id: x, zh: x, en: x, period: 7 days, basis: [CPL art. 180], procedure: criminal,
     custody: not-in-custody, holder: victim}
"""
    with pytest.raises(InvalidPeriod, match="holder must be one of procuratorate, party, agency"):
        parse_catalogue(text)
