"""Whether the OM adopted the werkplaats advice, read off the decision the OM actually recorded.

The answer is not self-declared: the same disposal (with the advised intervention, and conditions where some were
advised) is adopted; the same disposal with another intervention or without the advised conditions is partly
adopted; any other disposal is not adopted. A referral to the werkplaats is no answer (the decision is pending).
"""

from __future__ import annotations

from dataclasses import dataclass

from zsm.decisions.constants import Disposal
from zsm.workplace.constants import AdviceResponse


@dataclass(frozen=True)
class Recommendation:
    disposal: str
    intervention_id: int | None
    conditions: str


@dataclass(frozen=True)
class Outcome:
    disposal: str
    intervention_id: int | None
    conditions: str  # the decision's conditions or behavioural instruction


def response_for(advice: Recommendation, decision: Outcome) -> str | None:
    """Adopted, partly or not adopted; None when the decision is no answer yet (a referral)."""
    if decision.disposal == Disposal.REFER_TO_WERKPLAATS:
        return None
    if decision.disposal != advice.disposal:
        return AdviceResponse.NOT_ADOPTED
    if advice.intervention_id is not None and decision.intervention_id != advice.intervention_id:
        return AdviceResponse.PARTLY
    if advice.conditions.strip() and not decision.conditions.strip() and decision.intervention_id is None:
        return AdviceResponse.PARTLY
    return AdviceResponse.ADOPTED
