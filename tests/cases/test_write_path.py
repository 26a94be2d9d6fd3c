"""The fast write paths keep the behaviour of the plain ones.

- ``actions.record_event``: on PostgreSQL the locking read and the writes travel in psycopg's
  pipeline and the writes as one statement; the case is read, locked and the access checked
  inside the transaction. Checked here in a transaction of its own (``transaction=True``, as
  in production) and inside an outer one (a savepoint, as in the other tests).
- The engine's in-place ``step`` and the deadline memo; the bulk import's snapshot of a state
  that a refused line had already changed.
"""

import copy
import json
import uuid
from datetime import date
from io import StringIO

import pytest

from procuracy.audit.models import AuditEvent
from procuracy.cases import actions, engine, interchange, ledger
from procuracy.cases.models import Case, CaseDeadline, CasePerson, LedgerEvent
from procuracy.core.errors import NotFound
from procuracy.law.management.store import site_calendar
from procuracy.orgs.actions import load_tree
from procuracy.orgs.models import Procuratorate

UNIT = "110105"

TRANSACTIONS = [
    pytest.param(True, marks=pytest.mark.django_db(transaction=True), id="own-transaction"),
    pytest.param(False, marks=pytest.mark.django_db, id="inside-a-transaction"),
]


@pytest.fixture
def own(request):
    """First among a test's fixtures: the transaction=True runs only on PostgreSQL, where the
    pipeline is used (and where the ledger rows they leave can be flushed: SQLite's flush
    deletes rows one by one, which the append-only trigger refuses)."""
    from django.db import connection

    if request.param and connection.vendor != "postgresql":
        pytest.skip("a transaction of its own: PostgreSQL only (the pipeline is PostgreSQL's)")
    if request.param and not Procuratorate.objects.exists():  # flushed by an earlier one
        load_tree(actor=None)
    return request.param


def decide(case, actor, **kw):
    return actions.record_event(
        case.pk, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6), actor=actor, **kw
    )


def counts(case):
    return (
        LedgerEvent.objects.count(),
        Case.objects.get(pk=case.pk).version,
        AuditEvent.objects.filter(kind="write").count(),
    )


@pytest.mark.parametrize("own", TRANSACTIONS, indirect=True)
def test_a_decision_writes_ledger_projections_and_audit(own, receive, staff):
    case = receive()
    before = counts(case)
    row = decide(case, staff["procurator"])
    assert counts(case) == (before[0] + 1, before[1] + 1, before[2] + 1)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state["persons"]["P1"]["stage"] == "arrest_approved"
    assert stored.state["last_event"] == str(row.id)
    assert CasePerson.objects.get(case=case, key="P1").stage == "arrest_approved"
    deadline = CaseDeadline.objects.get(case=case, key="D1")
    assert deadline.status == stored.state["deadlines"]["D1"]["status"] != "open"
    assert LedgerEvent.objects.get(pk=row.pk).hash == row.hash
    audit = AuditEvent.objects.filter(kind="write").latest("pk")
    assert (audit.code, audit.object_id) == ("cases.record_event", str(row.pk))
    # the entry queued in the pipeline (no id read back) is whole: who, where, when
    assert (audit.actor, audit.username, audit.procuratorate_code, audit.object_type) == (
        staff["procurator"],
        staff["procurator"].username,
        UNIT,
        "cases.LedgerEvent",
    )
    assert audit.at is not None and audit.detail == {}
    assert ledger.verify().ok


@pytest.mark.parametrize("own", TRANSACTIONS, indirect=True)
def test_a_key_taken_meanwhile_is_a_conflict_and_writes_nothing(own, receive, staff, monkeypatch):
    case = receive()
    other = receive(on=date(2024, 3, 5))
    decide(other, staff["procurator"], idempotency_key="police-7")
    before = counts(case)
    # As if a concurrent request had taken the key after this one looked it up.
    monkeypatch.setattr(actions, "_idempotent", lambda key, fingerprint: None)
    with pytest.raises(actions.Conflict, match="being used by a concurrent request"):
        decide(case, staff["procurator"], idempotency_key="police-7")
    assert counts(case) == before
    # The connection is usable and the case writable afterwards.
    monkeypatch.undo()
    decide(case, staff["procurator"])
    assert ledger.verify().ok


@pytest.mark.parametrize("own", TRANSACTIONS, indirect=True)
def test_a_refused_writer_is_audited_and_nothing_else_is_written(own, receive, staff, make_user):
    case = receive()
    stranger = make_user("110106", "procurator")
    before = counts(case)
    with pytest.raises(NotFound):
        decide(case, stranger)
    with pytest.raises(Exception, match="role not allowed"):
        decide(case, staff["manager"])
    assert counts(case) == before
    denied = AuditEvent.objects.filter(kind="access_denied").order_by("pk")
    assert [(d.username, d.detail["reason"]) for d in denied] == [
        (stranger.username, "not visible"),
        (staff["manager"].username, "role not allowed for this action"),
    ]
    decide(case, staff["procurator"])  # nothing left locked


@pytest.mark.parametrize("own", TRANSACTIONS, indirect=True)
def test_an_unknown_case_is_not_found(own, staff):
    for case_id in ("0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec999", uuid.uuid4()):
        with pytest.raises(NotFound):
            actions.record_event(
                case_id, "arrest.approved", persons=["P1"], occurred_on=date(2024, 3, 6),
                actor=staff["procurator"],
            )  # fmt: skip


# --- the engine ---------------------------------------------------------------------------


def received_state():
    payload = {
        "case_id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001", "kind": "arrest_review",
        "unit": UNIT, "number": "N1", "source": {"agency": "police"},
        "persons": [{"name": "张某", "id_number": "11010519491231002X", "custody": "detained",
                     "charges": [{"article": "264", "name": "盗窃罪"}]}],
        "materials": ["arrest_request", "case_file", "evidence"],
    }  # fmt: skip
    event = engine.Event("e1", "case.received", date(2024, 3, 4), (), payload)
    return engine.step(None, event, None, site_calendar())


def test_copy_state_is_a_deep_copy_that_keeps_shared_parts_shared():
    state = received_state()
    shared = ["x"]
    state["a"], state["b"] = shared, shared
    copied = engine.copy_state(state)
    assert copied == state and copied is not state
    assert copied["a"] is copied["b"] and copied["a"] is not shared
    state["deadlines"]["D1"]["status"] = "changed"
    assert copied["deadlines"]["D1"]["status"] == "open"
    odd = {"when": date(2024, 1, 1), "nested": {"x": [1]}}  # not JSON: deepcopy's way
    assert engine.copy_state(odd) == odd


def test_step_leaves_the_state_alone_unless_told_to_change_it_in_place():
    state = received_state()
    kept = copy.deepcopy(state)
    event = engine.Event("e2", "arrest.approved", date(2024, 3, 6), ("P1",), {})
    new = engine.step(state, event, None, site_calendar(), validate=False)
    assert state == kept and new != kept
    same = engine.step(state, event, None, site_calendar(), validate=False, copy=False)
    assert same is state and same == new


def test_memoised_deadlines_are_the_same_deadlines():
    plain = received_state()
    with engine.memoised():
        first, second = received_state(), received_state()
    assert plain == first == second
    second["deadlines"]["D1"]["basis"].append("changed")  # no list is shared through the memo
    assert first["deadlines"]["D1"]["basis"] == plain["deadlines"]["D1"]["basis"]


@pytest.mark.django_db
def test_a_line_refused_after_it_changed_the_state_leaves_the_state_as_it_was(staff, monkeypatch):
    """The bulk import changes states in place; a line refused half-way (here: after the
    engine applied it) must not leave its changes behind for the file's later lines."""
    from test_interchange import decision_line, intake_line

    real = interchange.step_with_payload

    def refuse_after_applying(state, event, *args, **kw):
        result = real(state, event, *args, **kw)
        if event.id.endswith("0002"):
            raise engine.ProcedureError("refused after the fact")
        return result

    monkeypatch.setattr(interchange, "step_with_payload", refuse_after_applying)
    lines = [
        intake_line(staff),
        decision_line(staff),  # applied, then refused
        decision_line(staff, id="0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0003"),  # meets P1 unchanged
    ]
    text = "".join(json.dumps(o) + "\n" for o in lines)
    with interchange.transaction.atomic():
        result = interchange.import_lines(StringIO(text), dry_run=True)
    assert [(r.line, r.reason) for r in result.rejected] == [(2, "refused after the fact")]
    assert result.imported == 2


def _prepared() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [text for (text,) in cursor.fetchall()]


@pytest.mark.django_db
def test_the_write_path_s_statements_are_prepared_on_postgresql(receive, staff):
    """The locking read, the ledger and projection writes and the audit entry of a decision
    are prepared on the server (procuracy.core.pipeline.execute): PostgreSQL parses and plans
    them once per connection. SQLite has no prepared statements to look at: there the same
    decision must simply be recorded."""
    from django.db import connection

    case = receive()
    decide(case, staff["procurator"])
    assert LedgerEvent.objects.filter(case_id=case.pk, event_type="arrest.approved").exists()
    if connection.vendor != "postgresql":
        return
    prepared = _prepared()
    assert any("FOR UPDATE OF c, h" in text for text in prepared)
    assert any('INSERT INTO "cases_ledgerevent"' in text for text in prepared)
    assert any('INSERT INTO "audit_auditevent"' in text for text in prepared)


@pytest.mark.django_db
def test_prepared_statements_can_be_turned_off_and_are_off_while_queries_are_logged(settings):
    """``PROCURACY_PG_PREPARE=0`` (a pooler that cannot keep them) and a logged connection
    (debugging: every statement must show in the log) run the statement as any other."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from procuracy.core import pipeline

    def run(tag: str) -> bool:
        sql = f"SELECT CAST(%s AS integer) + 1 AS {tag}"
        assert pipeline.execute(sql, [41], fetch=True) == [(42,)]
        return connection.vendor == "postgresql" and any(tag in t for t in _prepared())

    tag = f"probe_{uuid.uuid4().hex}"
    settings.PG_PREPARE = False
    assert not run(f"{tag}_off")
    with CaptureQueriesContext(connection) as logged:
        settings.PG_PREPARE = True
        assert not run(f"{tag}_logged")
    assert any(f"{tag}_logged" in q["sql"] for q in logged.captured_queries)
    assert run(f"{tag}_on") == (connection.vendor == "postgresql")
