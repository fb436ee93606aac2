"""The starting national catalogues: RAN P4GN 2020–2024 (to be checked by the administrator) and an empty 2025–2029."""

from django.db import migrations


def forwards(apps, schema_editor):
    from sinergi.planning.catalogue import seed

    seed(apps.get_model("planning", "NationalPlan"), apps.get_model("planning", "Field"), apps.get_model("planning", "NationalAction"))


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
