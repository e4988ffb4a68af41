"""The append-only audit log: who looked at or changed what, for which purpose.

Events keep their own copy of who acted (username, organisation, role) and only the ids of
what was touched, never its content, so the log outlives both and tells no case details.
"""

from __future__ import annotations

from typing import Any, NoReturn, TypeVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.audit.constants import Action, EventKind, PurgeStatus, Purpose, SubjectAccessStatus, SubjectAccessStep

_M = TypeVar("_M", bound=models.Model)


class AppendOnlyError(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet[_M]):
    """The audit tables refuse changes in the ORM too (PostgreSQL refuses them itself, see 0002/0007)."""

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(AppendOnlyModel):
    occurred_at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    event = models.CharField(_("event"), max_length=80, help_text=_("What happened, e.g. case.viewed."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_username = models.CharField(_("user"), max_length=150, blank=True)
    organisation_id_snapshot = models.BigIntegerField(null=True, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=40, blank=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object"), max_length=64, blank=True)
    person_id = models.BigIntegerField(_("person"), null=True, blank=True, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet["AuditEvent"].as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["actor", "-occurred_at"], name="audit_actor_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_username} {self.event}"


class AuditEventPerson(AppendOnlyModel):
    """One person a list event showed (the board, a list page, an API list): the index behind "who saw
    this person", which a JSON lookup in `details` cannot give on SQLite. Append-only like its event."""

    # No index of its own: the unique constraint's index starts with the event.
    event = models.ForeignKey(AuditEvent, on_delete=models.CASCADE, related_name="shown_persons", db_index=False)
    person_id = models.BigIntegerField(_("person"), db_index=True)

    objects = AppendOnlyQuerySet["AuditEventPerson"].as_manager()

    class Meta:
        verbose_name = _("person shown in an audit event")
        verbose_name_plural = _("persons shown in audit events")
        constraints = [models.UniqueConstraint(fields=["event", "person_id"], name="audit_event_person_once")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"


class SubjectAccessRequest(models.Model):
    """A privacy officer's export of everything held about one person (inzageverzoek, AVG art. 15).

    The task worker fills `document` (JSON) and `pdf`, reporting `progress` and `step` as it goes.
    """

    # Empty once the person is removed (retention, code 01): the request stays as the record that it was answered.
    person = models.ForeignKey(
        "persons.Person", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("person")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubjectAccessStatus.choices, default=SubjectAccessStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(
        _("step"), max_length=20, choices=SubjectAccessStep.choices, default=SubjectAccessStep.WAITING
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    document = models.JSONField(_("document"), null=True, blank=True)
    pdf = models.BinaryField(_("PDF"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The export (JSON and PDF) is removed after its retention term, or with the person.
    export_removed_at = models.DateTimeField(_("export removed at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("subject access request")
        verbose_name_plural = _("subject access requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="subject_access_progress_0_to_100"
            )
        ]

    def __str__(self) -> str:
        return f"SAR-{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (SubjectAccessStatus.DONE, SubjectAccessStatus.FAILED)


class PurgeRun(models.Model):
    """One run of the retention purge: a dry run that lists what is due, or the purge that applies one.

    The purge log: who started it (nobody for the scheduled job), the moment the terms were measured
    from, and per data class how many records went and their ids (never their content).
    """

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    requested_at = models.DateTimeField(_("requested at"), db_index=True)
    # Terms are measured back from this moment; a purge applies its dry run's moment, so it removes
    # nothing its dry run did not list.
    as_of = models.DateTimeField(_("measured at"))
    dry_run = models.BooleanField(_("dry run"))
    dry_run_of = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="applied_by", verbose_name=_("applies")
    )
    status = models.CharField(_("status"), max_length=10, choices=PurgeStatus.choices, default=PurgeStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=30, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # {data class: {"count": n, "items": [{"id": …, "label": …, "since": …}, …]}}
    report = models.JSONField(_("report"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="purge_progress_0_to_100"
            ),
            models.CheckConstraint(
                condition=models.Q(dry_run=True, dry_run_of__isnull=True) | models.Q(dry_run=False),
                name="purge_dry_run_applies_nothing",
            ),
        ]

    def __str__(self) -> str:
        return f"PURGE-{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (PurgeStatus.DONE, PurgeStatus.FAILED)

    @property
    def total(self) -> int:
        return sum(int(entry.get("count", 0)) for entry in self.report.values())
