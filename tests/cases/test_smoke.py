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
