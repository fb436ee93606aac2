"""Volunteers get the dates they joined and left, so a period counts those active in it (issue #14 §4).

Existing members joined on their group's decree date when it is not after the day they were recorded, else on
that day; a member already marked inactive left on the day they were recorded (the last day known active). The
dashboards' roll-ups count volunteers from these dates, so they are rebuilt afterwards."""

from django.db import migrations, models
from django.utils import timezone


def fill_dates(apps, schema_editor):
    Volunteer = apps.get_model("programmes", "Volunteer")
    for volunteer in Volunteer.objects.select_related("group").iterator():
        recorded = timezone.localdate(volunteer.created_at) if volunteer.created_at else timezone.localdate()
        decree = volunteer.group.sk_date
        volunteer.joined_on = decree if decree and decree <= recorded else recorded
        volunteer.left_on = None if volunteer.is_active else recorded
        volunteer.save(update_fields=["joined_on", "left_on"])


def rebuild_rollups(apps, schema_editor):
    Volunteer = apps.get_model("programmes", "Volunteer")
    if Volunteer.objects.exists():
        from sinergi.core.events import publish
        from sinergi.programmes.events import ProgrammeHistoryRewritten

        publish(ProgrammeHistoryRewritten())  # insights rebuilds its roll-ups


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0005_event_recap_index"),
        ("insights", "0003_boundaries_public_page"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteer",
            name="joined_on",
            field=models.DateField(blank=True, null=True, verbose_name="joined on"),
        ),
        migrations.AddField(
            model_name="volunteer",
            name="left_on",
            field=models.DateField(
                blank=True, help_text="Empty while they are active.", null=True, verbose_name="left on"
            ),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
        migrations.RunPython(rebuild_rollups, migrations.RunPython.noop),
    ]
