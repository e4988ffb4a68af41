"""Every write in the werkplaats: proposing a case, assigning a worker, moving it on, logging contacts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from zsm.accounts.constants import Role
from zsm.audit.constants import Action
from zsm.audit.services import business_event_record
from zsm.cases.constants import OPEN_STATUSES as CASE_OPEN_STATUSES
from zsm.cases.selectors import case_queryset
from zsm.cases.services import case_werkplaats_candidate_set
from zsm.common.clock import local, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.workplace import workflow
from zsm.workplace.constants import (
    FINAL_STATUSES,
    MAX_ACTIVITY_MINUTES,
    OUTCOME_REQUIRED,
    UNREACHED_OUTCOMES,
    WORKING_STATUSES,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    Signal,
    WerkplaatsStatus,
)
from zsm.workplace.holidays import next_working_day
from zsm.workplace.models import Contact, SelectionCriterion, WerkplaatsCase
from zsm.workplace.rules import is_coordinator_at, may_propose_at, works_on


def _lock(werkplaats_case_id: int) -> WerkplaatsCase:
    werkplaats_case = (
        WerkplaatsCase.objects.select_for_update(of=("self",))
        .select_related("case")
        .filter(pk=werkplaats_case_id)
        .first()
    )
    if werkplaats_case is None:
        raise ApplicationError(_("This werkplaats case does not exist."))
    return werkplaats_case


def _check_version(werkplaats_case: WerkplaatsCase, expected_version: int) -> None:
    if expected_version != werkplaats_case.version:
        raise ConflictError(
            _("Someone else changed this werkplaats case meanwhile. Reload the page and check before saving again.")
        )


def _signals_clean(signals: list[str], *, location_id: int) -> list[str]:
    chosen = list(dict.fromkeys(signals))  # keep the order, drop repeats
    if not chosen:
        raise ApplicationError(
            _("The proposal was not stored."), field_errors={"signals": [_("Choose at least one signal.")]}
        )
    unknown = [s for s in chosen if s not in Signal.values]
    if unknown:
        raise ApplicationError(
            _("The proposal was not stored."),
            field_errors={"signals": [_("Unknown signal: %(signal)s.") % {"signal": ", ".join(unknown)}]},
        )
    # A location that has set its selection criteria takes only cases that meet at least one of them.
    criteria = dict(SelectionCriterion.objects.filter(location_id=location_id).values_list("signal", "active"))
    if criteria and not any(criteria.get(s) for s in chosen):
        raise ApplicationError(
            _("The proposal was not stored."),
            field_errors={"signals": [_("None of these signals is a selection criterion of this werkplaats.")]},
        )
    return chosen


@transaction.atomic
def selection_criterion_set(
    *, user: Any, location_id: int, signal: str, active: bool, request_id: str = ""
) -> SelectionCriterion:
    """Switch a signal on or off as a selection criterion of the location's werkplaats (coordinator only)."""
    if not is_coordinator_at(user, location_id):
        raise ApplicationError(_("Only the werkplaats coordinator of this location sets the selection criteria."))
    if signal not in Signal.values:
        raise ApplicationError(
            _("The selection criterion was not stored."), field_errors={"signal": [_("Choose a known signal.")]}
        )
    criterion, _created = SelectionCriterion.objects.select_for_update().get_or_create(
        location_id=location_id, signal=signal, defaults={"active": active}
    )
    if criterion.active != active:
        criterion.active = active
        criterion.save(update_fields=["active"])
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="selection_criterion.set",
        obj=criterion,
        request_id=request_id,
        details={"signal": signal, "active": active},
    )
    return criterion


@transaction.atomic
def werkplaats_case_propose(*, user: Any, case_id: int, signals: list[str], request_id: str = "") -> WerkplaatsCase:
    """Propose a ZSM case for the werkplaats, naming the signals behind it; marks the case a candidate."""
    # Locking the ZSM case serialises two proposals of the same case.
    case = case_queryset(user=user).select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None or not may_propose_at(user, case.location_id):
        raise ApplicationError(
            _("Only probation, the werkplaats and the OM at the case's location propose werkplaats cases.")
        )
    if case.status not in CASE_OPEN_STATUSES:
        raise ConflictError(_("This case is no longer open; it cannot become a werkplaats case."))
    if WerkplaatsCase.objects.filter(case_id=case.pk).exists():
        raise ConflictError(_("This case has already been proposed for the werkplaats."))
    chosen = _signals_clean(signals, location_id=case.location_id)
    werkplaats_case = WerkplaatsCase.objects.create(case=case, signals=chosen, proposed_by=user, proposed_at=now())
    case_werkplaats_candidate_set(user=user, case_id=case.pk, candidate=True, request_id=request_id)
    business_event_record(
        user=user,
        action=Action.CREATE,
        event="werkplaats_case.proposed",
        obj=werkplaats_case,
        person_id=case.suspect_id,
        request_id=request_id,
        details={"case": case.pk, "signals": chosen},
    )
    return werkplaats_case


@transaction.atomic
def werkplaats_case_assign(
    *, user: Any, werkplaats_case_id: int, worker_id: int, expected_version: int, request_id: str = ""
) -> WerkplaatsCase:
    """The coordinator gives the case to a werkplaats worker of the location (or to another one)."""
    werkplaats_case = _lock(werkplaats_case_id)
    location_id = werkplaats_case.case.location_id
    if not is_coordinator_at(user, location_id):
        raise ApplicationError(_("Only the werkplaats coordinator of this location assigns werkplaats cases."))
    _check_version(werkplaats_case, expected_version)
    worker = (
        get_user_model()
        .objects.filter(
            pk=worker_id,
            is_active=True,
            memberships__location_id=location_id,
            memberships__role=Role.WERKPLAATS_WORKER,
            memberships__is_active=True,
        )
        .first()
    )
    if worker is None:
        raise ApplicationError(
            _("The case was not assigned."),
            field_errors={"worker": [_("Choose a werkplaats worker of this location.")]},
        )
    previous_worker = werkplaats_case.worker_id
    if werkplaats_case.status not in WORKING_STATUSES:  # a first assignment; reassigning keeps the status
        workflow.check(werkplaats_case.status, WerkplaatsStatus.ASSIGNED)
        werkplaats_case.status = WerkplaatsStatus.ASSIGNED
    werkplaats_case.worker = worker
    werkplaats_case.assigned_by = user
    werkplaats_case.assigned_at = now()
    werkplaats_case.version += 1
    werkplaats_case.save()
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="werkplaats_case.assigned",
        obj=werkplaats_case,
        person_id=werkplaats_case.case.suspect_id,
        request_id=request_id,
        details={"worker": worker.pk, "previous_worker": previous_worker},
    )
    return werkplaats_case


def _status_set(werkplaats_case: WerkplaatsCase, target: str) -> None:
    workflow.check(werkplaats_case.status, target)
    werkplaats_case.status = target
    if target in FINAL_STATUSES:
        werkplaats_case.closed_at = now()
    werkplaats_case.version += 1


@transaction.atomic
def werkplaats_case_transition(
    *,
    user: Any,
    werkplaats_case_id: int,
    target: str,
    expected_version: int,
    outcome: str = "",
    request_id: str = "",
) -> WerkplaatsCase:
    """Move the case on as the workflow table allows; closing or handing over needs an outcome."""
    werkplaats_case = _lock(werkplaats_case_id)
    if not works_on(user, werkplaats_case):
        raise ApplicationError(_("Only the assigned worker or the coordinator moves this werkplaats case on."))
    _check_version(werkplaats_case, expected_version)
    if target == WerkplaatsStatus.ASSIGNED:
        raise ApplicationError(_("Assign a worker to assign the case."))
    if target not in WerkplaatsStatus.values:
        raise ApplicationError(_("Unknown status."))
    outcome = outcome.strip()
    if target in OUTCOME_REQUIRED and not outcome:
        raise ApplicationError(
            _("The status was not changed."),
            field_errors={"outcome": [_("Describe the outcome before closing or handing over the case.")]},
        )
    previous = werkplaats_case.status
    _status_set(werkplaats_case, target)
    if outcome:
        werkplaats_case.outcome = outcome
    werkplaats_case.save()
    if target == WerkplaatsStatus.WITHDRAWN:
        case_werkplaats_candidate_set(
            user=user, case_id=werkplaats_case.case_id, candidate=False, request_id=request_id
        )
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="werkplaats_case.status_changed",
        obj=werkplaats_case,
        person_id=werkplaats_case.case.suspect_id,
        request_id=request_id,
        details={"from": previous, "to": target},
    )
    return werkplaats_case


@dataclass(frozen=True)
class ContactInput:
    role: str
    name: str
    channel: str
    outcome: str
    minutes: int
    organisation: str = ""
    summary: str = ""
    follow_up_on: date | None = None


def _contact_errors(data: ContactInput, today: date) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.role not in ContactRole.values:
        add("role", _("Choose who was contacted."))
    if data.channel not in ContactChannel.values:
        add("channel", _("Choose how the contact was made."))
    if data.outcome not in ContactOutcome.values:
        add("outcome", _("Choose the outcome of the contact."))
    if not data.name.strip():
        add("name", _("Enter the name of the person contacted."))
    if data.minutes < 1:
        add("minutes", _("Enter the time spent in whole minutes, at least 1."))
    elif data.minutes > MAX_ACTIVITY_MINUTES:
        add("minutes", _("One contact cannot take more than %(hours)s hours.") % {"hours": MAX_ACTIVITY_MINUTES // 60})
    if data.follow_up_on is not None and data.follow_up_on < today:
        add("follow_up_on", _("The follow-up date cannot lie in the past."))
    return errors


@transaction.atomic
def contact_log(*, user: Any, werkplaats_case_id: int, data: ContactInput, request_id: str = "") -> Contact:
    """Log a contact. Not reached and no follow-up date given: try again on the next working day.
    The first contact on an assigned case puts it in progress."""
    werkplaats_case = _lock(werkplaats_case_id)
    if not works_on(user, werkplaats_case):
        raise ApplicationError(_("Only the assigned worker or the coordinator logs contacts on this case."))
    if werkplaats_case.status in FINAL_STATUSES:
        raise ConflictError(_("This werkplaats case is finished; no more contacts can be logged."))
    moment = now()
    today = local(moment).date()
    errors = _contact_errors(data, today)
    if errors:
        raise ApplicationError(_("The contact was not stored."), field_errors=errors)
    follow_up_on = data.follow_up_on
    if follow_up_on is None and data.outcome in UNREACHED_OUTCOMES:
        follow_up_on = next_working_day(today)
    contact = Contact.objects.create(
        werkplaats_case=werkplaats_case,
        role=data.role,
        organisation=data.organisation.strip(),
        name=data.name.strip(),
        channel=data.channel,
        outcome=data.outcome,
        summary=data.summary.strip(),
        minutes=data.minutes,
        follow_up_on=follow_up_on,
        logged_by=user,
        logged_at=moment,
    )
    if werkplaats_case.status == WerkplaatsStatus.ASSIGNED:
        _status_set(werkplaats_case, WerkplaatsStatus.IN_PROGRESS)
        werkplaats_case.save()
    business_event_record(
        user=user,
        action=Action.CREATE,
        event="contact.logged",
        obj=contact,
        person_id=werkplaats_case.case.suspect_id,
        request_id=request_id,
        details={"werkplaats_case": werkplaats_case.pk, "outcome": data.outcome, "minutes": data.minutes},
    )
    return contact
