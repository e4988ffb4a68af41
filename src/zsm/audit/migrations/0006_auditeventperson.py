"""The persons a list event showed, one row each, so "who saw this person" finds board and list views
(a JSON lookup in `details` does not work on SQLite). On PostgreSQL the table refuses UPDATE and DELETE
in the database itself, like audit_auditevent (0002)."""

import django.db.models.deletion
from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION audit_auditeventperson_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditeventperson is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_auditeventperson_append_only
    BEFORE UPDATE OR DELETE ON audit_auditeventperson
    FOR EACH ROW EXECUTE FUNCTION audit_auditeventperson_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditeventperson_append_only ON audit_auditeventperson;
DROP FUNCTION IF EXISTS audit_auditeventperson_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_subject_access_request")]

    operations = [
        migrations.CreateModel(
            name="AuditEventPerson",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("person_id", models.BigIntegerField(db_index=True, verbose_name="person")),
                (
                    "event",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="shown_persons",
                        to="audit.auditevent",
                    ),
                ),
            ],
            options={
                "verbose_name": "person shown in an audit event",
                "verbose_name_plural": "persons shown in audit events",
                "constraints": [models.UniqueConstraint(fields=("event", "person_id"), name="audit_event_person_once")],
            },
        ),
        # Backwards, the trigger goes before the table.
        migrations.RunPython(forwards, backwards),
    ]
