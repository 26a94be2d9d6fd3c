"""The public interest litigation figures of the work report, from hand-walked cases.

Each count below is worked out from the cases walked here, not read from the code: five
administrative cases and two civil ones at 北京市朝阳区人民检察院 in 2024.
"""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

ORGAN = (
    "111101050000210122"  # 11 (state organ), 110105, organisation code 000021012; checks by hand
)
COMPANY = "91350100M000100Y43"  # GB 32100 example (checked by hand in tests/parties)


@pytest.fixture
def con():
    return facts.connect(":memory:")


@pytest.fixture
def pil(make_user, unit):
    staff = {
        "manager": make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "procurator": make_user("110105", Role.PROCURATOR, DepartmentKind.PUBLIC_INTEREST),
        "chief": make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }
    chaoyang = unit("110105")

    def record(case, etype, on, persons=(), **payload):
        actor = staff["manager"] if etype in ("pil.suggestion_replied", "pil.judgment") else (
            staff["procurator"])  # fmt: skip
        if etype == "pil.lawsuit_filed":
            payload.update(court="北京市朝阳区人民法院", approved_by=staff["chief"].username)
        actions.record_event(case.pk, etype, occurred_on=date.fromisoformat(on),
                             persons=list(persons), payload=payload, actor=actor)  # fmt: skip

    def case(kind, domain, flags=()):
        party = (
            {"name": "北京市朝阳区某局", "id_kind": "credit_code", "id_number": ORGAN,
             "role": "respondent"}
            if kind == "pil_administrative" else
            {"name": "某化工有限公司", "id_kind": "credit_code", "id_number": COMPANY,
             "role": "defendant"}
        )  # fmt: skip
        c = actions.receive_case(
            chaoyang, kind=kind, received_on=date(2024, 3, 1), source={"agency": "procuratorate"},
            persons=[party], materials=["lead"], flags=list(flags), actor=staff["manager"],
        )  # fmt: skip
        record(c, "pil.filed", "2024-03-01", domain=domain)
        return c

    return case, record


@pytest.mark.django_db
def test_pil_figures_count_cases_suggestions_replies_and_decisions(pil, con):
    case, record = pil
    # 1: rectified after the suggestion (PIL Interpretation art. 21 ¶2)
    a1 = case("pil_administrative", "environment_resources", flags=["ship_pollution"])
    record(a1, "pil.pre_litigation_suggestion", "2024-03-04", ["P1"], received_on="2024-03-05")
    record(a1, "pil.suggestion_replied", "2024-04-10", ["P1"], outcome="rectified")
    # 2: refused, sued, ordered to perform (art. 21 ¶3, art. 25(3))
    a2 = case("pil_administrative", "food_drug_safety")
    record(a2, "pil.pre_litigation_suggestion", "2024-03-04", ["P1"], received_on="2024-03-05")
    record(a2, "pil.suggestion_replied", "2024-04-10", ["P1"], outcome="refused")
    record(a2, "pil.lawsuit_filed", "2024-05-10", ["P1"])
    record(a2, "pil.judgment", "2024-08-01", ["P1"], outcome="ordered_to_perform")
    # 3: no reply within the period (due Mon 2024-05-06), sued, the claims rejected (art. 25(5))
    a3 = case("pil_administrative", "food_drug_safety")
    record(a3, "pil.pre_litigation_suggestion", "2024-03-04", ["P1"], received_on="2024-03-05")
    record(a3, "pil.no_reply_recorded", "2024-05-20", ["P1"])
    record(a3, "pil.lawsuit_filed", "2024-06-03", ["P1"])
    record(a3, "pil.judgment", "2024-09-02", ["P1"], outcome="rejected")
    # 4: still rectifying: a reply, not a rectification
    a4 = case("pil_administrative", "production_safety")
    record(a4, "pil.pre_litigation_suggestion", "2024-03-04", ["P1"], received_on="2024-03-05")
    record(a4, "pil.suggestion_replied", "2024-04-10", ["P1"], outcome="rectifying")
    # 5: filed, no suggestion yet
    case("pil_administrative", "internet")
    # civil 1: announced, sued after 30 days, withdrawn once every claim was met (art. 19)
    c1 = case("pil_civil", "environment_resources")
    record(c1, "pil.announced", "2024-04-01")
    record(c1, "pil.lawsuit_filed", "2024-05-07", ["P1"])
    record(c1, "pil.judgment", "2024-08-01", ["P1"], outcome="withdrawn")
    # civil 2: announced, sued, upheld
    c2 = case("pil_civil", "heroes_martyrs")
    record(c2, "pil.announced", "2024-04-01")
    record(c2, "pil.lawsuit_filed", "2024-05-07", ["P1"])
    record(c2, "pil.judgment", "2024-08-01", ["P1"], outcome="upheld")

    v = service.figures(2024, "110105", con=con).values
    assert v["pil.cases_filed"].value == 7
    assert v["pil.administrative_cases_filed"].value == 5
    assert v["pil.cases_filed.environment_resources"].value == 2
    assert v["pil.cases_filed.food_drug_safety"].value == 2
    assert v["pil.cases_filed.heroes_martyrs"].value == 1
    assert v["pil.cases_filed.ship_pollution"].value == 1
    assert v["pil.pre_litigation_suggestions"].value == 4
    # rectified: case 1 only; due: the replies of 1, 2 and 4 and the no-reply of 3
    assert v["pil.rectification_rate"].value == pytest.approx(1 / 4)
    # actions: cases 2, 3 and the two civil ones
    assert v["pil.lawsuits_filed"].value == 4
    # decided: 2 (ordered), 3 (rejected), civil 2 (upheld); the withdrawal is no decision
    assert v["pil.lawsuit_support_rate"].value == pytest.approx(2 / 3)
    beijing = service.figures(2024, "110000", con=con).values
    assert beijing["pil.cases_filed"].value == 7
    # nothing in 2023: year on year there is no change to print
    assert v["pil.cases_filed"].previous == 0
