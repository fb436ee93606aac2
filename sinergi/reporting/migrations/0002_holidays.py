"""The national holidays that the lokal-id package knows, so due dates skip them from the first install."""

from datetime import date

from django.db import migrations


def forwards(apps, schema_editor):
    from lokal import holidays as lokal_holidays

    Holiday = apps.get_model("reporting", "Holiday")
    for year in lokal_holidays.HOLIDAY_YEARS:
        data = lokal_holidays.get_holidays(year)
        for item in data.holidays:
            Holiday.objects.get_or_create(
                date=date.fromisoformat(item.date), name=item.name, defaults={"kind": item.type, "source": data.decree}
            )


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
