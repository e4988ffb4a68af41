"""The starting catalogue of short behavioural interventions (workplace/catalogue.py); coordinators extend it."""

from django.db import migrations

from zsm.workplace.catalogue import DEFAULT_INTERVENTIONS


def add_catalogue(apps, schema_editor):
    Intervention = apps.get_model("workplace", "Intervention")
    for entry in DEFAULT_INTERVENTIONS:
        Intervention.objects.get_or_create(
            name=entry.name,
            defaults={"description": entry.description, "adapted_from": entry.adapted_from, "sessions": entry.sessions},
        )


class Migration(migrations.Migration):
    dependencies = [("workplace", "0002_casework")]

    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
