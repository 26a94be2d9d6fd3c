"""Petitions (Rules arts. 161-165; Regulations on Xinfang Work), judicial relief, public
hearings and people's supervisors.

Dates are worked out by hand. The petition periods are counted like CivPL art. 85 (the start
day not counted, a last day on a rest day rolls to the next working day; Civil Code art. 202
for months): from Fri 2024-03-01, 7 days end Fri 2024-03-08; 3 months end Sat 2024-06-01, so
Mon 2024-06-03.
"""

from datetime import date

import pytest
from casewalk import assign, intake, only, record, refused, reload

from procuracy.cases.complaints import OUTCOME, PROCEDURAL, answered_in_time
from procuracy.cases.models import LedgerEvent
from procuracy.core.errors import Forbidden, ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

WOMAN = {"name": "王某", "id_number": "11010519491231002X"}  # GB 11643: 17th digit 2, female


@pytest.fixture
def desk(make_user):
    def at(code):
        return {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "officer": make_user(code, Role.PETITION_OFFICER, DepartmentKind.COMPLAINTS_APPEALS),
            "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS),
            "head": make_user(code, Role.DEPARTMENT_HEAD, DepartmentKind.COMPLAINTS_APPEALS),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    return {"110105": at("110105"), "110000": at("110000")}


@pytest.fixture
def petition(unit, desk):
    def go(code="110105", on=date(2024, 3, 1), flags=()):
        staff = desk[code]
        case = intake(unit, staff, kind="petition", on=on, agency="public", unit_code=code,
                      persons=[{**WOMAN, "role": "petitioner"}], materials=["petition"],
                      flags=list(flags))  # fmt: skip
        assign(case, staff, on)
        return case

    return go


class TestPetitions:
    def test_a_petition_is_answered_within_seven_days_and_three_months(self, petition, desk):
        """Rules art. 163: the procedural answer in 7 days, the progress or the result in 3
        months."""
        staff = desk["110105"]
        case = reload(petition())
        assert case.number == "京朝检信访受〔2024〕1号"
        assert case.department == "complaints_appeals"
        assert only(case, PROCEDURAL)["due"] == "2024-03-08"
        assert only(case, OUTCOME)["due"] == "2024-06-03"
        record(case, "petition.procedural_reply", "2024-03-07", staff["officer"],
               handling="accepted")  # fmt: skip
        assert only(case, PROCEDURAL, status="met")
        record(case, "petition.progress_reply", "2024-05-20", staff["procurator"],
               content="已调卷审查")  # fmt: skip
        assert only(case, OUTCOME, status="met")
        record(case, "petition.result_reply", "2024-07-01", staff["procurator"],
               outcome="explained")  # fmt: skip
        assert reload(case).stage == "concluded"

    def test_the_figures_flag_an_answer_in_time_late_or_already_given(self, petition, desk):
        """The 99.8% and 97.3% of the work report count answers given within the period."""
        staff = desk["110105"]
        case = petition()
        record(case, "petition.procedural_reply", "2024-03-11", staff["officer"],
               handling="accepted")  # fmt: skip
        record(case, "petition.progress_reply", "2024-04-01", staff["procurator"])
        record(case, "petition.result_reply", "2024-06-20", staff["procurator"],
               outcome="supported")  # fmt: skip
        state = reload(case).state
        ids = {e.event_type: str(e.id) for e in LedgerEvent.objects.filter(case_id=case.pk)}
        procedural, outcome = answered_in_time(PROCEDURAL), answered_in_time(OUTCOME)
        assert procedural({}, None, state, ids["petition.procedural_reply"]) is False  # late
        assert outcome({}, None, state, ids["petition.progress_reply"]) is True
        assert outcome({}, None, state, ids["petition.result_reply"]) is None  # answered before

    def test_a_petition_for_another_organ_ends_with_the_procedural_answer(self, petition, desk):
        """Rules art. 161(2): referred to the competent organ; nothing is left to answer."""
        case = petition()
        record(case, "petition.procedural_reply", "2024-03-05", desk["110105"]["officer"],
               handling="referred")  # fmt: skip
        case = reload(case)
        assert case.stage == "concluded"
        assert only(case, OUTCOME, status="met")
        with refused(ValidationFailed, "concluded"):
            record(case, "petition.result_reply", "2024-03-06", desk["110105"]["officer"],
                   outcome="explained")  # fmt: skip

    def test_only_a_leading_cadre_takes_a_petition_in_hand(self, petition, desk):
        staff = desk["110105"]
        case = petition()
        with refused(Forbidden, "role not allowed", denial_audited=None):
            record(case, "petition.leader_handling", "2024-03-04", staff["procurator"])
        record(case, "petition.leader_handling", "2024-03-04", staff["chief"])
        assert LedgerEvent.objects.filter(event_type="petition.leader_handling").count() == 1

    def test_a_petition_is_handed_only_to_a_procuratorate_below(self, petition, desk):
        """Rules art. 161 ¶2: 交办 to the level below, then followed to its end."""
        basic = petition(flags=["repeat_petition"])
        with refused(ValidationFailed, "not the code of a procuratorate below 110105"):
            record(basic, "petition.handed_over", "2024-03-04", desk["110105"]["officer"],
                   to="110106")  # fmt: skip
        upper = petition(code="110000", flags=["repeat_petition"])
        staff = desk["110000"]
        with refused(ValidationFailed, "record the handover first"):
            record(upper, "petition.handover_completed", "2024-03-04", staff["officer"])
        with refused(ValidationFailed, "below 110000"):
            record(upper, "petition.handed_over", "2024-03-04", staff["officer"], to="120101")
        record(upper, "petition.handed_over", "2024-03-04", staff["officer"], to="110105")
        record(upper, "petition.handover_completed", "2024-05-04", staff["officer"])
        assert reload(upper).state["handed_to"] == "110105"


class TestParticipation:
    def test_any_case_may_be_heard_and_watched_by_peoples_supervisors(
        self, receive, staff, make_user
    ):
        """Organic Law art. 27, Rules art. 12: people's supervisors in any case's handling;
        a public hearing in a review for arrest too."""
        case = receive()
        assign(case, staff, "2024-03-04")
        record(case, "hearing.held", "2024-03-06", staff["procurator"], resolved=False)
        with refused(ValidationFailed, "must be at least 1"):
            record(case, "oversight.peoples_supervisors", "2024-03-06", staff["procurator"],
                   activity="hearing", supervisors=0)  # fmt: skip
        record(case, "oversight.peoples_supervisors", "2024-03-06", staff["procurator"],
               activity="hearing", supervisors=2)  # fmt: skip
        types = set(LedgerEvent.objects.values_list("event_type", flat=True))
        assert {"hearing.held", "oversight.peoples_supervisors"} <= types


class TestRelief:
    def test_relief_is_granted_by_the_chief_procurator_with_its_amount(self, unit, desk):
        staff = desk["110105"]
        case = intake(unit, staff, kind="judicial_relief", on="2024-03-01", agency="public",
                      persons=[{**WOMAN, "role": "relief_applicant"}], materials=["application"],
                      flags=["rural_victim"])  # fmt: skip
        assign(case, staff, "2024-03-01")
        assert reload(case).number == "京朝检司救受〔2024〕1号"
        with refused(ValidationFailed, "approval of the chief procurator"):
            record(case, "relief.granted", "2024-03-20", staff["procurator"], ["P1"], amount=8000)
        with refused(ValidationFailed, "must be at least 1"):
            record(case, "relief.granted", "2024-03-20", staff["procurator"], ["P1"], amount=0,
                   approved_by=staff["chief"].username)  # fmt: skip
        # an amount the figures could not sum (a 64-bit integer) is no amount: at most 10^12
        with refused(ValidationFailed, "must be at most 1,000,000,000,000", field="payload.amount"):
            record(case, "relief.granted", "2024-03-20", staff["procurator"], ["P1"],
                   amount=10**19, approved_by=staff["chief"].username)  # fmt: skip
        record(case, "relief.granted", "2024-03-20", staff["procurator"], ["P1"], amount=8000,
               approved_by=staff["chief"].username)  # fmt: skip
        case = reload(case)
        assert case.state["persons"]["P1"]["stage"] == "relief_granted"
        assert case.state["persons"]["P1"]["sex"] == "female"
        assert case.stage == "concluded"
