"""The starting catalogue of short behavioural interventions (PRIMER §2, point 6); coordinators extend it."""

from django.db import migrations

CATALOGUE = [
    ("BORG, ingekort (vader–zoon)", "Relatiegeweld: BORG aangepast voor vader en zoon.", "BORG", 6),
    ("BORG, ingekort (partners)", "Wederzijds partnergeweld: BORG aangepast voor een stel.", "BORG", 6),
    ("Korte training alcohol en geweld", "Inzicht in de rol van alcohol bij geweld.", "", 4),
    ("Training middelenbewustzijn", "Bewustwording van eigen middelengebruik.", "", 4),
    ("Victas ‘stap voor stap’", "Kort traject bij verslaving.", "Victas", 5),
]


def add_catalogue(apps, schema_editor):
    Intervention = apps.get_model("workplace", "Intervention")
    for name, description, adapted_from, sessions in CATALOGUE:
        Intervention.objects.get_or_create(
            name=name, defaults={"description": description, "adapted_from": adapted_from, "sessions": sessions}
        )


class Migration(migrations.Migration):
    dependencies = [("workplace", "0002_casework")]

    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
