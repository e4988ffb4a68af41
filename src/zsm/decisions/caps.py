"""The legal limits on a disposal, checked in one place for the form, the API and the service.

`decision_errors` returns Dutch messages per field; an empty result means the decision may be stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zsm.decisions.constants import (
    BEHAVIOURAL_INSTRUCTION_MAX_MONTHS,
    COMMUNITY_SERVICE_MAX_HOURS,
    DRIVING_BAN_MAX_MONTHS,
    HALT_MAX_AGE,
    HALT_MAX_HOURS,
    HALT_MIN_AGE,
    PROBATION_DISPOSALS,
    STRAFBESCHIKKING_MAX_PENALTY_YEARS,
    TECHNICAL_CODES,
    Disposal,
)


@dataclass(frozen=True)
class DecisionInput:
    disposal: str
    dismissal_code: str = ""
    conditions: str = ""
    probation_period_months: int | None = None
    fine_amount: Decimal | None = None
    community_service_hours: int | None = None
    driving_ban_months: int | None = None
    compensation_amount: Decimal | None = None
    behavioural_instruction: str = ""
    # A short behavioural intervention from the werkplaats catalogue, as (part of) the condition.
    intervention_id: int | None = None
    instruction_period_months: int | None = None
    summons_type: str = ""
    halt_hours: int | None = None
    probation_involved: bool = False
    appointment_at: datetime | None = None
    appointment_place: str = ""
    appointment_with: str = ""
    rationale: str = ""

    @property
    def involves_probation(self) -> bool:
        return self.probation_involved or self.disposal in PROBATION_DISPOSALS

    def for_its_disposal(self) -> DecisionInput:
        """Without values that belong to another disposal: they are never checked, so never stored."""
        keep = DISPOSAL_FIELDS.get(self.disposal, frozenset())
        cleared: dict[str, Any] = {
            name: ("" if isinstance(getattr(self, name), str) else None)
            for name in DISPOSAL_SPECIFIC_FIELDS
            if name not in keep
        }
        return replace(self, **cleared)


# What belongs to each disposal (the form shows them as fieldsets; the service keeps only these).
DISPOSAL_FIELDS: dict[str, frozenset[str]] = {
    Disposal.TECHNICAL_DISMISSAL: frozenset({"dismissal_code"}),
    Disposal.POLICY_DISMISSAL: frozenset({"dismissal_code"}),
    Disposal.CONDITIONAL_DISMISSAL: frozenset({"conditions", "intervention_id", "probation_period_months"}),
    Disposal.STRAFBESCHIKKING: frozenset(
        {
            "fine_amount",
            "community_service_hours",
            "driving_ban_months",
            "compensation_amount",
            "behavioural_instruction",
            "intervention_id",
            "instruction_period_months",
        }
    ),
    Disposal.SUMMONS: frozenset({"summons_type"}),
    Disposal.HALT: frozenset({"halt_hours"}),
    Disposal.REFER_TO_WERKPLAATS: frozenset(),
}
DISPOSAL_SPECIFIC_FIELDS = frozenset().union(*DISPOSAL_FIELDS.values())
POSITIVE_WHEN_GIVEN = (
    "probation_period_months",
    "community_service_hours",
    "driving_ban_months",
    "instruction_period_months",
    "halt_hours",
)


PUNISHMENT_FIELDS = (
    "fine_amount",
    "community_service_hours",
    "driving_ban_months",
    "compensation_amount",
    "behavioural_instruction",
)


def decision_errors(
    decision: DecisionInput, *, offence_max_penalties: Sequence[Decimal], suspect_age: int
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    disposal = decision.disposal
    if disposal not in Disposal.values:
        add("disposal", _("Choose a disposal."))
        return errors

    if disposal in (Disposal.TECHNICAL_DISMISSAL, Disposal.POLICY_DISMISSAL):
        technical = disposal == Disposal.TECHNICAL_DISMISSAL
        if not decision.dismissal_code:
            add("dismissal_code", _("Choose the dismissal code."))
        elif (decision.dismissal_code in TECHNICAL_CODES) != technical:
            add(
                "dismissal_code",
                _("This code is not a technical dismissal code.")
                if technical
                else _("This code is not a policy dismissal code."),
            )

    if disposal == Disposal.CONDITIONAL_DISMISSAL:
        if not decision.conditions.strip() and decision.intervention_id is None:
            add("conditions", _("A conditional dismissal needs its conditions (or an intervention as the condition)."))
        if not decision.probation_period_months:
            add("probation_period_months", _("A conditional dismissal needs a probation period."))

    if disposal == Disposal.STRAFBESCHIKKING:
        heaviest = max(offence_max_penalties, default=Decimal(0))
        if heaviest > STRAFBESCHIKKING_MAX_PENALTY_YEARS:
            add(
                "disposal",
                _("A strafbeschikking is only possible when every offence carries at most %(years)s years.")
                % {"years": STRAFBESCHIKKING_MAX_PENALTY_YEARS},
            )
        if not any(getattr(decision, field) for field in PUNISHMENT_FIELDS):
            add("disposal", _("A strafbeschikking needs at least one punishment or measure."))
        if (
            decision.community_service_hours is not None
            and decision.community_service_hours > COMMUNITY_SERVICE_MAX_HOURS
        ):
            add(
                "community_service_hours",
                _("Community service can be at most %(max)d hours.") % {"max": COMMUNITY_SERVICE_MAX_HOURS},
            )
        if decision.driving_ban_months is not None and decision.driving_ban_months > DRIVING_BAN_MAX_MONTHS:
            add(
                "driving_ban_months",
                _("A driving ban can be at most %(max)d months.") % {"max": DRIVING_BAN_MAX_MONTHS},
            )
        if decision.behavioural_instruction.strip():
            period = decision.instruction_period_months
            if not period:
                add("instruction_period_months", _("A behavioural instruction needs a period."))
            elif period > BEHAVIOURAL_INSTRUCTION_MAX_MONTHS:
                add(
                    "instruction_period_months",
                    _("A behavioural instruction can run at most %(max)d months.")
                    % {"max": BEHAVIOURAL_INSTRUCTION_MAX_MONTHS},
                )
        for field in ("fine_amount", "compensation_amount"):
            amount = getattr(decision, field)
            if amount is not None and amount <= 0:
                add(field, _("Enter an amount above zero."))

    for field in POSITIVE_WHEN_GIVEN:
        value = getattr(decision, field)
        if value is not None and value <= 0:
            add(field, _("Enter a number above zero."))

    if disposal == Disposal.SUMMONS and not decision.summons_type:
        add("summons_type", _("Choose where the suspect is summoned to."))

    if disposal == Disposal.HALT:
        if not HALT_MIN_AGE <= suspect_age <= HALT_MAX_AGE:
            add(
                "disposal",
                _("Halt is only for suspects aged %(min)d to %(max)d.") % {"min": HALT_MIN_AGE, "max": HALT_MAX_AGE},
            )
        if decision.halt_hours is not None and decision.halt_hours > HALT_MAX_HOURS:
            add("halt_hours", _("A Halt assignment can be at most %(max)d hours.") % {"max": HALT_MAX_HOURS})

    if decision.involves_probation:
        # Every suspect whose disposal involves probation leaves with a concrete appointment.
        for field, message in (
            ("appointment_at", _("Enter the date and time of the follow-up appointment.")),
            ("appointment_place", _("Enter where the follow-up appointment is.")),
            ("appointment_with", _("Enter with whom the follow-up appointment is.")),
        ):
            if not getattr(decision, field):
                add(field, message)
    return errors
