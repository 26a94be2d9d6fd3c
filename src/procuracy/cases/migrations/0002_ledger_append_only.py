"""The database itself refuses UPDATE and DELETE on the ledger.

TRUNCATE (PostgreSQL) is left to privileges: the test runner empties tables with it, and a
production installation grants the application's role only SELECT and INSERT on the ledger
(docs/ledger.md). ``ledger verify`` detects an emptied chain through ``LedgerHead``.
"""

from django.db import migrations

from procuracy.cases.migrations._ledger_triggers import SQLITE, SQLITE_DROP, TABLE

POSTGRES = [
    """CREATE OR REPLACE FUNCTION procuracy_ledger_refuse() RETURNS trigger AS $$
       BEGIN
         RAISE EXCEPTION USING MESSAGE = 'the ledger is append-only: ' || TG_OP || ' refused';
       END; $$ LANGUAGE plpgsql""",
    f"""CREATE TRIGGER ledger_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION procuracy_ledger_refuse()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS ledger_no_update_delete ON {TABLE}",
    "DROP FUNCTION IF EXISTS procuracy_ledger_refuse()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, ()):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        )
    ]
