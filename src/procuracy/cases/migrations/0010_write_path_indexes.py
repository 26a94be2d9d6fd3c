"""Fewer indexes on the rows an import writes (docs/ledger.md, "Indexes"): every index is paid
on every event, case, person and deadline written.

- PostgreSQL no longer gets the second, ``varchar_pattern_ops`` index that Django adds beside a
  text field's ``db_index`` or ``unique`` (for ``LIKE 'prefix%'``, which no query here runs):
  those indexes are declared in ``Meta`` instead.
- The case persons' and deadlines' own index on their case goes: the unique (case, key) leads
  with the case and serves the same lookups.
- The ledger's idempotency key is unique where it is given, by a partial index: the events
  without a key (nearly all) no longer add a NULL entry to it.

On SQLite, Django alters a field by remaking its table, which drops the ledger's append-only
triggers (0002): they are made again after the remake, and again after the remake that
undoes it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from procuracy.cases.migrations import _ledger_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_ledger_ids_time_ordered"),
        ("orgs", "0001_initial"),
        ("parties", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, _ledger_triggers.recreate_on_sqlite),
        migrations.AlterField(
            model_name="case",
            name="kind",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="case",
            name="number",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="case",
            name="stage",
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name="casedeadline",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="deadlines",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="casedeadline",
            name="rule",
            field=models.CharField(max_length=64),
        ),
        migrations.AlterField(
            model_name="casedeadline",
            name="status",
            field=models.CharField(max_length=16),
        ),
        migrations.AlterField(
            model_name="caseperson",
            name="case",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="persons",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="caseperson",
            name="id_number",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AlterField(
            model_name="ledgerevent",
            name="idempotency_key",
            field=models.CharField(blank=True, max_length=200, null=True),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["kind"], name="cases_case_kind_131899_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["stage"], name="cases_case_stage_e91aa0_idx"),
        ),
        migrations.AddIndex(
            model_name="casedeadline",
            index=models.Index(fields=["rule"], name="cases_cased_rule_87a30c_idx"),
        ),
        migrations.AddIndex(
            model_name="casedeadline",
            index=models.Index(fields=["status"], name="cases_cased_status_52292f_idx"),
        ),
        migrations.AddIndex(
            model_name="caseperson",
            index=models.Index(fields=["id_number"], name="cases_casep_id_numb_631d4f_idx"),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(fields=("number",), name="one_case_per_number"),
        ),
        migrations.AddConstraint(
            model_name="ledgerevent",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key__isnull", False)),
                fields=("idempotency_key",),
                name="one_event_per_idempotency_key",
            ),
        ),
        migrations.RunPython(_ledger_triggers.recreate_on_sqlite, migrations.RunPython.noop),
    ]
