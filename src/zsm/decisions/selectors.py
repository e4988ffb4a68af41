"""Reads for the OM's decision screen: the ladder of earlier disposals, the decision on a case, what is possible.

Scoping is the cases app's: every case here comes from `zsm.cases.selectors`, so nothing the user may not
see is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import Http404

from zsm.cases.constants import HaltDesignation
from zsm.cases.models import Case
from zsm.cases.selectors import earlier_cases
from zsm.cases.workflow import can_decide
from zsm.decisions.caps import CaseFacts, OffenceFacts, objection_last_day
from zsm.decisions.constants import HALT_MAX_AGE, HALT_MIN_AGE, STRAFBESCHIKKING_MAX_PENALTY_YEARS, Disposal
from zsm.decisions.dismissal_grounds import grounds_in_force
from zsm.decisions.models import Decision


@dataclass(frozen=True)
class LadderRung:
    """One earlier ZSM case of the same suspect and what the OM decided on it (None: not decided)."""

    case: Case
    decision: Decision | None


def ladder_for(*, user: Any, case: Case) -> list[LadderRung]:
    """The suspect's earlier ZSM cases the user may see, newest first, each with its latest decision."""
    earlier = earlier_cases(user=user, case=case).prefetch_related("offences")
    return [LadderRung(case=rung, decision=next(iter(rung.decisions.all()), None)) for rung in earlier]


def decision_latest(case: Case) -> Decision | None:
    """The case's current decision (the newest), from the decisions `case_get` already prefetched."""
    return max(case.decisions.all(), key=lambda d: (d.decided_at, d.pk), default=None)


def decision_latest_of(*, case_id: int) -> Decision | None:
    """The newest decision on a case by id (for services of the floors above; not scoped to a user)."""
    return Decision.objects.filter(case_id=case_id).order_by("-decided_at", "-pk").first()


def decision_for_case(case: Case) -> Decision:
    """The decision to print for a visible case, or 404 while there is none."""
    decision = decision_latest(case)
    if decision is None:
        raise Http404
    return decision


def case_facts(case: Case) -> CaseFacts:
    """The facts of a case the legal caps ask about, as fixed at intake (from the prefetched offences)."""
    return CaseFacts(
        suspect_age=case.suspect_age,
        offences=tuple(
            OffenceFacts(code=o.code, max_penalty_years=o.max_penalty_years, kind=o.kind, halt=o.halt)
            for o in case.offences.all()
        ),
    )


def grounds_by_code(*, on: date) -> dict[str, str]:
    """The dismissal grounds in force on a day, code → technical or policy."""
    return {ground.code: ground.kind for ground in grounds_in_force(on=on)}


def heaviest_penalty(case: Case) -> Decimal:
    return max((offence.max_penalty_years for offence in case.offences.all()), default=Decimal(0))


def strafbeschikking_possible(case: Case) -> bool:
    """Art. 257a lid 1 Sv: overtredingen, and misdrijven carrying at most six years; never under 12."""
    facts = case_facts(case)
    return not facts.under_twelve and facts.heaviest_crime_penalty <= STRAFBESCHIKKING_MAX_PENALTY_YEARS


def halt_possible(case: Case) -> bool:
    """Art. 77e Sr: 12–17 on the day of the offence, and every offence designated (or with the officer's consent)."""
    facts = case_facts(case)
    return HALT_MIN_AGE <= facts.suspect_age <= HALT_MAX_AGE and all(
        o.halt in (HaltDesignation.DESIGNATED, HaltDesignation.ON_CONSENT) for o in facts.offences
    )


def case_decidable(case: Case) -> bool:
    """The OM can still decide: held, back from the werkplaats, or a child under 12 awaiting its dismissal."""
    return can_decide(case.status)


def objection_deadline(decision: Decision) -> date | None:
    """The last day to object to a strafbeschikking; None until it is handed over (art. 257e Sv)."""
    if decision.disposal != Disposal.STRAFBESCHIKKING or decision.served_at is None:
        return None
    return objection_last_day(decision.served_at)


# --- Subject access (inzage) ----------------------------------------------------------------


def subject_access_decisions(*, case_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The OM decisions on these cases (the suspect's own), by case id, newest first.

    Unscoped by user: only audit's subject-access service calls this, after it checked the privacy
    officer's permission (`audit.subject_access`); the case ids come from `subject_access_cases`.
    """
    found: dict[int, list[dict[str, Any]]] = {case_id: [] for case_id in case_ids}
    for decision in Decision.objects.filter(case_id__in=case_ids).select_related("intervention"):
        found[decision.case_id].append(
            {
                "disposal": decision.get_disposal_display(),
                "dismissal_code": decision.get_dismissal_code_display() if decision.dismissal_code else "",
                "conditions": decision.conditions,
                "probation_period_months": decision.probation_period_months,
                "fine_amount": decision.fine_amount,
                "community_service_hours": decision.community_service_hours,
                "driving_ban_months": decision.driving_ban_months,
                "compensation_amount": decision.compensation_amount,
                "behavioural_instruction": decision.behavioural_instruction,
                "intervention": decision.intervention.name if decision.intervention else "",
                "instruction_period_months": decision.instruction_period_months,
                "summons": decision.get_summons_type_display() if decision.summons_type else "",
                "halt_hours": decision.halt_hours,
                "probation_involved": decision.probation_involved,
                "appointment_at": decision.appointment_at,
                "appointment_place": decision.appointment_place,
                "appointment_with": decision.appointment_with,
                "rationale": decision.rationale,
                "decided_at": decision.decided_at,
            }
        )
    return found
