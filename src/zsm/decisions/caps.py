"""The legal limits on a disposal, checked in one place for the form, the API and the service.

`decision_errors` returns Dutch messages per field (empty: the decision may be stored); `decision_warnings`
returns what the officer should look at again but may decide anyway. Both are pure: the facts of the case
(the suspect's age on the day of the offence, the offences with their statutory facts) come in as
`CaseFacts`, so every rule can be tested at its edges without a database. `docs/legal-rules.md` lists every
rule with its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zsm.cases.constants import CRIMINAL_RESPONSIBILITY_AGE, MINOR_AGE, HaltDesignation, OffenceKind
from zsm.common.clock import local
from zsm.common.holidays import atw_term_end, is_working_day
from zsm.decisions.constants import (
    ADULT_SUMMONS_TYPES,
    BEHAVIOURAL_INSTRUCTION_MAX_MONTHS,
    COMMUNITY_SERVICE_MAX_HOURS,
    CONDITIONAL_DISMISSAL_MAX_MONTHS,
    DRIVING_BAN_MAX_MONTHS,
    HALT_MAX_AGE,
    HALT_MAX_HOURS,
    HALT_MIN_AGE,
    HEARING_REQUIRED_ABOVE_AMOUNT,
    JUVENILE_SUMMONS_TYPES,
    MINOR_COMMUNITY_SERVICE_MAX_HOURS,
    OBJECTION_DAYS,
    RETIRED_SUMMONS_TYPES,
    STRAFBESCHIKKING_MAX_PENALTY_YEARS,
    Disposal,
    SummonsType,
)
from zsm.decisions.dismissal_grounds import GroundKind


@dataclass(frozen=True)
class OffenceFacts:
    code: str
    max_penalty_years: Decimal
    kind: str = OffenceKind.MISDRIJF
    halt: str = HaltDesignation.NONE


@dataclass(frozen=True)
class CaseFacts:
    """What the law asks about a case before a disposal: the age on the day of the offence and the offences."""

    suspect_age: int
    offences: tuple[OffenceFacts, ...]

    @property
    def under_twelve(self) -> bool:
        return self.suspect_age < CRIMINAL_RESPONSIBILITY_AGE

    @property
    def minor(self) -> bool:
        return self.suspect_age < MINOR_AGE

    @property
    def only_infractions(self) -> bool:
        return bool(self.offences) and all(o.kind == OffenceKind.OVERTREDING for o in self.offences)

    @property
    def heaviest_crime_penalty(self) -> Decimal:
        """Art. 257a lid 1 Sv limits the strafbeschikking by the misdrijven's maxima (overtredingen always fit)."""
        return max((o.max_penalty_years for o in self.offences if o.kind == OffenceKind.MISDRIJF), default=Decimal(0))


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
    # Art. 257c Sv: when the OM hears (or heard) the suspect, at the ZSM table or at an OM session.
    om_hearing_at: datetime | None = None
    summons_type: str = ""
    halt_hours: int | None = None
    # Art. 2 Besluit aanwijzing Halt-feiten: a comparable simple case goes to Halt with the officer's consent.
    halt_with_consent: bool = False
    # Probation supervises or guides as a condition or behavioural instruction (toezicht of begeleiding).
    probation_involved: bool = False
    appointment_at: datetime | None = None
    appointment_place: str = ""
    appointment_with: str = ""
    rationale: str = ""

    @property
    def involves_probation(self) -> bool:
        """Probation carries out (part of) the disposal, so the suspect leaves with an appointment: a
        werkplaats referral, or a conditional dismissal or strafbeschikking whose condition or instruction is
        probation supervision or guidance, or a werkplaats intervention."""
        if self.disposal == Disposal.REFER_TO_WERKPLAATS:
            return True
        if self.disposal in (Disposal.CONDITIONAL_DISMISSAL, Disposal.STRAFBESCHIKKING):
            return self.probation_involved or self.intervention_id is not None
        return False

    def for_its_disposal(self) -> DecisionInput:
        """Without values that belong to another disposal: they are never checked, so never stored."""
        keep = DISPOSAL_FIELDS.get(self.disposal, frozenset())
        cleared: dict[str, Any] = {
            name: _empty_like(getattr(self, name)) for name in DISPOSAL_SPECIFIC_FIELDS if name not in keep
        }
        return replace(self, **cleared)


def _empty_like(value: Any) -> Any:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return ""
    return None


# What belongs to each disposal (the form shows them as fieldsets; the service keeps only these).
DISPOSAL_FIELDS: dict[str, frozenset[str]] = {
    Disposal.TECHNICAL_DISMISSAL: frozenset({"dismissal_code"}),
    Disposal.POLICY_DISMISSAL: frozenset({"dismissal_code"}),
    Disposal.CONDITIONAL_DISMISSAL: frozenset(
        {"conditions", "intervention_id", "probation_period_months", "probation_involved"}
    ),
    Disposal.STRAFBESCHIKKING: frozenset(
        {
            "fine_amount",
            "community_service_hours",
            "driving_ban_months",
            "compensation_amount",
            "behavioural_instruction",
            "intervention_id",
            "instruction_period_months",
            "om_hearing_at",
            "probation_involved",
        }
    ),
    Disposal.SUMMONS: frozenset({"summons_type"}),
    Disposal.HALT: frozenset({"halt_hours", "halt_with_consent"}),
    Disposal.REFER_TO_WERKPLAATS: frozenset(),
}
DISPOSAL_SPECIFIC_FIELDS = frozenset().union(*DISPOSAL_FIELDS.values())
# The disposals probation may carry out, so the suspect may leave with a follow-up appointment (see
# `DecisionInput.involves_probation`): the decision form asks for the appointment only with these.
APPOINTMENT_DISPOSALS = frozenset(
    {Disposal.CONDITIONAL_DISMISSAL, Disposal.STRAFBESCHIKKING, Disposal.REFER_TO_WERKPLAATS}
)
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


def summons_types_allowed(facts: CaseFacts) -> frozenset[str]:
    """The judges a suspect may be summoned before (the form offers only these).

    A minor on the day of the offence goes to the kinderrechter (art. 495 Sv, age per art. 488 lid 2 Sv),
    an adult never. Overtredingen alone go to the kantonrechter (art. 382 Sv), for minors too; crimes go to the
    rechtbank, never to the kantonrechter.
    """
    if facts.under_twelve:
        return frozenset()
    if facts.only_infractions:
        return frozenset({SummonsType.KANTONRECHTER})
    return JUVENILE_SUMMONS_TYPES if facts.minor else ADULT_SUMMONS_TYPES


def hearing_required(decision: DecisionInput) -> bool:
    """Art. 257c Sv: a taakstraf, a driving ban or a behavioural instruction, or more than € 2,000."""
    amount = (decision.fine_amount or Decimal(0)) + (decision.compensation_amount or Decimal(0))
    return bool(
        decision.community_service_hours
        or decision.driving_ban_months
        or decision.behavioural_instruction.strip()
        or amount > HEARING_REQUIRED_ABOVE_AMOUNT
    )


def decision_errors(decision: DecisionInput, *, facts: CaseFacts, grounds: Mapping[str, str]) -> dict[str, list[str]]:
    """Every reason this decision may not be stored, by field. `grounds` maps the dismissal codes in force to
    their kind (technical or policy)."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    disposal = decision.disposal
    if disposal not in Disposal.values:
        add("disposal", _("Choose a disposal."))
        return errors

    if facts.under_twelve and disposal != Disposal.TECHNICAL_DISMISSAL:
        add(
            "disposal",
            _(
                "A child under 12 on the day of the offence cannot be prosecuted (art. 486 Sv): the only disposal "
                "is a technical dismissal."
            ),
        )
        return errors

    if disposal in (Disposal.TECHNICAL_DISMISSAL, Disposal.POLICY_DISMISSAL):
        _dismissal_errors(decision, grounds, add)
    if disposal == Disposal.CONDITIONAL_DISMISSAL:
        _conditional_dismissal_errors(decision, add)
    if disposal == Disposal.STRAFBESCHIKKING:
        _strafbeschikking_errors(decision, facts, add)
    if disposal == Disposal.SUMMONS:
        _summons_errors(decision, facts, add)
    if disposal == Disposal.HALT:
        _halt_errors(decision, facts, add)
    if disposal == Disposal.REFER_TO_WERKPLAATS and facts.minor:
        add(
            "disposal",
            _(
                "A minor goes the youth route, not to the adult werkplaats: the Raad voor de Kinderbescherming "
                "advises and brings in youth probation (jeugdreclassering, art. 3.2 Jeugdwet)."
            ),
        )

    for field in POSITIVE_WHEN_GIVEN:
        value = getattr(decision, field)
        if value is not None and value <= 0:
            add(field, _("Enter a number above zero."))

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


def _dismissal_errors(decision: DecisionInput, grounds: Mapping[str, str], add: Any) -> None:
    wanted = GroundKind.TECHNICAL if decision.disposal == Disposal.TECHNICAL_DISMISSAL else GroundKind.POLICY
    kind = grounds.get(decision.dismissal_code)
    if not decision.dismissal_code:
        add("dismissal_code", _("Choose the dismissal code."))
    elif kind is None:
        add(
            "dismissal_code",
            _("Code %(code)s is not a dismissal ground in force (Aanwijzing sepot en gebruik sepotgronden).")
            % {"code": decision.dismissal_code},
        )
    elif kind != wanted:
        add(
            "dismissal_code",
            _("This code is not a technical dismissal code.")
            if wanted == GroundKind.TECHNICAL
            else _("This code is not a policy dismissal code."),
        )


def _conditional_dismissal_errors(decision: DecisionInput, add: Any) -> None:
    period = decision.probation_period_months
    if not period:
        add("probation_period_months", _("A conditional dismissal needs a probation period."))
    elif period > CONDITIONAL_DISMISSAL_MAX_MONTHS:
        add(
            "probation_period_months",
            _(
                "The probation period of a conditional dismissal is at most %(max)d months (Aanwijzing sepot en "
                "gebruik sepotgronden). For a longer frame, a strafbeschikking with a behavioural instruction or "
                "a summons fits."
            )
            % {"max": CONDITIONAL_DISMISSAL_MAX_MONTHS},
        )


def _strafbeschikking_errors(decision: DecisionInput, facts: CaseFacts, add: Any) -> None:
    if facts.heaviest_crime_penalty > STRAFBESCHIKKING_MAX_PENALTY_YEARS:
        add(
            "disposal",
            _(
                "A strafbeschikking is only possible for overtredingen and for crimes carrying at most %(years)s "
                "years (art. 257a lid 1 Sv)."
            )
            % {"years": STRAFBESCHIKKING_MAX_PENALTY_YEARS},
        )
    if not any(getattr(decision, field) for field in PUNISHMENT_FIELDS):
        add("disposal", _("A strafbeschikking needs at least one punishment or measure."))
    hours_cap = MINOR_COMMUNITY_SERVICE_MAX_HOURS if facts.minor else COMMUNITY_SERVICE_MAX_HOURS
    if decision.community_service_hours is not None and decision.community_service_hours > hours_cap:
        add(
            "community_service_hours",
            (
                _("For a minor, community service by strafbeschikking is at most %(max)d hours (art. 77f Sr).")
                if facts.minor
                else _("Community service can be at most %(max)d hours (art. 257a lid 2 Sv).")
            )
            % {"max": hours_cap},
        )
    if decision.driving_ban_months is not None and decision.driving_ban_months > DRIVING_BAN_MAX_MONTHS:
        add(
            "driving_ban_months",
            _("A driving ban can be at most %(max)d months (art. 257a lid 2 Sv).") % {"max": DRIVING_BAN_MAX_MONTHS},
        )
    if decision.behavioural_instruction.strip():
        period = decision.instruction_period_months
        if not period:
            add("instruction_period_months", _("A behavioural instruction needs a period."))
        elif period > BEHAVIOURAL_INSTRUCTION_MAX_MONTHS:
            add(
                "instruction_period_months",
                _("A behavioural instruction can run at most %(max)d months (art. 257a lid 3 Sv).")
                % {"max": BEHAVIOURAL_INSTRUCTION_MAX_MONTHS},
            )
    elif decision.probation_involved:
        add(
            "behavioural_instruction",
            _(
                "Probation supervision in a strafbeschikking is a behavioural instruction (art. 257a lid 3 sub e "
                "Sv): write the instruction, e.g. to cooperate with probation supervision."
            ),
        )
    for field in ("fine_amount", "compensation_amount"):
        amount = getattr(decision, field)
        if amount is not None and amount <= 0:
            add(field, _("Enter an amount above zero."))
    if hearing_required(decision) and decision.om_hearing_at is None:
        add(
            "om_hearing_at",
            _(
                "The OM hears the suspect before a strafbeschikking with community service, a driving ban, a "
                "behavioural instruction or more than € %(amount)s (art. 257c Sv): enter when (at the table or at "
                "an OM session)."
            )
            % {"amount": HEARING_REQUIRED_ABOVE_AMOUNT},
        )


def _summons_errors(decision: DecisionInput, facts: CaseFacts, add: Any) -> None:
    allowed = summons_types_allowed(facts)
    chosen = decision.summons_type
    if not chosen:
        add("summons_type", _("Choose where the suspect is summoned to."))
    elif chosen not in SummonsType.values or chosen in RETIRED_SUMMONS_TYPES:
        add(
            "summons_type",
            _("An OM session is not a summons: it belongs to the strafbeschikking route (art. 257c Sv)."),
        )
    elif chosen not in allowed:
        if facts.only_infractions:
            message = _("Overtredingen alone are tried by the kantonrechter (art. 382 Sv).")
        elif chosen == SummonsType.KANTONRECHTER:
            message = _("The kantonrechter tries overtredingen (art. 382 Sv); a crime goes to the rechtbank.")
        elif facts.minor:
            message = _(
                "The suspect was %(age)d on the day of the offence: a minor is summoned before the kinderrechter, "
                "never the politierechter (art. 495 Sv, age per art. 488 lid 2 Sv)."
            ) % {"age": facts.suspect_age}
        else:
            message = _(
                "The suspect was %(age)d on the day of the offence: the kinderrechter tries minors only (art. 495 Sv)."
            ) % {"age": facts.suspect_age}
        add("summons_type", message)


def _halt_errors(decision: DecisionInput, facts: CaseFacts, add: Any) -> None:
    if not HALT_MIN_AGE <= facts.suspect_age <= HALT_MAX_AGE:
        add(
            "disposal",
            _("Halt is only for suspects aged %(min)d to %(max)d on the day of the offence (art. 77e Sr).")
            % {"min": HALT_MIN_AGE, "max": HALT_MAX_AGE},
        )
    not_designated = [o.code for o in facts.offences if o.halt != HaltDesignation.DESIGNATED]
    needing_consent = [o.code for o in facts.offences if o.halt == HaltDesignation.ON_CONSENT]
    refused = [code for code in not_designated if code not in needing_consent]
    if refused:
        add(
            "disposal",
            _(
                "Halt is only for the offences the Besluit aanwijzing Halt-feiten designates (art. 77e Sr); not "
                "for %(codes)s."
            )
            % {"codes": ", ".join(refused)},
        )
    elif needing_consent and not decision.halt_with_consent:
        add(
            "halt_with_consent",
            _(
                "%(codes)s is not a designated Halt offence: Halt is only possible with the officer's express "
                "consent for a comparable simple case (art. 2 Besluit aanwijzing Halt-feiten)."
            )
            % {"codes": ", ".join(needing_consent)},
        )
    if decision.halt_hours is not None and decision.halt_hours > HALT_MAX_HOURS:
        add(
            "halt_hours",
            _("A Halt assignment can be at most %(max)d hours (art. 77e Sr).") % {"max": HALT_MAX_HOURS},
        )


def decision_warnings(decision: DecisionInput) -> dict[str, list[str]]:
    """What a lawful decision should still make the officer look twice at (stored anyway)."""
    warnings: dict[str, list[str]] = {}
    if decision.involves_probation and decision.appointment_at is not None:
        day = local(decision.appointment_at).date()
        if not is_working_day(day):
            warnings.setdefault("appointment_at", []).append(
                _("The follow-up appointment falls on a Saturday, Sunday or public holiday (%(day)s): is it staffed?")
                % {"day": day.strftime("%d-%m-%Y")}
            )
    if decision.disposal == Disposal.CONDITIONAL_DISMISSAL and (
        decision.conditions.strip() or decision.intervention_id
    ):
        warnings.setdefault("conditions", []).append(
            _(
                "Since 1 March 2021 a conditional dismissal in principle has only the general condition; special "
                "conditions go through a strafbeschikking with a behavioural instruction (Aanwijzing sepot en "
                "gebruik sepotgronden)."
            )
        )
    return warnings


def objection_last_day(served_at: datetime) -> date:
    """The last day for verzet: 14 days after the copy was handed over or otherwise known (art. 257e lid 1 Sv),
    run on to the next working day when it ends on a weekend or Atw holiday (art. 1 Algemene termijnenwet)."""
    return atw_term_end(local(served_at).date() + timedelta(days=OBJECTION_DAYS))
