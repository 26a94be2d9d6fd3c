"""Supervision of commutation, parole and temporary service outside prison (CPL arts. 265-268,
273-274; Rules arts. 629-641) and of the enforcement of property penalties (Rules arts.
645-646).

Dates worked out by hand. A convict serving in prison is in custody: a period's last day on a
holiday does not roll over (CPL art. 105 ¶4). From Sat 2024-09-21, 10 days end Tue 2024-10-01,
National Day, and stay there; 20 days from Thu 2024-03-07 end Wed 2024-03-27.
"""

from datetime import date

import pytest
from casewalk import assign, intake, only, record, refused, reload

from procuracy.cases.enforcement import PROPOSAL, RULING
from procuracy.core.errors import ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

CONVICT = {"name": "赵某", "id_number": "110105194912310011", "role": "convict"}


@pytest.fixture
def desk(make_user):
    return {
        "manager": make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "procurator": make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT),
        "chief": make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }


@pytest.fixture
def open_case(unit, desk):
    def go(kind="sentence_change_supervision", agency="prison", on=date(2024, 9, 21)):
        materials = ["documents"] if kind == "sentence_change_supervision" else [
            "criminal_judgment"]  # fmt: skip
        case = intake(unit, desk, kind=kind, on=on, agency=agency, persons=[CONVICT],
                      materials=materials)  # fmt: skip
        assign(case, desk, on)
        return case

    return go


def test_a_proposal_is_reviewed_within_ten_days_in_custody(open_case, desk):
    """Rules art. 635: 10 days; the convict is in prison, so the last day, National Day, does
    not roll over (CPL art. 105 ¶4)."""
    case = reload(open_case())
    assert case.number == "京朝检刑执变受〔2024〕1号"
    assert case.department == "criminal_enforcement"
    assert only(case, PROPOSAL)["due"] == "2024-10-01"
    record(case, "enforcement.reviewed_proper", "2024-09-29", desk["procurator"], ["P1"])
    case = reload(case)
    assert only(case, PROPOSAL, status="met")
    assert case.stage == "concluded"


def test_an_opinion_against_a_ruling_needs_the_chief_and_its_outcome_is_followed(open_case, desk):
    """Rules art. 639: within 20 days of the ruling's copy; art. 641: the court's new ruling."""
    case = open_case(agency="court", on=date(2024, 3, 7))
    assert only(reload(case), RULING)["due"] == "2024-03-27"
    opinion = {"matter": "commutation", "against": "decision"}
    with refused(ValidationFailed, "approval of the chief procurator"):
        record(case, "enforcement.correction_opinion", "2024-03-20", desk["procurator"], ["P1"],
               **opinion)  # fmt: skip
    record(case, "enforcement.correction_opinion", "2024-03-20", desk["procurator"], ["P1"],
           **opinion, approved_by=desk["chief"].username)  # fmt: skip
    assert reload(case).stage == "under_review"
    record(case, "enforcement.opinion_outcome", "2024-04-15", desk["manager"], ["P1"],
           outcome="adopted")  # fmt: skip
    assert reload(case).stage == "concluded"


def test_a_convict_serving_outside_is_returned_to_prison(open_case, desk):
    """CPL art. 268(3), Rules art. 634: the conditions for serving outside have ended."""
    case = open_case(agency="procuratorate")
    assert not reload(case).state["deadlines"]
    with refused(ValidationFailed, "'healed' is not one of"):
        record(case, "enforcement.returned_to_prison", "2024-10-08", desk["procurator"], ["P1"],
               reason="healed")  # fmt: skip
    record(case, "enforcement.returned_to_prison", "2024-10-08", desk["procurator"], ["P1"],
           reason="conditions_ended")  # fmt: skip
    case = reload(case)
    assert case.state["persons"]["P1"]["stage"] == "returned"
    assert case.stage == "concluded"


def test_property_penalty_enforced_after_a_corrective_opinion(open_case, desk):
    """Rules art. 645: the opinion first, then the money enforced."""
    case = open_case(kind="property_penalty_supervision", agency="court", on=date(2024, 3, 1))
    assert reload(case).number == "京朝检刑执财受〔2024〕1号"
    with refused(ValidationFailed, "stage 'party'"):
        record(case, "enforcement.property_enforced", "2024-03-05", desk["manager"], ["P1"],
               amount=50_000)  # fmt: skip
    record(case, "enforcement.property_opinion", "2024-03-05", desk["procurator"], ["P1"],
           problem="not_enforced")  # fmt: skip
    with refused(ValidationFailed, "must be at least 1"):
        record(case, "enforcement.property_enforced", "2024-04-05", desk["manager"], ["P1"],
               amount=0)  # fmt: skip
    record(case, "enforcement.property_enforced", "2024-04-05", desk["manager"], ["P1"],
           amount=50_000)  # fmt: skip
    assert reload(case).stage == "concluded"


def test_a_complex_proposal_is_reviewed_in_ten_more_days_once_and_in_time(open_case, desk):
    """Rules art. 635: 案情复杂或者情况特殊的，可以延长十日. Received Sat 2024-09-21, due Tue
    10-01 (in custody, not rolled over); extended on 09-30, due Fri 10-11. A second extension,
    and one asked on a ruling's 20 days (Rules art. 639 has none), are refused."""
    case = open_case()
    record(case, "enforcement.review_extended", "2024-09-30", desk["procurator"], ["P1"])
    assert only(case, PROPOSAL)["due"] == "2024-10-11"
    with refused(ValidationFailed, "already extended", "Rules art. 635"):
        record(case, "enforcement.review_extended", "2024-10-08", desk["procurator"], ["P1"])
    ruling = open_case(agency="court")
    with refused(ValidationFailed, "no open period of review of the proposal"):
        record(ruling, "enforcement.review_extended", "2024-09-23", desk["procurator"], ["P1"])
    late = open_case()
    with refused(ValidationFailed, "ran out on 2024-10-01", field="occurred_on"):
        record(late, "enforcement.review_extended", "2024-10-02", desk["procurator"], ["P1"])


def test_a_decision_on_temporary_service_is_reviewed_within_a_month(unit, desk):
    """CPL art. 267, Rules art. 632: 人民检察院认为暂予监外执行不当的，应当自接到通知之日起一个月
    以内 … 提出纠正意见 (not a ruling's 20 days, Rules art. 639). A court's decision noticed Fri
    2024-03-01: the month ends Mon 04-01; the convict serves outside prison, so a holiday would
    roll it over. The opinion on 03-28 meets it."""
    case = intake(unit, desk, kind="sentence_change_supervision", on="2024-03-01",
                  agency="court", persons=[CONVICT], materials=["documents"],
                  flags=["temporary_service"])  # fmt: skip
    assign(case, desk, "2024-03-01")
    period = only(reload(case), "temporary-service-review")
    assert (period["due"], period["custody"]) == ("2024-04-01", False)
    assert not [d for d in reload(case).state["deadlines"].values() if d["rule"] == RULING]
    record(case, "enforcement.correction_opinion", "2024-03-28", desk["procurator"], ["P1"],
           matter="temporary_service", against="decision",
           approved_by=desk["chief"].username)  # fmt: skip
    assert only(reload(case), "temporary-service-review", status="met")
