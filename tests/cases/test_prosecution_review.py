"""Review for prosecution (CPL arts. 169-182; Rules arts. 328-391), walked through the actions.

Months follow SPC CPL Interpretation art. 202 (a start on a month's last day ends on the target
month's last day). Holidays (State Council, 2024): Qingming 04-04..04-06 (Sun 04-07 worked);
Mid-Autumn 09-15..09-17; National Day 10-01..10-07 (Sun 09-29 and Sat 10-12 worked).
"""

import json
from datetime import date

import pytest
from casewalk import (
    MINOR_ID,
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

THEFT = [{"article": "264", "name": "盗窃罪"}]


def review(receive, staff, on, custody="arrested", **kw):
    persons = kw.pop("persons", None) or [person(custody=custody, **kw.pop("suspect", {}))]
    case = receive(kind="prosecution_review", on=on, persons=persons, **kw)
    assign(case, staff, on)
    return case


def test_the_review_month_from_the_last_day_of_february_ends_on_the_last_day_of_march(
    receive, staff
):
    """CPL art. 172: one month; SPC CPL Interpretation art. 202: received Thu 2024-02-29 (the
    month's last day), the month ends on the last day of March, Sun 03-31. The suspect is
    arrested, so the Sunday is kept (CPL art. 105)."""
    case = review(receive, staff, date(2024, 2, 29))
    deadline = only(case, "prosecution-review")
    assert (deadline["due"], deadline["custody"]) == ("2024-03-31", True)


def test_the_review_month_of_a_suspect_on_bail_rolls_to_the_next_working_day(receive, staff):
    """CPL arts. 172, 105: received 2024-02-29, the month ends Sun 03-31; the suspect is on
    bail, so the period ends on Mon 04-01."""
    case = review(receive, staff, date(2024, 2, 29), custody="bail")
    deadline = only(case, "prosecution-review")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-03-31", "2024-04-01")


def test_a_major_complex_case_is_extended_once_by_fifteen_days_with_the_chief_procurator(
    receive, staff
):
    """CPL art. 172 ¶1, Rules art. 351: extended by 15 days. Received Sun 2024-08-18: the month
    ends Wed 09-18; 15 more days end Thu 10-03 (National Day). On bail: due Tue 10-08. Only
    once."""
    case = review(receive, staff, date(2024, 8, 18), custody="bail")
    assert due(case, "prosecution-review") == "2024-09-18"
    with refused(ValidationFailed, "chief procurator", "CPL art. 172"):
        record(case, "prosecution.extended", "2024-09-10", staff["procurator"])
    record(
        case,
        "prosecution.extended",
        "2024-09-10",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    deadline = only(case, "prosecution-review")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-10-03", "2024-10-08")
    assert reload(case).state["extended"] is True
    with refused(ValidationFailed, "already been extended", "CPL art. 172"):
        record(
            case,
            "prosecution.extended",
            "2024-09-12",
            staff["procurator"],
            approved_by=staff["chief"].username,
        )


def test_the_review_period_recounted_after_a_return_may_be_extended_again(receive, staff):
    """CPL art. 175 ¶3: after the supplementary investigation "人民检察院重新计算审查起诉期限":
    the period of Rules art. 351 (one month, extendable by 15 days) begins again on
    resubmission (Mon 2024-04-15: the month ends Wed 05-15, extended to Thu 05-30)."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    chief = staff["chief"].username
    record(case, "prosecution.extended", "2024-03-20", staff["procurator"], approved_by=chief)
    record(case, "prosecution.returned_for_supplementary_investigation", "2024-03-25",
           staff["procurator"], to="police")  # fmt: skip
    # CPL art. 175 ¶2: the case comes back after it was returned, not before
    with refused(
        ValidationFailed,
        "reached stage 'supplementary_investigation' on 2024-03-25",
        field="occurred_on",
    ):
        record(case, "prosecution.resubmitted", "2024-03-20", staff["manager"])
    record(case, "prosecution.resubmitted", "2024-04-15", staff["manager"])
    assert due(case, "prosecution-review") == "2024-05-15"
    record(case, "prosecution.extended", "2024-05-06", staff["procurator"], approved_by=chief)
    assert due(case, "prosecution-review") == "2024-05-30"
    with refused(ValidationFailed, "already been extended", "CPL art. 172"):
        record(case, "prosecution.extended", "2024-05-07", staff["procurator"], approved_by=chief)


def test_an_extension_in_custody_ends_on_its_last_day_even_on_a_holiday(receive, staff):
    """CPL arts. 172, 105: the same dates with the suspect arrested end on Thu 10-03."""
    case = review(receive, staff, date(2024, 8, 18))
    record(
        case,
        "prosecution.extended",
        "2024-09-10",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    assert due(case, "prosecution-review") == "2024-10-03"


def test_two_returns_for_supplementary_investigation_each_restart_the_review_month(receive, staff):
    """CPL art. 175 ¶3, Rules art. 346: supplementary investigation within one month, at most
    twice; on resubmission the review period is counted again.

    Received Mon 2024-03-04, suspect arrested: review due Thu 04-04 (custody: no roll-over).
    Returned Wed 03-20: investigation due Sat 04-20 (custody). Resubmitted Mon 04-15: review
    due Wed 05-15. Returned Mon 05-06: due Thu 06-06. Resubmitted Mon 06-03: review due Wed
    07-03. A third return is refused; non-prosecution for insufficient evidence follows (Rules
    art. 367), opening the victim's 7 days (CPL art. 180): decided Thu 06-20, due Thu 06-27."""
    case = review(receive, staff, date(2024, 3, 4))
    assert due(case, "prosecution-review") == "2024-04-04"

    record(
        case,
        "prosecution.returned_for_supplementary_investigation",
        "2024-03-20",
        staff["procurator"],
        to="police",
    )
    case = reload(case)
    assert (case.stage, case.state["returns"]) == ("supplementary_investigation", 1)
    assert [d["status"] for d in deadlines(case, "prosecution-review")] == ["met"]
    assert due(case, "supplementary-investigation") == "2024-04-20"

    record(case, "prosecution.resubmitted", "2024-04-15", staff["manager"])
    assert reload(case).stage == "under_review"
    assert only(case, "supplementary-investigation", status="met")["closed_on"] == "2024-04-15"
    restarted = only(case, "prosecution-review")
    assert (restarted["start"], restarted["due"]) == ("2024-04-15", "2024-05-15")

    record(
        case,
        "prosecution.returned_for_supplementary_investigation",
        "2024-05-06",
        staff["procurator"],
        to="police",
    )
    assert due(case, "supplementary-investigation") == "2024-06-06"
    record(case, "prosecution.resubmitted", "2024-06-03", staff["manager"])
    assert due(case, "prosecution-review") == "2024-07-03"

    with refused(ValidationFailed, "third return", "CPL art. 175"):
        record(
            case,
            "prosecution.returned_for_supplementary_investigation",
            "2024-06-10",
            staff["procurator"],
            to="police",
        )
    record(
        case,
        "prosecution.not_prosecuted",
        "2024-06-20",
        staff["procurator"],
        ["P1"],
        type="insufficient_evidence",
        approved_by=staff["chief"].username,
    )
    suspect = person_of(case)
    assert (suspect["stage"], suspect["reason"], suspect["custody"]) == (
        "not_prosecuted",
        "insufficient_evidence",
        "released",
    )
    assert due(case, "non-prosecution-appeal", "P1") == "2024-06-27"
    assert reload(case).stage == "concluded"


def test_non_prosecution_for_insufficient_evidence_needs_a_return_first(receive, staff):
    """Rules art. 367: non-prosecution for insufficient evidence comes after at least one
    return for supplementary investigation."""
    case = review(receive, staff, date(2024, 3, 4))
    with refused(ValidationFailed, "at least one return", "Rules art. 367"):
        record(
            case,
            "prosecution.not_prosecuted",
            "2024-03-20",
            staff["procurator"],
            ["P1"],
            type="insufficient_evidence",
            approved_by=staff["chief"].username,
        )


def test_a_special_non_prosecution_needs_the_spps_approval(receive, staff):
    """CPL art. 182 ¶1: a suspect who confessed with a major meritorious service, or a case
    involving a major national interest, may be not prosecuted "经最高人民检察院核准": the day
    of that approval is required, and comes before the decision."""
    case = review(receive, staff, date(2024, 3, 4))
    chief = staff["chief"].username
    kw = {"type": "special", "approved_by": chief}
    with refused(ValidationFailed, "Supreme People's Procuratorate", "CPL art. 182",
                 field="payload.spp_approved_on"):  # fmt: skip
        record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"], **kw)
    with refused(ValidationFailed, "before the decision", field="payload.spp_approved_on"):
        record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
               spp_approved_on="2024-03-21", **kw)  # fmt: skip
    with refused(ValidationFailed, "only a special", field="payload.spp_approved_on"):
        record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
               type="discretionary", approved_by=chief, spp_approved_on="2024-03-18")  # fmt: skip
    record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
           spp_approved_on="2024-03-18", **kw)  # fmt: skip
    assert (person_of(case)["stage"], person_of(case)["reason"]) == ("not_prosecuted", "special")


@pytest.mark.parametrize(
    ("kind", "article"),
    [("statutory", "Rules art. 365"), ("discretionary", "Rules art. 370")],
)
def test_non_prosecution_needs_the_chief_procurators_approval(receive, staff, kind, article):
    """Rules arts. 365, 370: statutory and discretionary non-prosecution "经检察长批准"."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    with refused(ValidationFailed, "chief procurator", article, field="payload.approved_by"):
        record(
            case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"], type=kind
        )
    record(
        case,
        "prosecution.not_prosecuted",
        "2024-03-20",
        staff["procurator"],
        ["P1"],
        type=kind,
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["reason"] == kind
    assert only(case, "prosecution-review", status="met")


def test_a_fast_track_review_of_an_arrested_suspect_ends_on_national_day(receive, staff):
    """CPL art. 172 ¶1: a suspect who admits guilt and accepts punishment, fast-track: 10 days
    from receipt. Received Tue 2024-09-24: the 10th day is Fri 10-04, a holiday; the suspect is
    arrested, so the period ends that day (CPL art. 105). The one-month period is replaced."""
    case = review(receive, staff, date(2024, 9, 24), suspect={"guilty_plea": True})
    record(case, "prosecution.fast_track", "2024-09-25", staff["procurator"])
    assert [d["status"] for d in deadlines(case, "prosecution-review")] == ["replaced"]
    deadline = only(case, "prosecution-review-fast-track")
    assert (deadline["start"], deadline["due"]) == ("2024-09-24", "2024-10-04")
    assert reload(case).state["fast_track"] == "short"

    with refused(ValidationFailed, "already set", "CPL art. 172"):
        record(case, "prosecution.fast_track", "2024-09-26", staff["procurator"], long=True)
    with refused(ValidationFailed, "cannot be extended", "CPL art. 172"):
        record(
            case,
            "prosecution.extended",
            "2024-09-26",
            staff["procurator"],
            approved_by=staff["chief"].username,
        )
    with refused(ValidationFailed, "sentencing recommendation", "CPL art. 176"):
        record(
            case, "prosecution.prosecuted", "2024-09-27", staff["procurator"], ["P1"], charges=THEFT
        )
    record(
        case,
        "prosecution.prosecuted",
        "2024-09-27",
        staff["procurator"],
        ["P1"],
        charges=THEFT,
        sentencing_recommendation="有期徒刑六个月",
    )
    assert only(case, "prosecution-review-fast-track", status="met")
    assert person_of(case)["stage"] == "prosecuted"


def test_the_fast_track_is_set_within_its_period_not_after(receive, staff):
    """CPL art. 172 ¶1: the fast track decides within 10 days of receipt (received Tue
    2024-09-24, suspect arrested: ends Fri 10-04). Set on 10-15 it was a period overdue on the
    day it was set, and the month it replaced was closed as replaced rather than run on."""
    case = review(receive, staff, date(2024, 9, 24), suspect={"guilty_plea": True})
    with refused(ValidationFailed, "counted from 2024-09-24 ran out on 2024-10-04",
                 "CPL art. 172", field="occurred_on"):  # fmt: skip
        record(case, "prosecution.fast_track", "2024-10-15", staff["procurator"])
    assert only(case, "prosecution-review")["status"] == "open"
    # the long period (15 days: Wed 10-09) still runs on 10-08
    record(case, "prosecution.fast_track", "2024-10-08", staff["procurator"], long=True)
    assert only(case, "prosecution-review-fast-track-long")["due"] == "2024-10-09"


def test_a_fast_track_review_with_a_possible_sentence_over_a_year_has_fifteen_days(receive, staff):
    """CPL art. 172 ¶1: up to 15 days where the sentence may exceed one year. Received Fri
    2024-09-20, suspect on bail: the 15th day is Sat 10-05, so the period ends Tue 10-08."""
    case = review(receive, staff, date(2024, 9, 20), custody="bail", suspect={"guilty_plea": True})
    record(case, "prosecution.fast_track", "2024-09-23", staff["procurator"], long=True)
    deadline = only(case, "prosecution-review-fast-track-long")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-10-05", "2024-10-08")


def test_fast_track_needs_every_suspect_to_admit_guilt(receive, staff):
    """CPL art. 172 ¶1: the fast-track period is for suspects who admit guilt and accept
    punishment (after a return it may apply again: see the test at the end)."""
    case = review(receive, staff, date(2024, 3, 4))
    with refused(ValidationFailed, "admit guilt", "CPL art. 172"):
        record(case, "prosecution.fast_track", "2024-03-05", staff["procurator"])


def test_an_additional_prosecution_adds_a_suspect_the_police_left_out(receive, staff):
    """Rules art. 356: an accomplice who should have been transferred is prosecuted directly;
    the case stays under review until that suspect is decided too."""
    case = review(receive, staff, date(2024, 3, 4))
    accomplice = person(name="王某", custody="bail", id_number=gb11643("11010519900101003"))
    record(
        case,
        "prosecution.additional_prosecution",
        "2024-03-10",
        staff["procurator"],
        person=accomplice,
    )
    assert person_of(case, "P2")["stage"] == "prosecution_review"
    record(case, "prosecution.prosecuted", "2024-03-20", staff["procurator"], ["P1"], charges=THEFT)
    assert reload(case).stage == "under_review"
    record(
        case,
        "prosecution.not_prosecuted",
        "2024-03-25",
        staff["procurator"],
        ["P2"],
        type="discretionary",
        approved_by=staff["chief"].username,
    )
    # P1 now awaits trial; P2 is done.
    assert person_of(case, "P2")["stage"] == "not_prosecuted"
    assert reload(case).stage == "under_review"


def test_an_added_suspect_never_replaces_one_already_in_the_case(receive, staff):
    """Rules art. 356: the intake may give its own person keys (here P1 and P3); the added
    suspect gets a free key."""
    second = person(name="钱某", id_number=gb11643("11010519800101001"), key="P3")
    case = review(receive, staff, date(2024, 3, 4), persons=[person(key="P1"), second])
    added = person(name="孙某", id_number=gb11643("11010519810101001"))
    record(
        case, "prosecution.additional_prosecution", "2024-03-05", staff["procurator"], person=added
    )
    names = {key: p["name"] for key, p in reload(case).state["persons"].items()}
    assert names == {"P1": "张某", "P3": "钱某", "P4": "孙某"}


def test_a_suspect_at_large_is_accepted_for_those_present_without_a_period(receive, staff):
    """Rules art. 158 ¶3: a case with a suspect at large is accepted for the suspects present;
    the one at large counts as done for the case's conclusion."""
    case = review(
        receive,
        staff,
        date(2024, 3, 4),
        persons=[
            person(custody="arrested"),
            person(name="赵某", custody="at_large", id_number=gb11643("11010519850505002")),
        ],
    )
    assert person_of(case, "P2")["stage"] == "at_large"
    assert deadlines(case, "prosecution-review") and not deadlines(
        case, "supervision-commission-measure"
    )
    record(
        case,
        "prosecution.not_prosecuted",
        "2024-03-20",
        staff["procurator"],
        ["P1"],
        type="statutory",
        approved_by=staff["chief"].username,
    )
    assert reload(case).stage == "concluded"


def minor_review(receive, staff, custody: str):
    """A minor's review (born 2008-01-01, offence 2024-02-01), received 2024-03-04."""
    return review(receive, staff, date(2024, 3, 4), custody=custody,
                  suspect={"id_number": MINOR_ID, "name": "小明", "offence_date": "2024-02-01"})  # fmt: skip


def conditional(case, staff):
    """The conditional non-prosecution of Wed 2024-03-20, 6 months' probation (CPL art. 283)."""
    record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="imprisonment_up_to_one_year")  # fmt: skip


def test_a_minor_at_the_time_of_the_offence_may_be_conditionally_not_prosecuted(receive, staff):
    """CPL arts. 282-283, Rules art. 473: a minor when the offence was committed (born
    2008-01-01, offence 2024-02-01, aged 16), theft (CL chapter 5); probation of 6 months from
    the decision of Wed 2024-03-20 ends Fri 09-20. Completion before that is refused; on the
    last day the non-prosecution decision is made (CPL art. 284 ¶2, Rules art. 480)."""
    case = minor_review(receive, staff, "bail")
    assert person_of(case)["minor_at_offence"] is True
    with refused(ValidationFailed, "at most 12", field="payload.probation_months"):
        record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
               ["P1"], probation_months=13, likely_sentence="imprisonment_up_to_one_year")  # fmt: skip
    conditional(case, staff)
    assert person_of(case)["stage"] == "conditional_probation"
    assert only(case, "prosecution-review", status="met")
    assert due(case, "conditional-non-prosecution-probation", "P1") == "2024-09-20"
    assert reload(case).stage == "under_review"

    chief = staff["chief"].username
    with refused(ValidationFailed, "2024-09-20", "CPL art. 284", field="occurred_on"):
        record(case, "prosecution.conditional_completed", "2024-09-19", staff["procurator"],
               ["P1"], approved_by=chief)  # fmt: skip
    # Rules art. 477: at the end of the probation the chief procurator decides
    with refused(ValidationFailed, "chief procurator", "Rules art. 477",
                 field="payload.approved_by"):  # fmt: skip
        record(case, "prosecution.conditional_completed", "2024-09-20", staff["procurator"], ["P1"])
    record(case, "prosecution.conditional_completed", "2024-09-20", staff["procurator"], ["P1"],
           approved_by=chief)  # fmt: skip
    suspect = person_of(case)
    assert (suspect["stage"], suspect["decision"], suspect["reason"]) == (
        "not_prosecuted",
        "not_prosecuted",
        "conditional",
    )
    assert reload(case).stage == "concluded"


def test_a_served_probation_ran_out_and_the_decision_after_it_releases_the_suspect(receive, staff):
    """CPL art. 283: the probation is the suspect's term, not the procuratorate's time to act
    (law catalogue holder: party): no case's next deadline, nothing for process monitoring,
    and the decision not to prosecute after it ran closes it as run out (期满), not as a
    deadline closed late (every completed probation was 超期办结). Rules art. 480 and CPL art.
    178: that decision releases a suspect still in custody (he stayed "arrested")."""
    from procuracy.web import selectors as web_selectors

    case = minor_review(receive, staff, "arrested")
    conditional(case, staff)
    assert due(case, "conditional-non-prosecution-probation", "P1") == "2024-09-20"
    assert reload(case).next_due is None
    watched = web_selectors.monitoring(staff["manager"], include_later=True)
    assert case.pk not in {d.case_id for d in watched["deadlines"]}
    record(case, "prosecution.conditional_completed", "2024-10-08", staff["procurator"], ["P1"],
           approved_by=staff["chief"].username)  # fmt: skip
    assert only(case, "conditional-non-prosecution-probation", "P1", status="ran_out")
    assert person_of(case)["custody"] == "released"
    basis = LedgerEvent.objects.filter(event_type="prosecution.conditional_completed").get().basis
    assert "Rules art. 480" in basis and "CPL art. 178" in basis


def test_an_adult_at_receipt_who_offended_as_a_minor_qualifies_for_conditional_non_prosecution(
    receive, staff
):
    """CPL art. 282: what counts is the age at the offence. Born 2006-03-10, offence
    2024-02-01 (aged 17), received 2024-03-20 (aged 18): 12 months from Mon 04-01 end Tue
    2025-04-01."""
    born = gb11643("11010520060310001")
    case = review(
        receive,
        staff,
        date(2024, 3, 20),
        custody="bail",
        suspect={"id_number": born, "offence_date": "2024-02-01"},
    )
    record(
        case,
        "prosecution.conditional_non_prosecution",
        "2024-04-01",
        staff["procurator"],
        ["P1"],
        probation_months=12,
        likely_sentence="imprisonment_up_to_one_year",
    )
    assert due(case, "conditional-non-prosecution-probation", "P1") == "2025-04-01"


def test_conditional_non_prosecution_is_only_for_crimes_in_chapters_four_to_six(receive, staff):
    """CPL art. 282: chapters 4-6 of the specific provisions; art. 140 (producing and selling
    fake products) is in chapter 3."""
    case = review(
        receive,
        staff,
        date(2024, 3, 4),
        custody="bail",
        suspect={
            "id_number": MINOR_ID,
            "offence_date": "2024-02-01",
            "article": "140",
            "charge": "生产、销售伪劣产品罪",
        },
    )
    with refused(ValidationFailed, "chapters 4-6", "[3]", "CPL art. 282"):
        record(
            case,
            "prosecution.conditional_non_prosecution",
            "2024-03-20",
            staff["procurator"],
            ["P1"],
            probation_months=6,
            likely_sentence="imprisonment_up_to_one_year",
        )


def test_a_revoked_conditional_non_prosecution_is_followed_by_prosecution(receive, staff):
    """CPL art. 284 ¶1, Rules art. 479: a new crime during probation revokes the decision and
    the minor is prosecuted; the probation period is closed."""
    case = review(
        receive,
        staff,
        date(2024, 3, 4),
        custody="bail",
        suspect={"id_number": MINOR_ID, "offence_date": "2024-02-01"},
    )
    record(
        case,
        "prosecution.conditional_non_prosecution",
        "2024-03-20",
        staff["procurator"],
        ["P1"],
        probation_months=8,
        likely_sentence="imprisonment_up_to_one_year",
    )
    record(
        case,
        "prosecution.conditional_revoked",
        "2024-06-03",
        staff["procurator"],
        ["P1"],
        ground="new_crime",
    )
    assert person_of(case)["stage"] == "conditional_revoked"
    probation = only(case, "conditional-non-prosecution-probation", "P1", status="met")
    assert probation["closed_on"] == "2024-06-03"
    record(case, "prosecution.prosecuted", "2024-06-10", staff["procurator"], ["P1"], charges=THEFT)
    suspect = person_of(case)
    assert (suspect["stage"], suspect["decision"]) == ("prosecuted", "prosecuted")


def test_a_person_not_prosecuted_is_referred_for_a_penalty_with_the_chief_procurator(
    receive, staff
):
    """CPL art. 177 ¶3 and Rules art. 373 ¶2: a person not prosecuted who should be given an
    administrative penalty or a sanction is referred, with a procuratorial opinion approved by
    the chief procurator (经检察长批准), to the competent authority; only after the decision
    not to prosecute, and once per kind of measure."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    chief = staff["chief"].username
    refer = {"kind": "administrative_penalty", "authority": "北京市公安局朝阳分局"}
    with refused(ValidationFailed, "stage", field="type"):
        record(case, "prosecution.referred_for_penalty", "2024-03-15", staff["procurator"],
               ["P1"], approved_by=chief, **refer)  # fmt: skip
    record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
           type="discretionary", approved_by=chief)  # fmt: skip
    with refused(
        ValidationFailed, "chief procurator", "Rules art. 373", field="payload.approved_by"
    ):
        record(case, "prosecution.referred_for_penalty", "2024-03-22", staff["procurator"],
               ["P1"], **refer)  # fmt: skip
    record(case, "prosecution.referred_for_penalty", "2024-03-22", staff["procurator"], ["P1"],
           approved_by=chief, **refer)  # fmt: skip
    assert person_of(case)["referred"] == ["administrative_penalty"]
    with refused(ValidationFailed, "already referred", "CPL art. 177 ¶3"):
        record(case, "prosecution.referred_for_penalty", "2024-03-25", staff["procurator"],
               ["P1"], approved_by=chief, **refer)  # fmt: skip
    # Rules art. 375: confiscation of the unlawful gains is a referral of its own
    record(case, "prosecution.referred_for_penalty", "2024-03-25", staff["procurator"], ["P1"],
           approved_by=chief, kind="confiscation", authority="北京市公安局朝阳分局")  # fmt: skip
    assert person_of(case)["referred"] == ["administrative_penalty", "confiscation"]


def _minor_under_review(receive, staff):
    return review(
        receive,
        staff,
        date(2024, 3, 4),
        custody="bail",
        suspect={"id_number": MINOR_ID, "offence_date": "2024-02-01"},
    )


def test_conditional_non_prosecution_needs_a_likely_sentence_of_at_most_one_year(receive, staff):
    """CPL art. 282 ¶1: only where the minor is likely to be sentenced to 一年有期徒刑以下刑罚;
    a likely sentence of more than one year is refused on that field, and a missing one too."""
    case = _minor_under_review(receive, staff)
    with refused(ValidationFailed, "at most one year", field="payload.likely_sentence"):
        record(case, "prosecution.conditional_non_prosecution", "2024-03-20",
               staff["procurator"], ["P1"], probation_months=6,
               likely_sentence="imprisonment_over_one_year")  # fmt: skip
    with refused(ValidationFailed, "is required", field="payload.likely_sentence"):
        record(case, "prosecution.conditional_non_prosecution", "2024-03-20",
               staff["procurator"], ["P1"], probation_months=6)  # fmt: skip
    record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="criminal_detention")  # fmt: skip
    assert person_of(case)["stage"] == "conditional_probation"


def test_an_objection_to_conditional_non_prosecution_leads_to_prosecution(receive, staff):
    """CPL art. 282 ¶3, Rules art. 470: when the minor or the legal representative objects,
    the procuratorate prosecutes; conditional non-prosecution is then refused."""
    case = _minor_under_review(receive, staff)
    record(case, "prosecution.conditional_objected", "2024-03-15", staff["procurator"], ["P1"],
           by="legal_representative")  # fmt: skip
    with refused(ValidationFailed, "objected", "Rules art. 470", field="persons"):
        record(case, "prosecution.conditional_non_prosecution", "2024-03-20",
               staff["procurator"], ["P1"], probation_months=6,
               likely_sentence="imprisonment_up_to_one_year")  # fmt: skip
    record(case, "prosecution.prosecuted", "2024-03-22", staff["procurator"], ["P1"], charges=THEFT)
    assert person_of(case)["stage"] == "prosecuted"


def test_an_objection_withdrawn_before_the_decision_allows_conditional_non_prosecution(
    receive, staff
):
    """Rules art. 470 ¶3: 人民检察院作出起诉决定前…撤回异议的，可以依法作出附条件不起诉决定."""
    case = _minor_under_review(receive, staff)
    with refused(ValidationFailed, "no objection", field="persons"):
        record(case, "prosecution.conditional_objection_withdrawn", "2024-03-14",
               staff["procurator"], ["P1"])  # fmt: skip
    record(case, "prosecution.conditional_objected", "2024-03-15", staff["procurator"], ["P1"],
           by="suspect")  # fmt: skip
    record(case, "prosecution.conditional_objection_withdrawn", "2024-03-18", staff["procurator"],
           ["P1"])  # fmt: skip
    record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="criminal_detention")  # fmt: skip
    assert person_of(case)["stage"] == "conditional_probation"


def test_only_a_minor_can_object_to_conditional_non_prosecution(receive, staff):
    """CPL art. 282 ¶3: the objection is to a conditional non-prosecution, which only a minor
    at the time of the offence can have (¶1)."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    with refused(ValidationFailed, "minors only", field="persons"):
        record(case, "prosecution.conditional_objected", "2024-03-15", staff["procurator"],
               ["P1"], by="suspect")  # fmt: skip


def test_conditional_non_prosecution_is_not_revoked_after_the_probation_ran_out(receive, staff):
    """CPL art. 284, Rules arts. 479-480: revoked for what happens in the probation; once it
    ran out (Fri 2024-09-20 for six months from 03-20) the minor is not prosecuted. The last day
    of the probation is still inside it."""
    case = _minor_under_review(receive, staff)
    record(case, "prosecution.conditional_non_prosecution", "2024-03-20", staff["procurator"],
           ["P1"], probation_months=6, likely_sentence="imprisonment_up_to_one_year")  # fmt: skip
    assert due(case, "conditional-non-prosecution-probation", "P1") == "2024-09-20"
    with refused(ValidationFailed, "ran out on 2024-09-20", "CPL art. 284", field="occurred_on"):
        record(case, "prosecution.conditional_revoked", "2024-09-23", staff["procurator"],
               ["P1"], ground="violation")  # fmt: skip
    record(case, "prosecution.conditional_revoked", "2024-09-20", staff["procurator"], ["P1"],
           ground="violation")  # fmt: skip
    assert person_of(case)["stage"] == "conditional_revoked"


def test_the_review_period_is_extended_before_it_runs_out_not_after(receive, staff):
    """Rules art. 351: a major, complex case that cannot be decided within the month
    (一个月以内不能作出决定的) is extended by 15 days: on the month's last day at the latest,
    not the day after it."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail", complex=True)
    month = due(case, "prosecution-review")
    after = date.fromisoformat(month).toordinal() + 1
    late = date.fromordinal(after).isoformat()
    with refused(ValidationFailed, f"ran out on {month}", "Rules art. 351", field="occurred_on"):
        record(case, "prosecution.extended", late, staff["procurator"],
               approved_by=staff["chief"].username)  # fmt: skip
    record(case, "prosecution.extended", month, staff["procurator"],
           approved_by=staff["chief"].username)  # fmt: skip
    assert only(case, "prosecution-review")["extensions"]


def test_after_a_return_the_review_is_counted_afresh_and_may_be_extended_or_fast_tracked(
    receive, staff
):
    """CPL art. 175 ¶3: after supplementary investigation the review period is counted afresh;
    a fast-track period ended with the return, so the new one-month period may be extended
    (CPL art. 172 ¶1, Rules art. 351) or fast-tracked again (nothing in CPL art. 172 or Rules
    art. 273 bars it after a return)."""
    chief = staff["chief"].username
    extended = review(receive, staff, date(2024, 3, 4), suspect={"guilty_plea": True})
    record(extended, "prosecution.fast_track", "2024-03-05", staff["procurator"])
    record(extended, "prosecution.returned_for_supplementary_investigation", "2024-03-08",
           staff["procurator"], to="police")  # fmt: skip
    record(extended, "prosecution.resubmitted", "2024-03-25", staff["manager"])
    assert due(extended, "prosecution-review") == "2024-04-25"
    record(extended, "prosecution.extended", "2024-04-10", staff["procurator"], approved_by=chief)
    assert only(extended, "prosecution-review")["extensions"]

    again = review(receive, staff, date(2024, 3, 4), suspect={"guilty_plea": True})
    record(again, "prosecution.returned_for_supplementary_investigation", "2024-03-08",
           staff["procurator"], to="police")  # fmt: skip
    record(again, "prosecution.resubmitted", "2024-03-25", staff["manager"])
    record(again, "prosecution.fast_track", "2024-03-26", staff["procurator"])
    period = only(again, "prosecution-review-fast-track")
    assert (period["start"], period["due"]) == ("2024-03-25", "2024-04-04")


def test_the_appeal_against_non_prosecution_counts_from_when_the_decision_was_served(
    receive, staff
):
    """CPL arts. 180, 181: the victim and the person not prosecuted may appeal within 7 days
    of receiving the decision (自收到决定书后七日以内): decided Thu 2024-06-20 and served Mon
    06-24, the 7 days end Mon 07-01. Served before it was made is refused."""
    chief = staff["chief"].username
    case = review(receive, staff, date(2024, 6, 3))
    with refused(ValidationFailed, "cannot be served", "CPL art. 180", field="payload.served_on"):
        record(case, "prosecution.not_prosecuted", "2024-06-20", staff["procurator"], ["P1"],
               type="discretionary", served_on="2024-06-19", approved_by=chief)  # fmt: skip
    record(case, "prosecution.not_prosecuted", "2024-06-20", staff["procurator"], ["P1"],
           type="discretionary", served_on="2024-06-24", approved_by=chief)  # fmt: skip
    period = only(case, "non-prosecution-appeal", "P1")
    assert (period["start"], period["due"]) == ("2024-06-24", "2024-07-01")


def test_a_transfer_for_a_suspect_on_bail_rolls_over_the_weekend(receive, staff):
    """Rules art. 328, CPL art. 105 ¶4: no one in custody, so the 5 days found Mon 2024-03-11
    end Sat 03-16 and roll to the first working day, Mon 03-18."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    with refused(ValidationFailed, "within 5 days, by 2024-03-18", field="occurred_on"):
        record(case, "prosecution.jurisdiction_transferred", "2024-03-19", staff["procurator"],
               reason="not_ours", to="北京市海淀区人民检察院", found_on="2024-03-11")  # fmt: skip
    record(case, "prosecution.jurisdiction_transferred", "2024-03-18", staff["procurator"],
           reason="not_ours", to="北京市海淀区人民检察院", found_on="2024-03-11")  # fmt: skip
    assert person_of(case)["stage"] == "jurisdiction_transferred"


def test_a_case_not_this_procuratorate_s_is_transferred_and_reviewed_afresh_there(receive, staff):
    """Rules art. 328: found not to be this procuratorate's, the case is transferred within 5
    days of the finding (found Mon 2024-03-11: by Sat 03-16; the suspect is under arrest, so
    the Saturday is kept, CPL art. 105 ¶4: 在押期间，应当至期满之日为止，不得因节假日而延长), and
    its review ends here; CPL art. 172 ¶2: the procuratorate that receives it counts the review
    from its own receipt."""
    case = review(receive, staff, date(2024, 3, 4))
    with refused(ValidationFailed, "within 5 days, by 2024-03-16", field="occurred_on"):
        record(case, "prosecution.jurisdiction_transferred", "2024-03-18", staff["procurator"],
               reason="not_ours", to="北京市海淀区人民检察院", found_on="2024-03-11")  # fmt: skip
    record(case, "prosecution.jurisdiction_transferred", "2024-03-16", staff["procurator"],
           reason="not_ours", to="北京市海淀区人民检察院", found_on="2024-03-11")  # fmt: skip
    case = reload(case)
    assert case.stage == "concluded"
    assert person_of(case)["stage"] == "jurisdiction_transferred"
    assert not [d for d in case.state["deadlines"].values() if d["status"] == "open"]
    there = receive(kind="prosecution_review", on=date(2024, 3, 20),
                    persons=[person(custody="arrested")], agency="procuratorate")  # fmt: skip
    assert due(there, "prosecution-review") == "2024-04-20"


def test_a_psychiatric_assessment_is_not_counted_in_the_review_period(receive, staff):
    """CPL art. 149: 对犯罪嫌疑人作精神病鉴定的期间不计入办案期限 (Rules art. 222). Received Mon
    2024-03-04, the month ends Thu 04-04; the assessment from 03-10 to 03-19 (10 days) moves it
    to Sun 04-14, kept since the suspect is under arrest (CPL art. 105 ¶4). It is recorded once
    over; an overlapping one, or a reason whose period the case does not have, is refused."""
    case = review(receive, staff, date(2024, 3, 4))
    assert due(case, "prosecution-review") == "2024-04-04"
    excluded = {"reason": "psychiatric_assessment", "excluded_from": "2024-03-10",
                "excluded_to": "2024-03-19"}  # fmt: skip
    with refused(ValidationFailed, "once it is over", field="payload.excluded_to"):
        record(case, "deadline.time_excluded", "2024-03-18", staff["procurator"], **excluded)
    record(case, "deadline.time_excluded", "2024-03-20", staff["procurator"], **excluded)
    period = only(case, "prosecution-review")
    assert (period["raw_end"], period["due"]) == ("2024-04-14", "2024-04-14")
    assert period["suspensions"] == [["2024-03-10", "2024-03-19", "CPL art. 149; Rules art. 222"]]
    with refused(ValidationFailed, "prosecution-review", field="payload.excluded_from"):
        record(case, "deadline.time_excluded", "2024-03-21", staff["procurator"],
               reason="psychiatric_assessment", excluded_from="2024-03-15",
               excluded_to="2024-03-16")  # fmt: skip
    with refused(ValidationFailed, "no open period", field="payload.reason"):
        record(case, "deadline.time_excluded", "2024-03-21", staff["procurator"],
               reason="supplementary_evidence", excluded_from="2024-03-20",
               excluded_to="2024-03-21")  # fmt: skip


def test_an_assessment_under_way_pauses_the_review_period_until_it_ends(receive, staff):
    """CPL art. 149 (Rules art. 222): the time of a psychiatric assessment is not counted, and
    while it is under way its end is not known. Its beginning is recorded (not before it
    began): the review month is paused, neither due soon nor overdue in monitoring, and the
    case has no running deadline. Its end is recorded once over, and the period comes out as
    the same assessment recorded afterwards (test above): 03-10 to 03-19, 10 days, the month
    moved from Thu 04-04 to Sun 04-14. One excluded time at a time; an end needs a beginning
    of that reason, on or after it."""
    from procuracy.cases import projection
    from procuracy.cases.models import CaseDeadline
    from procuracy.web import selectors as web_selectors

    case = review(receive, staff, date(2024, 3, 4))
    assert due(case, "prosecution-review") == "2024-04-04"
    assessment = {"reason": "psychiatric_assessment"}
    with refused(ValidationFailed, "once it has begun", field="payload.excluded_from"):
        record(case, "deadline.time_exclusion_began", "2024-03-09", staff["procurator"],
               excluded_from="2024-03-10", **assessment)  # fmt: skip
    with refused(ValidationFailed, "no time of psychiatric_assessment", field="payload.reason"):
        record(case, "deadline.time_exclusion_ended", "2024-03-09", staff["procurator"],
               excluded_to="2024-03-09", **assessment)  # fmt: skip
    record(case, "deadline.time_exclusion_began", "2024-03-11", staff["procurator"],
           excluded_from="2024-03-10", **assessment)  # fmt: skip
    period = only(case, "prosecution-review")
    assert period["paused"] == {"from": "2024-03-10", "basis": "CPL art. 149; Rules art. 222",
                                "reason": "psychiatric_assessment"}  # fmt: skip
    row = CaseDeadline.objects.get(case=case, key=period["key"])
    assert row.status == "suspended"
    assert reload(case).next_due is None
    watched = web_selectors.monitoring(staff["manager"], include_later=True)
    assert case.pk not in {d.case_id for d in watched["deadlines"]}

    with refused(ValidationFailed, "still under way", field="payload.excluded_from"):
        record(case, "deadline.time_exclusion_began", "2024-03-12", staff["procurator"],
               excluded_from="2024-03-12", **assessment)  # fmt: skip
    with refused(ValidationFailed, "still under way", field="payload.excluded_from"):
        record(case, "deadline.time_excluded", "2024-03-12", staff["procurator"],
               excluded_from="2024-03-05", excluded_to="2024-03-06", **assessment)  # fmt: skip
    with refused(ValidationFailed, "cannot end (2024-03-09) before it began (2024-03-10)",
                 field="payload.excluded_to"):  # fmt: skip
        record(case, "deadline.time_exclusion_ended", "2024-03-20", staff["procurator"],
               excluded_to="2024-03-09", **assessment)  # fmt: skip
    with refused(ValidationFailed, "not before 2024-03-19", field="payload.excluded_to"):
        record(case, "deadline.time_exclusion_ended", "2024-03-18", staff["procurator"],
               excluded_to="2024-03-19", **assessment)  # fmt: skip
    record(case, "deadline.time_exclusion_ended", "2024-03-20", staff["procurator"],
           excluded_to="2024-03-19", **assessment)  # fmt: skip
    period = only(case, "prosecution-review")
    assert "paused" not in period
    assert (period["raw_end"], period["due"]) == ("2024-04-14", "2024-04-14")
    assert period["suspensions"] == [["2024-03-10", "2024-03-19", "CPL art. 149; Rules art. 222"]]
    assert CaseDeadline.objects.get(case=case, key=period["key"]).status == "open"
    assert reload(case).next_due == date(2024, 4, 14)
    before = reload(case).state
    projection.replay()
    assert reload(case).state == before


def test_a_decision_during_an_assessment_is_in_time_however_long_it_lasted(receive, staff):
    """CPL art. 149: a prosecution decided while the assessment begun on 03-20 is still
    recorded as under way closes the review month as met, though past its first last day
    (04-04): the days from 03-20 to the day before the decision (04-19: 31 days) are not
    counted, and the month ends on 05-05 (the suspect is under arrest: no roll-over, CPL
    art. 105 ¶4)."""
    case = review(receive, staff, date(2024, 3, 4))
    record(case, "deadline.time_exclusion_began", "2024-03-20", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-03-20")  # fmt: skip
    record(case, "prosecution.prosecuted", "2024-04-20", staff["procurator"], ["P1"],
           charges=THEFT)  # fmt: skip
    period = only(case, "prosecution-review", status=None)
    assert (period["status"], period["closed_on"], period["due"]) == ("met", "2024-04-20",
                                                                      "2024-05-05")  # fmt: skip
    assert period["suspensions"] == [["2024-03-20", "2024-04-19", "CPL art. 149; Rules art. 222"]]
    assert "paused" not in period


def test_an_exclusion_cannot_begin_before_the_period_it_pauses(receive, staff):
    """The law module's rule for a suspension's first day (after the period's start): an
    assessment said to have begun before the case was received pauses nothing, and is
    refused naming the period."""
    case = review(receive, staff, date(2024, 3, 4))
    with refused(ValidationFailed, "prosecution-review", field="payload.excluded_from"):
        record(case, "deadline.time_exclusion_began", "2024-03-06", staff["procurator"],
               reason="psychiatric_assessment", excluded_from="2024-03-01")  # fmt: skip
    assert "paused" not in only(case, "prosecution-review")


def test_time_still_under_way_cannot_begin_before_time_already_excluded(receive, staff):
    """Its end is not known, so it would overlap time already not counted (03-06 to 03-08):
    refused, naming the field; after it, accepted."""
    case = review(receive, staff, date(2024, 3, 4))
    record(case, "deadline.time_excluded", "2024-03-11", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-03-06",
           excluded_to="2024-03-08")  # fmt: skip
    with refused(ValidationFailed, "already not counted up to 2024-03-08",
                 field="payload.excluded_from"):  # fmt: skip
        record(case, "deadline.time_exclusion_began", "2024-03-12", staff["procurator"],
               reason="psychiatric_assessment", excluded_from="2024-03-05")  # fmt: skip
    record(case, "deadline.time_exclusion_began", "2024-03-12", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-03-09")  # fmt: skip
    assert only(case, "prosecution-review")["paused"]["from"] == "2024-03-09"


def test_the_review_period_is_extended_during_an_assessment_and_both_count(receive, staff):
    """Rules art. 351: extended before the month has run out. During the assessment begun
    03-20 only 16 days of the month have counted, so an extension on 04-10 (after the first
    last day, 04-04) is in time. The end on 04-19 excludes 31 days: 04-04 + 15 days = 04-19,
    + 31 days = 05-20 (in custody: no roll-over, CPL art. 105 ¶4)."""
    case = review(receive, staff, date(2024, 3, 4))
    record(case, "deadline.time_exclusion_began", "2024-03-20", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-03-20")  # fmt: skip
    record(case, "prosecution.extended", "2024-04-10", staff["procurator"],
           approved_by=staff["chief"].username)  # fmt: skip
    record(case, "deadline.time_exclusion_ended", "2024-04-20", staff["procurator"],
           reason="psychiatric_assessment", excluded_to="2024-04-19")  # fmt: skip
    assert due(case, "prosecution-review") == "2024-05-20"


def test_no_fast_track_while_the_review_period_is_paused(receive, staff):
    """The fast-track period replaces the review month (CPL art. 172): while the month is
    paused by an assessment (CPL art. 149), replacing it would drop the pause and count the
    assessment's days. Refused until the time has ended."""
    case = review(receive, staff, date(2024, 3, 4), suspect={"guilty_plea": True})
    record(case, "deadline.time_exclusion_began", "2024-03-06", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-03-05")  # fmt: skip
    with refused(ValidationFailed, "not counted since 2024-03-05"):
        record(case, "prosecution.fast_track", "2024-03-07", staff["procurator"])
    record(case, "deadline.time_exclusion_ended", "2024-03-08", staff["procurator"],
           reason="psychiatric_assessment", excluded_to="2024-03-07")  # fmt: skip
    record(case, "prosecution.fast_track", "2024-03-08", staff["procurator"])


def test_a_victims_time_to_appeal_is_no_handling_deadline_and_ends_by_itself(receive, staff):
    """CPL art. 180: the victim may appeal within 7 days of being served a non-prosecution
    decision. That is the victim's time (law catalogue ``holder: party``), not the
    procuratorate's: once it has run out with no appeal it is over, not overdue. It is not the
    case's next deadline, process monitoring leaves it out (it listed hundreds of such
    periods in the demo as overdue), and the case page shows it as 期满 (ran out)."""
    from procuracy.cases import selectors as case_selectors
    from procuracy.cases.models import Case, CaseDeadline
    from procuracy.web import selectors as web_selectors

    case = review(receive, staff, date(2024, 6, 3))
    # the review month is the procuratorate's: the case's next deadline
    assert Case.objects.get(pk=case.pk).next_due == date(2024, 7, 3)
    record(case, "prosecution.not_prosecuted", "2024-06-20", staff["procurator"], ["P1"],
           type="discretionary", served_on="2024-06-24",
           approved_by=staff["chief"].username)  # fmt: skip
    period = only(case, "non-prosecution-appeal", "P1")
    assert CaseDeadline.objects.get(case=case, key=period["key"]).status == "open"
    assert Case.objects.get(pk=case.pk).next_due is None
    watched = web_selectors.monitoring(staff["manager"], include_later=True)
    assert case.pk not in {d.case_id for d in watched["deadlines"]}
    view = case_selectors.case_view(staff["manager"], Case.objects.get(pk=case.pk).number)
    shown = next(d for d in view["deadlines"] if d["rule"] == "non-prosecution-appeal")
    assert shown["status"] == "ran_out"  # 2024-07-01 is past


def test_the_migration_recomputes_a_next_deadline_stored_from_a_partys_period(receive, staff):
    """Before the party's periods were left out, a case's next_due could be one (migration
    0011, projection.recompute_next_due): it is computed again from the state, and a case
    already right is left alone."""
    from procuracy.cases import projection
    from procuracy.cases.models import Case

    case = review(receive, staff, date(2024, 6, 3))
    other = review(receive, staff, date(2024, 6, 5))
    record(case, "prosecution.not_prosecuted", "2024-06-20", staff["procurator"], ["P1"],
           type="discretionary", served_on="2024-06-24",
           approved_by=staff["chief"].username)  # fmt: skip
    Case.objects.filter(pk=case.pk).update(next_due=date(2024, 7, 1))  # as stored before
    assert projection.recompute_next_due() == 1
    assert Case.objects.get(pk=case.pk).next_due is None
    assert Case.objects.get(pk=other.pk).next_due == date(2024, 7, 5)


@pytest.mark.parametrize(
    ("kind", "own", "others"),
    [
        ("statutory", ("CPL art. 177 ¶1", "Rules art. 365"), ("Rules art. 370", "CPL art. 182")),
        (
            "discretionary",
            ("CPL art. 177 ¶2", "Rules art. 370"),
            ("Rules art. 365", "Rules art. 367"),
        ),
    ],
)
def test_a_non_prosecution_is_recorded_with_the_articles_of_its_type(
    receive, staff, kind, own, others
):
    """The ledger records each decision with its legal basis: a statutory non-prosecution
    (CPL art. 177 ¶1: "犯罪嫌疑人没有犯罪事实，或者有本法第十六条规定的情形之一的，人民检察院
    应当作出不起诉决定") rests on that paragraph and Rules art. 365; a discretionary one (CPL
    art. 177 ¶2: "对于犯罪情节轻微，依照刑法规定不需要判处刑罚或者免除刑罚的，人民检察院可以
    作出不起诉决定") on that paragraph and Rules art. 370. Neither cites the other's articles,
    those of non-prosecution for insufficient evidence (Rules art. 367) or of the special one
    (CPL art. 182); both keep the event's general articles (CPL art. 175, 177)."""
    case = review(receive, staff, date(2024, 3, 4), custody="bail")
    row = record(case, "prosecution.not_prosecuted", "2024-03-20", staff["procurator"], ["P1"],
                 type=kind, approved_by=staff["chief"].username)  # fmt: skip
    recorded = json.loads(LedgerEvent.objects.get(pk=row.pk).basis)
    assert recorded[: len(own)] == list(own)
    assert not set(others) & set(recorded), recorded
    assert {"CPL art. 175", "CPL art. 177"} <= set(recorded)


def test_time_not_counted_is_recorded_with_the_article_of_its_reason(receive, staff):
    """CPL art. 149 ("对犯罪嫌疑人作精神病鉴定的期间不计入办案期限") and Rules art. 222 are the
    basis of an assessment's time not counted, in the ledger as in the period it moves: not the
    articles of the other reasons (Rules art. 523 ¶3, the Administrative Supervision Rules)."""
    case = review(receive, staff, date(2024, 3, 4))
    row = record(case, "deadline.time_excluded", "2024-03-20", staff["procurator"],
                 reason="psychiatric_assessment", excluded_from="2024-03-10",
                 excluded_to="2024-03-19")  # fmt: skip
    recorded = json.loads(LedgerEvent.objects.get(pk=row.pk).basis)
    assert recorded == ["CPL art. 149", "Rules art. 222"]
    assert only(case, "prosecution-review")["suspensions"][0][2] == "; ".join(recorded)
