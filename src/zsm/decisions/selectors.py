"""Reads for the OM's decision screen: the ladder of earlier disposals, the decision on a case, the clock.

Scoping is the cases app's: every case here comes from `zsm.cases.selectors`, so nothing the user may not
see is returned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.http import Http404

from zsm.cases.constants import OPEN_STATUSES
from zsm.cases.holding import Urgency, format_time_left, time_left, urgency
from zsm.cases.models import Case
from zsm.cases.selectors import earlier_cases
from zsm.common.clock import local, now
from zsm.decisions.constants import OBJECTION_DAYS, STRAFBESCHIKKING_MAX_PENALTY_YEARS
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


def decision_for_case(case: Case) -> Decision:
    """The decision to print for a visible case, or 404 while there is none."""
    decision = decision_latest(case)
    if decision is None:
        raise Http404
    return decision


def heaviest_penalty(case: Case) -> Decimal:
    return max((offence.max_penalty_years for offence in case.offences.all()), default=Decimal(0))


def strafbeschikking_possible(case: Case) -> bool:
    """Art. 257a Sv: only when every offence carries at most six years."""
    return heaviest_penalty(case) <= STRAFBESCHIKKING_MAX_PENALTY_YEARS


def case_decidable(case: Case) -> bool:
    """The OM can still decide: the case is open (registered, in screening, ready, or back from the werkplaats)."""
    return case.status in OPEN_STATUSES


@dataclass(frozen=True)
class Clock:
    deadline: datetime
    left: str
    urgency: Urgency

    @property
    def expired(self) -> bool:
        return self.urgency == Urgency.EXPIRED


def holding_clock(case: Case, *, at: datetime | None = None) -> Clock | None:
    """The holding deadline and what is left of it; None once the case is no longer open."""
    if case.status not in OPEN_STATUSES:
        return None
    moment = at or now()
    return Clock(
        deadline=case.holding_deadline,
        left=format_time_left(time_left(case.holding_deadline, at=moment)),
        urgency=urgency(case.holding_deadline, at=moment),
    )


def objection_deadline(decision: Decision) -> date:
    """The last day to object to a strafbeschikking handed over at the decision: 14 days later."""
    return local(decision.decided_at).date() + timedelta(days=OBJECTION_DAYS)


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
