"""Recording the OM's decision: caps checked, one decision per moment, the case moved on."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zsm.audit.constants import Action
from zsm.audit.purge import case_data_remove
from zsm.audit.services import business_event_record
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case
from zsm.cases.services import case_status_set
from zsm.common.clock import now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.decisions.caps import DecisionInput, decision_errors
from zsm.decisions.constants import DismissalCode, Disposal
from zsm.decisions.models import Decision
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
    offence_maxima = list(case.offences.values_list("max_penalty_years", flat=True))
    errors = decision_errors(data, offence_max_penalties=offence_maxima, suspect_age=case.suspect_age)
    if data.intervention_id is not None and not intervention_catalogue().filter(pk=data.intervention_id).exists():
        errors.setdefault("intervention", []).append(_("Choose an intervention from the catalogue."))
    if errors:
        raise ApplicationError(_("The decision was not stored."), field_errors=errors)
    target = CaseStatus.REFERRED_TO_WERKPLAATS if data.disposal == Disposal.REFER_TO_WERKPLAATS else CaseStatus.DECIDED
    case_status_set(case=case, target=target)
    moment = now()
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
    if removes_case_data(data):
        # Wrongly treated as a suspect: nothing of this arrest may stay with the chain (see ADR 0006).
        case_data_remove(user=user, case=case, request_id=request_id)
    return decision


def removes_case_data(data: DecisionInput) -> bool:
    """A technical dismissal with code 01 removes the case and, if nothing else is left, the person."""
    return data.disposal == Disposal.TECHNICAL_DISMISSAL and data.dismissal_code == DismissalCode.WRONGLY_SUSPECT
