"""States saved before the engine kept each person's custody at receipt get it from their case's
events (projection.add_custody_at_receipt): the work report's post-arrest figures count it
(figures/facts.py, quality.post_arrest_acquitted_or_exempt)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from procuracy.cases.projection import add_custody_at_receipt

    add_custody_at_receipt(apps.get_model("cases", "Case"), apps.get_model("cases", "LedgerEvent"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_kind_longer"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
