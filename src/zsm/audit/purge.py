"""The retention purge and the removal of a wrongly suspected person's case data: the writes.

A purge always starts as a dry run that lists, per data class, what is due at one moment. Applying
it removes (or pseudonymises) exactly what that list holds and is still due, class by class, each
in its own transaction with its business event, and leaves the run as the purge log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

import structlog
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Substr, TruncYear
from django.http import Http404
from django.utils.translation import gettext as _

from zsm.audit import notices
from zsm.audit.constants import Action, PurgeStatus, Purpose, RetentionClass
from zsm.audit.models import AuditEvent, AuditEventPerson, PurgeRun, SubjectAccessRequest
from zsm.audit.retention import (
    DUE_ITEMS,
    HELD_ITEMS,
    Item,
    due_audit_events,
    due_police_data_persons,
    persons_left_without_cases,
    retention_policy,
)
from zsm.audit.services import business_event_record
from zsm.cases.models import Case, Notification, Screening, Victim
from zsm.cases.services import notification_send
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError
from zsm.persons.models import Person
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Referral, ReferralLink
from zsm.workplace.models import SpecialCategoryNote, WerkplaatsCase

log = structlog.get_logger("zsm.audit.purge")

PERMISSION = "audit.retention"
FAILED_TEXT = "The purge stopped on an error; nothing of the class it was working on was changed."


# --- Removing and pseudonymising, shared by the purge and the 01 dismissal ----------------------


def werkplaats_cases_remove(werkplaats_case_ids: Iterable[int]) -> None:
    """The werkplaats cases with all their casework, and their referrals with history and links."""
    # Locked first, as every casework write does (werkplaats case, then what hangs off it), so an
    # institution answering its link at this moment waits instead of deadlocking.
    ids = list(
        WerkplaatsCase.objects.select_for_update().filter(pk__in=list(werkplaats_case_ids)).values_list("pk", flat=True)
    )
    Referral.objects.filter(werkplaats_case_id__in=ids).delete()
    WerkplaatsCase.objects.filter(pk__in=ids).delete()


def cases_remove(case_ids: Iterable[int]) -> None:
    """ZSM cases with offences, victims, screenings, decisions and notifications (casework is gone first)."""
    Case.objects.filter(pk__in=list(case_ids)).delete()


def persons_remove(person_ids: Iterable[int]) -> None:
    """Persons without cases. Subject-access requests about them stay as the record that one was answered,
    without their export (it held the person's data) and without the link to the person."""
    ids = list(person_ids)
    subject_access_exports_remove(
        SubjectAccessRequest.objects.filter(person_id__in=ids).values_list("pk", flat=True), moment=now()
    )
    Person.objects.filter(pk__in=ids).delete()


def subject_access_exports_remove(request_ids: Iterable[int], *, moment: datetime) -> None:
    SubjectAccessRequest.objects.filter(pk__in=list(request_ids)).update(
        document=None, pdf=None, export_removed_at=moment
    )


def cases_pseudonymise(case_ids: Iterable[int], *, moment: datetime) -> None:
    """Strip the police-sourced and partner data from cases; offences and the OM decision stay."""
    ids = list(case_ids)
    Victim.objects.filter(case_id__in=ids).delete()
    Notification.objects.filter(case_id__in=ids).delete()
    Screening.objects.filter(case_id__in=ids).update(summary="", advice="", proposed_conditions="", status_note="")
    Case.objects.filter(pk__in=ids).update(
        police_registration_number="",
        incident_postcode=Substr("incident_postcode", 1, 4),
        pseudonymised_at=moment,
    )


def persons_pseudonymise(person_ids: Iterable[int] | QuerySet[Person, int], *, moment: datetime) -> None:
    """Name, BSN and street go; the birthday becomes its year and the postcode its area (PC4)."""
    ids = person_ids if isinstance(person_ids, QuerySet) else list(person_ids)
    Person.objects.filter(pk__in=ids).update(
        bsn="",
        given_names="",
        surname_prefix="",
        surname="",
        surname_key="",
        initial="",
        street="",
        postcode=Substr("postcode", 1, 4),
        date_of_birth=TruncYear("date_of_birth"),
        pseudonymised_at=moment,
    )


def _ids(items: list[Item], kind: str) -> list[int]:
    return [item.id for item in items if item.kind == kind]


def _apply_links(items: list[Item], as_of: datetime, moment: datetime) -> None:
    ReferralLink.objects.filter(pk__in=_ids(items, "link")).delete()


def _apply_notes(items: list[Item], as_of: datetime, moment: datetime) -> None:
    SpecialCategoryNote.objects.filter(pk__in=_ids(items, "note")).delete()


def _apply_werkplaats(items: list[Item], as_of: datetime, moment: datetime) -> None:
    werkplaats_cases_remove(
        WerkplaatsCase.objects.filter(case_id__in=_ids(items, "werkplaats_case")).values_list("pk", flat=True)
    )


def _apply_police(items: list[Item], as_of: datetime, moment: datetime) -> None:
    cases_pseudonymise(_ids(items, "case"), moment=moment)
    # Asked again inside the UPDATE: a person arrested again since the list was made keeps their name.
    still_due = due_police_data_persons(as_of).filter(pk__in=_ids(items, "person")).values_list("pk", flat=True)
    persons_pseudonymise(still_due, moment=moment)


def _apply_om(items: list[Item], as_of: datetime, moment: datetime) -> None:
    cases_remove(_ids(items, "case"))
    persons_remove(_ids(items, "person"))


def _apply_exports(items: list[Item], as_of: datetime, moment: datetime) -> None:
    subject_access_exports_remove(_ids(items, "subject_access"), moment=moment)


APPLY: dict[RetentionClass, Callable[[list[Item], datetime, datetime], None]] = {
    RetentionClass.REFERRAL_LINKS: _apply_links,
    RetentionClass.SPECIAL_CATEGORY_NOTES: _apply_notes,
    RetentionClass.WERKPLAATS_CASEWORK: _apply_werkplaats,
    RetentionClass.POLICE_DATA: _apply_police,
    RetentionClass.OM_DECISIONS: _apply_om,
    RetentionClass.SUBJECT_ACCESS_EXPORTS: _apply_exports,
}


def audit_events_purge(*, before: datetime) -> int:
    """Delete audit events recorded before `before`, through the one path the database allows.

    On PostgreSQL the append-only trigger lets a DELETE through only inside a transaction that set
    `zsm.audit_purge_before`, only for rows older than it, and never for rows younger than a year.
    """
    events, index = AuditEvent._meta.db_table, AuditEventPerson._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('zsm.audit_purge_before', %s, true)", [before.isoformat()])
        # The person index points at the events, so it goes first; the ORM's guards are bypassed on purpose.
        cursor.execute(
            f"DELETE FROM {index} WHERE event_id IN (SELECT id FROM {events} WHERE occurred_at < %s)",  # noqa: S608
            [before],
        )
        cursor.execute(f"DELETE FROM {events} WHERE occurred_at < %s", [before])  # noqa: S608
        return cursor.rowcount


# --- Runs: the dry run, the purge and their log ------------------------------------------------


def _gate(user: Any) -> None:
    if not user.has_perm(PERMISSION):
        raise PermissionDenied


def _enqueue(run: PurgeRun) -> None:
    from zsm.audit.tasks import purge_run_task  # the task module imports this one

    transaction.on_commit(lambda: purge_run_task.enqueue(run.pk))


@transaction.atomic
def purge_dry_run_request(*, user: Any, request_id: str = "", enqueue: bool = True) -> PurgeRun:
    """Ask for a dry run now: what each policy would remove at this moment."""
    _gate(user)
    moment = now()
    run = PurgeRun.objects.create(started_by=user, requested_at=moment, as_of=moment, dry_run=True)
    business_event_record(
        user=user,
        action=Action.CREATE,
        event="purge.dry_run_requested",
        obj=run,
        purpose=Purpose.PRIVACY_SUPERVISION,
        request_id=request_id,
    )
    if enqueue:
        _enqueue(run)
    return run


@transaction.atomic
def purge_apply_request(*, user: Any, dry_run_pk: int, request_id: str = "", enqueue: bool = True) -> PurgeRun:
    """Apply a finished dry run: remove what it listed, measured at its moment. Once per dry run."""
    _gate(user)
    dry_run = PurgeRun.objects.select_for_update().filter(pk=dry_run_pk, dry_run=True).first()
    if dry_run is None:
        raise Http404
    if dry_run.status != PurgeStatus.DONE:
        raise ApplicationError(_("Only a finished dry run can be applied."))
    if PurgeRun.objects.filter(dry_run_of=dry_run).exists():
        raise ApplicationError(_("This dry run has already been applied. Start a new dry run."))
    run = PurgeRun.objects.create(
        started_by=user, requested_at=now(), as_of=dry_run.as_of, dry_run=False, dry_run_of=dry_run
    )
    business_event_record(
        user=user,
        action=Action.DELETE,
        event="purge.requested",
        obj=run,
        purpose=Purpose.PRIVACY_SUPERVISION,
        request_id=request_id,
        details={"dry_run": dry_run.pk},
    )
    if enqueue:
        _enqueue(run)
    return run


def _listed(run: PurgeRun, data_class: RetentionClass) -> set[tuple[str, int]] | None:
    """What the dry run this purge applies listed for a class (None for a run that applies none)."""
    if run.dry_run_of is None:
        return None
    listed = run.dry_run_of.report.get(data_class.value, {})
    return {(item["kind"], int(item["id"])) for item in listed.get("items", [])}


def _step(run: PurgeRun, data_class: RetentionClass) -> dict[str, Any]:
    """One class of one run: list what is due, and unless dry, apply it with its business event."""
    policy = retention_policy(data_class)
    moment = now()
    with transaction.atomic():
        if data_class == RetentionClass.AUDIT_EVENTS:
            cutoff = policy.cutoff(run.as_of)
            count = due_audit_events(run.as_of).count() if run.dry_run else audit_events_purge(before=cutoff)
            entry: dict[str, Any] = {"count": count, "before": cutoff.isoformat(), "items": []}
        else:
            items = DUE_ITEMS[data_class](run.as_of)
            listed = _listed(run, data_class)
            if listed is not None:
                items = [item for item in items if (item.kind, item.id) in listed]
            if not run.dry_run:
                APPLY[data_class](items, run.as_of, moment)
            entry = {"count": len(items), "items": [item.as_dict() for item in items]}
            if data_class in HELD_ITEMS:
                entry["held"] = [item.as_dict() for item in HELD_ITEMS[data_class](run.as_of)]
        entry.update(days=policy.days, action=policy.action)
        if not run.dry_run and entry["count"]:
            business_event_record(
                user=run.started_by,
                action=Action.DELETE,
                event="retention.purged",
                obj=run,
                purpose=Purpose.PRIVACY_SUPERVISION,
                details={"class": data_class.value, "count": entry["count"], "action": policy.action},
            )
    return entry


def purge_run_execute(run_pk: int, *, on_step: Callable[[str, int], None] | None = None) -> PurgeRun:
    """The task's work (and the command's): each class in purge order, progress on the run row."""
    rows = PurgeRun.objects.filter(pk=run_pk)
    started = rows.filter(status=PurgeStatus.QUEUED).update(status=PurgeStatus.RUNNING, progress=0)
    run = PurgeRun.objects.select_related("dry_run_of", "started_by").get(pk=run_pk)
    if not started:
        return run  # already run by another worker
    classes = list(RetentionClass)
    report: dict[str, Any] = {}
    try:
        for index, data_class in enumerate(classes):
            rows.update(step=data_class.value, progress=index * 100 // len(classes))
            if on_step is not None:
                on_step(data_class.value, index * 100 // len(classes))
            report[data_class.value] = _step(run, data_class)
            rows.update(report=report)
        rows.update(status=PurgeStatus.DONE, step="", progress=100, finished_at=now())
        if on_step is not None:
            on_step("", 100)
        log.info("purge.done", run=run_pk, dry_run=run.dry_run, total=sum(e["count"] for e in report.values()))
    except Exception as exc:
        # Only the kind of error: a message may name a record.
        log.error("purge.failed", run=run_pk, error_type=type(exc).__name__)
        rows.update(status=PurgeStatus.FAILED, error=FAILED_TEXT, finished_at=now())
    run.refresh_from_db()
    return run


def purge_scheduled(*, apply: bool, on_step: Callable[[str, int], None] | None = None) -> list[PurgeRun]:
    """The daily job: a dry run, then (unless only a report is asked) the purge that applies it."""
    moment = now()
    dry_run = PurgeRun.objects.create(requested_at=moment, as_of=moment, dry_run=True)
    runs = [purge_run_execute(dry_run.pk, on_step=on_step)]
    if apply and runs[0].status == PurgeStatus.DONE:
        run = PurgeRun.objects.create(requested_at=now(), as_of=moment, dry_run=False, dry_run_of=dry_run)
        runs.append(purge_run_execute(run.pk, on_step=on_step))
    return runs


def purge_run_list(*, user: Any) -> Any:
    _gate(user)
    return PurgeRun.objects.select_related("started_by", "dry_run_of").defer("report")


def purge_run_get(*, user: Any, run_pk: int) -> PurgeRun:
    _gate(user)
    run = PurgeRun.objects.select_related("started_by", "dry_run_of").filter(pk=run_pk).first()
    if run is None:
        raise Http404
    return run


def purge_run_applied(run: PurgeRun) -> PurgeRun | None:
    return PurgeRun.objects.filter(dry_run_of=run).first()


# --- Technical dismissal 01: the person was wrongly treated as a suspect ----------------------


def _tell_removed(case: Case, *, worker_ids: set[int], informed_ids: set[int], institutions: list[str]) -> None:
    """A message without personal details (it is e-mailed): the reference, the reason, what to do."""
    users = get_user_model().objects.filter(pk__in=worker_ids | informed_ids, is_active=True)
    for recipient in users:
        referred = institutions if recipient.pk in worker_ids else []
        notification_send(
            recipient=recipient,
            case=None,
            kind=notices.CASE_REMOVED,
            params={"reference": case.reference, "institutions": referred},
        )


def case_data_remove(*, user: Any, case: Case, request_id: str = "") -> bool:
    """Remove everything this case holds about its suspect, and the person if nothing else is left.

    Called inside the decision's transaction. The audit trail keeps only that it happened, by ids.
    Returns whether the person went too.
    """
    person_ids = list(persons_left_without_cases([case.pk]).values_list("pk", flat=True))
    # Who was told about this case, and where the werkplaats sent the client: they hear it was a mistake.
    worker_ids = set(WerkplaatsCase.objects.filter(case=case, worker__isnull=False).values_list("worker_id", flat=True))
    # The officer recording the dismissal knows already (an advice on the case notified the OM deciders).
    informed_ids = set(Notification.objects.filter(case=case).values_list("recipient_id", flat=True)) - {
        getattr(user, "pk", None)
    }
    institutions = sorted(
        set(
            Referral.objects.filter(werkplaats_case__case=case)
            .exclude(status=ReferralStatus.DRAFT)
            .values_list("institution__name", flat=True)
        )
    )
    werkplaats_cases_remove(WerkplaatsCase.objects.filter(case=case).values_list("pk", flat=True))
    cases_remove([case.pk])
    persons_remove(person_ids)
    business_event_record(
        user=user,
        action=Action.DELETE,
        event="case.removed",
        object_type="cases.case",
        object_id=str(case.pk),
        person_id=case.suspect_id,
        request_id=request_id,
        details={
            "reason": "technical_dismissal_01",
            "person_removed": bool(person_ids),
            "told": sorted(worker_ids | informed_ids),
        },
    )
    _tell_removed(case, worker_ids=worker_ids, informed_ids=informed_ids - worker_ids, institutions=institutions)
    return bool(person_ids)
