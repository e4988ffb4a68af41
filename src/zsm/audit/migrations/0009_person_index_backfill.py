"""The person index (0006) covers list events recorded before it existed: their `details["persons"]`
become index rows, so "who saw this person" finds older board and list views too."""

from django.db import migrations

BATCH = 2_000


def backfill(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditEventPerson = apps.get_model("audit", "AuditEventPerson")
    listed = AuditEvent.objects.filter(details__has_key="persons").values_list("pk", "details").order_by("pk")
    rows = []
    for event_id, details in listed.iterator(chunk_size=BATCH):
        persons = details.get("persons") or []
        rows.extend(AuditEventPerson(event_id=event_id, person_id=int(pk)) for pk in set(persons) if pk is not None)
        if len(rows) >= BATCH:
            AuditEventPerson.objects.bulk_create(rows, ignore_conflicts=True)
            rows = []
    AuditEventPerson.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("audit", "0008_subject_access_export_removed")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
