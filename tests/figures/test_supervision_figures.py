"""The civil and administrative litigation-supervision figures of the work report, from
hand-walked cases.

Each count below is worked out from the cases walked here, not read from the code: cases of
2024 at 北京市朝阳区人民检察院 (110105), one protest of 北京市人民检察院 (110000) and one of
the SPP (000000).
"""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

APPLICANT = {"name": "李某", "id_number": "11010519491231002X", "role": "applicant"}
COMPANY = {"name": "某建设有限公司", "id_kind": "credit_code", "id_number": "91350100M000100Y43",
           "role": "other_party"}  # fmt: skip
RECORDED_BY_MANAGER = ("retrial_outcome", "conduct_reply", "agency_replied", "support_outcome")


@pytest.fixture
def con():
    return facts.connect(":memory:")


@pytest.fixture
def walk(make_user, unit):
    staff = {}
    for code in ("110105", "110000", "000000"):
        staff[code] = {
            "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
            "civil": make_user(code, Role.PROCURATOR, DepartmentKind.CIVIL),
            "administrative": make_user(code, Role.PROCURATOR, DepartmentKind.ADMINISTRATIVE),
            "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
        }

    def case(kind, code="110105", agency="public", flags=(), persons=None):
        materials = ["application", "judgment"] if "judgment" in kind else ["application"]
        return actions.receive_case(
            unit(code), kind=kind, received_on=date(2024, 3, 1),
            source={"agency": agency}, persons=persons or [APPLICANT, COMPANY],
            materials=materials, flags=list(flags), actor=staff[code]["manager"],
        )  # fmt: skip

    def record(c, etype, on, **payload):
        people = staff[c.procuratorate.code]
        line, name = etype.split(".")
        if name in RECORDED_BY_MANAGER:
            actor = people["manager"]
        else:
            actor = people[line]
            if name not in ("dispute_resolved", "support_decided"):
                payload["approved_by"] = people["chief"].username
        actions.record_event(c.pk, etype, occurred_on=date.fromisoformat(on), payload=payload,
                             actor=actor)  # fmt: skip

    return case, record


@pytest.mark.django_db
def test_supervision_figures_count_protests_outcomes_suggestions_and_disputes(walk, con):
    case, record = walk
    court = "北京市朝阳区人民法院"
    # civil judgments at Chaoyang: j1 changed (false litigation, IP), j2 not taken up then
    # referred up, j3 not supported, j4 maintained
    j1 = case("civil_judgment_supervision", flags=["false_litigation", "intellectual_property"])
    record(j1, "civil.retrial_suggestion", "2024-04-01", court=court)
    record(j1, "civil.retrial_outcome", "2024-07-01", outcome="changed")
    j2 = case("civil_judgment_supervision")
    record(j2, "civil.retrial_suggestion", "2024-04-01", court=court)
    record(j2, "civil.retrial_outcome", "2024-07-01", outcome="not_adopted")
    record(j2, "civil.protest_requested", "2024-07-10")
    j3 = case("civil_judgment_supervision")
    record(j3, "civil.not_supported", "2024-05-01")
    j4 = case("civil_judgment_supervision")
    record(j4, "civil.retrial_suggestion", "2024-04-01", court=court)
    record(j4, "civil.retrial_outcome", "2024-08-01", outcome="maintained")
    # civil activities: a1 adopted (false litigation), a2 not adopted
    a1 = case("civil_activity_supervision", flags=["false_litigation"])
    record(a1, "civil.conduct_suggestion", "2024-04-01", area="enforcement", court=court)
    record(a1, "civil.conduct_reply", "2024-05-01", outcome="adopted")
    a2 = case("civil_activity_supervision")
    record(a2, "civil.conduct_suggestion", "2024-04-01", area="trial", court=court)
    record(a2, "civil.conduct_reply", "2024-05-01", outcome="not_adopted")
    # support for a migrant worker's action
    worker = {"name": "赵某", "id_number": "11010519491231002X", "role": "plaintiff"}
    s1 = case("civil_support", persons=[worker])
    record(s1, "civil.support_decided", "2024-03-15", group="migrant_worker", court=court)
    # protests of Beijing (remanded) and of the SPP (pending)
    p1 = case("civil_judgment_supervision", code="110000", agency="procuratorate")
    record(p1, "civil.protest", "2024-04-01", court="北京市第三中级人民法院")
    record(p1, "civil.retrial_outcome", "2024-09-02", outcome="remanded")
    p2 = case("civil_judgment_supervision", code="000000", agency="procuratorate")
    record(p2, "civil.protest", "2024-04-01", court="最高人民法院")
    # administrative at Chaoyang: x1 withdrawn after a settlement (IP), a dispute of 14 years;
    # x2 activities: enforcement suggestion, a drug rehabilitation suggestion, a 4-year dispute
    x1 = case("administrative_judgment_supervision", flags=["intellectual_property"])
    record(x1, "administrative.retrial_suggestion", "2024-04-01", court=court)
    record(x1, "administrative.dispute_resolved", "2024-04-10", dispute_began_on="2010-01-01")
    record(x1, "administrative.agency_suggestion", "2024-04-02", matter="illegal_act",
           agency="北京市朝阳区某局")  # fmt: skip
    record(x1, "administrative.retrial_outcome", "2024-06-03", outcome="withdrawn")
    x2 = case("administrative_activity_supervision")
    record(x2, "administrative.conduct_suggestion", "2024-04-01", area="enforcement", court=court)
    record(x2, "administrative.agency_suggestion", "2024-04-02", matter="drug_rehabilitation",
           agency="北京市强制隔离戒毒所")  # fmt: skip
    record(x2, "administrative.dispute_resolved", "2024-04-10", dispute_began_on="2020-01-01")

    v = service.figures(2024, "110105", con=con).values
    assert v["civil.protests_and_retrial_suggestions"].value == 3  # j1, j2, j4
    assert v["civil.protests_concluded"].value == 2  # j1, j4 (j2's was not taken up)
    assert v["civil.protests_changed"].value == 1
    assert v["civil.protest_change_rate"].value == pytest.approx(1 / 2)
    assert v["civil.conduct_suggestions"].value == 2
    assert v["civil.applications_not_supported"].value == 1
    assert v["civil.false_litigation_corrected"].value == 2  # j1 changed, a1 adopted
    assert v["civil.ip_supervision_cases"].value == 2  # j1 and x1
    assert v["civil.support_prosecution"].value == 1
    assert v["civil.protests_filed_by_spp"].value == 0
    assert v["administrative.protests_and_retrial_suggestions"].value == 1
    assert v["administrative.protest_change_rate"].value == pytest.approx(1.0)
    assert v["administrative.conduct_suggestions"].value == 1
    assert v["administrative.disputes_resolved"].value == 2
    assert v["administrative.disputes_resolved_long"].value == 1  # x1's, since 2010
    assert v["administrative.illegal_act_suggestions"].value == 1
    assert v["administrative.drug_rehabilitation_suggestions"].value == 1

    beijing = service.figures(2024, "110000", con=con).values
    assert beijing["civil.protests_and_retrial_suggestions"].value == 4  # and p1
    assert beijing["civil.protests_filed_by_spp"].value == 0
    national = service.figures(2024, "000000", con=con).values
    assert national["civil.protests_and_retrial_suggestions"].value == 5  # and p2
    assert national["civil.protests_concluded"].value == 3  # j1, j4, p1
    assert national["civil.protest_change_rate"].value == pytest.approx(2 / 3)
    assert national["civil.protests_filed_by_spp"].value == 1  # p2, the SPP's own
