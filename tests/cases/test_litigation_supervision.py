"""Civil and administrative litigation supervision (CivPL arts. 219-222, 246; APL arts. 93,
101; Civil Supervision Rules (Trial, 2013); Administrative Supervision Rules (Trial, 2016)) and
support for civil actions (CivPL art. 15).

Dates are worked out by hand. The periods are counted as the CivPL counts them (CivPL art. 85:
the start day is not counted, a last day on a rest day rolls to the next working day; Civil
Code art. 202: a month period ends on the corresponding day). 2024-06-01 was a Saturday and
2024-06-15 a Saturday; the Dragon Boat holiday of 2024 ran from 8 to 10 June.
"""

from datetime import date

import pytest
from casewalk import assign, intake, only, record, refused, reload

from procuracy.cases import projection
from procuracy.cases.levels import is_basic, is_below, level_of
from procuracy.cases.supervision import long_standing
from procuracy.core.errors import ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db

APPLICANT = {"name": "李某", "id_number": "11010519491231002X", "role": "applicant"}
COMPANY = {"name": "某建设有限公司", "id_kind": "credit_code", "id_number": "91350100M000100Y43",
           "role": "other_party"}  # fmt: skip
COURT = "北京市朝阳区人民法院"


@pytest.fixture
def people(make_user):
    def at(code):
        return {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "civil": make_user(code, Role.PROCURATOR, DepartmentKind.CIVIL),
            "administrative": make_user(code, Role.PROCURATOR, DepartmentKind.ADMINISTRATIVE),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    return {"110105": at("110105"), "110000": at("110000"), "000000": at("000000")}


@pytest.fixture
def open_case(unit, people):
    def go(kind="civil_judgment_supervision", agency="public", code="110105",
           on=date(2024, 3, 1), persons=None, **kw):  # fmt: skip
        staff = people[code]
        materials = ["application", "judgment"] if "judgment" in kind else ["application"]
        case = intake(unit, staff, kind=kind, on=on, agency=agency, unit_code=code,
                      persons=persons or [APPLICANT, COMPANY], materials=materials, **kw)  # fmt: skip
        assign(case, staff, on)
        return case

    return go


def decide(case, event_type, on, staff, line="civil", **payload):
    return record(case, event_type, on, staff[line], approved_by=staff["chief"].username,
                  **payload)  # fmt: skip


class TestJudgmentSupervision:
    def test_an_application_is_numbered_and_reviewed_within_three_months(self, open_case, people):
        """CivPL art. 220 ¶2: 3 months from Fri 2024-03-01 end Sat 2024-06-01, a rest day:
        the decision is due Mon 2024-06-03 (CivPL art. 85)."""
        case = reload(open_case())
        assert case.number == "京朝检民监受〔2024〕1号"
        assert (case.line, case.department, case.stage) == ("civil", "civil", "under_review")
        assert case.handler == people["110105"]["civil"]
        assert only(case, "civil-supervision-review")["due"] == "2024-06-03"
        roles = [p["role"] for p in case.state["persons"].values()]
        assert roles == ["applicant", "other_party"]

    def test_a_case_the_procuratorate_found_itself_has_no_review_period(self, open_case):
        """CivPL art. 220 ¶2 sets the period for a party's application only."""
        case = reload(open_case(agency="procuratorate"))
        assert not [d for d in case.state["deadlines"].values()]

    def test_a_retrial_suggestion_needs_the_chief_and_the_courts_change_concludes(
        self, open_case, people
    ):
        """CivPL art. 219 ¶2; Civil Supervision Rules arts. 53 ¶2, 54(1), 88; CivPL art. 222."""
        staff = people["110105"]
        case = open_case()
        with refused(ValidationFailed, "approval of the chief procurator"):
            record(case, "civil.retrial_suggestion", "2024-05-20", staff["civil"], court=COURT)
        decide(case, "civil.retrial_suggestion", "2024-05-20", staff, court=COURT)
        case = reload(case)
        assert case.stage == "retrial_suggested"
        assert only(case, "civil-supervision-review", status="met")
        record(case, "civil.retrial_outcome", "2024-09-02", staff["manager"], outcome="changed")
        assert reload(case).stage == "concluded"

    def test_a_basic_procuratorate_does_not_protest_the_level_above_does(self, open_case, people):
        """CivPL art. 219 ¶1-2: a protest lies against a lower court's judgment; a basic
        procuratorate asks the level above to protest (Civil Supervision Rules arts. 84-85)."""
        case = open_case()
        with refused(ValidationFailed, "basic procuratorate does not protest", "art. 219 ¶1"):
            decide(case, "civil.protest", "2024-04-10", people["110105"], court=COURT)
        decide(case, "civil.protest_requested", "2024-04-10", people["110105"])
        assert reload(case).stage == "concluded"
        above = open_case(code="110000", agency="procuratorate", on=date(2024, 4, 20))
        decide(
            above, "civil.protest", "2024-05-10", people["110000"], court="北京市第三中级人民法院"
        )
        assert reload(above).stage == "protested"
        with refused(ValidationFailed, "a protest always brings a retrial"):
            record(above, "civil.retrial_outcome", "2024-10-08", people["110000"]["manager"],
                   outcome="not_adopted")  # fmt: skip
        record(above, "civil.retrial_outcome", "2024-10-08", people["110000"]["manager"],
               outcome="remanded")  # fmt: skip
        assert reload(above).stage == "concluded"

    def test_a_suggestion_not_taken_up_is_followed_by_a_request_to_protest(self, open_case, people):
        """Civil Supervision Rules art. 117(3): follow-up supervision by the level above."""
        staff = people["110105"]
        case = open_case()
        decide(case, "civil.retrial_suggestion", "2024-04-01", staff, court=COURT)
        record(case, "civil.retrial_outcome", "2024-07-01", staff["manager"],
               outcome="not_adopted")  # fmt: skip
        assert reload(case).stage == "not_adopted"
        decide(case, "civil.protest_requested", "2024-07-10", staff)
        assert reload(case).stage == "concluded"

    def test_the_spp_has_no_level_above_to_ask(self, open_case, people):
        case = open_case(code="000000", agency="procuratorate")
        with refused(ValidationFailed, "no level above"):
            decide(case, "civil.protest_requested", "2024-04-10", people["000000"])
        decide(case, "civil.protest", "2024-04-10", people["000000"], court="最高人民法院")
        assert reload(case).stage == "protested"

    def test_only_an_application_is_not_supported(self, open_case, people):
        """Civil Supervision Rules art. 90 answers an application; a case found ex officio is
        terminated when no supervision is needed (art. 75(6))."""
        staff = people["110105"]
        found = open_case(agency="procuratorate")
        with refused(ValidationFailed, "terminate the review"):
            decide(found, "civil.not_supported", "2024-04-10", staff)
        decide(found, "civil.review_terminated", "2024-04-10", staff,
               reason="no_supervision_needed")  # fmt: skip
        assert reload(found).stage == "concluded"
        applied = open_case()
        decide(applied, "civil.not_supported", "2024-06-03", staff, reason="原判决认定事实清楚")
        applied = reload(applied)
        assert applied.stage == "concluded"
        assert only(applied, "civil-supervision-review", status="met")

    def test_a_decision_after_the_period_is_recorded_late(self, open_case, people):
        """The decision due Mon 2024-06-03 and made on Tue 2024-06-04 closes the period late."""
        case = open_case()
        decide(case, "civil.not_supported", "2024-06-04", people["110105"])
        assert only(case, "civil-supervision-review", status="closed_late")

    def test_no_decision_once_the_case_is_concluded(self, open_case, people):
        staff = people["110105"]
        case = open_case()
        decide(case, "civil.not_supported", "2024-04-01", staff)
        with refused(ValidationFailed, "concluded"):
            decide(case, "civil.retrial_suggestion", "2024-04-02", staff, court=COURT)

    def test_parties_have_roles_and_no_charges(self, open_case):
        """A supervision case's persons are the parties of the original suit."""
        with refused(
            ValidationFailed, "not one of applicant, other_party", field="persons.P1.role"
        ):
            open_case(persons=[{**APPLICANT, "role": "defendant"}])
        with refused(ValidationFailed, "has no custody"):
            open_case(persons=[{**APPLICANT, "custody": "detained"}])


class TestActivitySupervision:
    def test_a_suggestion_on_unlawful_enforcement_and_the_courts_reply(self, open_case, people):
        """CivPL art. 246; Civil Supervision Rules art. 103 (a suggestion on enforcement is
        decided by the procuratorial committee, recorded with the chief procurator). A party's
        application is reviewed within 3 months (Civil Supervision Rules art. 56 ¶2: 对民事执行
        活动监督案件的审查期限，依照前款规定执行): from Fri 2024-03-01 to Sat 06-01, a rest day,
        so Mon 06-03 (CivPL art. 85); the suggestion ends the review."""
        staff = people["110105"]
        case = reload(open_case(kind="civil_activity_supervision"))
        assert case.number == "京朝检民活监受〔2024〕1号"
        assert only(case, "civil-activity-supervision-review")["due"] == "2024-06-03"
        with refused(ValidationFailed, "'arbitration' is not one of trial, enforcement"):
            decide(case, "civil.conduct_suggestion", "2024-03-20", staff, area="arbitration",
                   court=COURT)  # fmt: skip
        decide(case, "civil.conduct_suggestion", "2024-03-20", staff, area="enforcement",
               court=COURT, subject="超标的查封")  # fmt: skip
        assert reload(case).stage == "suggested"
        with refused(ValidationFailed, "is not part of a supervision of civil trial"):
            decide(case, "civil.retrial_suggestion", "2024-03-21", staff, court=COURT)
        assert only(case, "civil-activity-supervision-review", status="met")["closed_on"] == (
            "2024-03-20"
        )
        record(case, "civil.conduct_reply", "2024-04-20", staff["manager"], outcome="adopted")
        assert reload(case).stage == "concluded"

    def test_activities_the_procuratorate_found_itself_have_no_review_period(self, open_case):
        """Civil Supervision Rules art. 56 and Administrative Supervision Rules art. 12 set the
        period for a party's application only."""
        for kind in ("civil_activity_supervision", "administrative_activity_supervision"):
            assert not reload(open_case(kind=kind, agency="procuratorate")).state["deadlines"]

    def test_an_application_on_administrative_activities_is_reviewed_in_three_months(
        self, open_case, people
    ):
        """Administrative Supervision Rules art. 12: 人民检察院受理当事人申请监督的案件，应当在三个月
        内审查终结并作出决定 (every application, activities too): due Mon 2024-06-03; a
        termination of the review meets it."""
        staff = people["110105"]
        case = open_case(kind="administrative_activity_supervision")
        assert only(case, "administrative-supervision-review")["due"] == "2024-06-03"
        decide(case, "administrative.review_terminated", "2024-04-02", staff, "administrative",
               reason="withdrawn")  # fmt: skip
        assert only(case, "administrative-supervision-review", status="met")


class TestAdministrative:
    def test_review_period_agency_suggestion_and_its_reply(self, open_case, people):
        """Administrative Supervision Rules art. 12 (3 months, due Mon 2024-06-03) and art. 34;
        the organ's reply within 2 months of Mon 2024-04-15 is due Mon 2024-06-17 (Sat
        2024-06-15 rolls over)."""
        staff = people["110105"]
        organ = {"name": "北京市朝阳区市场监督管理局", "id_kind": "credit_code",
                 "id_number": "111101050000210122", "role": "other_party"}  # fmt: skip
        case = open_case(kind="administrative_judgment_supervision", persons=[APPLICANT, organ])
        case = reload(case)
        assert case.number == "京朝检行监受〔2024〕1号"
        assert case.department == "administrative"
        assert only(case, "administrative-supervision-review")["due"] == "2024-06-03"
        with refused(ValidationFailed, "awaits an answer"):
            record(case, "administrative.agency_replied", "2024-04-10", staff["manager"],
                   outcome="adopted")  # fmt: skip
        decide(case, "administrative.agency_suggestion", "2024-04-15", staff, "administrative",
               matter="illegal_act", agency=organ["name"])  # fmt: skip
        assert only(case, "suggestion-reply")["due"] == "2024-06-17"
        with refused(ValidationFailed, "still due by 2024-06-17"):
            decide(case, "administrative.agency_suggestion", "2024-04-16", staff,
                   "administrative", matter="drug_rehabilitation", agency="强制隔离戒毒所")  # fmt: skip
        record(case, "administrative.agency_replied", "2024-05-30", staff["manager"],
               outcome="adopted")  # fmt: skip
        assert only(case, "suggestion-reply", status="met")

    def test_a_dispute_is_resolved_with_the_day_it_began(self, open_case, people):
        staff = people["110105"]
        case = open_case(kind="administrative_activity_supervision")
        with refused(ValidationFailed, "after it was resolved"):
            record(case, "administrative.dispute_resolved", "2024-04-01", staff["administrative"],
                   dispute_began_on="2024-05-01")  # fmt: skip
        record(case, "administrative.dispute_resolved", "2024-04-01", staff["administrative"],
               dispute_began_on="2010-03-31", method="withdrawn")  # fmt: skip
        assert reload(case).state["dispute_resolved"] is True
        decide(case, "administrative.review_terminated", "2024-04-02", staff, "administrative",
               reason="withdrawn")  # fmt: skip
        assert reload(case).stage == "concluded"

    def test_more_than_ten_years(self):
        """The work report's disputes "disputed for more than ten years": a dispute begun on
        2014-04-01 has lasted exactly ten years on 2024-04-01, more on the day after."""
        began = {"dispute_began_on": "2014-04-01"}
        assert not long_standing(began, date(2024, 4, 1))
        assert long_standing(began, date(2024, 4, 2))
        leap = {"dispute_began_on": "2012-02-29"}
        assert not long_standing(leap, date(2022, 3, 1))
        assert long_standing(leap, date(2022, 3, 2))

    def test_unit_levels_from_division_codes(self):
        """GB/T 2260: county-level codes never end in 00."""
        assert is_basic("110105")
        assert not is_basic("110000") and not is_basic("000000")
        assert [level_of(c) for c in ("000000", "130000", "130100", "130102")] == [
            "national", "provincial", "prefectural", "basic"]  # fmt: skip
        assert is_below("130102", "130100") and is_below("130102", "130000")
        assert is_below("110105", "000000")
        assert not is_below("120101", "130000") and not is_below("130102", "130102")
        assert not is_below("130103", "130102")  # a basic procuratorate has none below


class TestSupport:
    def test_support_for_a_migrant_workers_action(self, open_case, people):
        """CivPL art. 15: the procuratorate supports the worker's action for unpaid wages."""
        staff = people["110105"]
        worker = {"name": "赵某", "id_number": "11010519491231002X", "role": "plaintiff"}
        employer = {**COMPANY, "role": "sued_party"}
        case = reload(open_case(kind="civil_support", persons=[worker, employer]))
        assert case.number == "京朝检民支受〔2024〕1号"
        record(case, "civil.support_decided", "2024-03-15", staff["civil"],
               group="migrant_worker", court=COURT)  # fmt: skip
        assert reload(case).stage == "supported"
        record(case, "civil.support_outcome", "2024-06-15", staff["manager"], outcome="mediated")
        assert reload(case).stage == "concluded"

    def test_someone_must_be_supported(self, open_case, people):
        case = open_case(kind="civil_support", persons=[{**COMPANY, "role": "sued_party"}])
        with refused(ValidationFailed, "role plaintiff"):
            record(case, "civil.support_decided", "2024-03-15", people["110105"]["civil"],
                   group="elderly", court=COURT)  # fmt: skip


def test_supervision_cases_replay_to_the_same_projection(open_case, people):
    """A projection rebuilt from the ledger alone is identical (procuracy ledger replay)."""
    staff = people["110105"]
    case = open_case(kind="administrative_judgment_supervision")
    decide(case, "administrative.retrial_suggestion", "2024-04-01", staff, "administrative",
           court=COURT)  # fmt: skip
    record(case, "administrative.dispute_resolved", "2024-04-03", staff["administrative"],
           dispute_began_on="2012-01-01")  # fmt: skip
    record(case, "administrative.retrial_outcome", "2024-06-01", staff["manager"],
           outcome="withdrawn")  # fmt: skip
    before = reload(case).state
    projection.replay()
    assert reload(case).state == before


def test_every_code_of_the_catalogue_fits_its_column():
    """The catalogue's kinds, event types and stages fit the projection's and ledger's columns
    (PostgreSQL refuses a longer value; SQLite would not say)."""
    from procuracy.cases.catalogue import EVENT_TYPES, PROCEDURES
    from procuracy.cases.models import Case, CaseNumberCounter, CasePerson, LedgerEvent
    from procuracy.cases.stages import STAGES

    def width(model, name):
        return model._meta.get_field(name).max_length

    assert max(map(len, PROCEDURES)) <= min(width(Case, "kind"), width(CaseNumberCounter, "kind"))
    assert max(map(len, EVENT_TYPES)) <= width(LedgerEvent, "event_type")
    assert max(map(len, STAGES)) <= min(width(Case, "stage"), width(CasePerson, "stage"))
    assert max(len(p.line) for p in PROCEDURES.values()) <= width(Case, "line")
    assert max(len(p.department) for p in PROCEDURES.values()) <= width(Case, "department")


def test_a_party_role_means_the_same_in_every_procedure():
    """The intake form offers one list of roles: a code used by two procedures must have one
    meaning (a relief applicant is no applicant for supervision)."""
    from procuracy.cases.catalogue import PROCEDURES

    seen = {}
    for p in PROCEDURES.values():
        for role in p.parties:
            assert seen.setdefault(role.code, (role.zh, role.en)) == (role.zh, role.en), role.code


def test_a_material_means_the_same_in_every_procedure():
    """The intake form offers one list of materials: a code used by two procedures must have
    one meaning."""
    from procuracy.cases.catalogue import PROCEDURES

    seen = {}
    for p in PROCEDURES.values():
        for m in p.required_materials:
            assert seen.setdefault(m.code, (m.zh, m.en)) == (m.zh, m.en), m.code
