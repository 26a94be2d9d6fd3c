"""Criminal enforcement figures and sums of amounts, from hand-walked cases of 2024 at
北京市朝阳区人民检察院; the counts and sums are worked out here."""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

MAN = "110105194912310011"  # weighted sum 165, 165 % 11 = 0: check 1 (GB 11643)


@pytest.mark.django_db
def test_enforcement_figures_and_sums(make_user, unit):
    manager = make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT)
    procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT)
    chief = make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP)
    # judicial relief is the complaints and appeals department's (Rules art. 158: 办案部门)
    relief_procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.COMPLAINTS_APPEALS)

    def case(kind, agency, materials, flags=(), role="convict"):
        return actions.receive_case(
            unit("110105"), kind=kind, received_on=date(2024, 3, 1), source={"agency": agency},
            persons=[{"name": "某", "id_number": MAN, "role": role}], materials=materials,
            flags=list(flags), actor=manager,
        )  # fmt: skip

    def record(c, etype, on, **payload):
        actor = (manager if etype in ("enforcement.property_enforced",
                                      "enforcement.opinion_outcome")
                 else relief_procurator if etype.startswith("relief.") else procurator)  # fmt: skip
        actions.record_event(c.pk, etype, occurred_on=date.fromisoformat(on), persons=["P1"],
                             payload=payload, actor=actor)  # fmt: skip

    approved = {"approved_by": chief.username}
    s1 = case("sentence_change_supervision", "prison", ["documents"])
    record(s1, "enforcement.correction_opinion", "2024-03-08", matter="parole",
           against="proposal", **approved)  # fmt: skip
    record(s1, "enforcement.opinion_outcome", "2024-04-08", outcome="adopted")
    s2 = case("sentence_change_supervision", "court", ["documents"])
    record(s2, "enforcement.reviewed_proper", "2024-03-15")
    s3 = case("sentence_change_supervision", "procuratorate", ["documents"])
    record(s3, "enforcement.returned_to_prison", "2024-05-01", reason="conditions_ended")
    p1 = case("property_penalty_supervision", "court", ["criminal_judgment"])
    record(p1, "enforcement.property_opinion", "2024-03-05", problem="not_enforced")
    record(p1, "enforcement.property_opinion", "2024-04-05", problem="assets_hidden")
    record(p1, "enforcement.property_enforced", "2024-05-05", amount=50_000)
    p2 = case("property_penalty_supervision", "court", ["criminal_judgment"])
    record(p2, "enforcement.property_opinion", "2024-03-05", problem="improper")
    record(p2, "enforcement.property_enforced", "2024-06-05", amount=30_000)
    for amount, flags in ((10_000, ["rural_victim"]), (5_000, ["rural_victim"]), (7_000, [])):
        r = case("judicial_relief", "public", ["application"], flags, role="relief_applicant")
        record(r, "relief.granted", "2024-03-20", amount=amount, **approved)

    v = service.figures(2024, "110105", con=facts.connect(":memory:")).values
    assert v["enforcement.commutation_parole_cases"].value == 3
    assert v["enforcement.correction_opinions"].value == 1
    assert v["enforcement.returned_to_prison"].value == 1
    assert v["enforcement.property_penalty_opinions"].value == 3
    assert v["enforcement.property_penalty_amount"].value == 80_000
    assert v["relief.amount_rural"].value == 15_000
    beijing = service.figures(2024, "110000", con=facts.connect(":memory:")).values
    assert beijing["relief.amount_rural"].value == 15_000
    assert beijing["relief.amount_rural"].previous == 0
