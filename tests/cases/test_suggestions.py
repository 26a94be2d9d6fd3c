"""Social-governance procuratorial suggestions (Rules art. 552; Organic Law art. 21) and
guardianship orders (Law on the Prevention of Juvenile Delinquency art. 61).

Dates worked out by hand: 2 months from Mon 2024-04-15 end Sat 2024-06-15, a rest day, so the
answer is due Mon 2024-06-17 (counted like CivPL art. 85).
"""

import pytest
from casewalk import MINOR_ID, assign, only, record, refused, reload
from conftest import person

from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_suggestion_from_any_case_needs_the_chief_and_is_answered_in_two_months(receive, staff):
    """Rules art. 552: a suggestion on a widespread unlawful situation, with the chief
    procurator's decision; Organic Law art. 21: the written answer."""
    case = receive(kind="prosecution_review")
    assign(case, staff, "2024-03-04")
    suggestion = {"domain": "road_traffic_safety", "addressee": "北京市公安局朝阳分局交通支队"}
    with refused(ValidationFailed, "no suggestion of this case awaits an answer"):
        record(case, "suggestion.replied", "2024-04-10", staff["manager"], outcome="adopted")
    with refused(ValidationFailed, "approval of the chief procurator"):
        record(case, "suggestion.social_governance", "2024-04-15", staff["procurator"],
               **suggestion)  # fmt: skip
    with refused(ValidationFailed, "'roads' is not one of"):
        record(case, "suggestion.social_governance", "2024-04-15", staff["procurator"],
               **{**suggestion, "domain": "roads"}, approved_by=staff["chief"].username)  # fmt: skip
    record(case, "suggestion.social_governance", "2024-04-15", staff["procurator"],
           **suggestion, approved_by=staff["chief"].username)  # fmt: skip
    assert only(reload(case), "suggestion-reply")["due"] == "2024-06-17"
    with refused(ValidationFailed, "due by 2024-06-17"):
        record(case, "suggestion.social_governance", "2024-04-20", staff["procurator"],
               **suggestion, approved_by=staff["chief"].username)  # fmt: skip
    record(case, "suggestion.replied", "2024-06-17", staff["manager"], outcome="adopted")
    assert only(reload(case), "suggestion-reply", status="met")


def test_a_guardianship_order_is_for_a_minors_guardian(receive, staff):
    """Law on the Prevention of Juvenile Delinquency art. 61: the guardian of a minor who
    offended is admonished and may be ordered to receive family-education guidance."""
    case = receive(
        kind="prosecution_review",
        persons=[
            person(name="小明", id_number=MINOR_ID, offence_date="2024-02-01"),
            person(name="张某", offence_date="2024-02-01"),
        ],
    )
    assign(case, staff, "2024-03-04")
    with refused(ValidationFailed, "was not a minor at the offence"):
        record(case, "juvenile.guardianship_order", "2024-03-10", staff["procurator"], ["P2"],
               guardian="张父")  # fmt: skip
    record(case, "juvenile.guardianship_order", "2024-03-10", staff["procurator"], ["P1"],
           guardian="王某（母亲）", family_education=True)  # fmt: skip
    assert reload(case).state["persons"]["P1"]["stage"] == "prosecution_review"
