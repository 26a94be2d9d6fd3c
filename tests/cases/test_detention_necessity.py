"""Review of the necessity of detention (CPL art. 95; Rules arts. 573-583)."""

from datetime import date
from io import StringIO

import pytest
from casewalk import assign, intake, only, person, person_of, record, refused, reload

from procuracy.cases import actions
from procuracy.core.errors import Forbidden, ValidationFailed
from procuracy.staff.roles import DepartmentKind, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforcement(make_user):
    """A procurator of the criminal enforcement department, which passes on what it finds and
    does not decide (Rules art. 575 ¶3)."""
    return make_user("110105", Role.PROCURATOR, DepartmentKind.CRIMINAL_ENFORCEMENT)


@pytest.fixture
def application(unit, staff, enforcement):
    def go(on=date(2024, 3, 1), custody="arrested"):
        case = intake(
            unit,
            staff,
            kind="detention_necessity",
            on=on,
            agency="suspect_application",
            persons=[person(custody=custody)],
            materials=["application"],
        )
        assign(case, staff, on)
        return case

    return go


def test_an_accepted_suggestion_to_release_ends_detention_within_ten_days(application, staff):
    """CPL art. 95, Rules art. 581: the agency replies within 10 days. Suggested Mon
    2024-03-04: due Thu 03-14. Accepted: the suspect is released on bail; the case ends."""
    case = application()
    assert reload(case).number == "京朝检刑羁审受〔2024〕1号"
    # Rules art. 575: 负责捕诉的部门 reviews the necessity of detention
    assert reload(case).state["department"] == "criminal_prosecution"
    record(
        case,
        "detention.release_suggested",
        "2024-03-04",
        staff["procurator"],
        ["P1"],
        suggestion="release",
    )
    assert person_of(case)["stage"] == "suggestion_pending"
    assert only(case, "detention-release-reply", "P1")["due"] == "2024-03-14"
    record(case, "detention.reply_received", "2024-03-12", staff["manager"], ["P1"], accepted=True)
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"]) == ("detention_reviewed", "bail")
    assert only(case, "detention-release-reply", "P1", status="met")
    assert reload(case).stage == "concluded"


def test_a_rejected_suggestion_leaves_the_suspect_in_custody_and_a_late_reply_is_marked(
    application, staff
):
    """CPL art. 95, Rules art. 581 ¶2: a reply after Thu 2024-03-14 is late."""
    case = application()
    record(
        case,
        "detention.release_suggested",
        "2024-03-04",
        staff["procurator"],
        ["P1"],
        suggestion="change_measure",
    )
    record(case, "detention.reply_received", "2024-03-18", staff["manager"], ["P1"], accepted=False)
    assert person_of(case)["custody"] == "arrested"
    assert only(case, "detention-release-reply", "P1", status="closed_late")["due"] == "2024-03-14"


def test_no_reply_within_ten_days_gets_a_corrective_opinion_once(application, staff):
    """Rules art. 581 ¶2: 办案机关未在十日以内回复处理情况的，应当提出纠正意见: not before the
    reply is late (due Thu 2024-03-14), once; the reply is still awaited and marked late."""
    case = application()
    record(case, "detention.release_suggested", "2024-03-04", staff["procurator"], ["P1"],
           suggestion="release")  # fmt: skip
    with refused(ValidationFailed, "comes after that day", "Rules art. 581", field="occurred_on"):
        record(case, "detention.corrective_opinion", "2024-03-14", staff["procurator"], ["P1"])
    record(case, "detention.corrective_opinion", "2024-03-15", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "already given", field="persons"):
        record(case, "detention.corrective_opinion", "2024-03-20", staff["procurator"], ["P1"])
    assert person_of(case)["stage"] == "suggestion_pending"
    record(case, "detention.reply_received", "2024-03-21", staff["manager"], ["P1"], accepted=True)
    assert only(case, "detention-release-reply", "P1", status="closed_late")


def test_continued_detention_found_necessary_needs_no_suggestion(application, staff):
    """Rules art. 579: no suggestion; no reply period; a reply cannot then be recorded."""
    case = application()
    record(case, "detention.continued", "2024-03-05", staff["procurator"], ["P1"])
    assert person_of(case)["stage"] == "detention_reviewed"
    assert reload(case).state["deadlines"] == {}
    with refused(ValidationFailed, "suggestion_pending"):
        record(
            case, "detention.reply_received", "2024-03-06", staff["manager"], ["P1"], accepted=True
        )


def test_the_arrest_and_prosecution_department_reviews_not_criminal_enforcement(
    application, staff, enforcement
):
    """Rules art. 575 ¶1, ¶3: 负责捕诉的部门 reviews the necessity of detention; the criminal
    enforcement department is not in its rotation and may not decide."""
    case = application()
    handler = reload(case).state["handler"]
    assert handler in (staff["procurator"].username, staff["procurator2"].username)
    with refused(Forbidden, "criminal prosecution department", denial_audited=True):
        record(case, "detention.continued", "2024-03-05", enforcement, ["P1"])
    assert person_of(case)["stage"] == "detention_review"


@pytest.mark.parametrize("custody", ["bail", "detained", "not_detained"])
def test_only_a_person_under_arrest_has_the_necessity_of_detention_reviewed(application, custody):
    """CPL art. 95: "犯罪嫌疑人、被告人被逮捕后，人民检察院仍应当对羁押的必要性进行审查"; a
    suspect on bail, detained (拘留) or not detained is not under arrest, so no review of the
    necessity of detention is received for them (a case nothing could then conclude)."""
    from procuracy.cases.models import Case

    with refused(ValidationFailed, f"not {custody}", "CPL art. 95", field="persons.P1.custody"):
        application(custody=custody)
    assert not Case.objects.exists()


def test_cases_received_when_the_review_was_criminal_enforcements_follow(application, staff):
    """Before 2026-11-28 the procedure was declared to criminal enforcement. Migration 0008
    moves such cases' projection to criminal prosecution (Rules art. 575), as a replay of their
    events does; their old assignment naming criminal enforcement still passes the check of
    the history that a correction runs."""
    import importlib

    from django.apps import apps
    from django.core.management import call_command

    from procuracy.cases.models import Case, LedgerEvent

    case = application()
    old = {**reload(case).state, "department": "criminal_enforcement"}
    Case.objects.filter(pk=case.pk).update(department="criminal_enforcement", state=old)
    migration = importlib.import_module(
        "procuracy.cases.migrations.0008_detention_review_department"
    )
    migration.forwards(apps, None)
    assert (reload(case).department, reload(case).state["department"]) == (
        "criminal_prosecution", "criminal_prosecution"
    )  # fmt: skip
    call_command("ledger", "replay", "--check", stdout=StringIO())  # identical, else it raises
    # an assignment recorded then (its payload names criminal enforcement), then corrected:
    # the remaining history still passes today's rules
    record(case, "case.assigned", "2024-03-02", staff["head"],
           handler=staff["procurator2"].username, method="override",
           department="criminal_enforcement")  # fmt: skip
    wrong = LedgerEvent.objects.filter(case_id=case.pk, event_type="case.assigned").latest("seq")
    actions.record_event(case.pk, "event.corrected", occurred_on=date(2024, 3, 3),
                         corrects=wrong.pk, payload={"reason": "误录"}, actor=staff["manager"])  # fmt: skip
    assert LedgerEvent.objects.filter(case_id=case.pk, event_type="event.corrected").exists()
