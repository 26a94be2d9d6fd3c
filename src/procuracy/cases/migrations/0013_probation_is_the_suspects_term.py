"""The probation of a conditional non-prosecution is the suspect's term, not the
procuratorate's time to act (law catalogue ``holder: party``; Rules arts. 477, 480: once it has
run, the procuratorate decides): a case's next deadline (``Case.next_due``) leaves it out, as
process monitoring does, and a probation closed by the decision after it ran is ``ran_out``
(期满), not ``closed_late`` (超期办结), which every completed probation was."""

from django.db import migrations

PROBATION = "conditional-non-prosecution-probation"


def forwards(apps, schema_editor):
    from procuracy.cases.projection import recompute_next_due

    Case = apps.get_model("cases", "Case")
    CaseDeadline = apps.get_model("cases", "CaseDeadline")
    late = CaseDeadline.objects.filter(rule=PROBATION, status="closed_late")
    for case in Case.objects.filter(pk__in=late.values("case_id")).iterator(chunk_size=500):
        for d in case.state["deadlines"].values():
            if d["rule"] == PROBATION and d["status"] == "closed_late":
                d["status"] = "ran_out"
        Case.objects.filter(pk=case.pk).update(state=case.state)
    late.update(status="ran_out")
    recompute_next_due(Case)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_next_due_without_the_announcement"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
