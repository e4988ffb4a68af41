"""Every write in the werkplaats: proposing a case, assigning a worker, moving it on, logging contacts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zsm.accounts.constants import OrganisationKind, Role
from zsm.accounts.selectors import users_at_location
from zsm.audit.constants import Action
from zsm.audit.services import business_event_record
from zsm.cases.constants import HELD_STATUSES, CaseStatus
from zsm.cases.constants import OPEN_STATUSES as CASE_OPEN_STATUSES
from zsm.cases.notices import moment_param
from zsm.cases.selectors import case_queryset
from zsm.cases.services import case_werkplaats_candidate_set, notification_send
from zsm.common.clock import local, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.holidays import next_working_day
from zsm.common.validators import phone_normalise
from zsm.decisions.selectors import decision_latest_of
from zsm.workplace import assessment as assessment_rules
from zsm.workplace import notices, workflow
from zsm.workplace.adoption import Outcome, Recommendation, response_for
from zsm.workplace.catalogue import DEFAULT_INTERVENTIONS
from zsm.workplace.constants import (
    ADVISABLE_DISPOSALS,
    FINAL_STATUSES,
    MAX_ACTIVITY_MINUTES,
    MAX_CONVERSATIONS,
    OUTCOME_REQUIRED,
    UNREACHED_OUTCOMES,
    USEFULNESS_MAX,
    USEFULNESS_MIN,
    WORKING_STATUSES,
    ActionStatus,
    ActivityKind,
    AdviceResponse,
    AssessmentStatus,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    HandoverKind,
    HelpWorking,
    LifeArea,
    NoteCategory,
    Signal,
    WerkplaatsStatus,
)
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    HelpAction,
    HelpInvolvement,
    Intervention,
    MonitoringCheck,
    SelectionCriterion,
    SpecialCategoryNote,
    TimeEntry,
    WerkplaatsCase,
)
from zsm.workplace.rules import (
    is_coordinator_at,
    is_om_decider_at,
    is_team_member_at,
    may_propose_at,
    sees_special_category_at,
    works_on,
)
from zsm.workplace.selectors import advice_answer_due

ItemT = TypeVar("ItemT", HelpInvolvement, Assessment, Advice, HelpAction, MonitoringCheck)


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


def _lock_item(model: type[ItemT], item_id: int, missing: str) -> ItemT:
    """Lock one casework item, its werkplaats case first: every write takes the case lock before the
    item's, so two writers never wait on each other in opposite order. The item's `werkplaats_case` is
    the locked case (with its ZSM case)."""
    case_id = model.objects.filter(pk=item_id).values_list("werkplaats_case_id", flat=True).first()
    if case_id is None:
        raise ApplicationError(missing)
    werkplaats_case = _lock(case_id)
    item = model.objects.select_for_update(of=("self",)).get(pk=item_id)
    item.werkplaats_case = werkplaats_case
    return item


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
    if case.is_minor:
        raise ApplicationError(
            _(
                "A minor goes the youth route, not to the adult werkplaats: the Raad voor de Kinderbescherming "
                "advises the OM and brings in youth probation (jeugdreclassering, art. 3.2 Jeugdwet)."
            )
        )
    if WerkplaatsCase.objects.filter(case_id=case.pk).exists():
        raise ConflictError(_("This case has already been proposed for the werkplaats."))
    chosen = _signals_clean(signals, location_id=case.location_id)
    werkplaats_case = WerkplaatsCase.objects.create(case=case, signals=chosen, proposed_by=user, proposed_at=now())
    # At the table the proposal marks the case; once the OM referred it to the werkplaats, the decision did.
    if case.status in HELD_STATUSES:
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
    workflow.check_zsm_status(target, werkplaats_case.case.status)
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
    handover_kind: str = "",
    handover_question: str = "",
    request_id: str = "",
) -> WerkplaatsCase:
    """Move the case on as the workflow table allows; closing or handing over needs an outcome, and
    handing over to regular probation also what for (advice or supervision) and a specific question."""
    werkplaats_case = _lock(werkplaats_case_id)
    if not works_on(user, werkplaats_case):
        raise ApplicationError(_("Only the assigned worker or the coordinator moves this werkplaats case on."))
    _check_version(werkplaats_case, expected_version)
    if target == WerkplaatsStatus.ASSIGNED:
        raise ApplicationError(_("Choose a worker to assign the case to."))
    if target not in WerkplaatsStatus.values:
        raise ApplicationError(_("Unknown status."))
    if target == WerkplaatsStatus.WITHDRAWN and werkplaats_case.case.status == CaseStatus.REFERRED_TO_WERKPLAATS:
        # The OM waits for this case's advice; withdrawn, it would wait forever.
        raise ConflictError(
            _(
                "The OM referred this case to the werkplaats and waits for your advice. Give the advice (it may "
                "say the werkplaats cannot help) instead of withdrawing the case."
            )
        )
    outcome = outcome.strip()
    if target in OUTCOME_REQUIRED and not outcome:
        raise ApplicationError(
            _("The status was not changed."),
            field_errors={"outcome": [_("Describe the outcome before closing or handing over the case.")]},
        )
    handover_question = handover_question.strip()
    if target == WerkplaatsStatus.HANDED_OVER:
        errors: dict[str, list[str]] = {}
        if handover_kind not in HandoverKind.values:
            errors["handover_kind"] = [_("Choose whether regular probation is to advise or to supervise.")]
        if not handover_question:
            errors["handover_question"] = [_("Write the specific question for regular probation.")]
        if errors:
            raise ApplicationError(_("The case was not handed over."), field_errors=errors)
        werkplaats_case.handover_kind = handover_kind
        werkplaats_case.handover_question = handover_question
    previous = werkplaats_case.status
    _status_set(werkplaats_case, target)
    if outcome:
        werkplaats_case.outcome = outcome
    werkplaats_case.save()
    if target == WerkplaatsStatus.WITHDRAWN and werkplaats_case.case.status in HELD_STATUSES:
        # While the suspect is held the mark goes with the proposal; after the decision it is part of it.
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
    phone: str = ""  # a Dutch number; empty: the number last used for this person on this case


def contact_follow_up_error(follow_up_on: date | None, *, today: date) -> str | None:
    """The follow-up rule, for the service and for the form (so the form shows every error in one round)."""
    if follow_up_on is not None and follow_up_on < today:
        return _("The follow-up date cannot lie in the past.")
    return None


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
    follow_up_error = contact_follow_up_error(data.follow_up_on, today=today)
    if follow_up_error:
        add("follow_up_on", follow_up_error)
    if data.phone.strip():
        try:
            phone_normalise(data.phone)
        except ValidationError as error:
            add("phone", " ".join(error.messages))
    return errors


CONTACT_CONFLICT = gettext_lazy(
    "This werkplaats case changed while you were logging the call: what changed is shown below. "
    "Your call is not logged yet; check it and log it again."
)


def _contact_conflict_check(
    werkplaats_case: WerkplaatsCase, *, user: Any, expected_version: int | None, seen_contact_id: int | None
) -> None:
    """A call logged from a page that is out of date is refused: the case moved on (another version: assigned
    elsewhere, a status change) or a colleague logged a contact on it after the page was drawn."""
    if expected_version is not None and expected_version != werkplaats_case.version:
        raise ConflictError(CONTACT_CONFLICT)
    if seen_contact_id is not None:
        newer = Contact.objects.filter(werkplaats_case=werkplaats_case, pk__gt=seen_contact_id).exclude(logged_by=user)
        if newer.exists():
            raise ConflictError(CONTACT_CONFLICT)


def _known_phone(werkplaats_case: WerkplaatsCase, *, role: str, name: str) -> str:
    """The number this person was last called on, on this case (role and name, the name in any case)."""
    return (
        Contact.objects.filter(werkplaats_case=werkplaats_case, role=role, name__iexact=name)
        .exclude(phone="")
        .order_by("-logged_at", "-pk")
        .values_list("phone", flat=True)
        .first()
        or ""
    )


@transaction.atomic
def contact_log(
    *,
    user: Any,
    werkplaats_case_id: int,
    data: ContactInput,
    expected_version: int | None = None,
    seen_contact_id: int | None = None,
    request_id: str = "",
) -> Contact:
    """Log a contact. Not reached and no follow-up date given: try again on the next working day.
    The first contact on an assigned case puts it in progress. A phone number left empty is the one last
    used for the same person on the case: a contact person's number is kept.

    `expected_version` (the case's version) and `seen_contact_id` (the newest contact on the page) come
    from a form: when the case changed or a colleague logged a contact since, the call is refused
    (ConflictError) and nothing is stored. None: no such check (the API, a script)."""
    # The same gate as all casework: an unassigned (proposed) case has nobody to call yet.
    werkplaats_case = _casework_gate(user=user, werkplaats_case=_lock(werkplaats_case_id))
    _contact_conflict_check(
        werkplaats_case, user=user, expected_version=expected_version, seen_contact_id=seen_contact_id
    )
    moment = now()
    today = local(moment).date()
    errors = _contact_errors(data, today)
    if errors:
        raise ApplicationError(_("The contact was not stored."), field_errors=errors)
    follow_up_on = data.follow_up_on
    if follow_up_on is None and data.outcome in UNREACHED_OUTCOMES:
        follow_up_on = next_working_day(today)
    name = data.name.strip()
    phone = (
        phone_normalise(data.phone) if data.phone.strip() else _known_phone(werkplaats_case, role=data.role, name=name)
    )
    contact = Contact.objects.create(
        werkplaats_case=werkplaats_case,
        role=data.role,
        organisation=data.organisation.strip(),
        name=name,
        phone=phone,
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


# --- Casework: help inventory, assessment, advice, help plan, monitoring, trajectory, time, notes -----


def _casework_open(*, user: Any, werkplaats_case_id: int) -> WerkplaatsCase:
    """Lock an open case the user works on; the common gate of every casework write."""
    return _casework_gate(user=user, werkplaats_case=_lock(werkplaats_case_id))


def werkplaats_case_lock(*, werkplaats_case_id: int) -> WerkplaatsCase:
    """Lock a werkplaats case in the caller's transaction without a user's gate: for answers that come from
    outside (an institution's acknowledgement link), which their own service has checked."""
    return _lock(werkplaats_case_id)


def werkplaats_case_lock_for_casework(*, user: Any, werkplaats_case_id: int) -> WerkplaatsCase:
    """For other apps' casework writes (referrals): lock the open case the user works on, in the caller's
    transaction, before anything of theirs, so every writer takes the case lock first."""
    return _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)


def _casework_gate(*, user: Any, werkplaats_case: WerkplaatsCase) -> WerkplaatsCase:
    """Refuse casework by someone who does not work on the (locked) case, or on a case not open for it."""
    if not works_on(user, werkplaats_case):
        raise ApplicationError(_("Only the assigned worker or the coordinator records casework on this case."))
    if werkplaats_case.status in FINAL_STATUSES:
        raise ConflictError(_("This werkplaats case is finished; nothing more can be recorded on it."))
    if werkplaats_case.status == WerkplaatsStatus.PROPOSED:
        raise ConflictError(_("Assign this werkplaats case to a worker before recording casework."))
    return werkplaats_case


def _start_if_assigned(werkplaats_case: WerkplaatsCase) -> None:
    """The first piece of casework on an assigned case puts it in progress."""
    if werkplaats_case.status == WerkplaatsStatus.ASSIGNED:
        _status_set(werkplaats_case, WerkplaatsStatus.IN_PROGRESS)
        werkplaats_case.save()


def _minutes_error(minutes: int, *, required: bool = True) -> str | None:
    if minutes < (1 if required else 0):
        return _("Enter the time spent in whole minutes, at least 1.") if required else _("Minutes cannot be negative.")
    if minutes > MAX_ACTIVITY_MINUTES:
        return _("One activity cannot take more than %(hours)s hours.") % {"hours": MAX_ACTIVITY_MINUTES // 60}
    return None


def _refuse(message: str, errors: dict[str, list[str]]) -> None:
    if errors:
        raise ApplicationError(message, field_errors=errors)


def _record(user: Any, event: str, obj: Any, werkplaats_case: WerkplaatsCase, request_id: str, **details: Any) -> None:
    business_event_record(
        user=user,
        action=Action.CREATE if event.endswith((".recorded", ".planned", ".logged", ".given")) else Action.UPDATE,
        event=event,
        obj=obj,
        person_id=werkplaats_case.case.suspect_id,
        request_id=request_id,
        details={"werkplaats_case": werkplaats_case.pk, **details},
    )


@dataclass(frozen=True)
class HelpInput:
    agency: str
    working: str
    has_lead: bool = False
    help: str = ""
    note: str = ""


def _help_errors(data: HelpInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.agency.strip():
        errors["agency"] = [_("Enter the agency that is involved.")]
    if data.working not in HelpWorking.values:
        errors["working"] = [_("Choose whether the help works.")]
    return errors


def _lead_clear(werkplaats_case: WerkplaatsCase, *, keep_id: int | None = None) -> None:
    leads = HelpInvolvement.objects.filter(werkplaats_case=werkplaats_case, has_lead=True)
    if keep_id is not None:
        leads = leads.exclude(pk=keep_id)
    # Taking the lead away changes that entry too: an edit based on its older version must not restore it.
    leads.update(has_lead=False, version=F("version") + 1)


@transaction.atomic
def help_involvement_record(
    *, user: Any, werkplaats_case_id: int, data: HelpInput, request_id: str = ""
) -> HelpInvolvement:
    """Add an agency already involved. Giving it the lead takes the lead from any other: one has it, or none."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    _refuse(_("The help was not stored."), _help_errors(data))
    if data.has_lead:
        _lead_clear(werkplaats_case)
    involvement = HelpInvolvement.objects.create(
        werkplaats_case=werkplaats_case,
        agency=data.agency.strip(),
        help=data.help.strip(),
        working=data.working,
        has_lead=data.has_lead,
        note=data.note.strip(),
        recorded_by=user,
        recorded_at=now(),
    )
    _start_if_assigned(werkplaats_case)
    _record(user, "help_involvement.recorded", involvement, werkplaats_case, request_id, has_lead=data.has_lead)
    return involvement


@transaction.atomic
def help_involvement_update(
    *, user: Any, involvement_id: int, data: HelpInput, expected_version: int, request_id: str = ""
) -> HelpInvolvement:
    involvement = _lock_item(HelpInvolvement, involvement_id, _("This help does not exist."))
    werkplaats_case = _casework_gate(user=user, werkplaats_case=involvement.werkplaats_case)
    if expected_version != involvement.version:
        raise ConflictError(
            _("Someone else changed this help meanwhile. Reload the page and check before saving again.")
        )
    _refuse(_("The help was not stored."), _help_errors(data))
    if data.has_lead:
        _lead_clear(werkplaats_case, keep_id=involvement.pk)
    involvement.agency = data.agency.strip()
    involvement.help = data.help.strip()
    involvement.working = data.working
    involvement.has_lead = data.has_lead
    involvement.note = data.note.strip()
    involvement.version += 1
    involvement.save()
    _record(user, "help_involvement.updated", involvement, werkplaats_case, request_id, has_lead=data.has_lead)
    return involvement


@dataclass(frozen=True)
class AssessmentInput:
    scores: dict[str, int]
    professional_judgement: str
    minutes: int
    notes: dict[str, str] = field(default_factory=dict)
    protective_factors: str = ""


@transaction.atomic
def assessment_record(*, user: Any, werkplaats_case_id: int, data: AssessmentInput, request_id: str = "") -> Assessment:
    """Record a RISc light. It waits for a colleague's review before it is final; a new one replaces
    the earlier (a challenged assessment is revised by recording it again)."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    errors: dict[str, list[str]] = {}
    for area in assessment_rules.score_errors(data.scores):
        errors[f"score_{area}"] = [_("Score this life area 0, 1 or 2.")]
    if not data.professional_judgement.strip():
        errors["professional_judgement"] = [
            _("Write down your professional judgement: the scores alone do not make an assessment.")
        ]
    if (message := _minutes_error(data.minutes)) is not None:
        errors["minutes"] = [message]
    unknown = sorted(set(data.notes) - set(LifeArea.values))
    if unknown:
        errors["notes"] = [_("Unknown life area: %(area)s.") % {"area": ", ".join(unknown)}]
    _refuse(_("The assessment was not stored."), errors)
    outcome = assessment_rules.derive(data.scores)
    notes = {area: text.strip() for area, text in data.notes.items() if text.strip()}
    assessment = Assessment.objects.create(
        werkplaats_case=werkplaats_case,
        scores={area: int(data.scores[area]) for area in LifeArea.values},
        area_notes=json.dumps(notes, ensure_ascii=False) if notes else "",
        protective_factors=data.protective_factors.strip(),
        risk_level=outcome.risk_level,
        problem_level=outcome.problem_level,
        approach=outcome.approach,
        professional_judgement=data.professional_judgement.strip(),
        minutes=data.minutes,
        recorded_by=user,
        recorded_at=now(),
    )
    _start_if_assigned(werkplaats_case)
    _record(
        user, "assessment.recorded", assessment, werkplaats_case, request_id,
        risk_level=outcome.risk_level, problem_level=outcome.problem_level,
    )  # fmt: skip
    return assessment


@transaction.atomic
def assessment_review(
    *, user: Any, assessment_id: int, confirm: bool, note: str = "", request_id: str = ""
) -> Assessment:
    """A colleague confirms the assessment (it becomes final) or challenges it with a reason."""
    assessment = _lock_item(Assessment, assessment_id, _("This assessment does not exist."))
    werkplaats_case = assessment.werkplaats_case
    if not is_team_member_at(user, werkplaats_case.case.location_id):
        raise ApplicationError(_("Only a werkplaats colleague at this location reviews an assessment."))
    if assessment.recorded_by_id == user.pk:
        raise ApplicationError(
            _("You cannot review your own assessment: a colleague confirms or challenges it."),
            field_errors={"confirm": [_("Ask another werkplaats worker to review this assessment.")]},
        )
    if werkplaats_case.status in FINAL_STATUSES:
        raise ConflictError(_("This werkplaats case is finished; its assessment can no longer be reviewed."))
    if assessment.status != AssessmentStatus.AWAITING_REVIEW:
        raise ConflictError(_("This assessment has already been reviewed."))
    newer = Q(recorded_at__gt=assessment.recorded_at) | Q(recorded_at=assessment.recorded_at, pk__gt=assessment.pk)
    if Assessment.objects.filter(newer, werkplaats_case=werkplaats_case).exists():
        raise ConflictError(_("A newer assessment replaces this one; review that one instead."))
    note = note.strip()
    if not confirm and not note:
        raise ApplicationError(
            _("The review was not stored."),
            field_errors={"note": [_("Say what you challenge, so your colleague can revise the assessment.")]},
        )
    assessment.status = AssessmentStatus.CONFIRMED if confirm else AssessmentStatus.CHALLENGED
    assessment.reviewed_by = user
    assessment.reviewed_at = now()
    assessment.review_note = note
    assessment.save()
    _record(user, "assessment.reviewed", assessment, werkplaats_case, request_id, status=assessment.status)
    return assessment


@dataclass(frozen=True)
class AdviceInput:
    disposal: str
    rationale: str
    minutes: int
    conditions: str = ""
    intervention_id: int | None = None
    shared_details: str = ""


@transaction.atomic
def advice_give(*, user: Any, werkplaats_case_id: int, data: AdviceInput, request_id: str = "") -> Advice:
    """Give the OM the werkplaats' advice. It builds on a confirmed assessment; the case awaits the OM."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    if Advice.objects.filter(werkplaats_case=werkplaats_case).exists():
        raise ConflictError(_("This case already has advice for the OM."))
    latest = Assessment.objects.filter(werkplaats_case=werkplaats_case).order_by("-recorded_at", "-pk").first()
    if latest is None or latest.status != AssessmentStatus.CONFIRMED:
        raise ConflictError(_("Advice builds on an assessment a colleague has confirmed; there is none yet."))
    errors: dict[str, list[str]] = {}
    if data.disposal not in ADVISABLE_DISPOSALS:
        errors["disposal"] = [_("Choose the disposal you recommend.")]
    if not data.rationale.strip():
        errors["rationale"] = [_("Explain briefly why this disposal fits.")]
    if (message := _minutes_error(data.minutes)) is not None:
        errors["minutes"] = [message]
    intervention = None
    if data.intervention_id is not None:
        intervention = Intervention.objects.filter(pk=data.intervention_id, active=True).first()
        if intervention is None:
            errors["intervention"] = [_("Choose an intervention from the catalogue.")]
    _refuse(_("The advice was not stored."), errors)
    _start_if_assigned(werkplaats_case)
    advice = Advice.objects.create(
        werkplaats_case=werkplaats_case,
        disposal=data.disposal,
        intervention=intervention,
        conditions=data.conditions.strip(),
        rationale=data.rationale.strip(),
        shared_details=data.shared_details.strip(),
        minutes=data.minutes,
        recorded_by=user,
        recorded_at=now(),
    )
    _status_set(werkplaats_case, WerkplaatsStatus.ADVICE_GIVEN)
    werkplaats_case.save()
    _record(user, "advice.given", advice, werkplaats_case, request_id, disposal=data.disposal)
    decided = decision_latest_of(case_id=werkplaats_case.case_id)
    if decided is not None:  # the OM decided before the advice came: that decision is its answer
        advice_answer_from_decision(decision=decided, user=decided.decided_by, request_id=request_id)
        advice.refresh_from_db()
    if not advice.response:
        om_notify_advice_waiting(user=user, advice=advice, request_id=request_id)
    return advice


def om_notify_advice_waiting(*, user: Any, advice: Advice, request_id: str = "") -> None:
    """Tell the OM deciders at the case's location that a werkplaats advice waits for their answer, and, when
    the OM referred the case to the werkplaats, that it now awaits their final decision. The one place these
    notifications are made. Called inside the caller's transaction: the inbox row goes with it, the e-mail
    leaves on commit (`cases.services.notification_send`), so subject and body name no personal details."""
    werkplaats_case = advice.werkplaats_case
    case = werkplaats_case.case
    recipients = users_at_location(
        location_id=case.location_id, organisation_kind=OrganisationKind.OM, role=Role.OM_DECIDER
    )
    if not recipients:
        return
    params = {
        "reference": case.reference,
        "werkplaats": str(werkplaats_case),
        "due": moment_param(advice_answer_due(advice.recorded_at)),
        "path": reverse("workplace:advice", kwargs={"werkplaats_case_id": werkplaats_case.pk}),
    }
    referred = case.status == CaseStatus.REFERRED_TO_WERKPLAATS
    kind = notices.REFERRED_AWAITS_DECISION if referred else notices.ADVICE_WAITING
    for recipient in recipients:
        notification_send(recipient=recipient, case=case, kind=kind, params=params)
    _record(user, "advice.om_notified", advice, werkplaats_case, request_id, recipients=[r.pk for r in recipients])


def _answer_from(advice: Advice, decision: Any) -> str | None:
    """The OM's answer to the advice, read off the decision the OM recorded (adopted, partly, not)."""
    return response_for(
        Recommendation(advice.disposal, advice.intervention_id, advice.conditions),
        Outcome(
            decision.disposal,
            decision.intervention_id,
            decision.conditions or decision.behavioural_instruction,
        ),
    )


def advice_answer_from_decision(*, decision: Any, user: Any, request_id: str = "", **_signal: Any) -> None:
    """When the OM records a disposal on a case the werkplaats advised on, that decision is the answer to the
    advice (`decisions.signals.decision_recorded`, inside the decision's transaction)."""
    advice = (
        Advice.objects.select_for_update(of=("self",))
        .select_related("werkplaats_case__case")
        .filter(werkplaats_case__case_id=decision.case_id)
        .first()
    )
    if advice is None:
        return
    answer = _answer_from(advice, decision)
    if answer is None:
        return  # a referral to the werkplaats: the OM still waits for this advice
    advice.response = answer
    advice.responded_by = user
    advice.responded_at = decision.decided_at
    advice.version += 1
    advice.save()
    _record(user, "advice.answered", advice, advice.werkplaats_case, request_id, response=answer, decision=decision.pk)


@transaction.atomic
def advice_respond(
    *,
    user: Any,
    advice_id: int,
    reason: str = "",
    usefulness: int | None = None,
    expected_version: int,
    response: str | None = None,
    request_id: str = "",
) -> Advice:
    """The OM explains its answer and may rate the advice. Whether the advice was adopted follows from the
    decision the OM recorded; a declared `response` that says otherwise is refused."""
    advice = _lock_item(Advice, advice_id, _("This advice does not exist."))
    werkplaats_case = advice.werkplaats_case
    if not is_om_decider_at(user, werkplaats_case.case.location_id):
        raise ApplicationError(_("Only an OM decider at the case's location answers the advice."))
    if expected_version != advice.version:
        raise ConflictError(_("Someone else answered this advice meanwhile. Reload the page and check."))
    if not advice.response:
        raise ConflictError(
            _(
                "Whether the advice is adopted follows from your decision: record the disposal on the ZSM case "
                "first, then explain it here."
            )
        )
    errors: dict[str, list[str]] = {}
    if response and response != advice.response:
        errors["response"] = [
            _("Your decision makes this advice “%(answer)s”; the answer follows from the decision.")
            % {"answer": AdviceResponse(advice.response).label}
        ]
    reason = reason.strip()
    if advice.response in (AdviceResponse.PARTLY, AdviceResponse.NOT_ADOPTED) and not reason:
        errors["reason"] = [_("Give the reason the advice is not (fully) adopted.")]
    if usefulness is not None and not USEFULNESS_MIN <= usefulness <= USEFULNESS_MAX:
        errors["usefulness"] = [_("Rate the usefulness from 1 to 5.")]
    _refuse(_("The answer was not stored."), errors)
    advice.response_reason = reason
    advice.usefulness = usefulness
    advice.responded_by = user
    advice.responded_at = now()
    advice.version += 1
    advice.save()
    _record(
        user, "advice.explained", advice, werkplaats_case, request_id, response=advice.response, usefulness=usefulness
    )
    return advice


@transaction.atomic
def help_action_plan(
    *, user: Any, werkplaats_case_id: int, description: str, owner: str, due_on: date | None = None,
    request_id: str = "",
) -> HelpAction:  # fmt: skip
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors["description"] = [_("Describe the action.")]
    if not owner.strip():
        errors["owner"] = [_("Say who does it.")]
    if due_on is not None and due_on < local(now()).date():
        errors["due_on"] = [_("The date cannot lie in the past.")]
    _refuse(_("The action was not stored."), errors)
    action = HelpAction.objects.create(
        werkplaats_case=werkplaats_case,
        description=description.strip(),
        owner=owner.strip(),
        due_on=due_on,
        recorded_by=user,
        recorded_at=now(),
    )
    _start_if_assigned(werkplaats_case)
    _record(user, "help_action.planned", action, werkplaats_case, request_id)
    return action


@transaction.atomic
def help_action_status_set(*, user: Any, action_id: int, status: str, request_id: str = "") -> HelpAction:
    action = _lock_item(HelpAction, action_id, _("This action does not exist."))
    werkplaats_case = _casework_gate(user=user, werkplaats_case=action.werkplaats_case)
    if status not in ActionStatus.values:
        raise ApplicationError(_("The action was not changed."), field_errors={"status": [_("Unknown status.")]})
    action.status = status
    action.save(update_fields=["status"])
    _record(user, "help_action.status_changed", action, werkplaats_case, request_id, status=status)
    return action


@transaction.atomic
def monitoring_check_plan(
    *, user: Any, werkplaats_case_id: int, subject: str, due_on: date | None, agency: str = "",
    request_id: str = "",
) -> MonitoringCheck:  # fmt: skip
    """Plan a check on the help. Planning one after the advice and the OM's decision starts monitoring."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors["subject"] = [_("Say what you are going to check.")]
    if due_on is None:
        errors["due_on"] = [_("Enter the date of the check.")]
    elif due_on < local(now()).date():
        errors["due_on"] = [_("The date cannot lie in the past.")]
    _refuse(_("The check was not stored."), errors)
    assert due_on is not None
    check = MonitoringCheck.objects.create(
        werkplaats_case=werkplaats_case,
        subject=subject.strip(),
        agency=agency.strip(),
        due_on=due_on,
        recorded_by=user,
        recorded_at=now(),
    )
    # Monitoring starts once the OM has decided; a check planned while the OM still decides waits for it.
    if werkplaats_case.status == WerkplaatsStatus.ADVICE_GIVEN and workflow.fits_zsm_status(
        WerkplaatsStatus.MONITORING, werkplaats_case.case.status
    ):
        _status_set(werkplaats_case, WerkplaatsStatus.MONITORING)
        werkplaats_case.save()
    _record(user, "monitoring_check.planned", check, werkplaats_case, request_id, due_on=due_on.isoformat())
    return check


@transaction.atomic
def monitoring_check_record(
    *, user: Any, check_id: int, outcome: str, minutes: int, note: str = "", request_id: str = ""
) -> MonitoringCheck:
    """Record what the check found; help that is not running needs a note on whom was chased."""
    check = _lock_item(MonitoringCheck, check_id, _("This check does not exist."))
    werkplaats_case = _casework_gate(user=user, werkplaats_case=check.werkplaats_case)
    if check.outcome:
        raise ConflictError(_("This check has already been recorded."))
    errors: dict[str, list[str]] = {}
    if outcome not in CheckOutcome.values:
        errors["outcome"] = [_("Choose what the check found.")]
    note = note.strip()
    if outcome in (CheckOutcome.NOT_RUNNING_CHASED, CheckOutcome.NOT_RUNNING_ESCALATED) and not note:
        errors["outcome_note"] = [_("Say whom you chased and what was agreed.")]
    if (message := _minutes_error(minutes)) is not None:
        errors["minutes"] = [message]
    _refuse(_("The check was not stored."), errors)
    check.outcome = outcome
    check.outcome_note = note
    check.minutes = minutes
    check.checked_by = user
    check.checked_at = now()
    check.save()
    _record(user, "monitoring_check.recorded", check, werkplaats_case, request_id, outcome=outcome, minutes=minutes)
    return check


@transaction.atomic
def conversation_record(
    *, user: Any, werkplaats_case_id: int, held_on: date | None, goals: str, minutes: int, notes: str = "",
    request_id: str = "",
) -> Conversation:  # fmt: skip
    """One conversation of the short trajectory; the trajectory has at most five."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    held = Conversation.objects.filter(werkplaats_case=werkplaats_case).count()
    if held >= MAX_CONVERSATIONS:
        raise ConflictError(
            _("The short trajectory has at most %(max)s conversations; this case has them all.")
            % {"max": MAX_CONVERSATIONS}
        )
    errors: dict[str, list[str]] = {}
    if held_on is None:
        errors["held_on"] = [_("Enter the date of the conversation.")]
    elif held_on > local(now()).date():
        errors["held_on"] = [_("Record a conversation once it has been held.")]
    if not goals.strip():
        errors["goals"] = [_("Write down the goals of this conversation.")]
    if (message := _minutes_error(minutes)) is not None:
        errors["minutes"] = [message]
    _refuse(_("The conversation was not stored."), errors)
    assert held_on is not None
    conversation = Conversation.objects.create(
        werkplaats_case=werkplaats_case,
        number=held + 1,
        held_on=held_on,
        goals=goals.strip(),
        notes=notes.strip(),
        minutes=minutes,
        recorded_by=user,
        recorded_at=now(),
    )
    _start_if_assigned(werkplaats_case)
    _record(user, "conversation.recorded", conversation, werkplaats_case, request_id, number=held + 1)
    return conversation


@transaction.atomic
def time_entry_record(
    *, user: Any, werkplaats_case_id: int, kind: str, minutes: int, spent_on: date | None, description: str = "",
    request_id: str = "",
) -> TimeEntry:  # fmt: skip
    """Time spent on the case outside contacts, assessments, advice, checks and conversations."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    errors: dict[str, list[str]] = {}
    if kind not in ActivityKind.values:
        errors["kind"] = [_("Choose the kind of activity.")]
    if (message := _minutes_error(minutes)) is not None:
        errors["minutes"] = [message]
    if spent_on is None:
        errors["spent_on"] = [_("Enter the date.")]
    elif spent_on > local(now()).date():
        errors["spent_on"] = [_("Time cannot be recorded for a day still to come.")]
    _refuse(_("The time was not stored."), errors)
    assert spent_on is not None
    entry = TimeEntry.objects.create(
        werkplaats_case=werkplaats_case,
        kind=kind,
        description=description.strip(),
        minutes=minutes,
        spent_on=spent_on,
        recorded_by=user,
        recorded_at=now(),
    )
    _record(user, "time_entry.recorded", entry, werkplaats_case, request_id, kind=kind, minutes=minutes)
    return entry


@transaction.atomic
def special_note_record(
    *, user: Any, werkplaats_case_id: int, category: str, text: str, request_id: str = ""
) -> SpecialCategoryNote:
    """A note about health, addiction or psychiatry: stored encrypted, readable by probation only."""
    werkplaats_case = _casework_open(user=user, werkplaats_case_id=werkplaats_case_id)
    if not sees_special_category_at(user, werkplaats_case.case.location_id):
        raise ApplicationError(_("Only probation records health, addiction or psychiatric notes."))
    errors: dict[str, list[str]] = {}
    if category not in NoteCategory.values:
        errors["category"] = [_("Choose the kind of note.")]
    if not text.strip():
        errors["text"] = [_("Write the note.")]
    _refuse(_("The note was not stored."), errors)
    note = SpecialCategoryNote.objects.create(
        werkplaats_case=werkplaats_case, category=category, text=text.strip(), recorded_by=user, recorded_at=now()
    )
    # The audit row names the category only, never the content.
    _record(user, "special_note.recorded", note, werkplaats_case, request_id, category=category)
    return note


def intervention_catalogue_ensure() -> int:
    """Make sure the starting catalogue is there (a flushed test database, a restored backup); returns how
    many entries were added. Existing entries, also retired ones, are left as they are."""
    added = 0
    for entry in DEFAULT_INTERVENTIONS:
        _intervention, created = Intervention.objects.get_or_create(
            name=entry.name,
            defaults={"description": entry.description, "adapted_from": entry.adapted_from, "sessions": entry.sessions},
        )
        added += created
    return added
