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
    if connection.vendor == "sqlite":
        from procuracy.cases.bench import scratch_database

        with scratch_database():
            _race()
    else:
        _race()


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
