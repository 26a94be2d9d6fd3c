"""Social-governance suggestions, guardianship orders and transfers by administrative organs,
from hand-walked cases of 2024 at 北京市朝阳区人民检察院; the counts are worked out here."""

from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.figures import facts, service
from procuracy.staff.roles import DepartmentKind, Role

ADULT = "11010519491231002X"
MINOR = "110105200801010014"  # born 2008-01-01 (tests/cases/conftest.py)


@pytest.mark.django_db
def test_suggestions_guardianship_orders_and_transfers(make_user, unit):
    manager = make_user("110105", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT)
    procurator = make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION)
    chief = make_user("110105", Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP)
    chaoyang = unit("110105")

    def receive(kind, persons, materials, agency="police"):
        case = actions.receive_case(
            chaoyang, kind=kind, received_on=date(2024, 3, 1), source={"agency": agency},
            persons=persons, materials=materials, actor=manager,
        )  # fmt: skip
        actions.assign_case(case.pk, actor=manager, occurred_on=date(2024, 3, 1))
        return case

    def record(case, etype, on, persons=(), **payload):
        actor = manager if etype in ("suggestion.replied", "filing.transfer_done") else procurator
        actions.record_event(case.pk, etype, occurred_on=date.fromisoformat(on),
                             persons=list(persons), payload=payload, actor=actor)  # fmt: skip

    def suspect(id_number):
        return {"name": "某", "id_number": id_number, "custody": "not_detained",
                "offence_date": "2024-02-01", "charges": [{"article": "133-1", "name": "危险驾驶罪"}]}  # fmt: skip

    review = receive("prosecution_review", [suspect(MINOR), suspect(ADULT)],
                     ["transfer_opinion", "case_file", "evidence"])  # fmt: skip
    record(review, "juvenile.guardianship_order", "2024-03-05", ["P1"], guardian="某父")
    approved = {"approved_by": chief.username}
    record(review, "suggestion.social_governance", "2024-03-10", domain="road_traffic_safety",
           addressee="交通支队", **approved)  # fmt: skip
    record(review, "suggestion.replied", "2024-04-10", outcome="adopted")
    record(review, "suggestion.social_governance", "2024-04-15", domain="campus_safety",
           addressee="某中学", **approved)  # fmt: skip
    # one organ transferred after the opinion, the other not yet
    for done in (True, False):
        filing = receive("filing_supervision", [suspect(ADULT)], ["complaint"], agency="victim")
        record(filing, "filing.transfer_opinion", "2024-03-10", agency="某市场监督管理局",
               **approved)  # fmt: skip
        if done:
            record(filing, "filing.transfer_done", "2024-04-01")

    v = service.figures(2024, "110105", con=facts.connect(":memory:")).values
    assert v["suggestions.social_governance"].value == 2
    assert v["suggestions.road_traffic_safety"].value == 1
    assert v["juvenile.guardianship_orders"].value == 1
    assert v["criminal.administrative_transfers_urged"].value == 1
