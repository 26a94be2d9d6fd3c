"""Cases transferred by a supervision commission (CPL art. 170; Rules arts. 143, 343).

A suspect held under commission detention (留置) is detained by the procuratorate after
receipt, which ends the commission's detention (Rules art. 142), and a coercive measure is
decided within 10 days of the detention's execution (Rules art. 143); that time is not counted
in the review for prosecution, which is counted from the measure decision. Holidays (State Council, 2024):
National Day 10-01..10-07 (Sun 09-29 worked).
"""

from datetime import date

import pytest
from casewalk import (
    OTHER_ID,
    assign,
    deadlines,
    due,
    only,
    person,
    person_of,
    record,
    refused,
    reload,
)

from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def commission_case(receive, staff, on, *, detained=True, **kw):
    """A commission case received on ``on``; the suspect detained the same day unless
    ``detained`` is false."""
    case = receive(
        kind="prosecution_review",
        on=on,
        agency="supervision_commission",
        persons=[person(custody="commission_detention", article="385", charge="受贿罪")],
        **kw,
    )
    assign(case, staff, on)
    if detained:
        record(case, "commission.detained", on.isoformat(), staff["procurator"], ["P1"])
    return case


def test_a_suspect_under_commission_detention_starts_with_the_ten_day_measure_decision(
    receive, staff
):
    """CPL art. 170 ¶2, Rules art. 143: received and detained Tue 2024-09-24, the 10th day is
    Fri 10-04 (a holiday); the suspect is in custody, so it stays 10-04."""
    case = commission_case(receive, staff, date(2024, 9, 24), detained=False)
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"]) == ("commission_measure", "commission_detention")
    assert deadlines(case, "supervision-commission-measure") == []
    record(case, "commission.detained", "2024-09-24", staff["procurator"], ["P1"])
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"]) == ("commission_measure", "detained")
    deadline = only(case, "supervision-commission-measure", "P1")
    assert (deadline["due"], deadline["custody"]) == ("2024-10-04", True)


def test_the_ten_days_count_from_the_detention_not_from_receipt(receive, staff):
    """Rules art. 143: 人民检察院应当在执行拘留后十日以内，作出是否逮捕、取保候审或者监视居住的
    决定. Received Fri 2024-09-20 (ten days from then would end Mon 09-30), detention executed
    Tue 09-24: the measure is due Fri 10-04, and may still be decided on 10-02."""
    case = commission_case(receive, staff, date(2024, 9, 20), detained=False)
    record(case, "commission.detained", "2024-09-24", staff["procurator"], ["P1"])
    deadline = only(case, "supervision-commission-measure", "P1")
    assert (deadline["start"], deadline["due"]) == ("2024-09-24", "2024-10-04")
    record(case, "commission.measure_decided", "2024-10-02", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    assert only(case, "supervision-commission-measure", "P1", status="met")


def test_the_measure_waits_for_the_detention_and_the_detention_comes_once(receive, staff):
    """Rules arts. 142-143: the commission's detention is replaced by the procuratorate's
    detention, and the measure is decided within 10 days of that; a measure while the suspect
    is still under the commission's detention is refused, and so is a second detention."""
    case = commission_case(receive, staff, date(2024, 9, 24), detained=False)
    with refused(ValidationFailed, "commission.detained", "Rules art. 143", field="persons"):
        record(case, "commission.measure_decided", "2024-09-25", staff["procurator"], ["P1"],
               measure="arrested")  # fmt: skip
    record(case, "commission.detained", "2024-09-25", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "not under a supervision commission", "Rules art. 142",
                 field="persons"):  # fmt: skip
        record(case, "commission.detained", "2024-09-26", staff["procurator"], ["P1"])
    record(case, "commission.measure_decided", "2024-09-26", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    assert person_of(case)["custody"] == "arrested"


def test_the_measure_decision_restarts_the_review_for_prosecution(receive, staff):
    """CPL art. 170 ¶2: the measure decided on Mon 2024-09-30 (arrest) closes the 10 days and
    the review month counts from it. 09-30 is the last day of September, so the month ends on
    the last day of October, Thu 10-31 (SPC CPL Interpretation art. 202)."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    record(
        case,
        "commission.measure_decided",
        "2024-09-30",
        staff["procurator"],
        ["P1"],
        measure="arrested",
    )
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"]) == ("prosecution_review", "arrested")
    # the custody at receipt stays what the commission transferred (the figures' "after an
    # arrest" means under arrest when received: figures/registry.py)
    assert suspect["custody_at_receipt"] == "commission_detention"
    assert only(case, "supervision-commission-measure", "P1", status="met")
    review = only(case, "prosecution-review")
    assert (review["start"], review["due"]) == ("2024-09-30", "2024-10-31")
    assert review["restarts"] == ["2024-09-24"]


def test_a_review_restarted_after_bail_is_no_longer_a_custody_period(receive, staff):
    """CPL arts. 170, 105: received and detained Mon 2024-08-26 (measure due Thu 09-05). Bail decided on Sun
    09-01: the review month ends Tue 10-01 (National Day); the suspect is no longer in custody,
    so it ends on Tue 10-08."""
    case = commission_case(receive, staff, date(2024, 8, 26))
    assert due(case, "supervision-commission-measure", "P1") == "2024-09-05"
    record(
        case,
        "commission.measure_decided",
        "2024-09-01",
        staff["procurator"],
        ["P1"],
        measure="bail",
    )
    review = only(case, "prosecution-review")
    assert (review["raw_end"], review["due"], review["custody"]) == (
        "2024-10-01",
        "2024-10-08",
        False,
    )


def test_an_arrest_decided_on_the_same_dates_keeps_the_holiday_as_the_last_day(receive, staff):
    """CPL art. 105: the same dates with the suspect arrested end on Tue 10-01."""
    case = commission_case(receive, staff, date(2024, 8, 26))
    record(
        case,
        "commission.measure_decided",
        "2024-09-01",
        staff["procurator"],
        ["P1"],
        measure="arrested",
    )
    assert due(case, "prosecution-review") == "2024-10-01"


def test_no_prosecution_decision_before_the_measure_is_decided(receive, staff):
    """CPL art. 170 ¶2: the suspect is at the measure stage until the measure is decided."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    with refused(ValidationFailed, "commission_measure", "CPL art. 176"):
        record(
            case,
            "prosecution.prosecuted",
            "2024-09-26",
            staff["procurator"],
            ["P1"],
            charges=[{"article": "385", "name": "受贿罪"}],
        )


def test_the_case_is_returned_to_the_commission_for_supplementary_inquiry(receive, staff):
    """CPL art. 170 ¶1, Rules art. 343: supplementary inquiry by the commission, one month:
    returned Tue 2024-10-08, due Fri 11-08; resubmitted Mon 10-28, review due Thu 11-28."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    record(
        case,
        "commission.measure_decided",
        "2024-09-30",
        staff["procurator"],
        ["P1"],
        measure="arrested",
    )
    record(
        case,
        "prosecution.returned_for_supplementary_investigation",
        "2024-10-08",
        staff["procurator"],
        to="supervision_commission",
    )
    assert due(case, "supplementary-investigation") == "2024-11-08"
    record(case, "prosecution.resubmitted", "2024-10-28", staff["manager"])
    assert due(case, "prosecution-review") == "2024-11-28"
    assert [d["status"] for d in deadlines(case, "prosecution-review")] == ["met", "open"]


def test_early_involvement_may_be_dated_before_the_case_is_received(receive, staff):
    """Rules art. 256 ¶2 (经监察机关商请，人民检察院可以派员介入): the procuratorate may be
    involved before the transfer."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    record(
        case,
        "commission.early_involvement",
        "2024-09-02",
        staff["procurator"],
        opinion="证据基本确实充分",
    )
    assert reload(case).state["last_date"] == "2024-09-24"


def test_early_involvement_is_in_a_commission_case_before_its_transfer(receive, staff):
    """Rules art. 256 ¶2: the involvement is in the commission's inquiry, before it transfers
    the case: not in a case from the police, not after the receipt, not before the conduct
    inquired into (it took any date: 1901-01-01 was recorded)."""
    case = receive(kind="prosecution_review", on=date(2024, 9, 24), agency="supervision_commission",
                   persons=[person(custody="commission_detention", article="385", charge="受贿罪",
                                   offence_date="2024-06-01")])  # fmt: skip
    assign(case, staff, "2024-09-24")
    offence = "2024-06-01"
    with refused(ValidationFailed, "comes before the transfer", "Rules art. 256",
                 field="occurred_on"):  # fmt: skip
        record(case, "commission.early_involvement", "2024-09-25", staff["procurator"])
    with refused(ValidationFailed, f"before the earliest offence inquired into ({offence})",
                 field="occurred_on"):  # fmt: skip
        record(case, "commission.early_involvement", "1901-01-01", staff["procurator"])
    police = receive(kind="prosecution_review", on=date(2024, 9, 24))
    assign(police, staff, "2024-09-24")
    with refused(ValidationFailed, "early involvement is recorded in a case transferred by "
                 "supervision_commission", field="type"):  # fmt: skip
        record(police, "commission.early_involvement", "2024-09-02", staff["procurator"])


def test_a_suspects_rank_is_kept_when_given_and_checked(receive, staff):
    """The commission transfers the suspect's rank (职级); an unknown rank is refused on its
    field, and a person without one has no rank key (projections of older cases stay as
    they were)."""
    with refused(ValidationFailed, "'minister' is not one of", field="persons.P1.rank"):
        receive(kind="prosecution_review", agency="supervision_commission",
                persons=[person(custody="commission_detention", article="385", charge="受贿罪",
                                rank="minister")])  # fmt: skip
    case = receive(kind="prosecution_review", agency="supervision_commission",
                   persons=[person(custody="commission_detention", article="385",
                                   charge="受贿罪", rank="provincial_ministerial"),
                            person(name="李某", custody="commission_detention", article="389", id_number=OTHER_ID,
                                   charge="行贿罪")])  # fmt: skip
    persons = reload(case).state["persons"]
    assert persons["P1"]["rank"] == "provincial_ministerial"
    assert "rank" not in persons["P2"]


def test_fast_track_waits_for_the_measure_decision_and_counts_from_it(receive, staff):
    """CPL art. 170 ¶2: the time to decide the measure does not count in the review period;
    so the fast-track period (CPL art. 172 ¶1: 10 days) is refused while the measure is
    pending, and once decided on Tue 2024-03-05 it counts from that day (due Fri 03-15), not
    from receipt on Mon 03-04. A suspect who does not plead guilty is still refused."""
    case = receive(
        kind="prosecution_review",
        on=date(2024, 3, 4),
        agency="supervision_commission",
        persons=[
            person(custody="commission_detention", article="385", charge="受贿罪", guilty_plea=True)
        ],
    )
    assign(case, staff, date(2024, 3, 4))
    record(case, "commission.detained", "2024-03-04", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "not decided yet", "CPL art. 170", field="type"):
        record(case, "prosecution.fast_track", "2024-03-04", staff["procurator"])
    record(case, "commission.measure_decided", "2024-03-05", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    record(case, "prosecution.fast_track", "2024-03-05", staff["procurator"])
    period = only(case, "prosecution-review-fast-track")
    assert (period["start"], period["due"]) == ("2024-03-05", "2024-03-15")

    other = commission_case(receive, staff, date(2024, 3, 4))
    record(other, "commission.measure_decided", "2024-03-05", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    with refused(ValidationFailed, "admit guilt"):
        record(other, "prosecution.fast_track", "2024-03-06", staff["procurator"])


def test_the_time_to_decide_the_measure_is_extended_once_by_one_to_four_days(receive, staff):
    """CPL art. 170 ¶2, Rules art. 143: 特殊情况下，决定的时间可以延长一日至四日. Received and
    detained Tue 2024-09-24, the 10 days end Fri 10-04; four more end Tue 10-08 (custody: no roll-over).
    Once only, at most four days, and before the ten days have run out."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    with refused(ValidationFailed, "at most 4", field="payload.days"):
        record(case, "commission.measure_extended", "2024-10-02", staff["procurator"], ["P1"],
               days=5)  # fmt: skip
    with refused(ValidationFailed, "ran out on 2024-10-04", field="occurred_on"):
        record(case, "commission.measure_extended", "2024-10-05", staff["procurator"], ["P1"],
               days=4)  # fmt: skip
    record(case, "commission.measure_extended", "2024-10-02", staff["procurator"], ["P1"],
           days=4)  # fmt: skip
    period = only(case, "supervision-commission-measure", "P1")
    assert (period["due"], period["extensions"][0][0]) == ("2024-10-08", "4 days")
    with refused(ValidationFailed, "already extended", "CPL art. 170", field="persons"):
        record(case, "commission.measure_extended", "2024-10-03", staff["procurator"], ["P1"],
               days=1)  # fmt: skip
    record(case, "commission.measure_decided", "2024-10-08", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    assert only(case, "supervision-commission-measure", "P1", status="met")


def test_an_assessment_under_way_is_carried_into_the_period_counted_from_the_measure(
    receive, staff
):
    """CPL art. 170 ¶2: the review period counts from the measure decision (09-30); CPL art.
    149: an assessment begun 09-26 and still under way is not counted in that period either
    (it was dropped, and its end refused). Ended on 10-20: the month from 09-30, the last day
    of September, ends on the last day of October (10-31; SPC CPL Interpretation art. 202; in
    custody), and moves by 10-01..10-20, 20 days, to 11-20."""
    case = commission_case(receive, staff, date(2024, 9, 24))
    record(case, "deadline.time_exclusion_began", "2024-09-27", staff["procurator"],
           reason="psychiatric_assessment", excluded_from="2024-09-26")  # fmt: skip
    record(case, "commission.measure_decided", "2024-09-30", staff["procurator"], ["P1"],
           measure="arrested")  # fmt: skip
    period = only(case, "prosecution-review")
    assert (period["start"], period["paused"]["from"]) == ("2024-09-30", "2024-10-01")
    record(case, "deadline.time_exclusion_ended", "2024-10-21", staff["procurator"],
           reason="psychiatric_assessment", excluded_to="2024-10-20")  # fmt: skip
    assert due(case, "prosecution-review") == "2024-11-20"
