"""A case's next deadline (``Case.next_due``) leaves out a party's period (law catalogue
``holder: party``: a victim's time to appeal, CPL arts. 180, 229), which ends by itself: the
stored cases get it again from their states (projection.recompute_next_due)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from procuracy.cases.projection import recompute_next_due

    recompute_next_due(apps.get_model("cases", "Case"))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_write_path_indexes"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
