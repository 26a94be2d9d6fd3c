"""Import and export of events as procuracy-events/1 JSON Lines (docs/interchange.md)."""

import json
import uuid
from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from casewalk import wipe_ledger_and_projections
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import timezone

from procuracy.audit.models import AuditEvent
from procuracy.cases import actions, bench, interchange, ledger, projection
from procuracy.cases.models import (
    Case,
    CaseNumberCounter,
    CasePerson,
    LedgerEvent,
)

UNIT = "110105"
ADULT_ID = "11010519491231002X"  # GB 11643 worked example (see tests/parties)
OTHER_ID = "110105198001010016"  # born 1980-01-01: a second adult of one case
MATERIALS = {
    "arrest_review": ["arrest_request", "case_file", "evidence"],
    "prosecution_review": ["transfer_opinion", "case_file", "evidence"],
}


def person(name="张某", id_number=ADULT_ID, custody="detained", **extra):
    return {
        "name": name,
        "id_number": id_number,
        "custody": custody,
        "charges": [{"article": "264", "name": "盗窃罪"}],
        **extra,
    }


SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "schemas" / "events-v1.schema.json"


@pytest.fixture
def history(receive, staff):
    """Three procedures in 110105, with rotation and override assignments and a correction."""
    arrest = receive()
    actions.assign_case(arrest.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
    actions.record_event(
        arrest.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 8),
        idempotency_key="police-1",
        actor=staff["procurator"],
    )
    refused = receive(
        on=date(2024, 3, 5),
        persons=[person(), person(name="李某", custody="bail", id_number=OTHER_ID)],
    )
    actions.assign_case(refused.pk, actor=staff["manager"], occurred_on=date(2024, 3, 5))
    actions.record_event(
        refused.pk,
        "arrest.not_approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 9),
        payload={"reason": "no_necessity"},
        actor=staff["procurator"],
    )
    review = receive(
        kind="prosecution_review",
        on=date(2024, 9, 20),
        persons=[person(custody="arrested", guilty_plea=True)],
    )
    actions.assign_case(
        review.pk,
        handler=staff["procurator2"].username,
        actor=staff["head"],
        occurred_on=date(2024, 9, 20),
    )
    wrong = actions.record_event(
        review.pk,
        "prosecution.self_supplementary_investigation",
        occurred_on=date(2024, 9, 25),
        payload={"matters": "核实赃物价值"},
        actor=staff["procurator2"],
    )
    actions.record_event(
        review.pk,
        "event.corrected",
        occurred_on=date(2024, 9, 26),
        payload={"reason": "录错案件"},
        corrects=str(wrong.id),
        actor=staff["procurator2"],
    )
    actions.record_event(
        review.pk,
        "prosecution.prosecuted",
        persons=["P1"],
        occurred_on=date(2024, 10, 8),
        payload={
            "charges": [{"article": "264", "name": "盗窃罪"}],
            "sentencing_recommendation": "有期徒刑六个月",
        },
        actor=staff["procurator2"],
    )
    return [arrest, refused, review]


def export_text(**kw) -> str:
    out = StringIO()
    interchange.export(out, **kw)
    return out.getvalue()


def lines_of(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def jsonl(objs) -> StringIO:
    return StringIO("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objs))


def ledger_rows():
    return list(
        LedgerEvent.objects.order_by("procuratorate__code", "seq").values(
            "id", "seq", "case_id", "event_type", "persons", "occurred_on", "recorded_at",
            "actor_name", "payload", "basis", "corrects", "idempotency_key", "prev_hash", "hash",
        )
    )  # fmt: skip


def states():
    return {str(c.pk): c.state for c in Case.objects.all()}


@pytest.mark.django_db
class TestRoundTrip:
    def test_an_export_imported_into_an_empty_ledger_reproduces_the_projections_and_chain(
        self, history
    ):
        text = export_text()
        digest, before_states, rows = projection.digest(), states(), ledger_rows()
        wipe_ledger_and_projections()
        assert LedgerEvent.objects.count() == Case.objects.count() == 0

        result = interchange.import_lines(StringIO(text))

        assert result.ok, result.rejected
        assert (result.imported, result.cases) == (len(rows), 3)
        assert projection.digest() == digest
        assert states() == before_states
        # Same ids, dates, actors, payloads and recorded_at: the very same chain.
        assert ledger_rows() == rows
        assert ledger.verify().ok

    def test_the_projections_do_not_depend_on_when_events_were_recorded(self, history):
        text = export_text()
        digest = projection.digest()
        wipe_ledger_and_projections()
        shifted = []
        for obj in lines_of(text):
            obj["recorded_at"] = None  # recorded now, by the import
            shifted.append(obj)

        assert interchange.import_lines(jsonl(shifted)).ok
        assert projection.digest() == digest
        assert ledger.verify().ok

    def test_an_export_lists_each_chain_in_order_with_the_format_on_every_line(self, history):
        objs = lines_of(export_text())
        assert {o["format"] for o in objs} == {"procuracy-events/1"}
        assert [o["type"] for o in objs[:3]] == [
            "case.received",
            "case.assigned",
            "arrest.approved",
        ]
        received = objs[0]
        assert received["case"]["number"] == "京朝检刑捕受〔2024〕1号"
        assert set(received["payload"]) == {
            "kind", "source", "persons", "materials", "complex", "self_investigated",
        }  # fmt: skip
        assert objs[2]["idempotency_key"] == "police-1"
        assert objs[2]["recorded_at"].endswith("Z")
        correction = next(o for o in objs if o["type"] == "event.corrected")
        assert correction["corrects"]
        for obj in objs:
            assert not list(interchange.validator().iter_errors(obj))

    def test_the_bulk_path_and_the_actions_write_the_same_ledger_and_projections(self, history):
        text = export_text()
        wipe_ledger_and_projections()
        results = {}
        for mode in ("actions", "bulk"):
            with transaction.atomic():
                result = interchange.import_lines(StringIO(text), mode=mode)
                results[mode] = (result.ok, ledger_rows(), projection.digest(), states())
                transaction.set_rollback(True)
        assert results["actions"][0] and results["bulk"][0]
        assert results["actions"] == results["bulk"]

    def test_an_import_records_a_decision_with_the_article_of_its_reason(self, history):
        """Rules art. 140 ("犯罪嫌疑人涉嫌的罪行较轻…可以作出不批准逮捕或者不予逮捕的决定") is the basis of
        a refusal to arrest for no necessity, on either path; not Rules art. 139 (no crime,
        insufficient evidence)."""
        text = export_text()
        wipe_ledger_and_projections()
        for mode in ("actions", "bulk"):
            with transaction.atomic():
                assert interchange.import_lines(StringIO(text), mode=mode).ok
                row = LedgerEvent.objects.get(event_type="arrest.not_approved")
                basis = json.loads(row.basis)
                assert basis[0] == "Rules art. 140" and "Rules art. 139" not in basis, basis
                assert "CPL art. 90" in basis
                transaction.set_rollback(True)


@pytest.mark.django_db
class TestRepeats:
    def test_importing_the_same_file_twice_changes_nothing_the_second_time(self, history):
        text = export_text()
        counts = (LedgerEvent.objects.count(), AuditEvent.objects.count(), projection.digest())

        result = interchange.import_lines(StringIO(text))

        assert result.ok and result.imported == 0 and result.skipped == len(text.splitlines())
        assert (
            LedgerEvent.objects.count(),
            AuditEvent.objects.count(),
            projection.digest(),
        ) == counts

    def test_an_event_id_already_in_another_procuratorates_ledger_is_a_rejection(self, history):
        """A line with a stored event's id and content but another org (even an unknown one)
        is not that event: it was skipped as already imported."""
        first = lines_of(export_text())[0]
        for org in ("110106", "999999"):
            result = interchange.import_lines(jsonl([{**first, "org": org}]))
            assert [(r.line, r.field) for r in result.rejected] == [(1, "id")]
            assert "already used for a different event" in result.rejected[0].reason

    def test_an_idempotency_key_already_used_for_another_event_is_a_rejection(self, history, staff):
        objs = lines_of(export_text())
        second_case = [o for o in objs if o["case"]["id"] == str(history[1].pk)]
        decision = second_case[-1]
        decision.update(id="5f0f0d43-3b5e-4c0a-9f53-000000000001", idempotency_key="police-1")

        result = interchange.import_lines(jsonl([decision]))

        assert [str(r) for r in result.rejected] == [
            "line 1: field idempotency_key: idempotency key already used for a different "
            "event (arrest.approved)"
        ]

    def test_a_case_id_or_number_already_in_the_database_is_a_rejection(self, history):
        """The bulk path looks up the file's case ids and numbers in one query each
        (``ledger.existing``): both must still find what is already stored."""
        intake = lines_of(export_text())[0]
        same_id = {**intake, "id": "5f0f0d43-3b5e-4c0a-9f53-000000000002"}
        same_number = {
            **intake,
            "id": "5f0f0d43-3b5e-4c0a-9f53-000000000003",
            "case": {"id": "5f0f0d43-3b5e-4c0a-9f53-000000000004", **{
                "number": intake["case"]["number"]
            }},
        }  # fmt: skip

        result = interchange.import_lines(jsonl([same_id, same_number]))

        assert [str(r) for r in result.rejected] == [
            f"line 1: field case.id: case id {intake['case']['id']} already exists",
            f"line 2: field case.number: case number {intake['case']['number']} already exists",
        ]

    def test_the_collector_is_held_during_an_import_and_restored_after(self, history):
        import gc

        seen = []
        real = interchange._import

        def spy(*args, **kwargs):
            seen.append(gc.isenabled())
            if len(seen) == 2:
                raise RuntimeError("the import fails")
            return real(*args, **kwargs)

        assert gc.isenabled()
        interchange._import = spy
        try:
            assert interchange.import_lines(StringIO(export_text())).skipped
            with pytest.raises(RuntimeError):
                interchange.import_lines(StringIO(export_text()))
        finally:
            interchange._import = real
        assert seen == [False, False] and gc.isenabled()

    def test_the_states_share_nothing_with_the_lines_kept_to_recognise_repeats(self, staff):
        """The bulk path folds states in place; the lines it keeps to recognise a repeated
        line later in the file must not change with them."""
        importer = interchange._Bulk(allow_system=False)
        line = interchange.parse_object(1, intake_line(staff))
        decision = interchange.parse_object(2, decision_line(staff))
        with transaction.atomic():
            for each in (line, decision):
                importer.prefetch([each])
                importer.apply(each, importer.actor(each), importer.unit(each.org))
                importer.remember(each)
            transaction.set_rollback(True)

        def containers(value, out):
            if isinstance(value, dict | list):
                out.add(id(value))
                for item in value.values() if isinstance(value, dict) else value:
                    containers(item, out)
            return out

        state = importer.states[line.case_id]
        assert state["persons"]["P1"]["stage"] != ""  # the decision changed it in place
        kept = containers(line.payload, set()) | containers(decision.payload, set())
        assert not kept & containers(state, set())

    def test_the_same_event_twice_in_one_file_is_imported_once(self, staff, unit):
        line = intake_line(staff)
        result = interchange.import_lines(jsonl([line, line]))
        assert (result.ok, result.imported, result.skipped) == (True, 1, 1)


def intake_line(staff, **changes) -> dict:
    line = {
        "format": "procuracy-events/1",
        "id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0001",
        "org": UNIT,
        "case": {"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001", "number": None},
        "type": "case.received",
        "occurred_on": "2024-03-04",
        "actor": staff["manager"].username,
        "payload": {
            "kind": "arrest_review",
            "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
            "persons": [person()],
            "materials": MATERIALS["arrest_review"],
        },
        "idempotency_key": "gd-police-0001",
    }
    line.update(changes)
    return line


def decision_line(staff, **changes) -> dict:
    line = {
        "format": "procuracy-events/1",
        "id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0002",
        "org": UNIT,
        "case": {"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001"},
        "type": "arrest.approved",
        "occurred_on": "2024-03-08",
        "persons": ["P1"],
        "actor": staff["procurator"].username,
        "payload": {},
    }
    line.update(changes)
    return line


@pytest.mark.django_db
class TestRejections:
    def test_a_new_case_from_another_system_gets_the_next_number(self, staff):
        result = interchange.import_lines(jsonl([intake_line(staff), decision_line(staff)]))
        assert result.ok, result.rejected
        case = Case.objects.get()
        assert case.number == "京朝检刑捕受〔2024〕1号"
        assert case.state["persons"]["P1"]["stage"] == "arrest_approved"

    def test_a_given_case_number_moves_the_sequence_past_it(self, staff):
        """A number given in the file (docs/ledger.md: 京朝检刑捕受〔2024〕N号) is kept, and the
        numbers taken afterwards, in the same file or later, follow it instead of clashing."""
        given = intake_line(
            staff,
            case={
                "id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001",
                "number": "京朝检刑捕受〔2024〕7号",
            },
        )
        unnumbered = intake_line(
            staff,
            id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0009",
            case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec009"},
            idempotency_key=None,
        )
        for mode in ("bulk", "actions"):
            with transaction.atomic():
                result = interchange.import_lines(jsonl([given, unnumbered]), mode=mode)
                assert result.ok, result.rejected
                assert sorted(Case.objects.values_list("number", flat=True)) == [
                    "京朝检刑捕受〔2024〕7号",
                    "京朝检刑捕受〔2024〕8号",
                ]
                later = actions.receive_case(
                    Case.objects.get(number__endswith="7号").procuratorate,
                    kind="arrest_review",
                    received_on=date(2024, 3, 6),
                    source={"agency": "police", "name": "北京市公安局朝阳分局"},
                    persons=[person()],
                    materials=MATERIALS["arrest_review"],
                    actor=staff["manager"],
                )
                assert later.number == "京朝检刑捕受〔2024〕9号"
                transaction.set_rollback(True)

    def test_a_given_case_number_must_have_the_form_of_one(self, staff):
        not_numbers = [
            "garbage",
            "京朝检刑捕受〔2024〕01号",  # a sequence does not start with 0
            "京朝检刑捕受〔2024〕1234567890号",  # at most 9 digits (the counter's range)
            "京朝检刑捕受〔24〕1号",
        ]
        for mode in ("bulk", "actions"):
            for number in not_numbers:
                line = intake_line(
                    staff, case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001", "number": number}
                )
                result = interchange.import_lines(jsonl([line]), mode=mode)
                assert [(r.line, r.field) for r in result.rejected] == [(1, "case.number")], (
                    mode,
                    number,
                    result.rejected,
                )
                assert "as in 京朝检刑捕受〔2024〕1号" in result.rejected[0].reason
        assert not Case.objects.exists()

    def test_after_the_last_nine_digit_number_the_next_intake_is_refused_not_misnumbered(
        self, staff
    ):
        """A given number may take the last 9-digit sequence; the unit then has no number of
        the form left for that kind and year: the next intake is refused (it was numbered
        …〔2024〕1000000000号, which no import takes back), naming the number field."""
        last = intake_line(staff, case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001",
                                        "number": "京朝检刑捕受〔2024〕999999999号"})  # fmt: skip
        assert interchange.import_lines(jsonl([last])).ok
        after = intake_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0009",
                            case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec009", "number": None},
                            idempotency_key=None)  # fmt: skip
        result = interchange.import_lines(jsonl([after]))
        assert [(r.line, r.field) for r in result.rejected] == [(1, "case.number")]
        assert "used up" in result.rejected[0].reason
        assert Case.objects.count() == 1

    def test_a_number_outside_the_unit_s_own_pattern_is_kept_and_moves_nothing(self, staff):
        """Another procuratorate's number, an older abbreviation, another kind's code or year:
        kept as given (a transfer, a restored backup); the unit's own sequence is unchanged,
        and a number it takes later skips any number already in use."""
        kept = [
            "沪浦检刑捕受〔2024〕1号",
            "京朝检刑诉受〔2024〕2号",
            "京朝检刑捕受〔2019〕3号",
        ]
        lines = [
            intake_line(
                staff,
                id=f"0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e100{i}",
                case={"id": f"0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec10{i}", "number": number},
                idempotency_key=None,
            )
            for i, number in enumerate(kept)
        ]
        result = interchange.import_lines(jsonl(lines))
        assert result.ok, result.rejected
        assert not CaseNumberCounter.objects.exists()
        unnumbered = intake_line(staff, idempotency_key=None)
        assert interchange.import_lines(jsonl([unnumbered])).ok
        assert set(Case.objects.values_list("number", flat=True)) == {
            *kept,
            "京朝检刑捕受〔2024〕1号",
        }

    def test_a_recording_time_before_the_legal_date_or_after_today_is_refused(self, staff):
        """recorded_at is hashed into the chain and selects what export --since gives."""
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        cases = [
            ("2024-03-03T15:59:59Z", "recorded on 2024-03-03, before the event's legal date "
             "2024-03-04"),  # 23:59:59 in Beijing, the day before
            (f"{tomorrow}T01:00:00+08:00", f"recorded on {tomorrow}, after today"),
        ]  # fmt: skip
        for recorded, reason in cases:
            result = interchange.import_lines(jsonl([intake_line(staff, recorded_at=recorded)]))
            assert [str(r) for r in result.rejected] == [f"line 1: field recorded_at: {reason}"]
        fine = intake_line(staff, recorded_at="2024-03-03T16:00:00Z")  # 00:00 on the 4th
        assert interchange.import_lines(jsonl([fine])).ok

    def test_an_id_with_a_newline_after_it_is_refused_not_crashed_on(self, staff):
        """Python's ``$`` (the schema's patterns, fast_check's) also matches before a final
        newline: the id is still not a UUID, and the line is refused on its field."""
        intake = intake_line(staff)
        lines = [
            {**intake, "id": intake["id"] + "\n"},
            {**intake, "case": {**intake["case"], "id": intake["case"]["id"] + "\n"}},
        ]
        for line, field_name in zip(lines, ("id", "case.id"), strict=True):
            result = interchange.import_lines(jsonl([line]))
            assert [(r.line, r.field) for r in result.rejected] == [(1, field_name)]
            assert "is not a UUID" in result.rejected[0].reason
        assert not LedgerEvent.objects.exists()
        assert interchange.import_lines(jsonl([intake])).ok

    def test_a_truncated_line_and_a_line_without_type_get_exact_messages(self, staff):
        """The column is in the line (not at the start of the next one), and a missing type
        is one rejection, without the checks of the types it might have had."""
        untyped = {k: v for k, v in decision_line(staff).items() if k != "type"}
        text = '{"format": "procuracy-events/1", "id": \n' + json.dumps(untyped) + "\n"

        result = interchange.import_lines(StringIO(text))

        assert [str(r) for r in result.rejected] == [
            "line 1: field (line): not JSON: Expecting value at column 40",
            "line 2: field type: is required",
        ]

    def test_the_lines_of_a_case_whose_receipt_failed_the_schema_say_so(self, staff):
        """docs/interchange.md: a line that depends on a rejected one says so, also when the
        receipt was refused by the schema check rather than by the procedure's rules."""
        receipt = intake_line(staff)
        receipt["payload"] = {**receipt["payload"], "kind": "no_such_kind"}
        before = decision_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003")

        result = interchange.import_lines(jsonl([before, receipt, decision_line(staff)]))

        case_id = receipt["case"]["id"]
        assert [(r.line, r.field) for r in result.rejected] == [
            (1, "case.id"),
            (2, "payload.kind"),
            (3, "case.id"),
        ]
        assert "neither in the database nor received earlier" in result.rejected[0].reason
        assert result.rejected[2].reason == (
            f"case {case_id} was not received: line 2 was rejected"
        )

    def test_a_key_given_twice_in_a_line_is_rejected(self, staff):
        """A JSON object with a key twice is read differently by different readers (the last
        value here, the first elsewhere): refused by its line and key, not silently read."""
        intake = json.dumps(intake_line(staff), ensure_ascii=False)
        decision = json.dumps(decision_line(staff), ensure_ascii=False)
        twice = decision.replace('"occurred_on": "2024-03-08"',
                                 '"occurred_on": "2024-03-05", "occurred_on": "2024-03-08"')  # fmt: skip
        assert twice != decision
        result = interchange.import_lines(StringIO(intake + "\n" + twice + "\n"))
        assert [(r.line, r.field) for r in result.rejected] == [(2, "occurred_on")]
        assert "given twice" in result.rejected[0].reason
        nested = intake.replace('"name": "张某"', '"name": "张某", "name": "李某"')
        assert nested != intake
        result = interchange.import_lines(StringIO(nested + "\n"))
        assert [(r.line, r.field) for r in result.rejected] == [(1, "name")]
        assert not LedgerEvent.objects.exists()
        # a text holding '":' and a key spaced from its colon are no repeat
        note = decision_line(staff, payload={"note": 'he said "no": twice'})
        spaced = json.dumps(note, ensure_ascii=False).replace('"persons":', '"persons" :')
        result = interchange.import_lines(StringIO(intake + "\n" + spaced + "\n"))
        assert result.ok and result.imported == 2

    def test_a_line_dated_before_the_stage_it_acts_in_began_is_rejected(self, staff):
        """CPL art. 92: the police ask for reconsideration of a decision not to arrest once it
        is made; a request dated before it is refused by the line's number and its date."""
        not_approved = decision_line(staff, type="arrest.not_approved",
                                     payload={"reason": "no_necessity"})  # fmt: skip
        early = decision_line(
            staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003", occurred_on="2024-03-07",
            type="arrest.reconsideration_requested", actor=staff["manager"].username,
        )  # fmt: skip
        result = interchange.import_lines(jsonl([intake_line(staff), not_approved, early]))
        assert [(r.line, r.field) for r in result.rejected] == [(3, "occurred_on")]
        assert "reached stage 'arrest_not_approved' on 2024-03-08" in result.rejected[0].reason
        assert not LedgerEvent.objects.exists()

    def test_every_rejected_line_is_reported_with_its_number_field_and_reason(self, staff):
        bad_person = person(id_number="110105194912310020")  # wrong check digit
        lines = [
            json.dumps(intake_line(staff)),  # 1: fine
            "{not json",  # 2
            json.dumps({**intake_line(staff), "format": "procuracy-events/0"}),  # 3
            json.dumps(decision_line(staff, actor="nobody")),  # 4
            json.dumps(decision_line(staff, actor=staff["manager"].username)),  # 5: no role
            json.dumps(
                intake_line(
                    staff,
                    id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0006",
                    case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec006"},
                    idempotency_key=None,
                    payload={**intake_line(staff)["payload"], "persons": [bad_person]},
                )
            ),  # 6
            json.dumps(
                decision_line(
                    staff,
                    id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0007",
                    case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec006"},
                )
            ),  # 7: its case was rejected on line 6
            json.dumps(
                decision_line(
                    staff,
                    id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0008",
                    case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec999"},
                )
            ),  # 8: no such case
            json.dumps(decision_line(staff, org="999999")),  # 9
            json.dumps(decision_line(staff, occurred_on="2024-02-30")),  # 10
            json.dumps(decision_line(staff)),  # 11: fine
            json.dumps(
                decision_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0012")
            ),  # 12: a second decision on P1
            json.dumps({k: v for k, v in decision_line(staff).items() if k != "payload"}),  # 13
        ]
        before = (LedgerEvent.objects.count(), Case.objects.count(), AuditEvent.objects.count())

        result = interchange.import_lines(StringIO("\n".join(lines) + "\n"))

        by_line = {}
        for r in result.rejected:
            by_line.setdefault(r.line, []).append((r.field, r.reason))
        assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13]
        assert by_line[2][0][0] == "(line)" and "not JSON" in by_line[2][0][1]
        assert by_line[3] == [("format", 'must be "procuracy-events/1"')]
        assert by_line[4] == [("actor", "no active user 'nobody'")]
        assert by_line[5][0][0] == "actor" and "role not allowed" in by_line[5][0][1]
        # the intake's first person, as the line has it (the engine's P1)
        assert by_line[6][0][0] == "payload.persons[0].id_number"
        assert by_line[7] == [
            (
                "case.id",
                "case 0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec006 was not received: line 6 was rejected",
            )
        ]
        assert "neither in the database nor received earlier in the file" in by_line[8][0][1]
        assert by_line[9] == [("org", "unknown procuratorate code '999999'")]
        assert by_line[10][0][0] == "occurred_on"
        assert by_line[12][0][0] == "type" and "stage 'arrest_approved'" in by_line[12][0][1]
        assert by_line[13] == [("payload", "is required")]
        assert str(result.rejected[0]).startswith("line 2: field (line): not JSON")
        # All or nothing.
        assert (
            LedgerEvent.objects.count(),
            Case.objects.count(),
            AuditEvent.objects.count(),
        ) == before

    def test_both_paths_reject_the_same_lines_for_the_same_reasons(self, staff, make_user):
        stranger = make_user("110106", "procurator")
        lines = [
            intake_line(staff),
            decision_line(staff, actor=stranger.username),
            decision_line(staff, type="prosecution.prosecuted", id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003"),
            decision_line(staff, type="arrest.not_approved", payload={"reason": "???"}, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0004"),
            decision_line(staff, occurred_on=(date.today() + timedelta(days=3)).isoformat(), id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0005"),
            decision_line(staff, type="case.assigned", persons=[], payload={"handler": "nobody", "method": "override"}, actor=staff["head"].username, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0006"),
            intake_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0007", idempotency_key=None, case={"id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec007", "number": "X1"}, actor=staff["procurator"].username),
        ]  # fmt: skip
        reports = {
            mode: interchange.import_lines(jsonl(lines), mode=mode).rejected
            for mode in ("actions", "bulk")
        }
        assert [r.line for r in reports["bulk"]] == [2, 3, 4, 5, 6, 7]
        assert reports["bulk"] == reports["actions"]

    def test_a_dry_run_checks_everything_and_writes_nothing(self, staff):
        result = interchange.import_lines(
            jsonl([intake_line(staff), decision_line(staff)]), dry_run=True
        )
        assert result.ok and result.imported == 2
        assert LedgerEvent.objects.count() == Case.objects.count() == 0

    def test_system_events_need_the_explicit_option(self, staff):
        line = intake_line(staff, actor="system")
        refused = interchange.import_lines(jsonl([line]))
        assert refused.rejected[0].field == "actor"
        assert interchange.import_lines(jsonl([line]), allow_system=True).ok
        assert LedgerEvent.objects.get().actor_name == "system"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"occurred_on": "2024-13-01"}, "occurred_on", "'2024-13-01' is not a real date"),
        ({"occurred_on": "2024-9-20"}, "occurred_on", "'2024-9-20' is not in the expected "
         "form: YYYY-MM-DD"),
        ({"type": "nosuch"}, "type", "'nosuch' is not in the expected form: an event type code "
         "such as arrest.approved (procuracy case types)"),
        ({"recorded_at": "2024-03-04T10:00:00"}, "recorded_at", "'2024-03-04T10:00:00' is not "
         "in the expected form: a date and time with its offset from UTC"),
        ({"actor": None}, "actor", "must be text, not None"),
        ({"persons": "P1"}, "persons", "must be a list, not 'P1'"),
    ],
)  # fmt: skip
def test_a_line_not_in_the_schema_is_told_what_the_field_must_be(staff, change, field, reason):
    """The validator's own words ("None is not of type 'string'", "is not a 'date'") were
    passed on; a value not in its form now says the form, and a field has one rejection."""
    result = interchange.import_lines(jsonl([intake_line(staff, **change)]))
    assert [r.field for r in result.rejected] == [field]
    assert result.rejected[0].reason.startswith(reason)


@pytest.mark.django_db
def test_a_list_item_is_named_by_its_index_in_brackets_as_the_procedure_names_it(staff):
    """The schema named an intake's first person ``payload.persons.0.id_number`` where the
    procedure's refusals name it ``payload.persons[0].id_number``: one name for one field."""
    bad = intake_line(staff)
    bad["payload"] = {**bad["payload"], "persons": [{**person(), "id_number": 7}]}
    result = interchange.import_lines(jsonl([bad, decision_line(staff, persons=["P1", 7])]))
    assert [r.field for r in result.rejected][:2] == ["payload.persons[0].id_number", "persons[1]"]


def test_a_number_too_long_for_python_is_refused_in_plain_words(staff):
    text = json.dumps(intake_line(staff)).replace(
        '"payload": {', '"payload": {"n": ' + "9" * 5000 + ", "
    )
    result = interchange.import_lines(StringIO(text + "\n"))
    assert [str(r) for r in result.rejected] == [
        "line 1: field (line): not JSON this import takes: a number too long"
    ]


@pytest.mark.django_db
class TestCommands:
    def test_import_reports_rejections_and_exits_non_zero(self, staff, tmp_path):
        path = tmp_path / "events.jsonl"
        path.write_text(
            json.dumps(intake_line(staff)) + "\n" + json.dumps(decision_line(staff, actor="x")),
            encoding="utf-8",
        )
        err = StringIO()
        with pytest.raises(CommandError, match="1 rejection"):
            call_command("import", str(path), stdout=StringIO(), stderr=err)
        assert err.getvalue().strip() == "line 2: field actor: no active user 'x'"
        assert not LedgerEvent.objects.exists()

    def test_lines_end_at_newline_only_and_a_line_not_utf8_is_refused_by_number(
        self, staff, tmp_path
    ):
        """docs/interchange.md: a line ends with \\n. JSON allows a bare \\r between values,
        so it does not end a line (the numbers of the lines after it stay right); a line that
        is not UTF-8 is refused with its number, and the others are still checked."""
        intake = json.dumps(intake_line(staff)).replace(', "org"', ',\r"org"')
        path = tmp_path / "events.jsonl"
        path.write_bytes(
            intake.encode() + b"\n" + b'{"format": "\xff"}\n'
            + json.dumps(decision_line(staff, actor="x")).encode() + b"\r\n"
        )  # fmt: skip
        err = StringIO()
        with pytest.raises(CommandError, match="2 rejection"):
            call_command("import", str(path), stdout=StringIO(), stderr=err)
        assert err.getvalue().splitlines() == [
            "line 2: field (line): not UTF-8 text at byte 13",
            "line 3: field actor: no active user 'x'",
        ]
        assert not LedgerEvent.objects.exists()

    def test_a_byte_order_mark_before_the_first_line_is_not_part_of_it(self, staff, tmp_path):
        """Windows editors save UTF-8 with a byte order mark: it was refused as not JSON."""
        path = tmp_path / "events.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(intake_line(staff)).encode() + b"\n")
        call_command("import", str(path), stdout=StringIO(), stderr=StringIO())
        assert Case.objects.count() == 1

    def test_with_json_a_file_that_cannot_be_read_is_reported_as_a_json_object(self, tmp_path):
        """--json promises one JSON object: a missing file or a directory was plain text."""
        for target in (tmp_path / "missing.jsonl", tmp_path):
            out = StringIO()
            with pytest.raises(CommandError) as raised:
                call_command("import", str(target), "--json", stdout=out, stderr=StringIO())
            report = json.loads(out.getvalue())
            assert report == {"format": "procuracy-events/1", "ok": False, "dry_run": False,
                              "error": str(raised.value)}  # fmt: skip
            assert str(raised.value).startswith(f"{target}: ")

    def test_import_json_report_and_then_export_of_the_same_events(self, staff, tmp_path):
        path = tmp_path / "events.jsonl"
        path.write_text(
            json.dumps(intake_line(staff)) + "\n\n" + json.dumps(decision_line(staff)) + "\n",
            encoding="utf-8",
        )
        out = StringIO()
        call_command("import", str(path), "--json", stdout=out)
        report = json.loads(out.getvalue())
        assert report == {
            "format": "procuracy-events/1", "ok": True, "dry_run": False, "lines": 2,
            "imported": 2, "skipped": 0, "cases": 1, "rejected": [],
        }  # fmt: skip
        target = tmp_path / "out.jsonl"
        call_command("export", "-o", str(target), stderr=StringIO())
        exported = lines_of(target.read_text(encoding="utf-8"))
        assert [o["id"] for o in exported] == [intake_line(staff)["id"], decision_line(staff)["id"]]
        again = StringIO()
        call_command("import", str(target), stdout=again)
        assert "0 event(s) of 0 case(s) imported; 2 line(s) already imported" in again.getvalue()

    def test_export_can_be_limited_to_a_subtree_and_to_recent_records(self, history):
        out = StringIO()
        call_command("export", "--org", "110000", stdout=out)
        assert len(out.getvalue().splitlines()) == LedgerEvent.objects.count()
        # the persons' data leave the system: each export is a sensitive read in the audit trail
        from procuracy.audit.models import AuditEvent

        read = AuditEvent.objects.filter(kind="sensitive_read", code="cases.export").get()
        assert (read.username, read.procuratorate_code, read.detail["query"]) == (
            "system", "110000", "org=110000 since=*",
        )  # fmt: skip
        assert read.detail["reason"] == f"{LedgerEvent.objects.count()} event(s) exported"
        out = StringIO()
        call_command("export", "--org", "120000", stdout=out)
        assert out.getvalue() == ""
        out = StringIO()
        tomorrow = (date.today() + timedelta(days=2)).isoformat()
        call_command("export", "--since", tomorrow, stdout=out)
        assert out.getvalue() == ""
        for since in ("2024-13-01", "20240301", "2024-W10-5"):  # YYYY-MM-DD only
            with pytest.raises(CommandError, match="not a real date"):
                call_command("export", "--since", since, stdout=StringIO())
        everything = StringIO()
        call_command("export", stdout=everything)
        for early in ("0001-01-01", "1899-12-31"):  # before any event: all of them
            out = StringIO()
            call_command("export", "--since", early, stdout=out)
            assert out.getvalue() == everything.getvalue() != ""
        out = StringIO()
        call_command("export", "-o", "-", stdout=out)  # "-": standard output, not a file "-"
        assert out.getvalue() == everything.getvalue()
        for option in ("--org", "-o"):
            with pytest.raises(CommandError, match="give a"):
                call_command("export", option, "", stdout=StringIO())

    def test_an_export_file_keeps_its_permissions_and_a_link_is_written_through(
        self, history, tmp_path
    ):
        """The export holds identity numbers: a new file is its owner's only, a file written
        over keeps its mode, and a symbolic link stays a link to the file it names."""
        import os
        import stat

        fresh = tmp_path / "fresh.jsonl"
        call_command("export", "-o", str(fresh), stderr=StringIO())
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o600
        shared = tmp_path / "shared.jsonl"
        shared.write_text("")
        os.chmod(shared, 0o640)
        link = tmp_path / "latest.jsonl"
        link.symlink_to(shared)
        call_command("export", "-o", str(link), stderr=StringIO())
        assert link.is_symlink() and stat.S_IMODE(shared.stat().st_mode) == 0o640
        assert len(shared.read_text().splitlines()) == LedgerEvent.objects.count()

    def test_existing_finds_uuids_given_as_text_in_any_case(self, history):
        ids = [c.pk for c in history]
        as_text = [str(ids[0]).upper(), ids[1].hex.upper(), str(ids[2])]
        found = {uuid.UUID(str(v)) for v in ledger.existing(Case, "id", as_text)}
        assert found == set(ids)

    def test_a_failed_export_leaves_the_file_already_there_as_it_was(self, history, tmp_path):
        target = tmp_path / "events.jsonl"
        target.write_text("kept\n")
        real = interchange.export

        def failing(out, **kwargs):
            out.write("half a line")
            raise OSError(28, "No space left on device")

        interchange.export = failing
        try:
            with pytest.raises(CommandError, match="No space left on device"):
                call_command("export", "-o", str(target), stderr=StringIO())
        finally:
            interchange.export = real
        assert target.read_text() == "kept\n"
        assert [p.name for p in tmp_path.iterdir()] == ["events.jsonl"]
        call_command("export", "-o", str(target), stderr=StringIO())
        assert len(target.read_text().splitlines()) == LedgerEvent.objects.count()


def test_the_published_schema_is_the_one_the_importer_uses():
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == interchange.SCHEMA


@pytest.mark.django_db
def test_a_simulated_year_of_every_procedure_round_trips_through_export_and_import():
    """Docs/interchange.md: an export imported into an empty ledger reproduces identical
    projections, for every kind of case the simulator walks (criminal reviews, trials and
    protests, filing supervision, detention necessity, public interest, civil and
    administrative supervision, petitions, enforcement, ...), and the very same chain."""
    from procuracy.orgs.models import Procuratorate
    from procuracy.simulator import load

    org = Procuratorate.objects.get(code="110105")
    load.run((2023,), 0.05, 3, org=org, today=date(2026, 11, 27))
    kinds = set(Case.objects.values_list("kind", flat=True))
    assert len(kinds) >= 12, kinds
    text = export_text()
    digest, before_states, rows = projection.digest(), states(), ledger_rows()
    wipe_ledger_and_projections()

    result = interchange.import_lines(StringIO(text), allow_system=True)

    assert result.ok, result.rejected[:3]
    assert result.imported == len(rows)
    assert projection.digest() == digest
    assert states() == before_states
    assert ledger_rows() == rows
    assert ledger.verify().ok


def _bench_lines(n_cases: int) -> list[dict]:
    """Cases received, assigned and decided (procuracy.cases.bench's lines and staff),
    reordered so that a case's lines are far apart: all receipts, then all assignments, then
    all decisions, so that each case is finished only late in the file."""
    bench._staff()
    lines = bench.import_lines(3 * n_cases, first=1001)  # numbers apart from the fixtures
    for line in lines:
        line["recorded_at"] = "2025-01-02T03:04:05.000006Z"  # the same in every run
    return lines[0::3] + lines[1::3] + lines[2::3]


class _Jobs(list):
    """The writer's jobs: name, when submitted, started and ended; ``delay`` slows each."""

    delay = 0.0

    def names(self) -> list[str]:
        return [job["name"] for job in self]


@pytest.fixture
def streaming_everywhere(monkeypatch):
    """Stream on this database too (PostgreSQL does by default), in batches of two, and
    record the writer's jobs."""
    import time

    from procuracy.cases import writer

    jobs = _Jobs()
    real = writer.BackgroundWriter.submit

    def submit(self, job, *args):
        record = {"name": job.__name__, "submitted": time.perf_counter()}
        jobs.append(record)

        def timed(*args):
            record["started"] = time.perf_counter()
            time.sleep(jobs.delay)
            job(*args)
            record["ended"] = time.perf_counter()

        return real(self, timed, *args)

    monkeypatch.setattr(writer.BackgroundWriter, "submit", submit)
    monkeypatch.setattr(interchange, "STREAM_VENDORS", frozenset({connection.vendor}))
    monkeypatch.setattr(interchange, "STREAM_ROWS", 2)
    monkeypatch.setattr(interchange, "STREAM_CASES", 2)
    return jobs


@pytest.mark.django_db
class TestWritingWhileValidating:
    """The bulk import writes ledger rows and finished cases' projections on a thread of its
    own while it validates the next lines (cases.writer; docs/ledger.md)."""

    def test_it_writes_what_the_import_writes_without_it(
        self, history, streaming_everywhere, monkeypatch
    ):
        """The same ledger and projections, for a file with a correction in the middle of a
        case (what is pending is written first) and cases finished only late in the file."""
        text = export_text() + "".join(
            json.dumps(o, ensure_ascii=False) + "\n" for o in _bench_lines(12)
        )
        wipe_ledger_and_projections()
        results, jobs = {}, {}
        for streams in (False, True):
            vendors = frozenset({connection.vendor} if streams else ())
            monkeypatch.setattr(interchange, "STREAM_VENDORS", vendors)
            streaming_everywhere.clear()
            with transaction.atomic():
                result = interchange.import_lines(StringIO(text))
                results[streams] = (result.ok, ledger_rows(), projection.digest(), states())
                rejections = result.rejected[:3]
                transaction.set_rollback(True)
            jobs[streams] = streaming_everywhere.names()

        assert results[True][0] and results[False][0], rejections
        assert len(results[True][1]) == len(text.splitlines())
        assert results[True] == results[False]
        # Without: nothing through the writer. With: the ledger rows in many small batches,
        # and the finished cases' projections in several.
        assert jobs[False] == []
        assert jobs[True].count("write_rows") > 10 and jobs[True].count("_save_created") > 3

    def test_a_line_refused_after_batches_were_written_leaves_nothing(
        self, staff, streaming_everywhere
    ):
        lines = _bench_lines(10)
        bad = {**lines[-1], "id": str(uuid.uuid4()), "persons": ["P9"]}
        counts = (LedgerEvent.objects.count(), Case.objects.count(), CasePerson.objects.count())

        result = interchange.import_lines(jsonl([*lines, bad]))

        assert streaming_everywhere, "batches were written before the refused line"
        assert [(r.line, r.field) for r in result.rejected] == [(len(lines) + 1, "persons")]
        assert "P9" in result.rejected[0].reason
        assert (
            LedgerEvent.objects.count(),
            Case.objects.count(),
            CasePerson.objects.count(),
        ) == counts

    def test_a_write_that_fails_on_the_writer_s_thread_fails_the_import(
        self, staff, streaming_everywhere, monkeypatch
    ):
        """A database error in a background write (here a division by zero) is raised in the
        import's thread, and the import writes nothing."""
        from django.db import DatabaseError

        def fails(self, states, units):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / (SELECT COUNT(*) - COUNT(*) FROM cases_case)")
                cursor.fetchall()
            raise DatabaseError("division by zero")  # SQLite answers NULL instead

        monkeypatch.setattr(interchange._Bulk, "_save_created", fails)
        counts = (LedgerEvent.objects.count(), Case.objects.count())

        with pytest.raises(DatabaseError):
            interchange.import_lines(jsonl(_bench_lines(6)))

        assert (LedgerEvent.objects.count(), Case.objects.count()) == counts
        assert ledger.verify().ok

    def test_the_import_s_own_writes_wait_for_the_writer(
        self, history, streaming_everywhere, monkeypatch
    ):
        """One connection runs one statement at a time, and a write must not overtake the
        batches before it: the import's thread writes what is pending before a correction
        (which needs the case's whole history) only after every batch submitted before, here
        slowed down, is written."""
        import threading
        import time

        text = export_text()
        wipe_ledger_and_projections()
        streaming_everywhere.delay = 0.05
        own = []
        real = ledger.write_rows

        def timed(*args):
            if threading.current_thread().name != "import-writer":
                own.append(time.perf_counter())
            real(*args)

        monkeypatch.setattr(ledger, "write_rows", timed)
        assert interchange.import_lines(StringIO(text)).ok

        assert own and streaming_everywhere
        for started in own:
            for job in streaming_everywhere:
                if job["submitted"] < started:
                    assert job["ended"] <= started, "a write overtook the writer's batches"


@pytest.mark.django_db
class TestValuesNoDatabaseStores:
    """Found by an adversarial review: values that reached the ledger, or crashed the import,
    instead of being refused on their line (docs/interchange.md)."""

    def _source(self, staff, text: str) -> str:
        """The intake line with its source's name replaced by raw JSON ``text``."""
        line = json.dumps(intake_line(staff), ensure_ascii=False)
        return line.replace('"北京市公安局朝阳分局"', text) + "\n"

    @pytest.mark.parametrize("raw", ["NaN", "Infinity", "-Infinity", "1e999"])
    def test_nan_and_infinity_are_refused_as_not_json(self, staff, raw):
        """RFC 8259 §6: NaN and Infinity are not JSON numbers (Python's json takes them and
        writes them back, which no database's JSON and no strict reader accepts)."""
        result = interchange.import_lines(StringIO(self._source(staff, raw)))
        assert [(r.line, r.field) for r in result.rejected] == [(1, "(line)")]
        assert result.rejected[0].reason.startswith("not JSON")
        assert not LedgerEvent.objects.exists()

    @pytest.mark.parametrize(
        "raw, reason",
        [('"a\\u0000b"', "NUL character"), ('"a\\ud800b"', "not Unicode text")],
    )
    def test_a_nul_or_a_lone_surrogate_is_refused_on_its_field(self, staff, raw, reason):
        """PostgreSQL's text cannot hold NUL (SQLite would have kept it: the two databases
        must agree), and a lone surrogate is not UTF-8: both on the path of the value."""
        for mode in ("bulk", "actions"):
            result = interchange.import_lines(StringIO(self._source(staff, raw)), mode=mode)
            assert [(r.line, r.field) for r in result.rejected] == [(1, "payload.source.name")]
            assert reason in result.rejected[0].reason
        assert not LedgerEvent.objects.exists()

    def test_nesting_deeper_than_the_parser_takes_is_refused(self, staff):
        deep = self._source(staff, "[" * 5000 + "]" * 5000)
        result = interchange.import_lines(StringIO(deep))
        assert [(r.line, r.field) for r in result.rejected] == [(1, "(line)")]
        assert "nested too deeply" in result.rejected[0].reason

    def test_an_approver_that_is_not_a_username_is_refused_by_both_paths(self, staff):
        lines = [
            intake_line(staff),
            decision_line(staff, type="arrest.not_approved",
                          payload={"reason": "no_crime", "approved_by": ["chief"]}),
        ]  # fmt: skip
        for mode in ("bulk", "actions"):
            result = interchange.import_lines(jsonl(lines), mode=mode)
            assert [str(r) for r in result.rejected] == [
                "line 2: field payload.approved_by: must be a username (text)"
            ], mode
        assert not LedgerEvent.objects.exists()


@pytest.mark.django_db
class TestRepeatsAreRecognised:
    """A repeated line is the event already stored when it records the same thing, as the
    recording normalised it; a different event under the same id or key is a rejection."""

    def test_a_repeat_of_a_payload_the_recording_normalised_is_skipped(self, staff):
        """A note beyond 2,000 characters and an empty list of flags are stored normalised
        (cut, left out); the same file again changes nothing."""
        lines = [
            intake_line(staff, payload={**intake_line(staff)["payload"], "flags": []}),
            decision_line(staff, type="arrest.not_approved",
                          payload={"reason": "no_necessity", "note": " x" * 1500}),
        ]  # fmt: skip
        first = interchange.import_lines(jsonl(lines))
        assert first.ok, first.rejected
        counts = (LedgerEvent.objects.count(), projection.digest())

        again = interchange.import_lines(jsonl(lines))

        assert (again.ok, again.imported, again.skipped) == (True, 0, 2), again.rejected
        assert (LedgerEvent.objects.count(), projection.digest()) == counts

    def test_a_line_with_fewer_or_other_fields_under_a_stored_id_is_a_rejection(self, staff):
        line = decision_line(staff, type="arrest.not_approved", payload={"reason": "no_necessity"})
        assert interchange.import_lines(jsonl([intake_line(staff), line])).ok
        for payload in ({}, {"reason": "no_crime"}):
            result = interchange.import_lines(jsonl([{**line, "payload": payload}]))
            assert [(r.field, r.reason) for r in result.rejected] == [
                ("id", "event id already used for a different event (arrest.not_approved)")
            ], payload

    def test_the_same_key_for_another_person_in_one_file_is_a_rejection(self, staff):
        two = intake_line(staff)
        two["payload"]["persons"].append(person(name="李某", id_number=OTHER_ID))
        first = decision_line(staff, idempotency_key="same-key")
        second = decision_line(staff, idempotency_key="same-key", persons=["P2"],
                               id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003")  # fmt: skip

        result = interchange.import_lines(jsonl([two, first, second]))

        assert [(r.line, r.field) for r in result.rejected] == [(3, "idempotency_key")]
        assert not LedgerEvent.objects.exists()


@pytest.mark.django_db
def test_a_line_naming_another_unit_for_a_case_is_refused_without_naming_the_case_s_unit(
    staff, unit
):
    """docs/interchange.md: a case of another unit is not shown to a line that does not name
    it; the refusal says the case is not that unit's, not whose it is."""
    unit("110106")
    assert interchange.import_lines(jsonl([intake_line(staff)])).ok
    result = interchange.import_lines(jsonl([decision_line(staff, org="110106")]))
    assert [(r.field, r.reason) for r in result.rejected] == [
        ("org", "case 0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001 is not a case of procuratorate 110106")
    ]
    assert "110105" not in result.rejected[0].reason


@pytest.mark.django_db
def test_a_line_refused_at_a_stage_names_the_earlier_rejected_line_of_its_case(staff):
    """docs/interchange.md, Import: lines after a rejected one are still checked, and one that
    may fail because of it says which: a non-arrest refused for its reason (line 2) leaves the
    person under review, so the reconsideration asked on line 3 is refused at that stage."""
    lines = [
        intake_line(staff),
        decision_line(staff, type="arrest.not_approved", payload={"reason": "???"}),
        decision_line(
            staff,
            id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003",
            type="arrest.reconsideration_requested",
            actor=staff["manager"].username,
            occurred_on="2024-03-10",
        ),
    ]
    result = interchange.import_lines(jsonl(lines))
    by_line = {r.line: r for r in result.rejected}
    assert sorted(by_line) == [2, 3]
    assert by_line[2].field == "payload.reason"
    assert not by_line[2].reason.endswith("was rejected)")
    assert by_line[3].field == "type"
    assert "stage 'arrest_review'" in by_line[3].reason
    assert by_line[3].reason.endswith("(line 2 of this case was rejected)")


@pytest.mark.django_db
def test_the_earlier_rejected_line_is_named_only_where_it_may_be_the_cause(staff):
    """The hint follows a line refused by the schema too (an empty actor: the decision was
    never read), and is not added to a refusal that no earlier line causes (an unknown event
    type), as it was to any refusal of the field ``type``."""
    reconsider = decision_line(
        staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003", type="arrest.reconsideration_requested",
        actor=staff["manager"].username, occurred_on="2024-03-10",
    )  # fmt: skip
    unknown = decision_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0004", type="no.such")
    lines = [
        intake_line(staff),
        decision_line(
            staff, type="arrest.not_approved", actor="", payload={"reason": "no_necessity"}
        ),
        reconsider,
        unknown,
    ]
    by_line = {r.line: r for r in interchange.import_lines(jsonl(lines)).rejected}
    assert sorted(by_line) == [2, 3, 4]
    assert by_line[2].field == "actor"
    assert by_line[3].reason.endswith("(line 2 of this case was rejected)")
    assert by_line[4].field == "type" and "no.such" in by_line[4].reason
    assert "was rejected" not in by_line[4].reason


@pytest.mark.django_db
class TestRestoreAsRecorded:
    """``export --chain`` and ``import --restore``: a backup restored as recorded, its lines
    proven by the chain rather than judged again by the procedures of today."""

    def test_a_chained_export_restores_the_very_ledger_and_projections(self, history):
        text = export_text(chain=True)
        objs = lines_of(text)
        assert [o["chain"]["seq"] for o in objs] == list(range(1, len(objs) + 1))
        assert objs[0]["chain"]["prev"] == ledger.genesis(UNIT)
        assert all(o["basis"] for o in objs)
        digest, before_states, rows = projection.digest(), states(), ledger_rows()
        wipe_ledger_and_projections()

        result = interchange.import_lines(StringIO(text), restore=True)

        assert result.ok, result.rejected
        assert (result.imported, result.cases) == (len(rows), 3)
        assert ledger_rows() == rows  # the same hashes: anchors taken before still hold
        assert projection.digest() == digest
        assert states() == before_states
        assert ledger.verify().ok
        again = interchange.import_lines(StringIO(text), restore=True)
        assert (again.ok, again.imported, again.skipped) == (True, 0, len(rows))

    def test_an_event_todays_rules_refuse_is_restored_from_the_chain(self, receive, staff):
        """An event recorded under the rules of its day (here a minor of 15 charged with theft,
        received before Criminal Law art. 17 ¶2 was checked) is refused by a plain restore,
        which judges it by today's rules, and restored as recorded from a chained export."""
        from casewalk import gb11643

        from procuracy.cases import engine

        fifteen = gb11643("11010520090101001")  # born 2009-01-01: 15 on 2024-03-01
        original = engine._check_criminal_age
        engine._check_criminal_age = lambda *args: None  # the rules before the check
        try:
            case = receive(on=date(2024, 3, 4), persons=[person(
                id_number=fifteen, offence_date="2024-03-01")])  # fmt: skip
        finally:
            engine._check_criminal_age = original
        actions.assign_case(case.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
        plain, chained = export_text(), export_text(chain=True)
        before = states()
        wipe_ledger_and_projections()

        refused = interchange.import_lines(StringIO(plain), restore=True)
        assert not refused.ok
        assert "Criminal Law art. 17 ¶2" in refused.rejected[0].reason
        restored = interchange.import_lines(StringIO(chained), restore=True)
        assert restored.ok, restored.rejected
        assert states() == before
        assert ledger.verify().ok

    def test_a_changed_line_a_gap_or_a_line_without_its_chain_is_refused_and_nothing_kept(
        self, history
    ):
        objs = lines_of(export_text(chain=True))
        wipe_ledger_and_projections()

        changed = [dict(o) for o in objs]
        changed[1] = {**changed[1], "occurred_on": "2024-03-05"}
        result = interchange.import_lines(jsonl(changed), restore=True)
        assert [(r.line, r.field) for r in result.rejected][:1] == [(2, "chain.hash")]
        assert "not the event as recorded" in result.rejected[0].reason

        gap = objs[:1] + objs[2:]
        result = interchange.import_lines(jsonl(gap), restore=True)
        assert (result.rejected[0].line, result.rejected[0].field) == (2, "chain.seq")

        swapped = [dict(o) for o in objs]
        swapped[1] = {**swapped[1], "chain": {**swapped[1]["chain"], "prev": "0" * 64}}
        result = interchange.import_lines(jsonl(swapped), restore=True)
        assert (result.rejected[0].line, result.rejected[0].field) == (2, "chain.prev")

        mixed = [dict(o) for o in objs]
        del mixed[2]["chain"]
        result = interchange.import_lines(jsonl(mixed), restore=True)
        assert "chain" in {r.field for r in result.rejected if r.line == 3}
        assert LedgerEvent.objects.count() == Case.objects.count() == 0

    def test_the_chain_is_checked_by_the_schema_and_ignored_without_restore(self, history):
        """A malformed chain is a schema rejection; without --restore the lines are new
        events, validated and chained here as any import's (the chain given is not used)."""
        objs = lines_of(export_text(chain=True))
        rows = ledger_rows()
        wipe_ledger_and_projections()
        bad = [dict(o) for o in objs]
        bad[0] = {**bad[0], "chain": {"seq": 0, "prev": "x", "hash": "y"}}
        result = interchange.import_lines(jsonl(bad), restore=True)
        assert {r.field for r in result.rejected if r.line == 1} >= {"chain.seq"}
        no_basis = [{k: v for k, v in o.items() if k != "basis"} for o in objs]
        result = interchange.import_lines(jsonl(no_basis), restore=True)
        assert result.rejected and "basis" in result.rejected[0].reason
        plain = interchange.import_lines(jsonl(objs), allow_system=True)
        assert plain.ok, plain.rejected
        assert [r["hash"] for r in ledger_rows()] == [r["hash"] for r in rows]

    def test_the_commands_back_up_and_restore_a_ledger(self, history, tmp_path):
        """``procuracy export --chain -o FILE``, then ``procuracy import FILE --restore`` into
        an emptied database: the chains verify and match the heads they had."""
        from procuracy.cases.models import LedgerHead

        heads = list(LedgerHead.objects.values_list("procuratorate__code", "seq", "hash"))
        events = LedgerEvent.objects.count()
        path = tmp_path / "backup.jsonl"
        call_command("export", "--chain", "-o", str(path), stderr=StringIO())
        assert all("chain" in o for o in lines_of(path.read_text(encoding="utf-8")))
        wipe_ledger_and_projections()
        out = StringIO()
        call_command("import", str(path), "--restore", "--json", stdout=out)
        report = json.loads(out.getvalue())
        assert (report["ok"], report["imported"]) == (True, events)
        assert list(LedgerHead.objects.values_list("procuratorate__code", "seq", "hash")) == heads
        assert ledger.verify().ok


def rechain(objs: list[dict]) -> list[dict]:
    """Chained export lines with their chains computed again after a change (what a forger
    or a damaged backup could hold): each procuratorate's lines from its genesis."""
    from datetime import datetime

    heads: dict[str, tuple[int, str]] = {}
    out = []
    for o in objs:
        seq, prev = heads.get(o["org"], (0, ledger.genesis(o["org"])))
        payload = dict(o["payload"])
        if o["type"] == "case.received":
            payload.update(case_id=o["case"]["id"], unit=o["org"], number=o["case"]["number"])
        text = ledger.canonical(
            uuid.UUID(o["id"]), o["org"], seq + 1, uuid.UUID(o["case"]["id"]), o["type"],
            ",".join(o["persons"]), date.fromisoformat(o["occurred_on"]),
            datetime.fromisoformat(o["recorded_at"].replace("Z", "+00:00")), o["actor"],
            ledger.canonical_json(payload), ledger.canonical_json(o["basis"]),
            uuid.UUID(o["corrects"]) if o.get("corrects") else None, o.get("idempotency_key"),
        )  # fmt: skip
        hash_ = ledger.chain_hash(prev, text)
        out.append({**o, "chain": {"seq": seq + 1, "prev": prev, "hash": hash_}})
        heads[o["org"]] = (seq + 1, hash_)
    return out


@pytest.mark.django_db
class TestRestoredCorrectionsAndFolds:
    """A chained file restores as recorded, but a correction obeys the rules it was recorded
    under (``actions._correct``) and an event this version cannot fold is refused on its line:
    found by a review, where they were accepted or raised a traceback."""

    def test_rechained_lines_restore_as_the_export_did(self, history):
        objs = lines_of(export_text(chain=True))
        assert rechain(objs) == objs  # the helper computes the chain as the ledger does

    @pytest.mark.parametrize("target", ["receipt", "other case", "twice"])
    def test_a_correction_of_what_no_correction_may_correct_is_refused(self, history, target):
        objs = lines_of(export_text(chain=True))
        wipe_ledger_and_projections()
        review_case = str(history[2].pk)
        correction = next(o for o in objs if o["type"] == "event.corrected")
        if target == "receipt":
            receipt = next(o for o in objs if o["type"] == "case.received"
                           and o["case"]["id"] == review_case)  # fmt: skip
            correction["corrects"] = receipt["id"]
        elif target == "other case":
            # the arrest case's decision, from the review case's correction
            correction["corrects"] = next(o["id"] for o in objs if o["type"] == "arrest.approved")
        else:
            objs.insert(objs.index(correction) + 1, {**correction, "id": str(uuid.uuid4())})
        result = interchange.import_lines(jsonl(rechain(objs)), restore=True)
        assert not result.ok
        assert "corrects" in {r.field for r in result.rejected}, result.rejected
        assert LedgerEvent.objects.count() == 0

    def test_an_event_this_version_cannot_fold_is_refused_on_its_line(self, history):
        objs = lines_of(export_text(chain=True))
        wipe_ledger_and_projections()
        prosecuted = next(o for o in objs if o["type"] == "prosecution.prosecuted")
        prosecuted["payload"] = {}  # as an older version might have recorded it
        result = interchange.import_lines(jsonl(rechain(objs)), restore=True)
        line = objs.index(prosecuted) + 1
        assert [(r.line, r.field) for r in result.rejected] == [(line, "payload")]
        assert "cannot fold the event as recorded" in result.rejected[0].reason
        assert LedgerEvent.objects.count() == 0

    def test_a_handler_or_approver_who_is_not_a_user_is_refused(self, history):
        objs = lines_of(export_text(chain=True))
        wipe_ledger_and_projections()
        assigned = next(o for o in objs if o["type"] == "case.assigned")
        assigned["payload"] = {**assigned["payload"], "handler": "nobody"}
        result = interchange.import_lines(jsonl(rechain(objs)), restore=True)
        assert [(r.field, r.reason) for r in result.rejected][:1] == [
            (
                "payload.handler",
                "no user 'nobody': restore the staff first (procuracy staff import)",
            )
        ]
