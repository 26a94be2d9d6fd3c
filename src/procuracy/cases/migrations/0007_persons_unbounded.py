"""An event (and an approval request) may concern any number of the case's persons: a
prosecution of 80 defendants of one gang is one decision. The person keys were a
``varchar(200)``, which PostgreSQL enforced (about 45 keys) and SQLite did not.

PostgreSQL changes ``varchar`` to ``text`` without rewriting the table. SQLite ignores the
length of ``varchar``; altering the column there would rebuild the ledger table and drop its
append-only triggers (0002), so only Django's state changes on SQLite.
"""

from django.db import migrations, models

TABLES = ("cases_ledgerevent", "cases_approvalrequest")


def _alter(to: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for table in TABLES:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN persons TYPE {to}")

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_custody_at_receipt")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ledgerevent",
                    name="persons",
                    field=models.TextField(
                        blank=True,
                        help_text=(
                            "case person keys, comma-separated (a decision on many persons)"
                        ),
                    ),
                ),
                migrations.AlterField(
                    model_name="approvalrequest",
                    name="persons",
                    field=models.TextField(blank=True),
                ),
            ],
            database_operations=[
                migrations.RunPython(_alter("text"), _alter("varchar(200)")),
            ],
        )
    ]
