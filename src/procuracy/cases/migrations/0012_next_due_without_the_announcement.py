"""The 30 days of a civil public interest announcement are the time of the organs and
organisations entitled to sue (PIL Interpretation art. 13; law catalogue ``holder: party``),
not a handling deadline: a case's next deadline (``Case.next_due``) leaves them out, and the
stored cases get it again from their states (projection.recompute_next_due)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from procuracy.cases.projection import recompute_next_due

    recompute_next_due(apps.get_model("cases", "Case"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_next_due_without_party_periods"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
