"""Intake (Rules arts. 156-158), case numbers, assignment by rotation (轮案) and corrections."""

from datetime import date, timedelta

import pytest
from casewalk import (
    assign,
    gb11643,
    person,
    person_of,
    record,
    refused,
    reload,
    snapshot,
)
from django.utils import timezone

from procuracy.cases import actions
from procuracy.cases.models import Case, LedgerEvent
from procuracy.core.errors import Forbidden, ValidationFailed

pytestmark = pytest.mark.django_db


def test_case_numbers_run_per_unit_kind_and_year(receive, unit, staff, make_user):
    """docs/ledger.md: 京朝检刑诉受〔2024〕1号: unit abbreviation, kind code, year, sequence."""
    numbers = [
        receive(kind="prosecution_review", on=date(2024, 3, 4)).number,
        receive(kind="prosecution_review", on=date(2024, 3, 5)).number,
        receive(kind="arrest_review", on=date(2024, 3, 5)).number,
        receive(kind="prosecution_review", on=date(2025, 1, 2)).number,
        receive(kind="prosecution_review", on=date(2024, 12, 31)).number,
    ]
    assert numbers == [
        "京朝检刑诉受〔2024〕1号",
        "京朝检刑诉受〔2024〕2号",
        "京朝检刑捕受〔2024〕1号",
        "京朝检刑诉受〔2025〕1号",
        "京朝检刑诉受〔2024〕3号",
    ]
    other = unit("110108")
    manager = make_user("110108", "case_manager", "case_management")
    elsewhere = actions.receive_case(
        other,
        kind="prosecution_review",
        received_on=date(2024, 3, 6),
        source={"agency": "police", "name": "北京市公安局海淀分局"},
        persons=[person()],
        materials=["transfer_opinion", "case_file", "evidence"],
        actor=manager,
    )
    assert elsewhere.number == f"{other.abbreviation}刑诉受〔2024〕1号"


def test_a_refused_intake_takes_no_number(receive):
    """Rules arts. 157-158: an incomplete file is refused before a number is taken."""
    with refused(ValidationFailed, "Rules art. 157-158", field="payload.materials"):
        receive(kind="prosecution_review", materials=["transfer_opinion", "case_file"])
    assert receive(kind="prosecution_review").number == "京朝检刑诉受〔2024〕1号"


def test_rotation_alternates_between_the_departments_procurators(receive, staff):
    """Rules art. 158, Organic Law art. 28: 随机轮案 among the department's procurators."""
    handlers = []
    for n in range(3):
        case = receive(on=date(2024, 3, 4 + n))
        assign(case, staff, date(2024, 3, 4 + n))
        handlers.append(reload(case).state["handler"])
    first, second = sorted([staff["procurator"].username, staff["procurator2"].username])
    assert handlers == [first, second, first]
    case = Case.objects.get(number="京朝检刑捕受〔2024〕2号")
    assert case.handler.username == second


def test_a_department_head_overrides_the_rotation_without_moving_it(receive, staff):
    """Organic Law art. 28: the head names the procurator; the next rotation continues from the
    last rotation, not from the override."""
    first, second = sorted([staff["procurator"].username, staff["procurator2"].username])
    one, two, three = (receive(on=date(2024, 3, 4)) for _ in range(3))
    assign(one, staff, "2024-03-04")
    actions.assign_case(two.pk, handler=first, actor=staff["head"], occurred_on=date(2024, 3, 4))
    assign(three, staff, "2024-03-04")
    assert [reload(c).state["handler"] for c in (one, two, three)] == [first, first, second]
    row = LedgerEvent.objects.filter(case_id=two.pk, event_type="case.assigned").get()
    assert '"method":"override"' in row.payload


def test_rotation_assigns_a_case_once_and_only_a_head_changes_its_handler(receive, staff):
    """Rotation gives an unassigned case its handler; rotating again would let a case manager
    step through the procurators until the one they want comes up, so a case that has a
    handler changes it only by a head's override (Organic Law art. 28)."""
    first, second = sorted([staff["procurator"].username, staff["procurator2"].username])
    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    assert reload(case).state["handler"] == first
    with refused(ValidationFailed, "already assigned to", field="payload.method"):
        assign(case, staff, "2024-03-05")
    actions.assign_case(case.pk, handler=second, actor=staff["head"], occurred_on=date(2024, 3, 5))
    assert reload(case).state["handler"] == second


def test_a_procurator_cannot_assign_a_case_to_anyone(receive, staff):
    """Organic Law art. 28: assignment is the case manager's (rotation) or the head's."""
    case = receive()
    with refused(Forbidden, "role not allowed", denial_audited=True):
        actions.assign_case(
            case.pk,
            handler=staff["procurator"].username,
            actor=staff["procurator"],
            occurred_on=date(2024, 3, 4),
        )


def test_a_case_manager_cannot_name_the_procurator(receive, staff):
    case = receive()
    with refused(ValidationFailed, "department head", field="handler"):
        actions.assign_case(
            case.pk,
            handler=staff["procurator2"].username,
            actor=staff["manager"],
            occurred_on=date(2024, 3, 4),
        )


def test_a_case_is_assigned_only_to_a_procurator_of_the_unit(receive, staff, make_user):
    case = receive()
    outsider = make_user("110108", "procurator", "criminal_prosecution")
    for name in (staff["manager"].username, outsider.username, "nobody"):
        with refused(ValidationFailed, "is not a procurator", field="handler"):
            actions.assign_case(
                case.pk, handler=name, actor=staff["head"], occurred_on=date(2024, 3, 4)
            )


def test_only_a_case_manager_of_the_unit_receives_cases(receive, staff, unit, make_user):
    """Rules art. 156: the case management department receives transferred cases."""
    with refused(Forbidden, "role not held"):  # inside the action: the denial rolls back too
        actions.receive_case(
            unit("110105"),
            kind="arrest_review",
            received_on=date(2024, 3, 4),
            source={"agency": "police"},
            persons=[person()],
            materials=["arrest_request", "case_file", "evidence"],
            actor=staff["procurator"],
        )


def test_intake_checks_the_source_agency_and_each_persons_identity(receive):
    """Rules art. 156: an arrest review comes from the police or a procuratorate; GB 11643
    identities; the offence cannot postdate receipt."""
    with refused(ValidationFailed, "Rules art. 156", field="payload.source.agency"):
        receive(agency="victim")
    with refused(ValidationFailed, "check character", field="persons.P1.id_number"):
        receive(persons=[person(id_number="110105194912310021")])
    with refused(ValidationFailed, field="persons.P2.offence_date"):
        receive(
            on=date(2024, 3, 4),
            persons=[
                person(),
                person(id_number=gb11643("11010519700101001"), offence_date="2024-03-05"),
            ],
        )
    with refused(ValidationFailed, "is not one of", field="persons.P1.custody"):
        receive(persons=[person(custody="house_arrest")])
    with refused(ValidationFailed, "specific provisions", field="persons.P1.charges"):
        receive(persons=[person(article="20", charge="正当防卫")])


# --- corrections ------------------------------------------------------------------------------


def test_a_correction_voids_an_event_and_the_case_is_as_if_it_never_happened(receive, staff):
    """Procuracy: corrections are new events that name the event corrected; the extension
    recorded by mistake is voided and the review month is back to Thu 2024-04-04."""
    case = receive(kind="prosecution_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    before = reload(case).state["deadlines"]
    mistake = record(
        case,
        "prosecution.extended",
        "2024-03-20",
        staff["procurator"],
        approved_by=staff["chief"].username,
    )
    assert reload(case).state["extended"] is True
    actions.record_event(
        case.pk,
        "event.corrected",
        occurred_on=date(2024, 3, 21),
        corrects=str(mistake.pk),
        payload={"reason": "误录：本案并非重大复杂案件"},
        actor=staff["procurator"],
    )
    case = reload(case)
    assert case.state["extended"] is False
    assert case.state["deadlines"] == before
    assert case.state["deadlines"]["D1"]["due"] == "2024-04-04"
    assert LedgerEvent.objects.filter(case_id=case.pk).count() == 4

    with refused(ValidationFailed, "already been corrected", field="corrects"):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 3, 21),
            corrects=str(mistake.pk),
            payload={"reason": "again"},
            actor=staff["procurator"],
        )


def test_a_correction_moves_the_case_version_forward(receive, staff):
    """A correction changes the case: a user who read it before must get a conflict."""
    case = receive(kind="prosecution_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    mistake = record(case, "prosecution.self_supplementary_investigation", "2024-03-05",
                     staff["procurator"], matters="核实证人证言")  # fmt: skip
    read = reload(case).version
    actions.record_event(
        case.pk,
        "event.corrected",
        occurred_on=date(2024, 3, 6),
        corrects=str(mistake.pk),
        payload={"reason": "误录"},
        actor=staff["procurator"],
    )
    assert reload(case).version > read


def test_a_correction_that_later_events_depend_on_is_refused(receive, staff):
    """The resubmission depends on the return for supplementary investigation (CPL art. 175)."""
    case = receive(kind="prosecution_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    returned = record(
        case,
        "prosecution.returned_for_supplementary_investigation",
        "2024-03-10",
        staff["procurator"],
        to="police",
    )
    record(case, "prosecution.resubmitted", "2024-04-01", staff["manager"])
    with refused(ValidationFailed, "later events depend on it", field="corrects"):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 4, 2),
            corrects=str(returned.pk),
            payload={"reason": "误录"},
            actor=staff["procurator"],
        )


def test_a_correction_needs_a_reason_and_an_event_that_can_be_corrected(receive, staff):
    case = receive()
    assign(case, staff, "2024-03-04")
    approved = record(case, "arrest.approved", "2024-03-05", staff["procurator"], ["P1"])
    received = LedgerEvent.objects.get(case_id=case.pk, event_type="case.received")
    with refused(ValidationFailed, "reason", field="payload.reason"):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 3, 6),
            corrects=str(approved.pk),
            payload={"reason": "  "},
            actor=staff["procurator"],
        )
    with refused(ValidationFailed, "cannot be corrected", field="corrects"):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 3, 6),
            corrects=str(received.pk),
            payload={"reason": "wrong"},
            actor=staff["procurator"],
        )
    with refused(ValidationFailed, "names the event", field="corrects"):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 3, 6),
            payload={"reason": "wrong"},
            actor=staff["procurator"],
        )
    # a correction records its reason and nothing else: another field or persons are refused,
    # not dropped in silence (found by a review of the import)
    with refused(ValidationFailed, "unknown field", field="payload.bogus"):
        actions.record_event(case.pk, "event.corrected", occurred_on=date(2024, 3, 6),
                             corrects=str(approved.pk), payload={"reason": "wrong", "bogus": 1},
                             actor=staff["procurator"])  # fmt: skip
    with refused(ValidationFailed, "not persons", field="persons"):
        actions.record_event(case.pk, "event.corrected", occurred_on=date(2024, 3, 6),
                             corrects=str(approved.pk), payload={"reason": "wrong"},
                             persons=["P1"], actor=staff["procurator"])  # fmt: skip
    before = snapshot()
    actions.record_event(
        case.pk,
        "event.corrected",
        occurred_on=date(2024, 3, 6),
        corrects=str(approved.pk),
        payload={"reason": "批准逮捕决定录入错误"},
        actor=staff["procurator"],
    )
    assert snapshot() != before
    suspect = person_of(case)
    assert (suspect["stage"], suspect["custody"]) == ("arrest_review", "detained")
    assert reload(case).stage == "under_review"


def test_case_level_flags_are_kept_and_unknown_ones_refused(receive):
    """cases/flags.py: findings the charges cannot tell, e.g. telecom network fraud (Anti-Telecom
    and Online Fraud Law art. 2), marked at intake and kept in the case."""
    case = receive(kind="prosecution_review", flags=["telecom_network", "internet"])
    assert case.state["flags"] == ["internet", "telecom_network"]
    event = LedgerEvent.objects.get(case_id=case.pk, event_type="case.received")
    assert '"flags"' in event.payload
    before = Case.objects.count()
    with refused(ValidationFailed, field="payload.flags"):
        receive(kind="prosecution_review", flags=["cyber"])
    assert Case.objects.count() == before
    # a case without flags keeps the payload it always had
    plain = receive(kind="prosecution_review")
    assert plain.state["flags"] == []
    event = LedgerEvent.objects.get(case_id=plain.pk, event_type="case.received")
    assert '"flags"' not in event.payload


def test_rural_clan_forces_are_marked_only_on_a_gang_case(receive):
    """Clan or gang forces in rural areas are gang and evil forces (Anti-Organized Crime Law
    art. 2): the narrower flag without the wider one is refused, and nothing is written."""
    before = LedgerEvent.objects.count()
    with refused(ValidationFailed, field="payload.flags"):
        receive(kind="prosecution_review", flags=["rural_clan_gang"])
    assert LedgerEvent.objects.count() == before
    case = receive(kind="prosecution_review", flags=["rural_clan_gang", "gang_evil"])
    assert case.state["flags"] == ["gang_evil", "rural_clan_gang"]


def test_the_intake_flags_documented_are_the_flags_declared():
    """docs/ledger.md lists the intake's flags with their Chinese names: every declared flag,
    and no other."""
    import re
    from pathlib import Path

    from procuracy.cases.flags import CASE_FLAGS

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ledger.md").read_text()
    start = doc.index("`flags` (optional)")
    paragraph = " ".join(doc[start : doc.index("\n\n", start)].split())
    paragraph = paragraph.removeprefix("`flags` (optional)")
    listed = dict(re.findall(r"`([a-z_]+)` \(([^);]+)(?:;[^)]*)?\)", paragraph))
    assert listed == {f.code: f.zh for f in CASE_FLAGS}


def test_a_correction_is_dated_between_the_event_it_corrects_and_today(receive, staff):
    """A correction's legal date is the day it was made: not before the event it voids
    (Fri 2024-03-08 here), and no date is in the future (the rule of every event)."""
    case = receive()
    assign(case, staff, "2024-03-04")
    approved = record(case, "arrest.approved", "2024-03-08", staff["procurator"], ["P1"])

    def correct(on):
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=on,
            corrects=str(approved.pk),
            payload={"reason": "误录"},
            actor=staff["procurator"],
        )

    with refused(ValidationFailed, "on or after the event it corrects (2024-03-08)",
                 field="occurred_on"):  # fmt: skip
        correct(date(2024, 3, 7))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with refused(ValidationFailed, f"the date {tomorrow} is in the future", field="occurred_on"):
        correct(tomorrow)
    correct(date(2024, 3, 8))
    assert reload(case).state["persons"]["P1"]["decision"] is None


def test_a_correction_names_an_older_event_that_todays_rules_refuse(receive, staff, monkeypatch):
    """A case may hold an event recorded before a rule of today (here a count of people's
    supervisors above the ceiling added on 2026-11-28). Correcting another event names that
    event, not a dependency the correction does not have."""
    from procuracy.cases import declarations

    case = receive()
    assign(case, staff, "2024-03-04")
    monkeypatch.setattr(declarations, "INT_CEILING", 10**20)  # the rules before the ceiling
    old = record(case, "oversight.peoples_supervisors", "2024-03-05", staff["procurator"],
                 activity="hearing", supervisors=10**13)  # fmt: skip
    approved = record(case, "arrest.approved", "2024-03-06", staff["procurator"], ["P1"])
    monkeypatch.undo()
    with refused(ValidationFailed, f"event {old.id} of this case", "does not pass today's rules",
                 "must be at most 1,000,000,000,000", field="corrects"):  # fmt: skip
        actions.record_event(
            case.pk,
            "event.corrected",
            occurred_on=date(2024, 3, 7),
            corrects=str(approved.pk),
            payload={"reason": "误录"},
            actor=staff["procurator"],
        )


def test_a_replay_reads_a_key_and_a_name_that_sqlite_once_stored():
    """Before 2026-11-28 the actions took any person key and name length, and SQLite stored
    them: a replay (projection rebuild, figures) reads them as stored; only new input is held
    to 8-character keys and 64-character names."""
    from procuracy.cases.engine import Event, step

    intake = {
        "kind": "arrest_review",
        "source": {"agency": "police"},
        "materials": ["arrest_request", "case_file", "evidence"],
        "persons": [person(key="SUSPECT01", name="张" * 70)],
    }
    event = Event("e1", "case.received", date(2024, 3, 4), (), intake, "m")
    state = step(None, event, None, None, validate=False)
    assert state["persons"]["SUSPECT01"]["name"] == "张" * 70


def test_a_child_under_twelve_bears_no_criminal_responsibility(receive):
    """Criminal Law art. 17: responsibility begins at 16 (¶1), at 14 for eight crimes (¶2), at
    12 for intentional homicide and injury only (¶3): a suspect aged 11 at the offence is
    refused, naming the identity number the age comes from, and nothing is written."""
    eleven = gb11643("11010520130101001")  # born 2013-01-01: 11 on 2024-03-04
    with refused(
        ValidationFailed, "Criminal Law art. 17", "under 12", field="persons.P1.id_number"
    ):
        receive(on=date(2024, 3, 4), persons=[person(id_number=eleven)])


def test_from_twelve_to_fourteen_only_homicide_and_injury_are_punished(receive):
    """Criminal Law art. 17 ¶3: 已满十二周岁不满十四周岁的人，犯故意杀人、故意伤害罪 … 应当负刑事
    责任. A twelve-year-old's theft is refused (on the offence date given); homicide is received."""
    twelve = gb11643("11010520110601001")  # born 2011-06-01: 12 on 2024-03-01
    with refused(ValidationFailed, "Criminal Law art. 17 ¶3", "盗窃罪",
                 field="persons.P1.offence_date"):  # fmt: skip
        receive(on=date(2024, 3, 4), persons=[person(id_number=twelve, offence_date="2024-03-01")])
    case = receive(
        on=date(2024, 3, 4),
        persons=[person(id_number=twelve, article="232", charge="故意杀人罪")],
    )
    assert person_of(case)["minor_at_offence"] is True


def test_from_fourteen_to_sixteen_only_the_eight_crimes_are_punished(receive):
    """Criminal Law art. 17 ¶2: 已满十四周岁不满十六周岁的人，犯故意杀人、故意伤害致人重伤或者死亡、
    强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质罪的，应当负刑事责任. A fifteen-year-old's theft
    is refused, naming the charge; the same child's robbery is received. The age of 16 (¶1) is
    reached the day after the birthday (SPC Interpretation on Juvenile Criminal Cases, 2006,
    art. 2): a theft on the sixteenth birthday is refused, one the day after is received."""
    fifteen = gb11643("11010520090101001")  # born 2009-01-01: 15 on 2024-03-01
    with refused(ValidationFailed, "Criminal Law art. 17 ¶2", "盗窃罪",
                 field="persons.P1.offence_date"):  # fmt: skip
        receive(on=date(2024, 3, 4), persons=[person(id_number=fifteen, offence_date="2024-03-01")])
    robbery = receive(on=date(2024, 3, 4), persons=[person(
        id_number=fifteen, article="263", charge="抢劫罪", offence_date="2024-03-01",
    )])  # fmt: skip
    assert person_of(robbery)["minor_at_offence"] is True
    with refused(ValidationFailed, "Criminal Law art. 17 ¶2", field="persons.P1.offence_date"):
        receive(on=date(2025, 3, 4), persons=[person(id_number=fifteen, offence_date="2025-01-01")])
    theft_at_sixteen = receive(on=date(2025, 3, 4), persons=[person(
        id_number=fifteen, offence_date="2025-01-02",
    )])  # fmt: skip
    assert person_of(theft_at_sixteen)["charges"][0]["name"] == "盗窃罪"


def test_before_amendment_eleven_no_one_under_fourteen_was_liable(receive):
    """Criminal Law art. 17 ¶3 came with Amendment XI, in force 2021-03-01; before it no one
    under 14 bore criminal responsibility, and the milder old law governs what was done then
    (Criminal Law art. 12): a homicide at 13 on 2019-07-01 is refused."""
    thirteen = gb11643("11010520060101001")  # born 2006-01-01: 13 on 2019-07-01
    with refused(ValidationFailed, "Amendment XI", field="persons.P1.offence_date"):
        receive(on=date(2024, 3, 4), persons=[person(
            id_number=thirteen, article="232", charge="故意杀人罪", offence_date="2019-07-01",
        )])  # fmt: skip


def test_the_age_is_checked_where_liability_is_pursued_not_where_it_is_the_remedy(
    unit, staff, receive
):
    """A victim asks the procuratorate to have the police withdraw a case against a child of
    12 (supervision of case filing, Rules arts. 557, 561): the intake is received, since the
    age is the reason to act. An additional arrest of that child (Rules art. 288) is refused
    as an intake would be; a replay of a ledger recorded before the check (validate=False)
    does not check it."""
    from casewalk import intake

    from procuracy.cases.engine import Event, step

    twelve = gb11643("11010520110601001")  # born 2011-06-01: 12 on 2024-03-01
    child = person(id_number=twelve, custody="not_detained", offence_date="2024-03-01")
    filed = intake(unit, staff, kind="filing_supervision", on="2024-03-04", agency="victim",
                   persons=[child], materials=["complaint"])  # fmt: skip
    assert person_of(filed)["minor_at_offence"] is True

    case = receive(on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    with refused(ValidationFailed, "Criminal Law art. 17 ¶3", field="payload.person"):
        record(case, "arrest.additional_arrest", "2024-03-05", staff["procurator"],
               person=child, approved_by=staff["chief"].username)  # fmt: skip
    state = reload(case).state
    added = Event("e1", "arrest.additional_arrest", date(2024, 3, 5), (), {"person": child})
    replayed = step(state, added, None, validate=False)
    assert replayed["persons"]["P2"]["minor_at_offence"] is True
