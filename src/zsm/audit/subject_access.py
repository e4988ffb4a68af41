"""Subject access (inzageverzoek, AVG art. 15): everything the system holds about one person, and every
access event about them, collected by the task worker as JSON and PDF for the privacy officer.

Other apps' data is read through their `subject_access_*` selectors, which are unscoped by user: the
privacy officer's permission (`audit.subject_access`) is checked here, in the service, and in the views.
Those selectors leave out everything about other people (victims appear only as a count, contacted
third parties without their name). Nothing personal is ever written to a log line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import structlog
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import Role
from zsm.audit.constants import Action, Purpose, SubjectAccessStatus, SubjectAccessStep
from zsm.audit.models import AuditEvent, SubjectAccessRequest
from zsm.audit.selectors import events_about_person
from zsm.audit.services import business_event_record
from zsm.audit.subject_access_pdf import subject_access_pdf
from zsm.cases.selectors import subject_access_cases
from zsm.common.clock import local, now
from zsm.common.exceptions import ApplicationError
from zsm.decisions.selectors import subject_access_decisions
from zsm.persons.selectors import subject_access_person, subject_access_person_name
from zsm.socialmap.selectors import subject_access_referrals
from zsm.workplace.selectors import subject_access_casework

log = structlog.get_logger("zsm.audit.subject_access")

PERMISSION = "audit.subject_access"
# Stored on a failed request; never the exception's text, which may name a person.
FAILED_TEXT = "The export could not be made. Start a new request; if it fails again, contact the service desk."
# How far along the export is after each step, in percent.
PROGRESS = {
    SubjectAccessStep.PERSON: 10,
    SubjectAccessStep.CASES: 25,
    SubjectAccessStep.DECISIONS: 40,
    SubjectAccessStep.CASEWORK: 55,
    SubjectAccessStep.REFERRALS: 70,
    SubjectAccessStep.EVENTS: 85,
    SubjectAccessStep.DOCUMENT: 95,
    SubjectAccessStep.FINISHED: 100,
}

Progress = Callable[[str, int], None]


def _jsonable(value: Any) -> Any:
    """Dates and times as ISO 8601 (times in Europe/Amsterdam), amounts as strings, labels as text."""
    if isinstance(value, datetime):
        return local(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)  # lazy translation strings


def _role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def subject_access_events(*, person_id: int) -> list[dict[str, Any]]:
    """Every audit event about this person, oldest first: those recorded against them and the list views
    (board, lists, API pages) that showed them, marked `shown_in_list`. Caller checked `audit.subject_access`.
    """
    events = AuditEvent.objects.filter(pk__in=events_about_person(person_id=person_id)).order_by("occurred_at", "pk")
    return [
        {
            "occurred_at": event.occurred_at,
            "user": event.actor_username,
            "organisation": event.organisation_name,
            "role": _role_label(event.role),
            "kind": event.get_kind_display(),
            "action": event.get_action_display(),
            "event": event.event,
            "purpose": event.get_purpose_display(),
            "object_type": event.object_type,
            "object_id": event.object_id,
            # Not recorded against them, but they were one of the persons a list showed.
            "shown_in_list": event.person_id != person_id,
        }
        for event in events.iterator(chunk_size=2000)
    ]


def subject_access_collect(person_id: int, progress: Progress | None = None) -> dict[str, Any]:
    """Everything held about the person, JSON-serialisable. `progress(step, percent)` is called after each step.

    The caller checked `audit.subject_access` (the service, or the task it enqueued).
    """

    def report(step: str) -> None:
        if progress is not None:
            progress(step, PROGRESS[SubjectAccessStep(step)])

    person = subject_access_person(person_id=person_id)
    if person is None:
        raise LookupError("no such person")
    report(SubjectAccessStep.PERSON)
    cases = subject_access_cases(person_id=person_id)
    report(SubjectAccessStep.CASES)
    case_ids = [case["id"] for case in cases]
    decisions = subject_access_decisions(case_ids=case_ids)
    report(SubjectAccessStep.DECISIONS)
    casework = {item["case_id"]: item for item in subject_access_casework(case_ids=case_ids)}
    report(SubjectAccessStep.CASEWORK)
    referrals = subject_access_referrals(werkplaats_case_ids=[item["id"] for item in casework.values()])
    report(SubjectAccessStep.REFERRALS)
    events = subject_access_events(person_id=person_id)
    report(SubjectAccessStep.EVENTS)

    for case in cases:
        case["decisions"] = decisions.get(case["id"], [])
        werkplaats = casework.get(case["id"])
        if werkplaats is not None:
            werkplaats["referrals"] = [r for r in referrals if r["werkplaats_case_id"] == werkplaats["id"]]
        case["werkplaats"] = werkplaats
    return _jsonable(
        {
            "generated_at": now(),
            "person": person,
            "cases": cases,
            "access_events": events,
        }
    )


# --- Requests: the service, the reads, the task's work ------------------------------------------


@transaction.atomic
def subject_access_request(*, user: Any, person_id: int, request_id: str = "") -> SubjectAccessRequest:
    """Queue a subject-access export of one person; the task worker builds it after commit."""
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    if subject_access_person_name(person_id=person_id) is None:
        message = _("No person with this number is known.")
        raise ApplicationError(message, field_errors={"person_id": [message]})
    row = SubjectAccessRequest.objects.create(person_id=person_id, requested_by=user, requested_at=now())
    business_event_record(
        user=user,
        action=Action.CREATE,
        event="subject_access.requested",
        obj=row,
        person_id=person_id,
        purpose=Purpose.SUBJECT_ACCESS,
        request_id=request_id,
    )
    # Imported here: the task module imports this one to do its work.
    from zsm.audit.tasks import subject_access_build

    transaction.on_commit(lambda: subject_access_build.enqueue(row.pk))
    return row


def subject_access_request_list(*, user: Any) -> QuerySet[SubjectAccessRequest]:
    """Earlier requests, newest first, without their (large) documents."""
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    return (
        SubjectAccessRequest.objects.select_related("requested_by")
        .defer("document", "pdf")
        .order_by("-requested_at", "-pk")
    )


def subject_access_request_get(*, user: Any, request_pk: int, with_content: bool = False) -> SubjectAccessRequest:
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    rows = SubjectAccessRequest.objects.select_related("requested_by")
    row = (rows if with_content else rows.defer("document", "pdf")).filter(pk=request_pk).first()
    if row is None:
        raise Http404
    return row


def subject_access_person_label(*, user: Any, person_id: int) -> str:
    """The name of the person a request is about, for its status page."""
    if not user.has_perm(PERMISSION):
        raise PermissionDenied
    return subject_access_person_name(person_id=person_id) or ""


def subject_access_build_run(request_pk: int) -> None:
    """The task's work: collect in steps (reporting progress on the row), render the PDF, store both."""
    rows = SubjectAccessRequest.objects.filter(pk=request_pk)
    started = rows.filter(status=SubjectAccessStatus.QUEUED).update(status=SubjectAccessStatus.RUNNING, progress=0)
    if not started:
        return  # unknown, or already built by another worker

    def progress(step: str, percent: int) -> None:
        rows.update(step=step, progress=percent)

    try:
        person_id = rows.values_list("person_id", flat=True).get()
        if person_id is None:
            raise LookupError("the person was removed before the export was built")
        document = subject_access_collect(person_id, progress=progress)
        document["request"] = {"id": request_pk}
        pdf = subject_access_pdf(document)
        progress(SubjectAccessStep.DOCUMENT, PROGRESS[SubjectAccessStep.DOCUMENT])
        rows.update(
            status=SubjectAccessStatus.DONE,
            step=SubjectAccessStep.FINISHED,
            progress=100,
            document=document,
            pdf=pdf,
            finished_at=now(),
            error="",
        )
        log.info("subject_access.done", request=request_pk)
    except Exception as exc:
        # Only the kind of error: its message or traceback may carry personal data.
        log.error("subject_access.failed", request=request_pk, error_type=type(exc).__name__)
        rows.update(status=SubjectAccessStatus.FAILED, error=FAILED_TEXT, finished_at=now())
