"""Events that break the procedure are refused with the rule they break, and nothing is written
(issue: "Nothing is written when anything is refused"): no ledger row, no chain head moved, no
case number taken, no projection changed, no audit row."""

from datetime import date

import pytest
from casewalk import assign, person, record, refused, reload

from procuracy.cases import actions
from procuracy.cases.actions import Conflict
from procuracy.core.errors import Forbidden, NotFound, ValidationFailed

pytestmark = pytest.mark.django_db

THEFT = [{"article": "264", "name": "盗窃罪"}]


@pytest.fixture
def review(receive, staff):
    """A prosecution review received Mon 2024-03-04 and assigned."""
    case = receive(kind="prosecution_review", on=date(2024, 3, 4))
    assign(case, staff, "2024-03-04")
    return case


def test_a_decision_on_a_person_who_is_not_in_the_case_is_refused(review, staff):
    with refused(
        ValidationFailed, "person P7 is not in case 京朝检刑诉受〔2024〕1号", field="persons"
    ):
        record(
            review,
            "prosecution.prosecuted",
            "2024-03-10",
            staff["procurator"],
            ["P7"],
            charges=THEFT,
        )


def test_a_person_decision_must_name_its_person_and_a_case_event_must_not(review, staff):
    with refused(ValidationFailed, "concerns a person", field="persons"):
        record(review, "prosecution.prosecuted", "2024-03-10", staff["procurator"], charges=THEFT)
    with refused(ValidationFailed, "whole case", field="persons"):
        record(review, "prosecution.resubmitted", "2024-03-10", staff["manager"], ["P1"])


def test_a_prosecution_decision_dated_before_the_case_was_received_is_refused(review, staff):
    """Rules art. 156: the case exists from its receipt, Mon 2024-03-04."""
    with refused(
        ValidationFailed, "before the case was received (2024-03-04)", field="occurred_on"
    ):
        record(
            review,
            "prosecution.prosecuted",
            "2024-03-01",
            staff["procurator"],
            ["P1"],
            charges=THEFT,
        )


def test_a_date_before_the_case_existed_is_refused_for_every_event(review, staff):
    with refused(ValidationFailed, "before the case was received", field="occurred_on"):
        record(
            review,
            "prosecution.returned_for_supplementary_investigation",
            "2024-03-03",
            staff["procurator"],
            to="police",
        )
    with refused(ValidationFailed, "before the case was received", field="occurred_on"):
        actions.assign_case(review.pk, actor=staff["manager"], occurred_on=date(2023, 12, 31))


def test_a_decision_on_a_case_that_was_never_received_is_refused(db, staff):
    with refused(NotFound, "no case"):
        actions.record_event(
            "6f1c1e4e-1111-4222-8333-444455556666",
            "prosecution.prosecuted",
            occurred_on=date(2024, 3, 10),
            persons=["P1"],
            payload={"charges": THEFT},
            actor=staff["procurator"],
        )


def test_a_decision_dated_in_the_future_is_refused(review, staff):
    with refused(ValidationFailed, "in the future", field="occurred_on"):
        record(
            review,
            "prosecution.prosecuted",
            "2099-01-04",
            staff["procurator"],
            ["P1"],
            charges=THEFT,
        )


def test_a_third_return_for_supplementary_investigation_is_refused(review, staff):
    """CPL art. 175 ¶3, Rules art. 346: at most twice."""
    for returned, resubmitted in (("2024-03-10", "2024-03-25"), ("2024-04-01", "2024-04-20")):
        record(
            review,
            "prosecution.returned_for_supplementary_investigation",
            returned,
            staff["procurator"],
            to="police",
        )
        record(review, "prosecution.resubmitted", resubmitted, staff["manager"])
    with refused(ValidationFailed, "twice", "third return", "CPL art. 175 ¶3", field="type"):
        record(
            review,
            "prosecution.returned_for_supplementary_investigation",
            "2024-05-06",
            staff["procurator"],
            to="police",
        )
    assert reload(review).state["returns"] == 2


def test_a_case_is_returned_to_the_agency_that_transferred_it(review, staff):
    """CPL art. 175 ¶2: a case the police transferred goes back to the police for
    supplementary investigation, not to a supervision commission (CPL art. 170 ¶1)."""
    with refused(ValidationFailed, "transferred by the police", field="payload.to"):
        record(
            review,
            "prosecution.returned_for_supplementary_investigation",
            "2024-03-10",
            staff["procurator"],
            to="supervision_commission",
        )


def test_a_case_the_procuratorate_investigated_goes_back_to_its_investigators(receive, staff):
    """Rules art. 346 ¶4: the prosecution department returns a case of the procuratorate's own
    investigation to its investigation department, not to the police."""
    case = receive(kind="prosecution_review", on=date(2024, 3, 4), agency="procuratorate")
    assign(case, staff, "2024-03-04")
    kind = "prosecution.returned_for_supplementary_investigation"
    with refused(ValidationFailed, "returned to investigation department", field="payload.to"):
        record(case, kind, "2024-03-10", staff["procurator"], to="police")
    record(case, kind, "2024-03-10", staff["procurator"], to="investigation_department")
    assert reload(case).state["returns"] == 1


def test_conditional_non_prosecution_for_an_adult_is_refused(review, staff):
    """CPL art. 282: minors only (the suspect was born 1949)."""
    with refused(
        ValidationFailed, "not a minor at the time of the offence", "CPL art. 282", field="persons"
    ):
        record(
            review,
            "prosecution.conditional_non_prosecution",
            "2024-03-10",
            staff["procurator"],
            ["P1"],
            probation_months=6,
            likely_sentence="imprisonment_up_to_one_year",
        )


def test_conditional_non_prosecution_for_a_suspect_of_unknown_age_is_refused(receive, staff):
    """CPL art. 282: minority at the time of the offence must be established; a passport
    without a birth date does not establish it."""
    foreigner = {**person(), "id_kind": "passport", "id_number": "E12345678", "id_country": "USA"}
    case = receive(kind="prosecution_review", on=date(2024, 3, 4), persons=[foreigner])
    assert reload(case).state["persons"]["P1"]["minor_at_offence"] is None
    with refused(ValidationFailed, "not a minor", "CPL art. 282"):
        record(
            case,
            "prosecution.conditional_non_prosecution",
            "2024-03-10",
            staff["procurator"],
            ["P1"],
            probation_months=6,
            likely_sentence="imprisonment_up_to_one_year",
        )


@pytest.mark.parametrize(
    ("event", "persons", "payload", "rule"),
    [
        ("prosecution.not_prosecuted", ["P1"], {"type": "statutory"}, "Rules art. 365"),
        ("prosecution.not_prosecuted", ["P1"], {"type": "discretionary"}, "Rules art. 370"),
        ("prosecution.extended", [], {}, "Rules art. 351"),
    ],
)
def test_a_decision_reserved_to_the_chief_procurator_without_approval_is_refused(
    review, staff, event, persons, payload, rule
):
    """Rules arts. 351, 365, 370: 经检察长批准."""
    with refused(ValidationFailed, "needs the approval of the chief procurator", rule):
        record(review, event, "2024-03-10", staff["procurator"], persons, **payload)
    with refused(ValidationFailed, "needs the approval", "does not hold that role", rule):
        record(
            review,
            event,
            "2024-03-10",
            staff["procurator"],
            persons,
            approved_by=staff["head"].username,
            **payload,
        )


def test_non_arrest_for_no_crime_without_the_chief_procurators_approval_is_refused(receive, staff):
    """Rules art. 285: no crime or insufficient evidence."""
    case = receive()
    with refused(
        ValidationFailed, "chief procurator", "Rules art. 285", field="payload.approved_by"
    ):
        record(case, "arrest.not_approved", "2024-03-05", staff["head"], ["P1"], reason="no_crime")


def test_an_incomplete_intake_is_refused_naming_what_is_missing(receive):
    """Rules arts. 157-158: the file is checked on receipt."""
    with refused(
        ValidationFailed,
        "incomplete file",
        "request for approval of arrest (提请批准逮捕书)",
        "evidence (证据)",
        "Rules art. 157-158",
        field="payload.materials",
    ):
        receive(materials=["case_file"])


def test_an_intake_with_an_invalid_id_number_names_the_field(receive):
    """GB 11643: the check character of 11010519491231002X is X."""
    with refused(ValidationFailed, field="persons.P2.id_number"):
        receive(persons=[person(), person(name="李某", id_number="110105194912310020")])
    with refused(ValidationFailed, field="persons.P1.id_number"):
        receive(persons=[person(id_number="1101051949123")])


def test_an_intake_where_every_suspect_is_at_large_is_refused(receive):
    """Rules art. 158: the police bring the suspect in before transferring the case."""
    with refused(ValidationFailed, "at large", "Rules art. 158", field="payload.persons"):
        receive(kind="prosecution_review", persons=[person(custody="at_large")])


def test_a_case_manager_cannot_decide_an_arrest(receive, staff):
    """CPL art. 87, Organic Law art. 28: procurators decide; the case manager registers."""
    case = receive()
    with refused(Forbidden, "role not allowed", denial_audited=None):
        record(case, "arrest.approved", "2024-03-05", staff["manager"], ["P1"])


def test_a_decision_not_provided_for_in_the_procedure_is_refused(receive, staff):
    case = receive()
    with refused(ValidationFailed, "not part of a review for arrest case", field="type"):
        record(
            case, "prosecution.prosecuted", "2024-03-05", staff["procurator"], ["P1"], charges=THEFT
        )


def test_a_decision_in_the_wrong_stage_names_the_stage_and_the_article(receive, staff):
    case = receive()
    record(case, "arrest.approved", "2024-03-05", staff["procurator"], ["P1"])
    with refused(ValidationFailed, "arrest_approved", "CPL art. 90", field="type"):
        record(
            case,
            "arrest.not_approved",
            "2024-03-06",
            staff["procurator"],
            ["P1"],
            reason="no_necessity",
        )


def test_a_payload_with_an_unknown_field_or_an_unknown_choice_is_refused(review, staff):
    with refused(ValidationFailed, field="payload.verdict"):
        record(
            review, "prosecution.prosecuted", "2024-03-10", staff["procurator"], ["P1"],
            charges=THEFT, verdict="guilty",
        )  # fmt: skip
    with refused(ValidationFailed, "'lawyer' is not one of", field="payload.to"):
        record(
            review,
            "prosecution.returned_for_supplementary_investigation",
            "2024-03-10",
            staff["procurator"],
            to="lawyer",
        )
    with refused(ValidationFailed, "Criminal Law article", field="payload.charges"):
        record(
            review, "prosecution.prosecuted", "2024-03-10", staff["procurator"], ["P1"],
            charges=[{"article": "第264条", "name": "盗窃罪"}],
        )  # fmt: skip


def test_a_stale_version_is_refused_as_a_conflict(review, staff):
    version = reload(review).version
    record(
        review,
        "prosecution.self_supplementary_investigation",
        "2024-03-05",
        staff["procurator"],
        matters="询问证人",
    )
    with refused(Conflict, "changed since you opened it", field="expected_version"):
        actions.record_event(
            review.pk,
            "prosecution.prosecuted",
            occurred_on=date(2024, 3, 10),
            persons=["P1"],
            payload={"charges": THEFT},
            expected_version=version,
            actor=staff["procurator"],
        )


def test_an_offence_before_the_suspects_birth_is_refused_by_field(receive):
    """The ID number 11010519491231002X says born 1949-12-31: an offence in 1940 is a
    mistake, reported on the field and not as a crash."""
    with refused(ValidationFailed, "before the person's birth date 1949-12-31",
                 field="persons.P1.offence_date"):  # fmt: skip
        receive(persons=[person(offence_date="1940-01-01")])


def test_an_idempotency_key_longer_than_the_ledger_keeps_is_refused(review, staff):
    """The ledger keeps keys of up to 200 characters (docs/interchange.md); SQLite would store a
    longer one, whose export the import then refuses."""
    with refused(ValidationFailed, "at most 200 characters, not 201", field="idempotency_key"):
        actions.record_event(
            review.pk,
            "prosecution.prosecuted",
            persons=["P1"],
            occurred_on=date(2024, 3, 10),
            payload={"charges": THEFT},
            idempotency_key="k" * 201,
            actor=staff["procurator"],
        )


# --- values the columns cannot hold, or that make no sense twice ---------------------------


def test_a_name_longer_than_the_column_is_refused_not_cut_or_crashed(receive):
    """PostgreSQL refused a 5,000-character name with a database error (a 500 on the web);
    SQLite stored it. Both now refuse it before anything is written."""
    with refused(ValidationFailed, "at most 64 characters, this one has 5,000") as caught:
        receive(persons=[person(name="张" * 5000)])
    assert caught.value.field == "persons.P1.name"
    assert len(str(caught.value)) < 200


def test_the_name_limit_is_the_columns_and_the_import_schemas():
    from procuracy.cases.engine import NAME_MAX
    from procuracy.cases.interchange import SCHEMA
    from procuracy.cases.models import CasePerson

    assert NAME_MAX == CasePerson._meta.get_field("name").max_length
    assert NAME_MAX == SCHEMA["$defs"]["person"]["properties"]["name"]["maxLength"]


def test_a_person_key_the_schema_would_refuse_is_refused_by_the_actions_too(receive):
    with refused(ValidationFailed, "key 'PERSONKEY123'", field="payload.persons"):
        receive(persons=[person(key="PERSONKEY123")])
    with refused(ValidationFailed, "key 'P 1'", field="payload.persons"):
        receive(persons=[person(key="P 1")])


def test_the_same_identity_document_twice_in_one_intake_is_refused(receive):
    """Rules art. 157: the file lists each suspect once; a suspect listed twice would have
    every decision and figure counted twice."""
    with refused(
        ValidationFailed, "the same identity document as person P1", field="persons.P2.id_number"
    ):
        receive(persons=[person(), person(name="张某某")])


def test_persons_without_a_document_may_share_the_lack_of_one(receive):
    """Suspects with no identity document (id_kind none, Rules art. 158 ¶2: their own
    statement of name) are not the same person because both lack a number."""
    case = receive(
        kind="prosecution_review",
        persons=[person(id_kind="none", id_number=None), person(id_kind="none", id_number=None)],
    )
    assert sorted(case.state["persons"]) == ["P1", "P2"]


def test_a_decision_on_eighty_persons_is_recorded(receive, staff):
    """One prosecution of a gang's 80 defendants is one decision (CPL art. 176): the person
    keys no longer overflow a varchar(200) on PostgreSQL."""
    many = [person(name=f"某{i}", id_kind="none", id_number=None) for i in range(1, 81)]
    case = receive(kind="prosecution_review", persons=many)
    assign(case, staff, "2024-03-04")
    keys = [f"P{i}" for i in range(1, 81)]
    event = record(
        case, "prosecution.prosecuted", "2024-03-11", staff["procurator"], keys, charges=THEFT
    )
    from procuracy.cases.models import LedgerEvent

    assert LedgerEvent.objects.get(pk=event.pk).persons.split(",") == keys
    assert {p["decision"] for p in reload(case).state["persons"].values()} == {"prosecuted"}


def test_a_refusal_names_a_long_value_in_short(receive):
    with refused(ValidationFailed, "(3,000 characters)", field="payload.source.agency") as c:
        receive(agency="x" * 3000)
    assert len(str(c.value)) < 300


def test_a_payload_date_in_the_future_is_refused_like_the_legal_date(review, staff):
    """Every payload date is a day that has happened (an SPP approval, a judgment received, a
    dispute begun): tomorrow is refused on the field, as the event's own date is."""
    from datetime import timedelta

    from django.utils import timezone

    tomorrow = timezone.localdate() + timedelta(days=1)
    with refused(ValidationFailed, f"the date {tomorrow} is in the future",
                 field="payload.spp_approved_on"):  # fmt: skip
        record(review, "prosecution.not_prosecuted", "2024-03-10", staff["chief"], ["P1"],
               type="special", spp_approved_on=tomorrow.isoformat())  # fmt: skip


def test_a_person_born_after_the_receipt_is_refused_as_such(receive):
    """The ID number's birth date (GB 11643: 1949-12-31 in 11010519491231002X) after the
    receipt was refused as "in the future", naming no date of the case."""
    with refused(ValidationFailed, "the birth date 1949-12-31 is after the case was received "
                 "(1949-06-01)", field="persons.P1.id_number"):  # fmt: skip
        receive(on=date(1949, 6, 1), persons=[person(offence_date="1949-05-01")])
