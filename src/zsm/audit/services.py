"""Writing the audit log. Every read of a person or case calls `access_record`; every write
action calls `business_event_record` inside its own transaction, so both commit or neither does.

An event that showed persons in a list (`details["persons"]`, as `shown_ids` gives) also indexes each
of them in `AuditEventPerson`, so the privacy officer's "who saw this person" finds list views too."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

from django.db import models, transaction
from django.http import HttpRequest

from zsm.accounts.constants import Role
from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action, EventKind, Purpose
from zsm.audit.models import AuditEvent, AuditEventPerson
from zsm.common.clock import now

# The processing activity a role's reads belong to, unless the caller names another.
ROLE_PURPOSE: dict[str, str] = {
    Role.ZSM_SCREENER: Purpose.ZSM_ASSESSMENT,
    Role.POLICE_OFFICER: Purpose.ZSM_ASSESSMENT,
    Role.OM_DECIDER: Purpose.OM_DECISION,
    Role.WERKPLAATS_WORKER: Purpose.WERKPLAATS_CASEWORK,
    Role.COORDINATOR: Purpose.WERKPLAATS_CASEWORK,
    Role.VICTIM_SUPPORT: Purpose.VICTIM_SUPPORT,
    Role.CHILD_PROTECTION: Purpose.CHILD_PROTECTION,
    Role.VEILIGHEIDSHUIS_COORDINATOR: Purpose.SAFETY_HOUSE,
    Role.FUNCTIONAL_ADMIN: Purpose.ADMINISTRATION,
    Role.PRIVACY_OFFICER: Purpose.PRIVACY_SUPERVISION,
}


class Subject(TypedDict, total=False):
    """What an event is about: a model instance, or its type and id; the person; why; extra ids."""

    obj: models.Model | None
    object_type: str
    object_id: str
    person_id: int | None
    purpose: str | None
    details: dict[str, Any] | None


def _event(*, kind: str, action: str, event: str, user: Any, request_id: str, **subject: Unpack[Subject]) -> AuditEvent:
    membership = membership_active(user=user) if user is not None else None
    role = membership.role if membership is not None else ""
    obj = subject.get("obj")
    object_type, object_id = (
        (obj._meta.label_lower, str(obj.pk))
        if obj is not None
        else (subject.get("object_type", ""), subject.get("object_id", ""))
    )
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    details = subject.get("details") or {}
    shown = _shown_persons(details)
    row = AuditEvent(
        occurred_at=now(),
        kind=kind,
        action=action,
        event=event,
        actor=user if authenticated else None,
        actor_username=user.get_username() if authenticated else "",
        organisation_id_snapshot=membership.organisation_id if membership is not None else None,
        organisation_name=membership.organisation.name if membership is not None else "",
        role=role,
        object_type=object_type,
        object_id=object_id,
        person_id=subject.get("person_id"),
        purpose=subject.get("purpose") or ROLE_PURPOSE.get(role, Purpose.ACCOUNT_SECURITY),
        request_id=request_id,
        details=details,
    )
    if not shown:
        row.save(force_insert=True)
        return row
    # The event and its index of the persons it showed, or neither. No savepoint: a failure inside a
    # caller's transaction fails that transaction, as a failing event insert would.
    with transaction.atomic(savepoint=False):
        row.save(force_insert=True)
        AuditEventPerson.objects.bulk_create(AuditEventPerson(event=row, person_id=pk) for pk in shown)
    return row


def _shown_persons(details: dict[str, Any]) -> list[int]:
    """The distinct person ids in `details["persons"]`, for the index of who was shown in a list.

    The rule: only the persons a list showed are indexed, not the event's own `person_id`, which is a
    column of the event and searched there; so a view of one person costs no extra query, a list one.
    """
    persons = details.get("persons")
    if not isinstance(persons, list | tuple | set):
        return []
    return sorted({int(pk) for pk in persons if isinstance(pk, int) and not isinstance(pk, bool)})


def shown_ids(cases: Any) -> dict[str, list[int]]:
    """The case and person ids a list showed, for the details of its access event: a privacy officer
    asked "who saw this person" must find board and list views too, without any content."""
    shown = list(cases)
    return {
        "cases": [case.pk for case in shown],
        "persons": sorted({case.suspect_id for case in shown}),
    }


def access_record(
    *, request: HttpRequest, event: str, action: str = Action.VIEW, **subject: Unpack[Subject]
) -> AuditEvent:
    """Record that the requesting user saw, searched, exported, printed or disclosed personal data."""
    return _event(
        kind=EventKind.ACCESS,
        action=action,
        event=event,
        user=getattr(request, "user", None),
        request_id=getattr(request, "request_id", ""),
        **subject,
    )


def business_event_record(
    *, user: Any, action: str, event: str, request_id: str = "", **subject: Unpack[Subject]
) -> AuditEvent:
    """Record a change (decision recorded, user deactivated, …) in the caller's transaction."""
    return _event(kind=EventKind.BUSINESS, action=action, event=event, user=user, request_id=request_id, **subject)


def security_event_record(
    *, user: Any, action: str, event: str, request_id: str = "", details: dict[str, Any] | None = None
) -> AuditEvent:
    """Record a login, logout, second-factor change or lockout."""
    has_pk = user is not None and getattr(user, "pk", None) is not None
    return _event(
        kind=EventKind.SECURITY,
        action=action,
        event=event,
        user=user,
        request_id=request_id,
        object_type="accounts.user" if has_pk else "",
        object_id=str(user.pk) if has_pk else "",
        purpose=Purpose.ACCOUNT_SECURITY,
        details=details,
    )
