"""Supervision of case filing (CPL art. 113; Rules arts. 557-566).

Holidays (State Council, 2024): National Day 10-01..10-07, Sat 10-12 a working day.
"""

from datetime import date

import pytest
from casewalk import assign, due, intake, only, person, record, refused, reload

from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(unit, staff):
    def go(on=date(2024, 9, 20)):
        case = intake(
            unit,
            staff,
            kind="filing_supervision",
            on=on,
            agency="victim",
            persons=[person(custody="not_detained")],
            materials=["complaint"],
        )
        assign(case, staff, on)
        return case

    return go


def test_the_police_explain_within_seven_days_and_file_within_fifteen_after_an_order(
    complaint, staff
):
    """Rules art. 560: 7 days to explain why the case was not filed. Asked Tue 2024-09-24: the
    7th day is Tue 10-01 (National Day), so the period ends Tue 10-08. Rules arts. 561, 563:
    the chief procurator orders filing on Thu 10-10; the police file within 15 days, by Fri
    10-25, and the case is concluded."""
    case = complaint()
    assert reload(case).number == "京朝检刑立监受〔2024〕1号"
    record(
        case, "filing.explanation_requested", "2024-09-24", staff["procurator"], about="not_filing"
    )
    deadline = only(case, "filing-supervision-explain")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-10-01", "2024-10-08")
    record(case, "filing.explanation_received", "2024-10-08", staff["manager"], accepted=False)
    assert only(case, "filing-supervision-explain", status="met")

    with refused(ValidationFailed, "chief procurator", "Rules art. 561"):
        record(case, "filing.ordered_to_file", "2024-10-10", staff["procurator"])
    record(
        case,
        "filing.ordered_to_file",
        "2024-10-10",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    assert due(case, "filing-supervision-file") == "2024-10-25"
    record(case, "filing.police_complied", "2024-10-24", staff["manager"])
    case = reload(case)
    assert case.stage == "concluded"
    assert only(case, "filing-supervision-file", status="met")["closed_on"] == "2024-10-24"


def test_a_corrective_notice_follows_when_the_police_do_not_file_within_fifteen_days(
    complaint, staff
):
    """Rules art. 564 ¶2: more than 15 days without filing: a corrective notice (the chief's
    approval). Ordered Thu 2024-10-10, due Fri 10-25; notice Mon 10-28; filed Wed 10-30, late.
    Not before the 15 days have passed."""
    case = complaint()
    record(
        case, "filing.explanation_requested", "2024-09-24", staff["procurator"], about="not_filing"
    )
    record(case, "filing.explanation_received", "2024-09-27", staff["manager"], accepted=False)
    record(
        case,
        "filing.ordered_to_file",
        "2024-10-10",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    with refused(ValidationFailed, "15 days", "to 2024-10-25", field="occurred_on"):
        record(case, "filing.corrective_notice", "2024-10-25", staff["procurator"],
               approved_by=staff["chief"].username)  # fmt: skip
    with refused(ValidationFailed, "chief procurator", "Rules art. 564"):
        record(case, "filing.corrective_notice", "2024-10-28", staff["procurator"])
    record(
        case,
        "filing.corrective_notice",
        "2024-10-28",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    assert reload(case).stage == "under_review"
    record(case, "filing.police_complied", "2024-10-30", staff["manager"])
    assert only(case, "filing-supervision-file", status="closed_late")["due"] == "2024-10-25"


def test_an_accepted_explanation_concludes_the_supervision(complaint, staff):
    """Rules art. 561 ¶2: the police's reasons hold; the victim is told within 10 days and the
    supervision ends. Concluded before the victim is told, the 10 days stay open."""
    case = complaint()
    record(
        case, "filing.explanation_requested", "2024-09-23", staff["procurator"], about="not_filing"
    )
    record(case, "filing.explanation_received", "2024-09-27", staff["manager"], accepted=True)
    record(case, "filing.concluded", "2024-09-30", staff["procurator"])
    case = reload(case)
    assert case.stage == "concluded"
    assert case.next_due == date(2024, 10, 8)  # 10-07 in the National Day holiday
    record(case, "filing.reasons_told", "2024-10-08", staff["procurator"], to="victim")
    assert reload(case).next_due is None


def test_an_improper_filing_is_withdrawn_on_the_chief_procurators_order(complaint, staff):
    """Rules arts. 559 ¶2, 561: the police explain why they filed; the chief orders withdrawal."""
    case = complaint()
    record(case, "filing.explanation_requested", "2024-09-23", staff["procurator"], about="filing")
    record(case, "filing.explanation_received", "2024-09-27", staff["manager"], accepted=False)
    with refused(ValidationFailed, "chief procurator"):
        record(case, "filing.ordered_to_withdraw", "2024-09-30", staff["procurator"])
    record(case, "filing.ordered_to_withdraw", "2024-09-30", staff["chief"])
    record(case, "filing.police_complied", "2024-10-08", staff["manager"])
    assert reload(case).stage == "concluded"


def test_an_administrative_organ_is_asked_to_transfer_a_suspected_crime(complaint, staff):
    """Rules art. 557 ¶3: an administrative enforcement organ that keeps a suspected crime is
    asked, with the chief procurator's approval, to transfer it to the police."""
    case = complaint()
    with refused(ValidationFailed, "no procuratorial opinion"):
        record(case, "filing.transfer_done", "2024-09-25", staff["manager"])
    with refused(ValidationFailed, "approval of the chief procurator"):
        record(case, "filing.transfer_opinion", "2024-09-24", staff["procurator"],
               agency="北京市朝阳区市场监督管理局")  # fmt: skip
    record(case, "filing.transfer_opinion", "2024-09-24", staff["procurator"],
           agency="北京市朝阳区市场监督管理局", approved_by=staff["chief"].username)  # fmt: skip
    record(case, "filing.transfer_done", "2024-10-15", staff["manager"])
    assert reload(case).stage == "concluded"


def test_an_order_follows_an_explanation_that_does_not_hold_or_never_came(complaint, staff):
    """Rules arts. 560-562: the police are asked to explain first; the order follows when the
    reasons do not hold, or when none came within the 7 days (asked Mon 2024-09-23, due Mon
    09-30); never an order of the other kind, nor after reasons found to hold."""
    chief = staff["chief"].username
    case = complaint()
    with refused(ValidationFailed, "first asked to explain", field="type"):
        record(case, "filing.ordered_to_file", "2024-09-23", staff["procurator"],
               approved_by=chief)  # fmt: skip
    with refused(ValidationFailed, "corrective notice follows", field="type"):
        record(case, "filing.corrective_notice", "2024-09-23", staff["procurator"],
               approved_by=chief)  # fmt: skip
    record(
        case, "filing.explanation_requested", "2024-09-23", staff["procurator"], about="not_filing"
    )
    assert due(case, "filing-supervision-explain") == "2024-09-30"
    with refused(ValidationFailed, "7 days to explain", field="occurred_on"):
        record(case, "filing.ordered_to_file", "2024-09-30", staff["procurator"],
               approved_by=chief)  # fmt: skip
    with refused(ValidationFailed, "why they were not filing", field="type"):
        record(case, "filing.ordered_to_withdraw", "2024-10-08", staff["procurator"],
               approved_by=chief)  # fmt: skip
    # no explanation within the 7 days: a corrective notice for the breach of Rules art. 560
    # (art. 552), and the order, reasons not given being reasons that do not hold (CPL art. 113)
    record(case, "filing.corrective_notice", "2024-10-08", staff["procurator"], approved_by=chief)
    record(case, "filing.ordered_to_file", "2024-10-08", staff["procurator"], approved_by=chief)
    with refused(ValidationFailed, "already been ordered", field="type"):
        record(case, "filing.ordered_to_file", "2024-10-09", staff["procurator"],
               approved_by=chief)  # fmt: skip

    held = complaint()
    record(
        held, "filing.explanation_requested", "2024-09-23", staff["procurator"], about="not_filing"
    )
    record(held, "filing.explanation_received", "2024-09-27", staff["manager"], accepted=True)
    with refused(ValidationFailed, "reasons were found to hold", field="type"):
        record(held, "filing.ordered_to_file", "2024-09-30", staff["procurator"],
               approved_by=chief)  # fmt: skip


def test_the_fifteen_days_before_a_corrective_notice_roll_over_a_holiday(complaint, staff):
    """Rules arts. 563, 564 ¶2: ordered to withdraw on Fri 2024-09-20, the 15th day is Sat
    10-05, in the National Day holiday (10-01..10-07): the police have until Tue 10-08, and a
    notice on Sun 10-06 is too early."""
    chief = staff["chief"].username
    case = complaint(on=date(2024, 9, 2))
    record(case, "filing.explanation_requested", "2024-09-10", staff["procurator"], about="filing")
    record(case, "filing.explanation_received", "2024-09-13", staff["manager"], accepted=False)
    record(case, "filing.ordered_to_withdraw", "2024-09-20", staff["procurator"], approved_by=chief)
    assert due(case, "filing-supervision-withdraw") == "2024-10-08"
    with refused(ValidationFailed, "to 2024-10-08", field="occurred_on"):
        record(case, "filing.corrective_notice", "2024-10-06", staff["procurator"],
               approved_by=chief)  # fmt: skip
    record(case, "filing.corrective_notice", "2024-10-09", staff["procurator"], approved_by=chief)
    record(case, "filing.police_complied", "2024-10-12", staff["manager"])
    assert only(case, "filing-supervision-withdraw", status="closed_late")


def _ordered_to_withdraw(complaint, staff):
    case = complaint(on=date(2024, 3, 1))
    record(case, "filing.explanation_requested", "2024-03-04", staff["procurator"], about="filing")
    record(case, "filing.explanation_received", "2024-03-08", staff["manager"], accepted=False)
    record(case, "filing.ordered_to_withdraw", "2024-03-11", staff["procurator"],
           approved_by=staff["chief"].username)  # fmt: skip
    return case


def test_the_police_may_ask_to_reconsider_an_order_to_withdraw_and_then_a_review(complaint, staff):
    """Rules art. 565: the procuratorate decides a reconsideration within 7 days (asked Tue
    2024-03-12: by Tue 03-19); the procuratorate above a review within 15 (asked Wed 03-20: by
    Thu 04-04, Qingming, so Sun 04-07, a working day). While either is pending no corrective
    notice is issued (Rules art. 564 ¶2: only when the police neither comply nor ask). A
    maintained order gives the police 15 days again; then the notice may follow."""
    chief = staff["chief"].username
    case = _ordered_to_withdraw(complaint, staff)
    with refused(ValidationFailed, "follows a reconsideration", field="type"):
        record(case, "filing.withdrawal_review_requested", "2024-03-12", staff["manager"])
    record(case, "filing.withdrawal_reconsideration_requested", "2024-03-12", staff["manager"])
    assert only(case, "filing-withdrawal-reconsideration")["due"] == "2024-03-19"
    with refused(ValidationFailed, "no corrective notice while it is pending", field="type"):
        record(case, "filing.corrective_notice", "2024-03-30", staff["procurator"],
               approved_by=chief)  # fmt: skip
    with refused(ValidationFailed, "chief procurator"):
        record(case, "filing.withdrawal_reconsidered", "2024-03-18", staff["procurator"],
               outcome="maintained")  # fmt: skip
    record(case, "filing.withdrawal_reconsidered", "2024-03-18", staff["procurator"],
           outcome="maintained", approved_by=chief)  # fmt: skip
    assert only(case, "filing-withdrawal-reconsideration", status="met")
    record(case, "filing.withdrawal_review_requested", "2024-03-20", staff["manager"])
    review = only(case, "filing-withdrawal-review")
    assert review["due"] == "2024-04-07"
    with refused(ValidationFailed, "once", field="type"):
        record(case, "filing.withdrawal_review_requested", "2024-03-21", staff["manager"])
    record(case, "filing.withdrawal_reviewed", "2024-04-01", staff["manager"],
           outcome="maintained")  # fmt: skip
    assert due(case, "filing-supervision-withdraw") == "2024-04-16"
    record(case, "filing.corrective_notice", "2024-04-17", staff["procurator"], approved_by=chief)


def test_a_reconsideration_that_withdraws_the_order_ends_the_supervision(complaint, staff):
    """Rules art. 565 ¶1: 作出是否变更的决定; changed, the order is withdrawn and nothing is
    left for the police to do."""
    case = _ordered_to_withdraw(complaint, staff)
    record(case, "filing.withdrawal_reconsideration_requested", "2024-03-12", staff["manager"])
    record(case, "filing.withdrawal_reconsidered", "2024-03-15", staff["procurator"],
           outcome="changed", approved_by=staff["chief"].username)  # fmt: skip
    assert reload(case).stage == "concluded"
    assert not [d for d in reload(case).state["deadlines"].values() if d["status"] == "open"]


def test_reasons_that_hold_are_told_to_the_victim_within_ten_days(complaint, staff):
    """Rules art. 561 ¶2: 认为公安机关不立案或者立案理由成立的，应当在十日以内…告知被害人:
    found to hold on Mon 2024-03-11, told by Thu 03-21; only then, and once."""
    case = complaint(on=date(2024, 3, 1))
    record(case, "filing.explanation_requested", "2024-03-04", staff["procurator"],
           about="not_filing")  # fmt: skip
    with refused(ValidationFailed, "not found to hold", field="type"):
        record(case, "filing.reasons_told", "2024-03-05", staff["procurator"], to="victim")
    record(case, "filing.explanation_received", "2024-03-11", staff["manager"], accepted=True)
    assert due(case, "filing-supervision-inform") == "2024-03-21"
    record(case, "filing.concluded", "2024-03-12", staff["procurator"])
    record(case, "filing.reasons_told", "2024-03-14", staff["procurator"], to="victim")
    assert only(case, "filing-supervision-inform", status="met")
    with refused(ValidationFailed, "already told", field="type"):
        record(case, "filing.reasons_told", "2024-03-15", staff["procurator"], to="victim")


def test_a_request_after_the_police_s_15_days_is_too_late_and_the_notice_follows(complaint, staff):
    """Rules art. 564 ¶2: more than 15 days after the order (Mon 2024-03-11: to Tue 03-26)
    without a request, a corrective notice is due; a request after them does not hold it
    off. The same for a review after a maintained reconsideration."""
    chief = staff["chief"].username
    case = _ordered_to_withdraw(complaint, staff)
    with refused(ValidationFailed, "ran out on 2024-03-26", field="occurred_on"):
        record(case, "filing.withdrawal_reconsideration_requested", "2024-03-27", staff["manager"])
    record(case, "filing.corrective_notice", "2024-03-27", staff["procurator"], approved_by=chief)

    other = _ordered_to_withdraw(complaint, staff)
    record(other, "filing.withdrawal_reconsideration_requested", "2024-03-12", staff["manager"])
    record(other, "filing.withdrawal_reconsidered", "2024-03-14", staff["procurator"],
           outcome="maintained", approved_by=chief)  # fmt: skip
    last = due(other, "filing-supervision-withdraw")
    late = date.fromordinal(date.fromisoformat(last).toordinal() + 1).isoformat()
    with refused(ValidationFailed, f"ran out on {last}", field="occurred_on"):
        record(other, "filing.withdrawal_review_requested", late, staff["manager"])


def test_the_polices_periods_run_from_their_receipt_of_the_request_and_the_order(complaint, staff):
    """Rules art. 560: 公安机关在收到通知后七日以内 … 说明; Rules art. 564 ¶2: 公安机关在收到通知
    立案书 … 后超过十五日不予立案的. Asked Mon 2024-03-04, served Wed 03-06: explanation due Wed
    03-13. Ordered Mon 03-18, served Wed 03-20: the 15th day, Thu 04-04, is Qingming (04-04 to
    04-06), so filing is due on the first working day after it, Sun 04-07 (CPL art. 105 ¶4;
    no one is in custody)."""
    case = complaint(on=date(2024, 3, 4))
    record(case, "filing.explanation_requested", "2024-03-04", staff["procurator"],
           about="not_filing", served_on="2024-03-06")  # fmt: skip
    assert due(case, "filing-supervision-explain") == "2024-03-13"
    record(case, "filing.explanation_received", "2024-03-12", staff["manager"], accepted=False)
    record(case, "filing.ordered_to_file", "2024-03-18", staff["procurator"],
           served_on="2024-03-20", approved_by=staff["chief"].username)  # fmt: skip
    period = only(case, "filing-supervision-file")
    assert (period["start"], period["raw_end"], period["due"]) == (
        "2024-03-20", "2024-04-04", "2024-04-07",
    )  # fmt: skip
