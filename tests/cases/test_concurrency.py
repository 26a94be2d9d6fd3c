"""Concurrency and repeats (issue: ledger, §7)."""

import threading
from datetime import date

import pytest
from django.db import connection

from procuracy.audit.models import AuditEvent
from procuracy.cases import actions
from procuracy.cases.models import Case, LedgerEvent
from procuracy.core.errors import DomainError, ValidationFailed


@pytest.mark.django_db
class TestConflicts:
    def test_a_decision_on_a_case_that_changed_meanwhile_is_a_clear_conflict(self, receive, staff):
        case = receive()
        seen = Case.objects.get(pk=case.pk).version  # both procurators open the case
        actions.record_event(
            case.pk,
            "arrest.approved",
            persons=["P1"],
            occurred_on=date(2024, 3, 6),
            expected_version=seen,
            actor=staff["procurator"],
        )
        with pytest.raises(actions.Conflict, match="changed since you opened it"):
            actions.record_event(
                case.pk,
                "arrest.not_approved",
                persons=["P1"],
                occurred_on=date(2024, 3, 6),
                payload={"reason": "no_necessity"},
                expected_version=seen,
                actor=staff["procurator2"],
            )
        assert LedgerEvent.objects.filter(case_id=case.pk).count() == 2

    def test_a_second_decision_on_the_same_person_is_refused_by_the_procedure(self, receive, staff):
        case = receive()
        actions.record_event(
            case.pk,
            "arrest.approved",
            persons=["P1"],
            occurred_on=date(2024, 3, 6),
            actor=staff["procurator"],
        )
        with pytest.raises(ValidationFailed, match="stage 'arrest_approved'"):
            actions.record_event(
                case.pk,
                "arrest.approved",
                persons=["P1"],
                occurred_on=date(2024, 3, 6),
                actor=staff["procurator2"],
            )


@pytest.mark.django_db
class TestIdempotency:
    def test_a_repeated_event_with_the_same_key_changes_nothing(self, receive, staff):
        case = receive()
        first = actions.record_event(
            case.pk,
            "arrest.approved",
            persons=["P1"],
            occurred_on=date(2024, 3, 6),
            idempotency_key="police-42",
            actor=staff["procurator"],
        )
        counts = (
            LedgerEvent.objects.count(),
            Case.objects.get(pk=case.pk).version,
            AuditEvent.objects.count(),
        )
        again = actions.record_event(
            case.pk,
            "arrest.approved",
            persons=["P1"],
            occurred_on=date(2024, 3, 6),
            idempotency_key="police-42",
            actor=staff["procurator"],
        )
        assert again.pk == first.pk
        assert (LedgerEvent.objects.count(), Case.objects.get(pk=case.pk).version) == counts[:2]

    def test_a_repeated_intake_with_the_same_key_returns_the_same_case(self, receive):
        first = receive(idempotency_key="transfer-2024-001")
        again = receive(idempotency_key="transfer-2024-001")
        assert again.pk == first.pk
        assert Case.objects.count() == 1

    def test_reusing_a_key_for_a_different_request_is_a_conflict(self, receive, staff):
        case = receive()
        actions.record_event(
            case.pk,
            "arrest.approved",
            persons=["P1"],
            occurred_on=date(2024, 3, 6),
            idempotency_key="k1",
            actor=staff["procurator"],
        )
        other = receive(on=date(2024, 3, 5))
        with pytest.raises(actions.Conflict, match="already used"):
            actions.record_event(
                other.pk,
                "arrest.not_approved",
                persons=["P1"],
                occurred_on=date(2024, 3, 6),
                payload={"reason": "no_necessity"},
                idempotency_key="k1",
                actor=staff["procurator"],
            )


@pytest.mark.django_db(transaction=True)
def test_two_people_deciding_at_once_get_one_success_and_one_conflict(django_db_blocker):
    """Real concurrency: two threads, two connections, the same person decided at once. On
    SQLite the test database is in memory and private to one connection, so the race runs
    on a scratch database in a file, which both threads open (as the bench does)."""
    _on_a_shared_database(_race)


def _on_a_shared_database(walk) -> None:
    """Run ``walk`` where other threads' connections see its data: the test database on
    PostgreSQL; on SQLite (whose test database is in memory, private to one connection) a
    scratch database in a file."""
    if connection.vendor == "sqlite":
        from procuracy.cases.bench import scratch_database

        with scratch_database():
            walk()
    else:
        walk()


def _race():
    from procuracy.orgs.actions import load_tree
    from procuracy.staff import actions as staff_actions
    from procuracy.staff.roles import DepartmentKind, Role

    load_tree(actor=None)
    from procuracy.orgs.models import Procuratorate

    unit = Procuratorate.objects.get(code="110105")
    users = {}
    for name, role, dept in (
        ("m", Role.CASE_MANAGER, DepartmentKind.CASE_MANAGEMENT),
        ("p1", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
        ("p2", Role.PROCURATOR, DepartmentKind.CRIMINAL_PROSECUTION),
    ):
        user = staff_actions.create_user(f"conc-{name}", actor=None)
        staff_actions.grant_role(user, unit, role, department=dept, actor=None)
        users[name] = user
    case = actions.receive_case(
        unit,
        kind="arrest_review",
        received_on=date(2024, 3, 4),
        source={"agency": "police"},
        materials=["arrest_request", "case_file", "evidence"],
        persons=[
            {
                "name": "张某",
                "id_number": "11010519491231002X",
                "custody": "detained",
                "charges": [{"article": "264", "name": "盗窃罪"}],
            }
        ],
        actor=users["m"],
    )
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, event_type, payload):
        try:
            barrier.wait()
            actions.record_event(
                case.pk,
                event_type,
                persons=["P1"],
                payload=payload,
                occurred_on=date(2024, 3, 6),
                expected_version=1,
                actor=user,
            )
            outcomes.append("ok")
        except DomainError as exc:
            outcomes.append(f"refused: {exc}")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(users["p1"], "arrest.approved", {})),
        threading.Thread(
            target=decide, args=(users["p2"], "arrest.not_approved", {"reason": "no_necessity"})
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
    assert "changed since you opened it" in next(o for o in outcomes if o != "ok")
    assert LedgerEvent.objects.filter(case_id=case.pk).count() == 2


@pytest.mark.django_db(transaction=True)
def test_an_import_giving_numbers_and_an_intake_at_once_both_land_in_sequence():
    """An import that gives a case number in the unit's pattern moves the counter; an intake
    at the same moment takes the counter and then the chain head, and so does the import
    (its counters before any head): the intake waits for the import instead of the two
    waiting for each other (a deadlock on PostgreSQL before), and takes the number after."""
    _on_a_shared_database(_import_beside_intake)


def _import_beside_intake():
    import json
    import time
    from io import StringIO

    from procuracy.cases import interchange
    from procuracy.orgs.actions import load_tree
    from procuracy.orgs.models import Procuratorate
    from procuracy.staff import actions as staff_actions
    from procuracy.staff.roles import DepartmentKind, Role

    load_tree(actor=None)
    unit = Procuratorate.objects.get(code="110105")
    manager = staff_actions.create_user("conc-m", actor=None)
    staff_actions.grant_role(
        manager, unit, Role.CASE_MANAGER, department=DepartmentKind.CASE_MANAGEMENT, actor=None
    )
    intake = {
        "kind": "arrest_review",
        "source": {"agency": "police", "name": "北京市公安局朝阳分局"},
        "persons": [
            {
                "name": "张某",
                "id_number": "11010519491231002X",
                "custody": "detained",
                "charges": [{"article": "264", "name": "盗窃罪"}],
            }
        ],
        "materials": ["arrest_request", "case_file", "evidence"],
    }
    actions.receive_case(unit, received_on=date(2024, 3, 4), actor=manager, **intake)  # 1号
    line = {
        "format": "procuracy-events/1",
        "id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1e0001",
        "org": "110105",
        "case": {
            "id": "0a3e0c4e-6f7e-4b47-9b58-3c1f5d1ec001",
            "number": "京朝检刑捕受〔2024〕50号",
        },
        "type": "case.received",
        "occurred_on": "2024-03-05",
        "actor": "conc-m",
        "payload": intake,
    }
    applied = threading.Event()
    real_flush = interchange._Bulk.flush
    outcomes = {}

    def slow_flush(importer):
        applied.set()  # the import holds its counter and the unit's chain head now
        time.sleep(1.0)  # the intake starts meanwhile and must wait
        return real_flush(importer)

    def run_import():
        try:
            result = interchange.import_lines(StringIO(json.dumps(line, ensure_ascii=False)))
            outcomes["import"] = result.ok or result.rejected
        except Exception as exc:  # a deadlock surfaces here or in the intake
            outcomes["import"] = repr(exc)
        finally:
            connection.close()

    def run_intake():
        applied.wait(30)
        try:
            case = actions.receive_case(unit, received_on=date(2024, 3, 6), actor=manager, **intake)
            outcomes["intake"] = case.number
        except Exception as exc:
            outcomes["intake"] = repr(exc)
        finally:
            connection.close()

    interchange._Bulk.flush = slow_flush
    try:
        threads = [threading.Thread(target=run_import), threading.Thread(target=run_intake)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        interchange._Bulk.flush = real_flush
    assert outcomes == {"import": True, "intake": "京朝检刑捕受〔2024〕51号"}, outcomes
