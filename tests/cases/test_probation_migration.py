"""Migration cases/0013: a probation closed by the decision after it ran was stored as a
deadline closed late (超期办结); the probation is the suspect's term (CPL art. 283; law catalogue
holder: party), so it becomes run out (期满), in the state and its projection row, and the
case's next deadline leaves out a probation still running."""

import importlib
from datetime import date

from casewalk import MINOR_ID, assign, person, record, reload

from procuracy.cases.models import Case, CaseDeadline

PROBATION = "conditional-non-prosecution-probation"
migration = importlib.import_module(
    "procuracy.cases.migrations.0013_probation_is_the_suspects_term"
)


def _probation_case(receive, staff, on):
    case = receive(kind="prosecution_review", on=on, persons=[person(
        id_number=MINOR_ID, name="小明", offence_date="2024-01-02", custody="bail")])  # fmt: skip
    assign(case, staff, on)
    record(case, "prosecution.conditional_non_prosecution", on.isoformat(), staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="imprisonment_up_to_one_year")  # fmt: skip
    return case


def test_a_probation_stored_as_closed_late_becomes_run_out(receive, staff):
    from django.apps import apps

    served = _probation_case(receive, staff, date(2024, 3, 4))
    record(served, "prosecution.conditional_completed", "2024-10-08", staff["procurator"],
           ["P1"], approved_by=staff["chief"].username)  # fmt: skip
    running = _probation_case(receive, staff, date(2024, 3, 5))
    # as an earlier version stored them: closed late, and the running probation as next due
    state = reload(served).state
    for d in state["deadlines"].values():
        if d["rule"] == PROBATION:
            d["status"] = "closed_late"
    Case.objects.filter(pk=served.pk).update(state=state)
    CaseDeadline.objects.filter(case=served.pk, rule=PROBATION).update(status="closed_late")
    due = CaseDeadline.objects.get(case=running.pk, rule=PROBATION).due
    Case.objects.filter(pk=running.pk).update(next_due=due)

    migration.forwards(apps, None)

    stored = [d["status"] for d in reload(served).state["deadlines"].values()
              if d["rule"] == PROBATION]  # fmt: skip
    assert stored == ["ran_out"]
    assert CaseDeadline.objects.get(case=served.pk, rule=PROBATION).status == "ran_out"
    assert reload(running).next_due is None
    migration.forwards(apps, None)  # again: nothing left to change
    assert CaseDeadline.objects.get(case=served.pk, rule=PROBATION).status == "ran_out"
