from datetime import date

import pytest

from procuracy.cases import actions
from procuracy.cases.models import Case


@pytest.mark.django_db
def test_an_arrest_review_walks_from_receipt_to_decision(receive, staff):
    case = receive()
    assert case.number == "京朝检刑捕受〔2024〕1号"
    actions.assign_case(case.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
    actions.record_event(
        case.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 8),
        actor=staff["procurator"],
    )
    case = Case.objects.get(pk=case.pk)
    assert case.stage == "concluded"
    assert case.state["persons"]["P1"]["custody"] == "arrested"


def test_every_procedure_takes_its_cases_from_declared_agencies():
    """The intake form offers, and the refusals name in Chinese, the agencies of
    ``SOURCE_AGENCIES``: a procedure taking a case from any other could not be registered on
    the web, and its refusal would show the bare code."""
    from procuracy.cases.catalogue import PROCEDURES
    from procuracy.cases.declarations import SOURCE_AGENCIES

    declared = {a.code for a in SOURCE_AGENCIES}
    assert len(declared) == len(SOURCE_AGENCIES)
    for procedure in PROCEDURES.values():
        assert procedure.sources and procedure.sources <= declared, procedure.kind
    used = set().union(*(p.sources for p in PROCEDURES.values()))
    assert declared == used  # none declared that no procedure takes
