"""Review for arrest (CPL arts. 81-94; Rules arts. 128-141, 280-300), walked through the actions.

Holidays (State Council, 2024): Spring Festival 02-10..02-17; Qingming 04-04..04-06 with Sunday
04-07 a working day; Labour Day 05-01..05-05; National Day 10-01..10-07.
"""

from datetime import date

import pytest
from casewalk import (
    assign,
    deadlines,
    due,
    gb11643,
    only,
    person,
    person_of,
    record,
    refused,
    reload,
)

from procuracy.cases.models import LedgerEvent
from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def test_a_detained_suspect_is_decided_within_seven_days_even_when_the_last_day_is_national_day(
    receive, staff
):
    """CPL art. 91 ¶3, Rules art. 282: 7 days for a detained suspect. Received Tue 2024-09-24,
    the start day not counted (CPL art. 105): the 7th day is Tue 10-01, a holiday; the suspect
    is in custody, so the period does not roll over (CPL art. 105)."""
    case = receive(on=date(2024, 9, 24), persons=[person(custody="detained")])
    deadline = only(case, "arrest-review-detained", "P1")
    assert deadline["due"] == "2024-10-01"
    assert deadline["custody"] is True
    assert deadline["rolled_over"] is False

    assign(case, staff, "2024-09-24")
    assert reload(case).stage == "under_review"
    record(case, "arrest.approved", "2024-09-30", staff["procurator"], ["P1"])

    case = reload(case)
    suspect = case.state["persons"]["P1"]
    assert (suspect["stage"], suspect["custody"], suspect["decision"]) == (
        "arrest_approved",
        "arrested",
        "arrest_approved",
    )
    assert only(case, "arrest-review-detained", "P1", status="met")["closed_on"] == "2024-09-30"
    assert case.stage == "concluded"
    assert case.next_due is None


def test_a_suspect_at_liberty_has_fifteen_days_which_roll_over_national_day(receive, staff):
    """Rules art. 282: 15 days for a suspect not detained. Received Fri 2024-09-20: the 15th
    day is Sat 10-05, in the National Day holiday; not in custody, so the period ends on the
    first working day after it, Tue 10-08 (CPL art. 105)."""
    case = receive(on=date(2024, 9, 20), persons=[person(custody="bail")])
    deadline = only(case, "arrest-review", "P1")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-10-05", "2024-10-08")
    assert reload(case).next_due == date(2024, 10, 8)


def test_the_arrest_of_a_suspect_at_large_is_reviewed_in_fifteen_days(receive, staff):
    """Rules art. 158 ¶3 (a suspect at large waits) is of a transfer for prosecution, not of a
    request to approve an arrest: the arrest of a fugitive is approved so that the police may
    put out a wanted notice (CPL art. 155: 应当逮捕的犯罪嫌疑人如果在逃，公安机关可以发布通缉令).
    Not detained: 15 days (Rules art. 282), received Fri 2024-09-20, due Tue 10-08 after
    National Day. Approved, the suspect stays at large until caught, and the case concludes."""
    case = receive(on=date(2024, 9, 20), persons=[person(custody="at_large")])
    assert person_of(case)["stage"] == "arrest_review"
    assert reload(case).stage != "concluded"
    assert due(case, "arrest-review", "P1") == "2024-10-08"
    assign(case, staff, "2024-09-20")
    record(case, "arrest.approved", "2024-09-27", staff["procurator"], ["P1"])
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"], suspect["decision"]) == (
        "arrest_approved",
        "at_large",
        "arrest_approved",
    )
    assert reload(case).stage == "concluded"


def test_a_major_complex_case_with_the_suspect_at_liberty_has_twenty_days(receive):
    """Rules art. 282: 20 days in a major or complex case. Received Mon 2024-04-15: the 20th
    day is Sun 05-05 (Labour Day holiday), so the period ends on Mon 05-06."""
    case = receive(on=date(2024, 4, 15), persons=[person(custody="bail")], complex=True)
    assert due(case, "arrest-review-complex", "P1") == "2024-05-06"


def test_a_self_investigated_case_decides_arrest_within_seven_days_of_the_opinion(receive):
    """Rules art. 297: 犯罪嫌疑人已被拘留的，负责捕诉的部门应当在收到逮捕犯罪嫌疑人意见书后七日以内，
    报请检察长决定是否逮捕. The investigation department sends the opinion within 7 days of the
    detention (Rules art. 296), which keeps the decision within CPL art. 167's 14 days. Received
    Tue 2024-02-06: the 7th day is Tue 02-13, in the Spring Festival holiday; in custody, so it
    stays 02-13 (CPL art. 105 ¶4)."""
    case = receive(
        on=date(2024, 2, 6),
        persons=[person(custody="detained")],
        agency="procuratorate",
        self_investigated=True,
    )
    deadline = only(case, "self-investigated-arrest", "P1")
    assert (deadline["raw_end"], deadline["due"], deadline["custody"]) == (
        "2024-02-13",
        "2024-02-13",
        True,
    )


def test_the_arrest_decision_on_a_detained_suspect_in_an_own_case_is_extended_by_one_to_three_days(
    receive, staff
):
    """CPL art. 167, Rules art. 297: 特殊情况下，决定逮捕的时间可以延长一日至三日. Received Mon
    2024-01-29, the 7 days end Mon 02-05; three more end Thu 02-08. Only in the procuratorate's
    own cases."""
    own = receive(on=date(2024, 1, 29), persons=[person(custody="detained")],
                  agency="procuratorate", self_investigated=True)  # fmt: skip
    assign(own, staff, "2024-01-29")
    assert due(own, "self-investigated-arrest", "P1") == "2024-02-05"
    record(own, "arrest.decision_extended", "2024-02-02", staff["procurator"], ["P1"], days=3)
    assert due(own, "self-investigated-arrest", "P1") == "2024-02-08"
    one = receive(on=date(2024, 1, 29), persons=[person(custody="detained")],
                  agency="procuratorate", self_investigated=True)  # fmt: skip
    record(one, "arrest.decision_extended", "2024-02-02", staff["procurator"], ["P1"], days=1)
    assert only(one, "self-investigated-arrest", "P1")["extensions"][0][0] == "1 day"

    police = receive(on=date(2024, 1, 29))
    assign(police, staff, "2024-01-29")
    with refused(ValidationFailed, "no open period", "CPL art. 167", field="persons"):
        record(police, "arrest.decision_extended", "2024-02-01", staff["procurator"], ["P1"],
               days=1)  # fmt: skip


def test_a_self_investigated_suspect_not_detained_has_fifteen_or_twenty_days(receive):
    """Rules art. 297: a suspect not detained, 15 days from receipt (20 in a major, complex
    case), and no custody, so a period ending in a holiday rolls over (CPL art. 105): received
    Thu 2024-04-11, the 20th day is Wed 05-01 (Labour Day, 05-01..05-05), so Mon 05-06."""
    plain = receive(on=date(2024, 3, 4), persons=[person(custody="bail")],
                    agency="procuratorate", self_investigated=True)  # fmt: skip
    assert due(plain, "self-investigated-arrest-review", "P1") == "2024-03-19"
    major = receive(on=date(2024, 4, 11), persons=[person(custody="bail")],
                    agency="procuratorate", self_investigated=True, complex=True)  # fmt: skip
    period = only(major, "self-investigated-arrest-review-complex", "P1")
    assert (period["custody"], period["due"]) == (False, "2024-05-06")


def test_in_a_self_investigated_case_the_chief_procurator_decides_on_arrest(receive, staff):
    """Rules art. 297: the arrest review department 报请检察长决定是否逮捕 in the
    procuratorate's own cases: approving the arrest, or not approving it for any reason, needs
    the chief procurator; in a case from the police a procurator approves alone (CPL art. 90)."""
    own = receive(on=date(2024, 3, 4), persons=[person(custody="detained")],
                  agency="procuratorate", self_investigated=True)  # fmt: skip
    assign(own, staff, "2024-03-04")
    with refused(ValidationFailed, "chief procurator", field="payload.approved_by"):
        record(own, "arrest.approved", "2024-03-08", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "chief procurator", field="payload.approved_by"):
        record(own, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
               reason="no_necessity")  # fmt: skip
    record(own, "arrest.approved", "2024-03-08", staff["procurator"], ["P1"],
           approved_by=staff["chief"].username)  # fmt: skip
    assert person_of(own)["decision"] == "arrest_approved"

    police = receive(on=date(2024, 3, 4))
    assign(police, staff, "2024-03-04")
    record(police, "arrest.approved", "2024-03-08", staff["procurator"], ["P1"])
    assert person_of(police)["decision"] == "arrest_approved"
    # what the web's "needs approval" tag asks
    from procuracy.cases.catalogue import EVENT_TYPES

    approved = EVENT_TYPES["arrest.approved"]
    assert approved.may_need_approval(reload(own).state)
    assert not approved.may_need_approval(reload(police).state)


def test_non_arrest_for_lack_of_necessity_is_the_procurators_own_decision_and_releases(
    receive, staff
):
    """Rules art. 140: no necessity of arrest; the chief's approval is not needed (Rules art.
    285 reserves only no crime and insufficient evidence). CPL art. 90: the detained suspect is
    released."""
    case = receive()
    assign(case, staff, "2024-03-04")
    record(
        case,
        "arrest.not_approved",
        "2024-03-08",
        staff["procurator"],
        ["P1"],
        reason="no_necessity",
    )
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"], suspect["reason"]) == (
        "arrest_not_approved",
        "released",
        "no_necessity",
    )
    assert reload(case).stage == "concluded"


def test_non_arrest_for_insufficient_evidence_needs_the_chief_procurators_approval(receive, staff):
    """Rules art. 285: not approving arrest for no crime or insufficient evidence needs the
    chief procurator's approval; an approver without that role does not do."""
    case = receive()
    assign(case, staff, "2024-03-04")
    with refused(
        ValidationFailed, "chief procurator", "Rules art. 285", field="payload.approved_by"
    ):
        record(
            case,
            "arrest.not_approved",
            "2024-03-08",
            staff["procurator"],
            ["P1"],
            reason="insufficient_evidence",
        )
    with refused(ValidationFailed, "does not hold that role", "Rules art. 285"):
        record(
            case,
            "arrest.not_approved",
            "2024-03-08",
            staff["procurator"],
            ["P1"],
            reason="insufficient_evidence",
            approved_by=staff["procurator2"].username,
        )
    row = record(
        case,
        "arrest.not_approved",
        "2024-03-08",
        staff["procurator"],
        ["P1"],
        reason="insufficient_evidence",
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["reason"] == "insufficient_evidence"
    assert '"approved_by":"' + staff["chief"].username in LedgerEvent.objects.get(pk=row.pk).payload


def test_the_chief_procurator_decides_non_arrest_for_no_crime_without_another_approval(
    receive, staff
):
    """Rules art. 285: the chief procurator holds the approving role himself."""
    case = receive()
    assign(case, staff, "2024-03-04")
    record(case, "arrest.not_approved", "2024-03-05", staff["chief"], ["P1"], reason="no_crime")
    assert person_of(case)["decision"] == "arrest_not_approved"


def test_the_police_ask_for_reconsideration_and_then_review_by_the_next_level(receive, staff):
    """CPL art. 92; Rules art. 290 (reconsideration: 7 days, the chief's approval) and Rules
    art. 291 (next-level review: 15 days). Reconsideration asked Mon 2024-03-11: due Mon 03-18.
    Next-level review asked Wed 03-20: the 15th day is Thu 04-04 (Qingming), the suspect has
    been released, so it rolls past 04-04..04-06 to Sun 04-07, an adjusted working day."""
    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    record(
        case,
        "arrest.not_approved",
        "2024-03-08",
        staff["procurator"],
        ["P1"],
        reason="no_necessity",
    )
    record(case, "arrest.reconsideration_requested", "2024-03-11", staff["manager"], ["P1"])
    assert person_of(case)["stage"] == "reconsideration"
    assert reload(case).stage == "under_review"
    assert due(case, "arrest-reconsideration", "P1") == "2024-03-18"

    # Rules art. 290: "另行指派检察官": not the procurator who decided not to approve
    with refused(ValidationFailed, "another procurator", "Rules art. 290", field="actor"):
        record(
            case,
            "arrest.reconsideration_decided",
            "2024-03-15",
            staff["procurator"],
            ["P1"],
            outcome="maintained",
            approved_by=staff["chief"].username,
        )
    with refused(ValidationFailed, "chief procurator", "Rules art. 290"):
        record(
            case,
            "arrest.reconsideration_decided",
            "2024-03-15",
            staff["procurator2"],
            ["P1"],
            outcome="maintained",
        )
    record(
        case,
        "arrest.reconsideration_decided",
        "2024-03-15",
        staff["procurator2"],
        ["P1"],
        outcome="maintained",
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["stage"] == "arrest_not_approved"
    assert only(case, "arrest-reconsideration", "P1", status="met")

    record(case, "arrest.reexamination_requested", "2024-03-20", staff["manager"], ["P1"])
    deadline = only(case, "arrest-reexamination", "P1")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-04-04", "2024-04-07")

    record(
        case,
        "arrest.reexamination_decided",
        "2024-04-03",
        staff["manager"],
        ["P1"],
        outcome="changed",
    )
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"], suspect["decision"]) == (
        "arrest_approved",
        "arrested",
        "arrest_approved",
    )
    assert reload(case).stage == "concluded"


def test_the_police_cannot_go_to_the_next_level_before_asking_for_reconsideration(receive, staff):
    """CPL art. 92: review by the next level is asked "if the opinion is not accepted" on
    reconsideration; a second reconsideration is not provided for."""
    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    record(
        case,
        "arrest.not_approved",
        "2024-03-08",
        staff["procurator"],
        ["P1"],
        reason="no_necessity",
    )
    with refused(ValidationFailed, "CPL art. 92", "reconsideration"):
        record(case, "arrest.reexamination_requested", "2024-03-11", staff["manager"], ["P1"])
    record(case, "arrest.reconsideration_requested", "2024-03-11", staff["manager"], ["P1"])
    record(
        case,
        "arrest.reconsideration_decided",
        "2024-03-15",
        staff["procurator2"],
        ["P1"],
        outcome="maintained",
        approved_by=staff["chief"].username,
    )
    with refused(ValidationFailed, "CPL art. 92", "already"):
        record(case, "arrest.reconsideration_requested", "2024-03-18", staff["manager"], ["P1"])


def test_an_additional_arrest_adds_a_suspect_with_the_chief_procurators_approval(receive, staff):
    """Rules art. 288: a suspect the police left out is added to the case with the chief
    procurator's approval; the case is concluded only when every suspect is decided."""
    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    accomplice = person(name="李某", custody="not_detained", id_number=gb11643("11010519800101001"))
    with refused(ValidationFailed, "chief procurator", "Rules art. 288"):
        record(
            case, "arrest.additional_arrest", "2024-03-06", staff["procurator"], person=accomplice
        )
    with refused(ValidationFailed, "payload.person.id_number"):
        record(
            case,
            "arrest.additional_arrest",
            "2024-03-06",
            staff["procurator"],
            person={**accomplice, "id_number": "110105198001010010"},
            approved_by=staff["chief"].username,
        )
    record(
        case,
        "arrest.additional_arrest",
        "2024-03-06",
        staff["procurator"],
        person=accomplice,
        approved_by=staff["chief"].username,
    )
    added = person_of(case, "P2")
    assert (added["name"], added["stage"]) == ("李某", "arrest_review")

    record(case, "arrest.approved", "2024-03-08", staff["procurator"], ["P1"])
    assert reload(case).stage == "under_review"
    record(case, "arrest.approved", "2024-03-08", staff["procurator"], ["P2"])
    assert reload(case).stage == "concluded"
    assert person_of(case, "P2")["custody"] == "arrested"


def test_a_justified_defence_finding_leads_to_non_arrest_for_no_crime(receive, staff):
    """Criminal Law art. 20, CPL art. 16: a justified defence is no crime; the non-arrest
    decision on that ground needs the chief procurator's approval (Rules art. 285)."""
    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    record(
        case,
        "justified_defence.determined",
        "2024-03-06",
        staff["procurator"],
        ["P1"],
        finding="justified",
    )
    assert person_of(case)["justified_defence"] == "justified"
    assert person_of(case)["stage"] == "arrest_review"
    # Criminal Law art. 20 ¶1: no criminal liability, so no arrest (the finding had no effect)
    with refused(ValidationFailed, "justified defence and bears no criminal liability",
                 "Criminal Law art. 20", field="persons"):  # fmt: skip
        record(case, "arrest.approved", "2024-03-07", staff["procurator"], ["P1"],
               approved_by=staff["chief"].username)  # fmt: skip
    # a finding is made once: a mistaken one is corrected (and drops out of the figures)
    with refused(ValidationFailed, "already been determined", field="persons"):
        record(case, "justified_defence.determined", "2024-03-07", staff["procurator"], ["P1"],
               finding="excessive")  # fmt: skip
    record(
        case,
        "arrest.not_approved",
        "2024-03-07",
        staff["procurator"],
        ["P1"],
        reason="no_crime",
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["custody"] == "released"
    assert [d["status"] for d in deadlines(case, "arrest-review-detained")] == ["met"]


def test_after_a_non_arrest_for_no_crime_the_police_withdraw_or_get_a_corrective_notice(
    receive, staff
):
    """Rules art. 287: a non-arrest for no crime tells the police to withdraw the case (¶1);
    15 days after the decision (Fri 2024-03-08 → Sat 03-23, rolled to Mon 03-25) without a
    request for reconsideration or review and without withdrawal, a corrective notice follows,
    the chief procurator's (¶3; Rules art. 552). A request for reconsideration, or the
    withdrawal, ends the 15 days; a non-arrest for lack of necessity opens none."""
    chief = staff["chief"].username
    case = receive()
    assign(case, staff, "2024-03-04")
    record(case, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_crime", approved_by=chief)  # fmt: skip
    assert due(case, "non-arrest-police-withdrawal", "P1") == "2024-03-25"
    with refused(ValidationFailed, "15 days from receiving the decision", field="occurred_on"):
        record(case, "arrest.corrective_notice", "2024-03-25", staff["procurator"], ["P1"],
               approved_by=chief)  # fmt: skip
    record(case, "arrest.corrective_notice", "2024-03-26", staff["procurator"], ["P1"],
           approved_by=chief)  # fmt: skip
    assert only(case, "non-arrest-police-withdrawal", "P1", status="closed_late")

    withdrawn = receive()
    assign(withdrawn, staff, "2024-03-04")
    record(withdrawn, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_crime", approved_by=chief)  # fmt: skip
    assert reload(withdrawn).stage == "concluded"
    record(withdrawn, "arrest.police_withdrew_case", "2024-03-15", staff["manager"], ["P1"])
    assert person_of(withdrawn)["stage"] == "police_withdrew"
    assert only(withdrawn, "non-arrest-police-withdrawal", "P1", status="met")
    assert reload(withdrawn).stage == "concluded"  # the withdrawal does not reopen the case

    asked = receive()
    assign(asked, staff, "2024-03-04")
    record(asked, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_crime", approved_by=chief)  # fmt: skip
    record(asked, "arrest.reconsideration_requested", "2024-03-12", staff["manager"], ["P1"])
    assert only(asked, "non-arrest-police-withdrawal", "P1", status="met")

    unnecessary = receive()
    assign(unnecessary, staff, "2024-03-04")
    record(unnecessary, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_necessity")  # fmt: skip
    assert not deadlines(unnecessary, "non-arrest-police-withdrawal")
    with refused(ValidationFailed, "no corrective notice follows", field="persons"):
        record(unnecessary, "arrest.corrective_notice", "2024-04-08", staff["procurator"],
               ["P1"], approved_by=chief)  # fmt: skip


def test_in_an_own_case_a_non_arrest_gives_no_police_anything_to_withdraw(receive, staff):
    """Rules art. 287 is of arrests the police ask for (第三节); in the procuratorate's own
    cases (Rules arts. 296-299) no police are told to withdraw, and no period starts."""
    own = receive(on=date(2024, 3, 4), persons=[person(custody="detained")],
                  agency="procuratorate", self_investigated=True)  # fmt: skip
    assign(own, staff, "2024-03-04")
    record(own, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_crime", approved_by=staff["chief"].username)  # fmt: skip
    assert not deadlines(own, "non-arrest-police-withdrawal")


def test_the_polices_fifteen_days_run_from_their_receipt_of_the_non_arrest(receive, staff):
    """Rules art. 287 ¶3: 公安机关在收到不批准逮捕决定书后超过十五日 … 未要求复议、提请复核，也不
    撤销案件或者终止侦查的 … 发出纠正违法通知书. Decided Fri 2024-03-08, served Mon 03-11: the 15
    days end Tue 03-26, so a corrective notice on 03-26 is refused and one on 03-27 is not. A
    decision served before it was made is refused."""
    chief = staff["chief"].username
    case = receive()
    assign(case, staff, "2024-03-04")
    with refused(ValidationFailed, "cannot be served", field="payload.served_on"):
        record(case, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
               reason="no_crime", served_on="2024-03-07", approved_by=chief)  # fmt: skip
    record(case, "arrest.not_approved", "2024-03-08", staff["procurator"], ["P1"],
           reason="no_crime", served_on="2024-03-11", approved_by=chief)  # fmt: skip
    period = only(case, "non-arrest-police-withdrawal", "P1")
    assert (period["start"], period["due"]) == ("2024-03-11", "2024-03-26")
    with refused(ValidationFailed, "15 days from receiving the decision", field="occurred_on"):
        record(case, "arrest.corrective_notice", "2024-03-26", staff["procurator"], ["P1"],
               approved_by=chief)  # fmt: skip
    record(case, "arrest.corrective_notice", "2024-03-27", staff["procurator"], ["P1"],
           approved_by=chief)  # fmt: skip
