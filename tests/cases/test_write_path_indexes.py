"""The indexes of the rows an import writes (docs/ledger.md, "Indexes"; migration cases/0010).

Every index is paid on every ledger event, case, case person and deadline written, so each
table carries only the indexes its readers look up by: this is their budget, and a new index
has to be added here on purpose. The ledger's idempotency key stays unique where it is given
(an import or a call repeated with the same key changes nothing: issue 4, §7) through a partial
index that the events without a key add nothing to.
"""

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from procuracy.cases import ledger
from procuracy.cases.models import Case, CaseDeadline, CasePerson, LedgerEvent

# table -> the column lists of its indexes, the primary key included
BUDGET = {
    LedgerEvent: {("id",), ("procuratorate_id", "seq"), ("case_id", "seq"), ("idempotency_key",)},
    Case: {
        ("id",),
        ("number",),
        ("kind",),
        ("stage",),
        ("next_due",),
        ("handler_id",),
        ("procuratorate_id",),
    },
    CasePerson: {("id",), ("case_id", "key"), ("person_id",), ("id_number",)},
    CaseDeadline: {("id",), ("case_id", "key"), ("rule",), ("due",), ("status",)},
}


def _indexes(model) -> dict[str, dict]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: c for name, c in found.items() if c["index"] or c["unique"] or c["primary_key"]}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(BUDGET), ids=lambda m: m.__name__)
def test_each_written_table_has_only_the_indexes_its_readers_use(model):
    columns = [tuple(c["columns"]) for c in _indexes(model).values()]
    assert sorted(columns) == sorted(BUDGET[model])  # one index each, none twice


@pytest.mark.django_db
def test_no_text_column_has_a_second_index_for_prefix_searches():
    """Django adds a ``varchar_pattern_ops`` index (named ``..._like``) beside a text field's
    ``db_index`` or ``unique`` on PostgreSQL; no query here searches by prefix."""
    for model in BUDGET:
        names = list(_indexes(model))
        assert not [n for n in names if n.endswith("_like")], model.__name__


def _event(unit, seq: int, key: str | None, prev: str) -> LedgerEvent:
    import uuid

    return LedgerEvent(
        id=uuid.uuid4(), procuratorate=unit, seq=seq, case_id=uuid.uuid4(),
        event_type="case.received", persons="", occurred_on=datetime(2024, 3, 4).date(),
        recorded_at=datetime(2024, 3, 4, tzinfo=UTC), actor=None, actor_name="system",
        payload="{}", basis="[]", corrects=None, idempotency_key=key, prev_hash=prev,
        hash=f"{seq:064x}",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_idempotency_key_is_unique_where_given(unit):
    unit = unit("110105")
    genesis = ledger.genesis(unit.code)
    LedgerEvent.objects.bulk_create(
        [_event(unit, 1, None, genesis), _event(unit, 2, None, "1"), _event(unit, 3, "k-1", "2")]
    )  # events without a key: as many as there are
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEvent.objects.bulk_create([_event(unit, 4, "k-1", "3")])
    assert LedgerEvent.objects.filter(idempotency_key="k-1").count() == 1


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                [LedgerEvent._meta.db_table],
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
                [LedgerEvent._meta.db_table],
            )
        return {row[0] for row in cursor.fetchall()}


def _migrate(target: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([target])


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_append_only_triggers_both_ways():
    """SQLite alters a field by remaking the table, which drops its triggers: 0010 makes them
    again after its remake of the ledger, and after the remake that undoes it."""
    before = _triggers()
    assert before  # 0002's
    try:
        _migrate(("cases", "0009_ledger_ids_time_ordered"))
        assert _triggers() == before
    finally:
        _migrate(("cases", "0010_write_path_indexes"))
    assert _triggers() == before
    assert sorted(tuple(c["columns"]) for c in _indexes(LedgerEvent).values()) == sorted(
        BUDGET[LedgerEvent]
    )
