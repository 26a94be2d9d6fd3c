"""Investigation by the procuratorate (CPL art. 19 ¶2; Rules arts. 166-173), approvals of
prosecution after the limitation period (CL art. 87(4); Rules arts. 320-327), wages recovered
in wage-arrears cases (CL art. 276-1) and criminal compensation (State Compensation Law arts.
21, 23, a secondary source)."""

from datetime import date

import pytest
from casewalk import OTHER_ID, assign, intake, only, record, refused, reload
from conftest import person

from procuracy.core.errors import ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def at(make_user):
    def staff(code):
        return {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT),
            "prosecutor": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
            "officer": make_user(code, Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    return staff


def test_judicial_staff_are_investigated_and_others_only_by_mobile_investigation(unit, at):
    """CPL art. 19 ¶2: torture to extract a confession (CL art. 247) by a police officer is the
    procuratorate's to investigate; a theft is not, unless a provincial procuratorate decides a
    mobile investigation. Rules art. 171: the chief procurator approves the filing."""
    staff = at("110105")
    suspects = [
        person(name="李警官", custody="not_detained", article="247", charge="刑讯逼供罪"),
        person(
            name="王某", custody="not_detained", article="264", charge="盗窃罪", id_number=OTHER_ID
        ),
    ]
    case = intake(unit, staff, kind="self_investigation", on="2024-03-01", agency="procuratorate",
                  persons=suspects, materials=["lead"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    assert reload(case).number == "京朝检侦受〔2024〕1号"
    approved = {"approved_by": staff["chief"].username}
    with refused(ValidationFailed, "approval of the chief procurator"):
        record(case, "investigation.filed", "2024-03-10", staff["procurator"], ["P1"],
               mobile=False)  # fmt: skip
    record(case, "investigation.filed", "2024-03-10", staff["procurator"], ["P1"], mobile=False,
           **approved)  # fmt: skip
    with refused(ValidationFailed, "not suspected of a judicial staff crime"):
        record(case, "investigation.filed", "2024-03-10", staff["procurator"], ["P2"],
               mobile=False, **approved)  # fmt: skip
    with refused(ValidationFailed, "decided by a provincial-level procuratorate"):
        record(case, "investigation.filed", "2024-03-10", staff["procurator"], ["P2"],
               mobile=True, decided_by="110105", **approved)  # fmt: skip
    record(case, "investigation.filed", "2024-03-10", staff["procurator"], ["P2"], mobile=True,
           decided_by="110000", **approved)  # fmt: skip
    record(case, "investigation.transferred", "2024-06-10", staff["procurator"], ["P1"],
           **approved)  # fmt: skip
    record(case, "investigation.withdrawn", "2024-06-10", staff["procurator"], ["P2"],
           reason="犯罪事实不存在", **approved)  # fmt: skip
    assert reload(case).stage == "concluded"


def test_only_the_spp_approves_prosecution_after_twenty_years(unit, at):
    """CL art. 87(4): a homicide of 2001 prosecuted in 2024 needs the SPP's approval."""
    suspect = person(name="赵某", custody="arrested", article="232", charge="故意杀人罪",
                     offence_date="2001-05-01")  # fmt: skip
    for code in ("110000", "000000"):
        staff = at(code)
        case = intake(unit, staff, kind="limitation_approval", on="2024-03-01", unit_code=code,
                      agency="procuratorate", persons=[suspect], materials=["approval_report"])  # fmt: skip
        assign(case, staff, "2024-03-01")
        if code != "000000":
            with refused(ValidationFailed, "only the Supreme People's Procuratorate"):
                record(case, "limitation.approved", "2024-04-01", staff["prosecutor"], ["P1"],
                       approved_by=staff["chief"].username)  # fmt: skip
            continue
        record(case, "limitation.approved", "2024-04-01", staff["prosecutor"], ["P1"],
               approved_by=staff["chief"].username)  # fmt: skip
        assert reload(case).stage == "concluded"


def test_wages_recovered_only_in_a_wage_arrears_case(receive, staff):
    """CL art. 276-1: refusing to pay labour remuneration."""
    theft = receive(kind="prosecution_review")
    assign(theft, staff, "2024-03-04")
    with refused(ValidationFailed, "276-1"):
        record(theft, "prosecution.wages_recovered", "2024-03-20", staff["procurator"],
               amount=120_000)  # fmt: skip
    wages = receive(kind="prosecution_review", persons=[
        person(name="钱老板", custody="not_detained", article="276-1", charge="拒不支付劳动报酬罪")])  # fmt: skip
    assign(wages, staff, "2024-03-04")
    record(wages, "prosecution.wages_recovered", "2024-03-20", staff["procurator"],
           amount=120_000)  # fmt: skip


def test_a_compensation_claim_is_decided_within_two_months(unit, at):
    """State Compensation Law art. 23: 2 months from Fri 2024-03-01 end Wed 2024-05-01, in the
    Labour Day holiday (1-5 May 2024): due Mon 2024-05-06."""
    staff = at("110105")
    claimant = {"name": "孙某", "id_number": "11010519491231002X", "role": "claimant"}
    case = intake(unit, staff, kind="criminal_compensation", on=date(2024, 3, 1), agency="public",
                  persons=[claimant], materials=["application"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    case = reload(case)
    assert case.number == "京朝检刑赔受〔2024〕1号"
    assert only(case, "criminal-compensation-decision")["due"] == "2024-05-06"
    record(case, "compensation.decided", "2024-05-06", staff["officer"], outcome="granted",
           amount=35_000, approved_by=staff["chief"].username)  # fmt: skip
    case = reload(case)
    assert case.stage == "concluded"
    assert only(case, "criminal-compensation-decision", status="met")


def test_confiscation_of_an_absconded_suspects_gains_is_applied_for_within_thirty_days(unit, at):
    """CPL art. 298; Rules art. 519 (the procuratorate at the intermediate court's level),
    art. 523: 30 days from Fri 2024-03-01 end Sun 2024-03-31, a rest day, so Mon 2024-04-01
    (the suspect is not in custody)."""
    fled = person(name="钱某", custody="at_large", article="385", charge="受贿罪")
    for code in ("110105", "110000"):
        staff = at(code)
        case = intake(unit, staff, kind="confiscation_review", on="2024-03-01", unit_code=code,
                      agency="supervision_commission", persons=[fled],
                      materials=["confiscation_opinion"])  # fmt: skip
        assign(case, staff, "2024-03-01")
        case = reload(case)
        assert only(case, "confiscation-application-review")["due"] == "2024-04-01"
        assert case.state["persons"]["P1"]["stage"] == "at_large"
        applying = {"court": "北京市第一中级人民法院", "approved_by": staff["chief"].username}
        if code == "110105":
            with refused(ValidationFailed, "a basic procuratorate does not apply"):
                record(case, "confiscation.applied", "2024-03-25", staff["prosecutor"], ["P1"],
                       **applying)  # fmt: skip
            continue
        record(case, "confiscation.applied", "2024-03-25", staff["prosecutor"], ["P1"],
               **applying)  # fmt: skip
        case = reload(case)
        assert case.stage == "concluded"
        assert only(case, "confiscation-application-review", status="met")


def test_the_confiscation_review_is_extended_by_fifteen_days_once(unit, at):
    """Rules art. 523: 三十日以内不能作出决定的，可以延长十五日. Received Fri 2024-03-01, due Mon
    04-01 (30 days end Sun 03-31); extended on 03-29, the 15 days run from the raw end, Sun
    03-31, to Mon 04-15. Once only."""
    staff = at("110000")
    fled = person(name="钱某", custody="at_large", article="385", charge="受贿罪")
    case = intake(unit, staff, kind="confiscation_review", on="2024-03-01", unit_code="110000",
                  agency="supervision_commission", persons=[fled],
                  materials=["confiscation_opinion"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    record(case, "confiscation.review_extended", "2024-03-29", staff["prosecutor"], ["P1"])
    assert only(case, "confiscation-application-review")["due"] == "2024-04-15"
    with refused(ValidationFailed, "already extended", "Rules art. 523"):
        record(case, "confiscation.review_extended", "2024-04-10", staff["prosecutor"], ["P1"])


def test_a_foreign_request_for_assistance_is_completed_with_the_chiefs_approval(unit, at):
    """International Criminal Judicial Assistance Law (a secondary source): a foreign
    authority's request; the person concerned holds a passport."""
    staff = at("110000")
    concerned = {"name": "John Smith", "id_kind": "passport", "id_number": "E12345678",
                 "id_country": "USA", "role": "person_concerned"}  # fmt: skip
    with refused(ValidationFailed, "not 'police'", field="payload.source.agency"):
        intake(unit, staff, kind="judicial_assistance", on="2024-03-01", unit_code="110000",
               agency="police", persons=[concerned], materials=["assistance_request"])  # fmt: skip
    case = intake(unit, staff, kind="judicial_assistance", on="2024-03-01", unit_code="110000",
                  agency="foreign_authority", persons=[concerned],
                  materials=["assistance_request"])  # fmt: skip
    assign(case, staff, "2024-03-01")
    assert reload(case).number.endswith("刑协受〔2024〕1号")
    done = {"direction": "incoming", "matter": "evidence", "country": "USA"}
    with refused(ValidationFailed, "approval of the chief procurator"):
        record(case, "assistance.completed", "2024-05-01", staff["prosecutor"], **done)
    record(case, "assistance.completed", "2024-05-01", staff["prosecutor"], **done,
           approved_by=staff["chief"].username)  # fmt: skip
    assert reload(case).stage == "concluded"
