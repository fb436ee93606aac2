"""Strip control characters from stored coordination texts: a decision holding \\x01 made its meeting's minutes
(DOCX) answer 500 for good. Text areas keep tab and line breaks; one-line fields keep none."""

from django.db import migrations, models

MODELS = ["TaskForce", "Composition", "Member", "Meeting", "AgendaItem", "Attendance", "Decision", "FollowUp"]


def _strip(value: str, multiline: bool) -> str:
    keep = "\t\n\r" if multiline else ""
    return "".join(c for c in value if c in keep or not (ord(c) < 0x20 or ord(c) == 0x7F))


def strip_control_characters(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("coordination", name)
        fields = [f for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        for row in model.objects.only("pk", *(f.name for f in fields)).iterator():
            changes = {}
            for field in fields:
                value = getattr(row, field.attname)
                if isinstance(value, str):
                    cleaned = _strip(value, multiline=isinstance(field, models.TextField))
                    if cleaned != value:
                        changes[field.attname] = cleaned
            if changes:
                model.objects.filter(pk=row.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [("coordination", "0001_initial")]

    operations = [migrations.RunPython(strip_control_characters, migrations.RunPython.noop)]
