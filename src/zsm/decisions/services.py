"""Recording the OM's decision: caps checked, one decision per moment, the case moved on."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zsm.audit.constants import Action
from zsm.audit.purge import case_data_remove
from zsm.audit.services import business_event_record
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case
from zsm.cases.services import case_status_set
from zsm.common.clock import local, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.decisions.caps import DecisionInput, decision_errors
from zsm.decisions.constants import WRONGLY_SUSPECT_CODE, Disposal, ServedHow
from zsm.decisions.models import Decision
from zsm.decisions.selectors import case_facts, grounds_by_code
from zsm.decisions.signals import decision_recorded
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.selectors import intervention_catalogue


@transaction.atomic
def decision_record(
    *, user: Any, case_id: int, data: DecisionInput, expected_version: int | None = None, request_id: str = ""
) -> Decision:
    """Store the OM's disposal. Two officers deciding at once: the first wins, the second gets a conflict."""
    # Locks in the casework's order (werkplaats case, then ZSM case), so a decision that removes the
    # werkplaats case (code 01) cannot deadlock with a worker's write on it.
    list(WerkplaatsCase.objects.select_for_update().filter(case_id=case_id).values_list("pk", flat=True))
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        # Only reachable in a race (pages and API look the case up first): a colleague's code 01 removed it.
        raise ConflictError(_("This case no longer exists: it was removed while you were deciding."))
    if not user.has_perm("cases.decide_case", case):
        raise ApplicationError(_("Only the OM decides on a case at its own location."))
    if expected_version is not None and expected_version != case.version:
        raise ConflictError(
            _("This case changed while you were deciding (another decision or status). Reload it and check.")
        )
    data = data.for_its_disposal()
    moment = now()
    errors = decision_errors(data, facts=case_facts(case), grounds=grounds_by_code(on=local(moment).date()))
    if data.intervention_id is not None and not intervention_catalogue().filter(pk=data.intervention_id).exists():
        errors.setdefault("intervention", []).append(_("Choose an intervention from the catalogue."))
    if errors:
        raise ApplicationError(_("The decision was not stored."), field_errors=errors)
    target = CaseStatus.REFERRED_TO_WERKPLAATS if data.disposal == Disposal.REFER_TO_WERKPLAATS else CaseStatus.DECIDED
    case_status_set(case=case, target=target)
    decision = Decision.objects.create(case=case, decided_by=user, decided_at=moment, **asdict(data))
    if target == CaseStatus.DECIDED:
        case.decided_at = moment
    else:
        case.werkplaats_candidate = True
    case.save()
    business_event_record(
        user=user,
        action=Action.CREATE,
        event="decision.recorded",
        obj=decision,
        person_id=case.suspect_id,
        request_id=request_id,
        details={"case": case.pk, "disposal": data.disposal},
    )
    decision_recorded.send(sender=Decision, decision=decision, user=user, request_id=request_id)
    if removes_case_data(data):
        # Wrongly treated as a suspect: nothing of this arrest may stay with the chain (see ADR 0006).
        case_data_remove(user=user, case=case, request_id=request_id)
    return decision


def removes_case_data(data: DecisionInput) -> bool:
    """A technical dismissal with code 01 removes the case and, if nothing else is left, the person."""
    return data.disposal == Disposal.TECHNICAL_DISMISSAL and data.dismissal_code == WRONGLY_SUSPECT_CODE


@transaction.atomic
def strafbeschikking_serve(*, user: Any, case_id: int, served_at: datetime, how: str, request_id: str = "") -> Decision:
    """Record when the suspect got the strafbeschikking: from then the 14 days for verzet run (art. 257e Sv)."""
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None:
        raise ConflictError(_("This case no longer exists."))
    if not user.has_perm("cases.decide_case", case):
        raise ApplicationError(_("Only the OM records the handing over of its strafbeschikking."))
    decision = Decision.objects.select_for_update().filter(case=case).order_by("-decided_at", "-pk").first()
    if decision is None or decision.disposal != Disposal.STRAFBESCHIKKING:
        raise ConflictError(_("This case has no strafbeschikking to hand over."))
    if decision.served_at is not None:
        raise ConflictError(_("The handing over of this strafbeschikking is already recorded."))
    errors: dict[str, list[str]] = {}
    if how not in ServedHow.values:
        errors["how"] = [_("Say how the suspect got the strafbeschikking.")]
    if served_at < decision.decided_at:
        errors["served_at"] = [_("A strafbeschikking is handed over after it was decided, not before.")]
    elif decision.om_hearing_at is not None and served_at < decision.om_hearing_at:
        errors["served_at"] = [_("The strafbeschikking is issued after the OM heard the suspect (art. 257c Sv).")]
    elif served_at > now() + timedelta(minutes=5):
        errors["served_at"] = [_("The handing over cannot lie in the future.")]
    if errors:
        raise ApplicationError(_("The handing over was not recorded."), field_errors=errors)
    decision.served_at = served_at
    decision.served_how = how
    decision.save(update_fields=["served_at", "served_how"])
    case.version += 1
    case.save(update_fields=["version", "updated_at"])
    business_event_record(
        user=user,
        action=Action.UPDATE,
        event="decision.served",
        obj=decision,
        person_id=case.suspect_id,
        request_id=request_id,
        details={"case": case.pk, "how": how},
    )
    return decision
