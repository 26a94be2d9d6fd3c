"""The ledger's append-only triggers on SQLite, shared by the migrations that make them: 0002,
and those that alter a ledger field, which SQLite does by remaking the table (dropping its
triggers with the old one). The migration loader skips this module (its name starts with _)."""

TABLE = "cases_ledgerevent"

SQLITE = [
    f"""CREATE TRIGGER ledger_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: UPDATE refused'); END""",
    f"""CREATE TRIGGER ledger_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: DELETE refused'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS ledger_no_update", "DROP TRIGGER IF EXISTS ledger_no_delete"]


def recreate_on_sqlite(apps, schema_editor) -> None:
    """Make the triggers again on SQLite (after a remake of the ledger table); nothing
    elsewhere, where altering a table keeps its triggers."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_DROP + SQLITE:
        schema_editor.execute(sql)
