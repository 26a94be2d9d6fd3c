"""From prosecution to the first-instance decision and the protest (CPL arts. 227-230, 254;
Rules arts. 584-591).

CPL art. 230: 10 days against a judgment, 5 against a ruling, counted from the day after the
judgment or ruling was received. Holidays (State Council, 2024): National Day 10-01..10-07.
"""

from datetime import date

import pytest
from casewalk import assign, deadlines, due, only, person, person_of, record, refused, reload

from procuracy.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db

THEFT = [{"article": "264", "name": "盗窃罪"}]


@pytest.fixture
def prosecuted(receive, staff):
    def go(custody="arrested"):
        case = receive(
            kind="prosecution_review", on=date(2024, 8, 1), persons=[person(custody=custody)]
        )
        assign(case, staff, "2024-08-01")
        record(
            case,
            "prosecution.prosecuted",
            "2024-08-20",
            staff["procurator"],
            ["P1"],
            charges=THEFT,
            court="北京市朝阳区人民法院",
        )
        return case

    return go


def verdict(case, staff, received_on, form="judgment", outcome="guilty"):
    record(
        case,
        "trial.first_instance_decided",
        received_on,
        staff["manager"],
        ["P1"],
        form=form,
        outcome=outcome,
        received_on=received_on,
    )


def test_a_judgment_is_protested_within_ten_days_of_its_receipt(prosecuted, staff):
    """CPL art. 230, Rules art. 586: judgment received Fri 2024-09-20, protest by Mon 09-30;
    filed on the last day with the chief procurator's decision (Rules art. 585); the court's
    decision concludes the case (CPL art. 236)."""
    case = prosecuted()
    verdict(case, staff, "2024-09-20", outcome="not_guilty")
    suspect = person_of(case)
    assert suspect["stage"] == "first_instance_decided"
    assert suspect["verdict"]["outcome"] == "not_guilty"
    assert due(case, "protest-judgment", "P1") == "2024-09-30"

    with refused(ValidationFailed, "chief procurator", "CPL art. 228"):
        record(
            case, "protest.filed", "2024-09-30", staff["procurator"], ["P1"], kind="second_instance"
        )
    record(
        case,
        "protest.filed",
        "2024-09-30",
        staff["procurator"],
        ["P1"],
        kind="second_instance",
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["stage"] == "protested"
    assert only(case, "protest-judgment", "P1", status="met")
    assert reload(case).stage == "under_review"

    record(case, "protest.decided", "2024-12-10", staff["manager"], ["P1"], outcome="changed")
    suspect = person_of(case)
    assert (suspect["stage"], suspect["protest_outcome"]) == ("protest_decided", "changed")
    assert reload(case).stage == "concluded"


def test_a_second_instance_protest_after_five_days_against_a_ruling_is_refused(prosecuted, staff):
    """CPL art. 230: ruling received Fri 2024-09-20, protest by Wed 09-25. On 09-26 a
    second-instance protest is out of time, and the ruling is final (CPL art. 259)."""
    case = prosecuted()
    verdict(case, staff, "2024-09-20", form="ruling", outcome="other")
    assert due(case, "protest-ruling", "P1") == "2024-09-25"
    with refused(
        ValidationFailed, "2024-09-25", "out of time", "CPL art. 230", field="occurred_on"
    ):
        record(
            case,
            "protest.filed",
            "2024-09-26",
            staff["procurator"],
            ["P1"],
            kind="second_instance",
            approved_by=staff["chief"].username,
        )


def test_a_final_judgment_is_protested_by_a_procuratorate_above_on_request(prosecuted, staff):
    """CPL art. 254 ¶3: a final judgment is protested by trial supervision by the SPP or by
    a procuratorate above the court that gave it; the district procuratorate (朝阳, 110105)
    asks the one above with its chief's decision (Rules art. 595 ¶1-2), and records the
    protest that one (北京市人民检察院, 110000) lodged."""
    case = prosecuted()
    verdict(case, staff, "2024-09-20", form="ruling", outcome="other")
    # within the period the ruling is not final: no trial-supervision protest, no request
    with refused(ValidationFailed, "already final", "CPL art. 254", field="payload.kind"):
        record(case, "protest.filed", "2024-09-24", staff["procurator"], ["P1"],
               kind="trial_supervision", by="110000")  # fmt: skip
    with refused(ValidationFailed, "not yet final", field="type"):
        record(case, "protest.requested", "2024-09-24", staff["procurator"], ["P1"],
               to="110000", approved_by=staff["chief"].username)  # fmt: skip
    # after it: not by the district procuratorate itself, nor by one that is not above it
    with refused(ValidationFailed, "asks the procuratorate above", field="payload.by"):
        record(case, "protest.filed", "2024-10-15", staff["procurator"], ["P1"],
               kind="trial_supervision", approved_by=staff["chief"].username)  # fmt: skip
    with refused(ValidationFailed, "'310000' is not the code of a procuratorate above 110105",
                 field="payload.by"):  # fmt: skip
        record(case, "protest.filed", "2024-10-15", staff["procurator"], ["P1"],
               kind="trial_supervision", by="310000")  # fmt: skip
    with refused(ValidationFailed, "chief procurator", field="payload.approved_by"):
        record(case, "protest.requested", "2024-10-10", staff["procurator"], ["P1"], to="110000")
    record(case, "protest.requested", "2024-10-10", staff["procurator"], ["P1"], to="110000",
           approved_by=staff["chief"].username)  # fmt: skip
    assert person_of(case)["protest_requested"] == "110000"
    record(case, "protest.filed", "2024-10-15", staff["procurator"], ["P1"],
           kind="trial_supervision", by="110000")  # fmt: skip
    suspect = person_of(case)
    assert (suspect["stage"], suspect["protest"]) == ("protested", "trial_supervision")


def test_a_final_judgment_is_not_protested_at_second_instance(prosecuted, staff):
    """CPL arts. 228, 259: once no protest was lodged within the period (the judgment is
    final), a second-instance protest no longer lies."""
    case = prosecuted()
    verdict(case, staff, "2024-09-20")
    record(case, "protest.not_filed", "2024-09-30", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "judgment is final", field="payload.kind"):
        record(case, "protest.filed", "2024-10-08", staff["procurator"], ["P1"],
               kind="second_instance", approved_by=staff["chief"].username)  # fmt: skip


def test_the_protest_period_of_a_defendant_on_bail_rolls_over_national_day(prosecuted, staff):
    """CPL arts. 230, 105: judgment received Tue 2024-09-24; the 10th day is Fri 10-04, a
    holiday; the defendant is not in custody, so the period ends Tue 10-08, and a protest that
    day is in time."""
    case = prosecuted(custody="bail")
    verdict(case, staff, "2024-09-24")
    deadline = only(case, "protest-judgment", "P1")
    assert (deadline["raw_end"], deadline["due"]) == ("2024-10-04", "2024-10-08")
    record(
        case,
        "protest.filed",
        "2024-10-08",
        staff["chief"],
        ["P1"],
        kind="second_instance",
    )
    assert only(case, "protest-judgment", "P1", status="met")


def test_no_protest_makes_the_judgment_final_and_concludes_the_case(prosecuted, staff):
    """CPL arts. 230, 259: no protest within the period; the judgment takes effect."""
    case = prosecuted()
    verdict(case, staff, "2024-09-20")
    record(case, "protest.not_filed", "2024-09-27", staff["procurator"], ["P1"])
    assert person_of(case)["stage"] == "judgment_final"
    assert [d["status"] for d in deadlines(case, "protest-judgment")] == ["met"]
    assert reload(case).stage == "concluded"


def test_a_verdict_is_recorded_only_for_a_prosecuted_defendant(receive, staff):
    """CPL art. 227: a first-instance decision follows prosecution."""
    case = receive(kind="prosecution_review", on=date(2024, 8, 1))
    with refused(ValidationFailed, "prosecution_review", "CPL art. 227"):
        verdict(case, staff, "2024-09-20")


def test_justified_defence_is_determined_in_review_and_leads_to_statutory_non_prosecution(
    receive, staff
):
    """Criminal Law art. 20, CPL arts. 16, 177 ¶1, Rules art. 365: justified defence, then
    statutory non-prosecution with the chief procurator's approval; no finding after that."""
    case = receive(
        kind="prosecution_review",
        on=date(2024, 8, 1),
        persons=[person(custody="bail", article="234", charge="故意伤害罪")],
    )
    assign(case, staff, "2024-08-01")
    record(
        case,
        "justified_defence.determined",
        "2024-08-10",
        staff["procurator"],
        ["P1"],
        finding="justified",
    )
    assert person_of(case)["justified_defence"] == "justified"
    with refused(ValidationFailed, "bears no criminal liability", field="persons"):
        record(case, "prosecution.prosecuted", "2024-08-11", staff["procurator"], ["P1"],
               charges=[{"article": "234", "name": "故意伤害罪"}])  # fmt: skip
    record(
        case,
        "prosecution.not_prosecuted",
        "2024-08-12",
        staff["procurator"],
        ["P1"],
        type="statutory",
        approved_by=staff["chief"].username,
    )
    assert person_of(case)["reason"] == "statutory"
    with refused(ValidationFailed, "not_prosecuted", "Criminal Law art. 20"):
        record(
            case,
            "justified_defence.determined",
            "2024-08-13",
            staff["procurator"],
            ["P1"],
            finding="excessive",
        )


def test_a_judgment_appealed_or_remanded_is_not_final(prosecuted, staff):
    """CPL art. 259: a judgment is final when the period passed with no appeal and no protest;
    a remand for retrial (CPL art. 236 ¶1(3)) sets it aside. Neither can be protested by
    trial supervision, nor the procuratorate above asked to."""
    chief = staff["chief"].username
    appealed = prosecuted()
    record(appealed, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
           form="judgment", outcome="guilty", received_on="2024-09-20", accepted=False)  # fmt: skip
    with refused(ValidationFailed, "not yet final", field="type"):
        record(appealed, "protest.requested", "2024-10-15", staff["procurator"], ["P1"],
               to="110000", approved_by=chief)  # fmt: skip
    remanded = prosecuted()
    verdict(remanded, staff, "2024-09-20")
    record(remanded, "protest.filed", "2024-09-24", staff["procurator"], ["P1"],
           kind="second_instance", approved_by=chief)  # fmt: skip
    record(remanded, "protest.decided", "2024-12-10", staff["manager"], ["P1"], outcome="remanded")
    assert person_of(remanded)["stage"] == "retrial"
    assert reload(remanded).stage != "concluded"
    with refused(ValidationFailed, "stage 'retrial'", field="type"):
        record(remanded, "protest.filed", "2024-12-20", staff["procurator"], ["P1"],
               kind="trial_supervision", by="110000")  # fmt: skip
    with refused(ValidationFailed, "stage 'retrial'", field="type"):
        record(remanded, "protest.requested", "2024-12-20", staff["procurator"], ["P1"],
               to="110000", approved_by=chief)  # fmt: skip


def test_the_retrial_after_a_remand_gives_a_new_judgment_open_to_protest(prosecuted, staff):
    """CPL art. 236 ¶1(3), art. 256: the court above remands the case, the court below tries it
    again; the retrial's judgment (received Mon 2025-03-03) can be protested within 10 days
    again (CPL art. 230: due Thu 03-13), and the case concludes once that judgment is final."""
    chief = staff["chief"].username
    case = prosecuted()
    verdict(case, staff, "2024-09-20")
    record(case, "protest.filed", "2024-09-24", staff["procurator"], ["P1"],
           kind="second_instance", approved_by=chief)  # fmt: skip
    record(case, "protest.decided", "2024-12-10", staff["manager"], ["P1"], outcome="remanded")
    record(case, "trial.first_instance_decided", "2025-03-03", staff["manager"], ["P1"],
           form="judgment", outcome="guilty", received_on="2025-03-03")  # fmt: skip
    assert person_of(case)["stage"] == "first_instance_decided"
    assert due(case, "protest-judgment", "P1") == "2025-03-13"
    record(case, "protest.not_filed", "2025-03-14", staff["procurator"], ["P1"])
    assert reload(case).stage == "concluded"


def test_after_the_second_instance_the_protest_comes_from_above_that_court(unit, make_user):
    """CPL art. 254 ¶3: "上级人民检察院对下级人民法院已经发生法律效力的判决": once the
    intermediate court decided on the protest of a Guangzhou district procuratorate (天河,
    440106), its judgment is final, and the protest lies with the provincial procuratorate
    (440000), not the municipal one (440100) at the level of that court."""
    from casewalk import intake

    from procuracy.staff.roles import DepartmentKind, Role

    code = "440106"
    staff = {
        "manager": make_user(code, Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        "procurator": make_user(code, Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        "chief": make_user(code, Role.CHIEF_PROCURATOR, DepartmentKind.LEADERSHIP),
    }
    case = intake(unit, staff, kind="prosecution_review", on=date(2024, 8, 1), agency="police",
                  persons=[person(custody="arrested")], unit_code=code,
                  materials=["transfer_opinion", "case_file", "evidence"])  # fmt: skip
    assign(case, staff, "2024-08-01")
    record(case, "prosecution.prosecuted", "2024-08-20", staff["procurator"], ["P1"],
           charges=THEFT, court="广州市天河区人民法院")  # fmt: skip
    verdict(case, staff, "2024-09-20")
    record(case, "protest.filed", "2024-09-24", staff["procurator"], ["P1"],
           kind="second_instance", approved_by=staff["chief"].username)  # fmt: skip
    record(case, "protest.decided", "2024-12-10", staff["manager"], ["P1"], outcome="maintained")
    with refused(ValidationFailed, "440100 is at the level of the court", field="payload.by"):
        record(case, "protest.filed", "2025-01-10", staff["procurator"], ["P1"],
               kind="trial_supervision", by="440100")  # fmt: skip
    record(case, "protest.filed", "2025-01-10", staff["procurator"], ["P1"],
           kind="trial_supervision", by="440000")  # fmt: skip
    assert person_of(case)["protest"] == "trial_supervision"


def test_a_judgment_is_received_on_or_after_the_day_it_was_given(prosecuted, staff):
    """CPL art. 230: the ten days to protest run from the day after the judgment was
    received; a receipt before the judgment (here 2024-08-10, before even the prosecution)
    would open a period that had run out before the judgment existed. A receipt dated in the
    future, or in year 9999 (whose period overflowed the calendar with a ValueError), is
    refused as every future date is."""
    case = prosecuted(custody="bail")
    judged = {"form": "judgment", "outcome": "guilty"}
    with refused(ValidationFailed, "cannot be received (2024-08-10) before it was given "
                 "(2024-09-20)", field="payload.received_on"):  # fmt: skip
        record(case, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
               received_on="2024-08-10", **judged)  # fmt: skip
    with refused(ValidationFailed, "the date 9999-12-25 is in the future",
                 field="payload.received_on"):  # fmt: skip
        record(case, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
               received_on="9999-12-25", **judged)  # fmt: skip
    with refused(ValidationFailed, "before 1900-01-01", field="payload.received_on"):
        record(case, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
               received_on="0001-01-01", **judged)  # fmt: skip
    record(case, "trial.first_instance_decided", "2024-09-20", staff["manager"], ["P1"],
           received_on="2024-09-23", **judged)  # fmt: skip
    # served Mon 09-23: ten days from Tue 09-24 end Thu 10-03, in the National Day holiday
    # (10-01 to 10-07, State Council 2024 schedule); the defendant is on bail, not in custody,
    # so the period ends on the first working day after it, Tue 10-08 (CPL art. 105)
    assert due(case, "protest-judgment", "P1") == "2024-10-08"


def test_a_defendant_found_not_guilty_is_released_and_the_protest_period_rolls_over(
    prosecuted, staff
):
    """CPL art. 260: a defendant found not guilty, or exempted from punishment, is released at
    once; the protest period (CPL art. 230: 10 days from receipt on Fri 2024-09-27, ending
    10-07 in the National Day holiday) is then no period of custody and rolls over to Tue
    10-08 (CPL art. 105 ¶4). A guilty defendant in custody keeps 10-07."""
    for outcome, custody, last_day in (
        ("guilty", "arrested", "2024-10-07"),
        ("guilty_exempt", "released", "2024-10-08"),
        ("not_guilty", "released", "2024-10-08"),
    ):
        case = prosecuted()
        record(case, "trial.first_instance_decided", "2024-09-27", staff["procurator"], ["P1"],
               form="judgment", outcome=outcome, received_on="2024-09-27")  # fmt: skip
        assert person_of(case)["custody"] == custody, outcome
        assert only(case, "protest-judgment", "P1")["due"] == last_day, outcome
    # the acquittal's protest on 10-08 is in time
    record(case, "protest.filed", "2024-10-08", staff["procurator"], ["P1"],
           kind="second_instance", approved_by=staff["chief"].username)  # fmt: skip


def test_a_victim_s_request_to_protest_is_answered_within_five_days(prosecuted, staff):
    """CPL art. 229, Rules art. 588: the victim may ask for a protest within 5 days of
    receiving the judgment; the procuratorate decides and replies within 5 days of the request
    (Mon 2024-09-02 → Sat 09-07; the defendant is in custody, so the Saturday stays, as for
    every period of a person in custody: CPL art. 105 ¶4). A later request is the
    procuratorate's to accept, without the 5 days (¶2); a ruling cannot be asked against."""
    case = prosecuted()
    record(case, "trial.first_instance_decided", "2024-08-28", staff["procurator"], ["P1"],
           form="judgment", outcome="guilty", received_on="2024-08-28")  # fmt: skip
    with refused(ValidationFailed, "no request of a victim", field="persons"):
        record(case, "protest.victim_request_answered", "2024-09-03", staff["procurator"],
               ["P1"], decision="no_protest")  # fmt: skip
    with refused(ValidationFailed, "cannot come before", field="payload.judgment_received_on"):
        record(case, "protest.requested_by_victim", "2024-09-02", staff["manager"], ["P1"],
               requester="victim", judgment_received_on="2024-09-03")  # fmt: skip
    record(case, "protest.requested_by_victim", "2024-09-02", staff["manager"], ["P1"],
           requester="victim", judgment_received_on="2024-08-30")  # fmt: skip
    assert only(case, "victim-protest-request-reply", "P1")["due"] == "2024-09-07"
    record(case, "protest.victim_request_answered", "2024-09-05", staff["procurator"], ["P1"],
           decision="no_protest")  # fmt: skip
    assert only(case, "victim-protest-request-reply", "P1", status="met")
    assert person_of(case)["victim_request"] == "no_protest"

    late = prosecuted()
    record(late, "trial.first_instance_decided", "2024-08-28", staff["procurator"], ["P1"],
           form="judgment", outcome="guilty", received_on="2024-08-28")  # fmt: skip
    record(late, "protest.requested_by_victim", "2024-09-06", staff["manager"], ["P1"],
           requester="legal_representative", judgment_received_on="2024-08-30")  # fmt: skip
    assert not deadlines(late, "victim-protest-request-reply")

    ruling = prosecuted()
    record(ruling, "trial.first_instance_decided", "2024-08-28", staff["procurator"], ["P1"],
           form="ruling", outcome="other", received_on="2024-08-28")  # fmt: skip
    with refused(ValidationFailed, "not a ruling", "CPL art. 229", field="type"):
        record(ruling, "protest.requested_by_victim", "2024-08-30", staff["manager"], ["P1"],
               requester="victim")  # fmt: skip


def test_the_victim_s_five_days_end_on_a_working_day(prosecuted, staff):
    """CPL arts. 229, 105: the victim's 5 days from receipt on Thu 2024-09-26 end Tue 10-01,
    in the National Day holiday, so on Tue 10-08: a request that day is in time and gets its
    5 days of reply; on Wed 10-09 it is late, without them (Rules art. 588 ¶2)."""
    for day, timely in (("2024-10-08", True), ("2024-10-09", False)):
        case = prosecuted()
        record(case, "trial.first_instance_decided", "2024-09-26", staff["procurator"], ["P1"],
               form="judgment", outcome="guilty", received_on="2024-09-26")  # fmt: skip
        record(case, "protest.requested_by_victim", day, staff["manager"], ["P1"],
               requester="victim", judgment_received_on="2024-09-26")  # fmt: skip
        assert bool(deadlines(case, "victim-protest-request-reply")) is timely, day


def test_a_judgment_dated_before_the_prosecution_it_follows_is_refused(prosecuted, staff):
    """CPL arts. 176, 227: a first-instance judgment follows the prosecution of the person it
    judges, and the protest decision follows the judgment (CPL art. 230). Each event allowed
    at a stage happens on or after the day the stage began; only the receipt date was checked,
    so a judgment dated before the prosecution was taken."""
    case = prosecuted()  # prosecuted 2024-08-20
    with refused(
        ValidationFailed, "before person P1", "reached stage 'prosecuted' on 2024-08-20",
        field="occurred_on",
    ):  # fmt: skip
        verdict(case, staff, "2024-08-10")
    verdict(case, staff, "2024-09-20")
    with refused(ValidationFailed, "reached stage 'first_instance_decided' on 2024-09-20"):
        record(case, "protest.not_filed", "2024-09-19", staff["procurator"], ["P1"])
    record(case, "protest.not_filed", "2024-09-20", staff["procurator"], ["P1"])  # the same day
    assert person_of(case)["stage_on"] == "2024-09-20"


def test_the_assignment_begins_no_stage_of_its_own(receive, staff):
    """Rules art. 158: the case management office hands the case to its procurator; the review
    began at the receipt, so an event of it may be dated before the assignment was recorded (a
    case registered late, with its rotation on the day it was entered)."""
    case = receive(kind="prosecution_review", on=date(2024, 8, 1), persons=[person()])
    assign(case, staff, "2024-08-20")
    assert reload(case).state["stage_on"] == "2024-08-01"
    record(case, "prosecution.prosecuted", "2024-08-10", staff["procurator"], ["P1"],
           charges=THEFT)  # fmt: skip
    assert person_of(case)["stage_on"] == "2024-08-10"
