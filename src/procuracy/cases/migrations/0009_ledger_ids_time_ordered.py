"""New ledger event ids are UUID version 7 (procuracy.core.ids.new_id). The default is
Python's, not the database's: state only. (On SQLite, Django would otherwise rebuild the
ledger table to alter a primary key, copying every event and dropping its append-only
triggers, for no change in the database at all.)"""

from django.db import migrations, models

import procuracy.core.ids


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_detention_review_department"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="ledgerevent",
                    name="id",
                    field=models.UUIDField(
                        default=procuracy.core.ids.new_id,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
            ],
        ),
    ]
