"""Every write in the signal register: raising a signal (by hand or from a candidate), editing it, and moving
it open → raised → resolved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action
from zsm.audit.services import business_event_record
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.meetings import workflow
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.rules import keeps_signals_at
from zsm.socialmap.selectors import institution_exists
from zsm.workplace.rules import is_team_member_at
from zsm.workplace.selectors import werkplaats_case_ids_at

MAX_TITLE = 200


@dataclass(frozen=True)
class SignalInput:
    title: str
    description: str
    scope: str
    owner_id: int
    subject: str = ""
    institution_id: int | None = None
    action: str = ""
    werkplaats_case_ids: list[int] = field(default_factory=list)
    from_candidate: bool = False


def _errors(data: SignalInput, *, location_id: int) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title.strip():
        add("title", _("Give the signal a short title."))
    elif len(data.title.strip()) > MAX_TITLE:
        add("title", _("Keep the title under %(count)s characters.") % {"count": MAX_TITLE})
    if not data.description.strip():
        add("description", _("Describe what goes wrong."))
    if data.scope not in SignalScope.values:
        add("scope", _("Choose what the signal is about."))
    if data.scope == SignalScope.ORGANISATION and data.institution_id is None and not data.subject.strip():
        add("institution", _("Choose the institution, or name the organisation."))
    if data.scope in {SignalScope.AREA, SignalScope.MUNICIPALITY} and not data.subject.strip():
        add("subject", _("Name the area or municipality."))
    if data.institution_id is not None and not institution_exists(institution_id=data.institution_id):
        add("institution", _("This institution is not on the social map."))
    owner = get_user_model().objects.filter(pk=data.owner_id, is_active=True).first()
    if owner is None or not is_team_member_at(owner, location_id):
        add("owner", _("The owner must be a member of this location's werkplaats team."))
    cases = set(data.werkplaats_case_ids)
    if cases - set(werkplaats_case_ids_at(location_id=location_id, ids=cases)):
        add("cases", _("Only werkplaats cases of this location can show a signal."))
    return errors


def _location_of(user: Any) -> int:
    membership = membership_active(user=user)
    if membership is None or not keeps_signals_at(user, membership.location_id):
        raise ApplicationError(_("Only the werkplaats team keeps the signal register."))
    return membership.location_id


@transaction.atomic
def signal_create(*, user: Any, data: SignalInput, request_id: str = "") -> Signal:
    """Raise a signal at the user's location, by hand or from a candidate (`from_candidate`)."""
    location_id = _location_of(user)
    errors = _errors(data, location_id=location_id)
    if errors:
        raise ApplicationError(_("The signal was not stored."), field_errors=errors)
    signal = Signal.objects.create(
        location_id=location_id,
        title=data.title.strip(),
        description=data.description.strip(),
        scope=data.scope,
        subject=data.subject.strip(),
        institution_id=data.institution_id,
        owner_id=data.owner_id,
        action=data.action.strip(),
        from_candidate=data.from_candidate,
        created_by=user,
        created_at=now(),
    )
    signal.cases.set(data.werkplaats_case_ids)
    business_event_record(user=user, action=Action.CREATE, event="signal_created", obj=signal, request_id=request_id)
    return signal


def _lock(*, user: Any, signal_id: int, expected_version: int) -> Signal:
    location_id = _location_of(user)
    signal = Signal.objects.select_for_update().filter(pk=signal_id, location_id=location_id).first()
    if signal is None:
        raise ApplicationError(_("This signal does not exist."))
    if expected_version != signal.version:
        raise ConflictError(_("Someone else changed this signal meanwhile. Reload the page and check again."))
    return signal


@transaction.atomic
def signal_update(
    *, user: Any, signal_id: int, data: SignalInput, expected_version: int, request_id: str = ""
) -> Signal:
    """Change what a signal says, its owner, action and cases (its status moves through `signal_move`)."""
    signal = _lock(user=user, signal_id=signal_id, expected_version=expected_version)
    errors = _errors(data, location_id=signal.location_id)
    if errors:
        raise ApplicationError(_("The signal was not stored."), field_errors=errors)
    signal.title = data.title.strip()
    signal.description = data.description.strip()
    signal.scope = data.scope
    signal.subject = data.subject.strip()
    signal.institution_id = data.institution_id
    signal.owner_id = data.owner_id
    signal.action = data.action.strip()
    signal.version += 1
    signal.save()
    signal.cases.set(data.werkplaats_case_ids)
    business_event_record(user=user, action=Action.UPDATE, event="signal_updated", obj=signal, request_id=request_id)
    return signal


@transaction.atomic
def signal_move(
    *, user: Any, signal_id: int, target: str, expected_version: int, note: str = "", request_id: str = ""
) -> Signal:
    """Raised: the action says where and by whom. Resolved: the note says what became of it."""
    signal = _lock(user=user, signal_id=signal_id, expected_version=expected_version)
    if target not in SignalStatus.values:
        raise ApplicationError(_("Choose the new status."), field_errors={"status": [_("Unknown status.")]})
    workflow.check(signal.status, target)
    if target == SignalStatus.RAISED:
        action = note.strip() or signal.action
        if not action:
            raise ApplicationError(
                _("The signal was not moved on."),
                field_errors={"note": [_("Say where the signal is raised and who does it.")]},
            )
        signal.action = action
        signal.raised_at = now()
    if target == SignalStatus.RESOLVED:
        if not note.strip():
            raise ApplicationError(
                _("The signal was not moved on."), field_errors={"note": [_("Say what became of the signal.")]}
            )
        signal.resolution = note.strip()
        signal.resolved_at = now()
    signal.status = target
    signal.version += 1
    signal.save()
    business_event_record(user=user, action=Action.UPDATE, event=f"signal_{target}", obj=signal, request_id=request_id)
    return signal
