"""The review of the necessity of detention is the criminal prosecution department's (Rules art.
575: 负责捕诉的部门), no longer criminal enforcement's as declared before 2026-11-28. The
projection of the cases already received follows the declaration, as a replay of their events
would (``ledger replay --check`` stays identical)."""

from django.db import migrations


def forwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.filter(kind="detention_necessity").exclude(
        department="criminal_prosecution"
    ).iterator(chunk_size=500):
        case.department = "criminal_prosecution"
        case.state = {**case.state, "department": "criminal_prosecution"}
        case.save(update_fields=["department", "state"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_persons_unbounded"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
