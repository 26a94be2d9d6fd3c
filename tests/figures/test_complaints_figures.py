"""The petition, hearing, people's supervisor and judicial-relief figures of the work report,
from hand-walked cases of 2024 at 北京市朝阳区人民检察院 (110105) and 北京市人民检察院 (110000).

Each count below is worked out from the cases walked here, not read from the code. Periods:
from Fri 2024-03-01, 7 days end Fri 2024-03-08 and 3 months end Mon 2024-06-03 (Sat
2024-06-01 rolls over).
"""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

WOMAN = "11010519491231002X"  # 17th digit 2: female (GB 11643)
MAN = "110105194912310011"  # 17th digit 1: male; weighted sum 165, 165 % 11 = 0: check 1


@pytest.fixture
def con():
    return facts.connect(":memory:")


@pytest.fixture
def walk(make_user, unit):
    staff = {}
    for code in ("110105", "110000"):
        staff[code] = {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "officer": make_user(code, Role.PETITION_OFFICER, DepartmentKind.COMPLAINTS_APPEALS),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    def case(kind, code="110105", flags=(), id_number=WOMAN):
        role = "petitioner" if kind == "petition" else "relief_applicant"
        return actions.receive_case(
            unit(code), kind=kind, received_on=date(2024, 3, 1), source={"agency": "public"},
            persons=[{"name": "某人", "id_number": id_number, "role": role}],
            materials=["petition" if kind == "petition" else "application"],
            flags=list(flags), actor=staff[code]["manager"],
        )  # fmt: skip

    def record(c, etype, on, persons=(), **payload):
        people = staff[c.procuratorate.code]
        actor = people["chief"] if etype == "petition.leader_handling" else people["officer"]
        if etype == "relief.granted":
            payload["approved_by"] = people["chief"].username
        actions.record_event(c.pk, etype, occurred_on=date.fromisoformat(on),
                             persons=list(persons), payload=payload, actor=actor)  # fmt: skip

    return case, record


@pytest.mark.django_db
def test_petition_hearing_supervisor_and_relief_figures(walk, con):
    case, record = walk
    # p1: answered in 7 days and in 3 months, heard and resolved, a leader took it in hand,
    # people's supervisors at its hearing; lawyers' rights, supported
    p1 = case("petition", flags=["lawyer_rights"])
    record(p1, "petition.procedural_reply", "2024-03-08", handling="accepted")
    record(p1, "petition.leader_handling", "2024-03-10")
    record(p1, "hearing.held", "2024-04-01", resolved=True)
    record(p1, "oversight.peoples_supervisors", "2024-04-01", activity="hearing", supervisors=3)
    record(p1, "petition.result_reply", "2024-05-06", outcome="supported")
    # p2: procedural answer late (Mon 03-11), progress in time, result later; heard, not
    # resolved; against the procuratorate's own decision
    p2 = case("petition", flags=["against_own_decision"])
    record(p2, "petition.procedural_reply", "2024-03-11", handling="accepted")
    record(p2, "petition.progress_reply", "2024-05-31")
    record(p2, "hearing.held", "2024-06-10", resolved=False)
    record(p2, "petition.result_reply", "2024-07-01", outcome="not_supported")
    # p3: referred to the competent organ: the procedural answer ends it
    p3 = case("petition")
    record(p3, "petition.procedural_reply", "2024-03-05", handling="referred")
    # p4: answered in 7 days, no answer in 3 months (progress on Tue 06-04, late)
    p4 = case("petition")
    record(p4, "petition.procedural_reply", "2024-03-04", handling="accepted")
    record(p4, "petition.progress_reply", "2024-06-04")
    # p5: a repeated petition of Beijing handed to Chaoyang and completed
    p5 = case("petition", code="110000", flags=["repeat_petition"])
    record(p5, "petition.procedural_reply", "2024-03-04", handling="handed_down")
    record(p5, "petition.handed_over", "2024-03-04", to="110105")
    record(p5, "petition.handover_completed", "2024-05-10")
    # relief: a rural woman, a serviceman's family (a man), one refused
    r1 = case("judicial_relief", flags=["rural_victim"])
    record(r1, "relief.granted", "2024-03-20", ["P1"], amount=10000)
    r2 = case("judicial_relief", flags=["military_family"], id_number=MAN)
    record(r2, "relief.granted", "2024-03-20", ["P1"], amount=5000)
    r3 = case("judicial_relief", flags=["rural_victim"])
    record(r3, "relief.refused", "2024-03-20", ["P1"], reason="不符合救助条件")
    # a hearing in a relief case: counted as a hearing, not as a petition heard
    record(r3, "hearing.held", "2024-03-25")

    v = service.figures(2024, "110105", con=con).values
    assert v["petitions.received"].value == 4  # p1-p4 (p5 is Beijing's)
    assert v["petitions.procedural_reply_rate"].value == pytest.approx(3 / 4)  # p1, p3, p4
    # within 3 months: p1's result, p2's progress, p3 ended by its answer; not p4
    assert v["petitions.result_reply_rate"].value == pytest.approx(3 / 4)
    assert v["petitions.handled_by_leaders"].value == 1
    assert v["petitions.lawyers_rights_corrected"].value == 1
    assert v["petitions.against_own_decisions"].value == 1
    assert v["petitions.repeat_handed_over"].value == 0
    assert v["hearings.held"].value == 3
    assert v["hearings.petition_resolution_rate"].value == pytest.approx(1 / 2)
    assert v["oversight.peoples_supervisor_cases"].value == 1
    assert v["relief.persons_rural"].value == 1  # r3 was refused
    assert v["relief.persons_women"].value == 1
    assert v["relief.persons_military"].value == 1
    beijing = service.figures(2024, "110000", con=con).values
    assert beijing["petitions.received"].value == 5
    assert beijing["petitions.repeat_handed_over"].value == 1
    assert beijing["petitions.repeat_completed"].value == 1
