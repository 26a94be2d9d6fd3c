"""The ledger is append-only and tamper-evident (issue: ledger, §2).

Tamper tests go around the triggers the way an attacker with database access would (dropping or
disabling them inside the test's transaction, which the test rolls back), then check that
``ledger verify`` names the first broken event.
"""

import itertools
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from procuracy.cases import actions, ledger, projection
from procuracy.cases.models import LedgerEvent, LedgerHead

TABLE = LedgerEvent._meta.db_table


@pytest.fixture
def history(receive, staff):
    """Two cases in 110105 with a few events each: 6 events in one chain."""
    first = receive()
    actions.assign_case(first.pk, actor=staff["manager"], occurred_on=date(2024, 3, 4))
    actions.record_event(
        first.pk,
        "arrest.approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 8),
        actor=staff["procurator"],
    )
    second = receive(on=date(2024, 3, 5))
    actions.assign_case(second.pk, actor=staff["manager"], occurred_on=date(2024, 3, 5))
    actions.record_event(
        second.pk,
        "arrest.not_approved",
        persons=["P1"],
        occurred_on=date(2024, 3, 9),
        payload={"reason": "no_necessity"},
        actor=staff["procurator"],
    )
    return list(LedgerEvent.objects.order_by("seq"))


def bypass_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER ledger_no_update")
            cursor.execute("DROP TRIGGER ledger_no_delete")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")


def raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql.format(table=TABLE), params)


def db_id(event):
    """The id as the database stores it (32 hex digits on SQLite, a uuid on PostgreSQL)."""
    return event.id.hex if connection.vendor == "sqlite" else str(event.id)


def verify_output():
    out = StringIO()
    call_command("ledger", "verify", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestAppendOnly:
    def test_the_database_refuses_an_update(self, history):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw("UPDATE {table} SET payload = '{{}}'")

    def test_the_database_refuses_a_delete(self, history):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            raw("DELETE FROM {table}")

    def test_the_orm_cannot_delete_an_event_either(self, history):
        with pytest.raises(DatabaseError), transaction.atomic():
            history[0].delete()


@pytest.mark.django_db
class TestVerify:
    def test_an_untouched_ledger_verifies(self, history):
        assert "6 events in 1 chain(s), all intact" in verify_output()

    def test_a_changed_payload_is_named(self, history):
        bypass_triggers()
        target = history[2]
        raw(
            "UPDATE {table} SET payload = %s WHERE id = %s",
            ['{"reason":"insufficient_evidence"}', db_id(target)],
        )
        with pytest.raises(CommandError) as error:
            verify_output()
        assert target.id.hex in str(error.value)
        assert "altered" in str(error.value)

    def test_a_changed_legal_date_is_named(self, history):
        bypass_triggers()
        target = history[4]
        raw("UPDATE {table} SET occurred_on = %s WHERE id = %s", [date(2024, 3, 1), db_id(target)])
        result = ledger.verify()
        assert not result.ok
        assert target.id.hex in result.broken

    def test_a_deleted_event_is_named(self, history):
        bypass_triggers()
        raw("DELETE FROM {table} WHERE id = %s", [db_id(history[1])])
        result = ledger.verify()
        assert not result.ok
        assert history[2].id.hex in result.broken
        assert "removed" in result.broken

    def test_two_swapped_events_are_caught(self, history):
        bypass_triggers()
        a, b = history[1], history[2]
        raw("UPDATE {table} SET seq = 1000 WHERE id = %s", [db_id(a)])
        raw("UPDATE {table} SET seq = %s WHERE id = %s", [a.seq, db_id(b)])
        raw("UPDATE {table} SET seq = %s WHERE id = %s", [b.seq, db_id(a)])
        result = ledger.verify()
        assert not result.ok
        assert b.id.hex in result.broken

    def test_removing_the_newest_events_is_caught_by_the_head(self, history):
        bypass_triggers()
        raw("DELETE FROM {table} WHERE id = %s", [db_id(history[-1])])
        result = ledger.verify()
        assert not result.ok
        assert "newest events were removed" in result.broken

    def test_the_database_recomputes_the_hashes_as_python_does(self, history, staff, unit):
        """On PostgreSQL ``verify`` has the database rebuild each event's canonical text and
        hash it (ledger._check_in_database); it must find what the row-by-row check finds,
        to the last character: here with Chinese payloads, an idempotency key and a
        correction (the ``corrects`` column). Elsewhere every stretch is checked row by row."""
        actions.record_event(
            history[2].case_id, "event.corrected", occurred_on=date(2024, 3, 10),
            payload={"reason": "录错决定"}, corrects=str(history[2].id),
            idempotency_key="police-9", actor=staff["procurator"],
        )  # fmt: skip
        chain = unit("110105")
        postgresql = connection.vendor == "postgresql"
        for lo, hi in ((1, 7), (3, 6)):  # the whole chain, and a stretch as verify splits one
            row_by_row = ledger._verify_rows(chain.pk, chain.code, lo, hi)
            assert row_by_row.broken is None and row_by_row.events == hi - lo + 1
            assert ledger._verify_segment(chain.pk, chain.code, lo, hi) == row_by_row
            if postgresql:
                assert ledger._check_in_database(chain.pk, chain.code, lo, hi) == row_by_row

    def test_a_stretch_found_broken_is_verified_row_by_row(self, history, unit):
        """What the database finds broken is read back and named as on any database."""
        chain = unit("110105")
        postgresql = connection.vendor == "postgresql"
        if postgresql:
            assert ledger._check_in_database(chain.pk, chain.code, 1, 6) is not None
        bypass_triggers()
        raw("UPDATE {table} SET actor_name = %s WHERE id = %s", ["someone", db_id(history[3])])
        if postgresql:
            assert ledger._check_in_database(chain.pk, chain.code, 1, 6) is None
        seg = ledger._verify_segment(chain.pk, chain.code, 1, 6)
        assert seg.broken[0] == history[3].seq
        assert history[3].id.hex in seg.broken[1] and "altered" in seg.broken[1]

    @pytest.mark.parametrize("column", ["payload", "persons", "occurred_on", "recorded_at"])
    def test_a_column_set_to_null_is_named(self, history, column):
        """A NULL makes PostgreSQL's hash of the text NULL, which no comparison with the
        stored hash finds different: it must still count as altered (ledger._check_sql)."""
        if connection.vendor != "postgresql":
            pytest.skip("SQLite's ALTER TABLE cannot drop a NOT NULL: no NULL can be written")
        bypass_triggers()
        target = history[3]
        raw(f"ALTER TABLE {{table}} ALTER COLUMN {column} DROP NOT NULL")
        raw(f"UPDATE {{table}} SET {column} = NULL WHERE id = %s", [db_id(target)])
        result = ledger.verify()
        assert not result.ok
        assert target.id.hex in result.broken and "altered" in result.broken

    def test_row_by_row_names_an_event_with_a_null_in_it(self, history, unit, monkeypatch):
        """The rows as a table whose NOT NULL was dropped would give them (any database)."""
        chain, target = unit("110105"), history[3]
        rows = list(ledger._rows(chain.pk))
        for column in (4, 6, 8):  # persons, recorded_at, payload (ledger._select_sql)
            tampered = [
                (*row[:column], None, *row[column + 1 :]) if row[1] == target.seq else row
                for row in rows
            ]
            monkeypatch.setattr(ledger, "_rows", lambda *a, t=tampered: iter(t))
            seg = ledger._verify_rows(chain.pk, chain.code, 1, 6)
            assert seg.broken[0] == target.seq
            assert target.id.hex in seg.broken[1] and "altered" in seg.broken[1]

    def test_dates_are_hashed_whatever_the_session_date_style(self, history, unit):
        """The canonical text has ISO dates; PostgreSQL's ``date::text`` follows DateStyle."""
        if connection.vendor != "postgresql":
            pytest.skip("DateStyle is a PostgreSQL session setting; SQLite keeps ISO text")
        raw("SET LOCAL datestyle = 'SQL, DMY'")
        chain = unit("110105")
        assert ledger._check_in_database(chain.pk, chain.code, 1, 6) is not None
        assert ledger._verify_rows(chain.pk, chain.code, 1, 6).broken is None
        assert ledger.verify().ok

    def test_verify_can_be_limited_to_one_procuratorate(self, history, make_user, unit):
        out = StringIO()
        call_command("ledger", "verify", "--org", "110105", stdout=out)
        assert "6 events" in out.getvalue()
        with pytest.raises(CommandError, match="unknown procuratorate code"):
            call_command("ledger", "verify", "--org", "999999", stdout=StringIO())

    def test_each_event_chains_to_the_one_before(self, history):
        assert history[0].prev_hash == ledger.genesis("110105")
        for before, after in itertools.pairwise(history):
            assert after.prev_hash == before.hash
            assert after.seq == before.seq + 1
        head = LedgerHead.objects.get(procuratorate__code="110105")
        assert (head.seq, head.hash) == (history[-1].seq, history[-1].hash)


@pytest.mark.django_db
class TestReplay:
    def test_a_replay_rebuilds_identical_projections(self, history):
        before = projection.digest()
        out = StringIO()
        call_command("ledger", "replay", stdout=out)
        assert "identical" in out.getvalue()
        assert projection.digest() == before

    def test_a_replay_keeps_the_approval_requests_of_the_cases(self, history, receive, staff):
        """The approval requests hang on the case rows beside the ledger (Rules art. 285 ¶3:
        a decision waiting for the chief procurator): a replay deleted every case row to
        rebuild it, and the deletion cascaded to every request, pending or decided, while it
        said the projections came out identical."""
        from procuracy.cases import approvals
        from procuracy.cases.models import ApprovalRequest

        case = receive(on=date(2024, 3, 6))
        actions.assign_case(case.pk, actor=staff["manager"], occurred_on=date(2024, 3, 6))
        pending = approvals.request(
            case.pk, "arrest.not_approved", persons=["P1"], occurred_on=date(2024, 3, 10),
            payload={"reason": "insufficient_evidence"}, actor=staff["procurator"],
        )  # fmt: skip
        call_command("ledger", "replay", stdout=StringIO())
        kept = ApprovalRequest.objects.get(pk=pending.pk)
        assert kept.status == "pending" and kept.case_id == case.pk
        assert kept.payload == {"reason": "insufficient_evidence"}

    def test_replay_check_reports_a_projection_that_drifted(self, history):
        from procuracy.cases.models import Case

        drifted = Case.objects.get(pk=history[0].case_id)
        Case.objects.filter(pk=drifted.pk).update(stage="concluded_by_hand")
        with pytest.raises(CommandError, match="differ") as error:
            call_command("ledger", "replay", "--check", stdout=StringIO())
        # it names the case that drifted, and only it
        assert str(error.value).endswith(f"in 1 case(s): {drifted.number}")
        # --check changed nothing
        assert Case.objects.get(pk=history[0].case_id).stage == "concluded_by_hand"

    def test_a_broken_ledger_is_not_replayed_unless_asked(self, history):
        """A replay of altered events would make the projections agree with the alteration:
        the chain is verified first, and only --unverified replays a broken one."""
        from procuracy.cases.models import Case

        before = projection.digest()
        bypass_triggers()
        raw(
            "UPDATE {table} SET payload = %s WHERE id = %s",
            ['{"reason":"insufficient_evidence"}', db_id(history[2])],
        )
        with pytest.raises(
            CommandError,
            match=f"ledger broken at event {history[2].id.hex} .*altered: not replayed",
        ):
            call_command("ledger", "replay", stdout=StringIO())
        assert projection.digest() == before
        out = StringIO()
        call_command("ledger", "replay", "--unverified", stdout=out)
        assert "replayed 2 case(s)" in out.getvalue()
        assert Case.objects.count() == 2
