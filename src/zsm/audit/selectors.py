"""Reads of the audit log, for the privacy officer only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from zsm.audit.models import AuditEvent, AuditEventPerson
from zsm.common.clock import AMSTERDAM


@dataclass(frozen=True)
class AuditFilter:
    username: str = ""
    organisation: str = ""
    person_id: int | None = None
    object_type: str = ""
    object_id: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None


def events_about_person(*, person_id: int) -> QuerySet[Any]:
    """The ids of the events about one person: those recorded against them (`person_id`) and the list
    views that showed them (`AuditEventPerson`). A union of two index scans: an OR of the two tests
    would make PostgreSQL check every event in the log. Unscoped; callers check their permission."""
    subject = AuditEvent.objects.filter(person_id=person_id).order_by().values("pk")
    shown = AuditEventPerson.objects.filter(person_id=person_id).order_by().values("event_id")
    return subject.union(shown)


def audit_event_list(*, user: Any, filters: AuditFilter) -> QuerySet[AuditEvent]:
    if not user.has_perm("audit.view_access_log"):
        raise PermissionDenied
    events = AuditEvent.objects.all()
    if filters.username:
        events = events.filter(actor_username__iexact=filters.username)
    if filters.organisation:
        events = events.filter(organisation_name__icontains=filters.organisation)
    if filters.person_id is not None:
        events = events.filter(pk__in=events_about_person(person_id=filters.person_id))
    if filters.object_type:
        events = events.filter(object_type=filters.object_type)
    if filters.object_id:
        events = events.filter(object_id=filters.object_id)
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.date_from:
        events = events.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=AMSTERDAM))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=AMSTERDAM)
        events = events.filter(occurred_at__lt=end)
    return events.order_by("-occurred_at", "-id")
