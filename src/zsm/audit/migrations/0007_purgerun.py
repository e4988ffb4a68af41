"""The purge log (PurgeRun), and the one path by which old audit events may leave the database.

The append-only triggers still refuse every UPDATE, and every DELETE except inside a transaction
that set `zsm.audit_purge_before` (the retention purge does, see audit/purge.py), for rows recorded
before that moment, and never for rows younger than a year: a bug or a wrong setting cannot
empty the audit trail.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PURGE_PATH = """
CREATE OR REPLACE FUNCTION audit_purge_allows(occurred timestamptz) RETURNS boolean AS $$
DECLARE
    purge_before timestamptz := nullif(current_setting('zsm.audit_purge_before', true), '')::timestamptz;
BEGIN
    RETURN purge_before IS NOT NULL
        AND purge_before <= now() - interval '365 days'
        AND occurred < purge_before;
END;
$$ LANGUAGE plpgsql STABLE;

CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND audit_purge_allows(OLD.occurred_at) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_auditeventperson_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND audit_purge_allows(
        (SELECT occurred_at FROM audit_auditevent WHERE id = OLD.event_id)
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_auditeventperson is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

STRICT = """
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_auditeventperson_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_auditeventperson is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP FUNCTION IF EXISTS audit_purge_allows(timestamptz);
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PURGE_PATH, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(STRICT, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0006_auditeventperson"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PurgeRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("requested_at", models.DateTimeField(db_index=True, verbose_name="requested at")),
                ("as_of", models.DateTimeField(verbose_name="measured at")),
                ("dry_run", models.BooleanField(verbose_name="dry run")),
                (
                    "status",
                    models.CharField(
                        choices=[("queued", "queued"), ("running", "running"), ("done", "done"), ("failed", "failed")],
                        default="queued",
                        max_length=10,
                        verbose_name="status",
                    ),
                ),
                ("progress", models.PositiveSmallIntegerField(default=0, verbose_name="progress")),
                ("step", models.CharField(blank=True, max_length=30, verbose_name="step")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="finished at")),
                ("report", models.JSONField(blank=True, default=dict, verbose_name="report")),
                ("error", models.TextField(blank=True, verbose_name="error")),
                (
                    "dry_run_of",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="applied_by",
                        to="audit.purgerun",
                        verbose_name="applies",
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
            ],
            options={
                "verbose_name": "purge run",
                "verbose_name_plural": "purge runs",
                "ordering": ["-requested_at", "-pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("progress__gte", 0), ("progress__lte", 100)),
                        name="purge_progress_0_to_100",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(models.Q(("dry_run", True), ("dry_run_of__isnull", True)), ("dry_run", False), _connector="OR"),
                        name="purge_dry_run_applies_nothing",
                    ),
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
