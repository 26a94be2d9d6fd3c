"""Migration cases/0006: states saved before the engine kept each person's custody at receipt
get it from their own events (projection.add_custody_at_receipt). The figures count
"post-arrest" acquittals and exemptions (CPL art. 200; Criminal Law art. 37) by the custody a
person was in when the case was received, not by the custody they are in now."""

from datetime import date

from casewalk import OTHER_ID, assign, gb11643, person

from procuracy.cases import actions, projection
from procuracy.cases.models import Case


def _strip(case_id) -> dict:
    """The state as an older engine saved it: without the key (written past the actions, as the
    stored rows of an older version are)."""
    state = Case.objects.get(pk=case_id).state
    for p in state["persons"].values():
        p.pop("custody_at_receipt", None)
    Case.objects.filter(pk=case_id).update(state=state)
    return state


def test_an_old_state_gets_the_custody_at_receipt_not_the_custody_of_now(receive, staff):
    # received in detention; arrest approved: the custody now is "arrested" (CPL art. 81)
    case = receive(persons=[person(), person(name="李某", custody="bail", id_number=OTHER_ID)])
    actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 8),
        actor=staff["procurator"],
    )  # fmt: skip
    before = Case.objects.get(pk=case.pk).state
    assert before["persons"]["P1"]["custody"] == "arrested"
    stripped = _strip(case.pk)
    untouched = receive(on=date(2024, 3, 5))  # saved with the key: left as it is

    assert projection.add_custody_at_receipt() == 1

    state = Case.objects.get(pk=case.pk).state
    assert state["persons"]["P1"]["custody_at_receipt"] == "detained"
    assert state["persons"]["P2"]["custody_at_receipt"] == "bail"
    # nothing else of the stored state changed
    for key in ("P1", "P2"):
        assert {k: v for k, v in state["persons"][key].items() if k != "custody_at_receipt"} == (
            stripped["persons"][key]
        )
    assert state == before
    assert Case.objects.get(pk=untouched.pk).state == untouched.state
    # run again (a migration re-applied after a restore): nothing left to change
    assert projection.add_custody_at_receipt() == 0


def test_persons_added_later_get_the_custody_they_were_added_in(receive, staff):
    """Rules art. 356: an additional prosecution adds a suspect under the key the engine gives
    (after the intake's own keys P1 and P3, the third person is P4), in the custody given when
    added; the keys are worked out from the events as the engine gives them."""
    second = person(name="钱某", id_number=gb11643("11010519800101001"), key="P3")
    case = receive(
        kind="prosecution_review", persons=[person(key="P1", custody="arrested"), second]
    )
    assign(case, staff, date(2024, 3, 4))
    added = person(name="孙某", id_number=gb11643("11010519810101001"), custody="bail")
    actions.record_event(
        case.pk, "prosecution.additional_prosecution", occurred_on=date(2024, 3, 5),
        payload={"person": added}, actor=staff["procurator"],
    )  # fmt: skip
    before = Case.objects.get(pk=case.pk).state
    assert sorted(before["persons"]) == ["P1", "P3", "P4"]
    _strip(case.pk)

    assert projection.add_custody_at_receipt() == 1

    state = Case.objects.get(pk=case.pk).state
    assert {k: p["custody_at_receipt"] for k, p in state["persons"].items()} == {
        "P1": "arrested",
        "P3": "detained",
        "P4": "bail",
    }
    assert state == before
