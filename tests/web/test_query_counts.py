"""List and dashboard pages use a number of queries that does not grow with the data."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "name", "limit"),
    [("procurator", "home", 8), ("manager", "monitoring", 8), ("procurator", "dashboard", 14)],
)
def test_list_pages_do_not_grow_with_the_number_of_cases(
    client, people, make_case, user, name, limit
):
    client.force_login(people[user])
    url = reverse(f"web:{name}") + ("?year=2024&org=110105&all=1" if name != "home" else "")
    make_case(on=date(2024, 3, 4))
    queries(client, url)  # warm: the dashboard's columnar copy is built on the first request
    make_case(on=date(2024, 3, 4))
    few = queries(client, url)
    for day in range(5, 12):
        make_case(on=date(2024, 3, day))
    many = queries(client, url)
    assert many == few
    assert many <= limit


@pytest.mark.django_db
def test_the_case_page_does_not_grow_with_the_number_of_events(client, people, make_case):
    from procuracy.cases import actions

    case = make_case(on=date(2024, 3, 4))
    client.force_login(people["procurator"])
    url = reverse("web:case", kwargs={"case_id": case.pk})
    few = queries(client, url)
    actions.record_event(
        case.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 6),
        actor=people["procurator"],
    )
    actions.record_event(
        case.pk,
        "monitoring.notice_issued",
        occurred_on=date(2024, 3, 7),
        payload={"problem": "检查"},
        actor=people["manager"],
    )
    many = queries(client, url)
    assert many == few
    assert many <= 8
