"""Disposals the OM can choose and their legal caps (PRIMER §4). One place for each number."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

STRAFBESCHIKKING_MAX_PENALTY_YEARS = Decimal("6")  # art. 257a Sv: offences of six years or less
COMMUNITY_SERVICE_MAX_HOURS = 180
DRIVING_BAN_MAX_MONTHS = 6
BEHAVIOURAL_INSTRUCTION_MAX_MONTHS = 12
HALT_MIN_AGE, HALT_MAX_AGE = 12, 17
HALT_MAX_HOURS = 20
OBJECTION_DAYS = 14  # objection to a strafbeschikking within 14 days after handing over


class Disposal(models.TextChoices):
    TECHNICAL_DISMISSAL = "technical_dismissal", _("Technical dismissal (technisch sepot)")
    POLICY_DISMISSAL = "policy_dismissal", _("Policy dismissal (beleidssepot)")
    CONDITIONAL_DISMISSAL = "conditional_dismissal", _("Conditional dismissal (voorwaardelijk sepot)")
    STRAFBESCHIKKING = "strafbeschikking", _("OM penalty order (strafbeschikking)")
    SUMMONS = "summons", _("Summons (dagvaarding)")
    HALT = "halt", _("Halt")
    REFER_TO_WERKPLAATS = "refer_to_werkplaats", _("Refer to the werkplaats (decision pending)")


class DismissalCode(models.TextChoices):
    """Dismissal grounds as coded by the OM (technical 0x, policy 4x)."""

    WRONGLY_SUSPECT = "01", _("01 Wrongly treated as a suspect")
    INSUFFICIENT_EVIDENCE = "02", _("02 Insufficient legal evidence")
    NOT_AN_OFFENCE = "03", _("03 Not a criminal offence")
    NOT_PUNISHABLE = "04", _("04 Not punishable / no blame")
    PROSECUTION_BARRED = "05", _("05 Prosecution barred")
    MINOR_OFFENCE = "41", _("41 Minor offence")
    MINOR_ROLE = "42", _("42 Minor involvement")
    RECENTLY_PUNISHED = "43", _("43 Recently punished for another offence")
    OLD_CASE = "44", _("44 Old case")
    SETTLED_WITH_VICTIM = "45", _("45 Settled with the victim")
    SUSPECT_HARD_HIT = "46", _("46 Suspect hard hit by the offence")
    OTHER_INTERESTS_PREVAIL = "47", _("47 Other interests prevail (e.g. care)")


TECHNICAL_CODES = frozenset({"01", "02", "03", "04", "05"})


class SummonsType(models.TextChoices):
    POLICE_JUDGE = "police_judge", _("Police judge (politierechter)")
    SNELRECHT = "snelrecht", _("Snelrecht")
    SUPERSNELRECHT = "supersnelrecht", _("Supersnelrecht (within days, with consent)")
    TOM_SESSION = "tom_session", _("TOM/OM session")


# Disposals after which probation is involved: the suspect leaves with a concrete appointment.
PROBATION_DISPOSALS = frozenset({Disposal.CONDITIONAL_DISMISSAL, Disposal.REFER_TO_WERKPLAATS})
