"""Disposals the OM can choose and their legal caps (PRIMER §4). One place for each number."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- OM-strafbeschikking (art. 257a Sv) ---------------------------------------------------------
STRAFBESCHIKKING_MAX_PENALTY_YEARS = Decimal("6")  # art. 257a lid 1 Sv: misdrijven of at most six years
COMMUNITY_SERVICE_MAX_HOURS = 180  # art. 257a lid 2 sub a Sv
# Youth criminal law: a taakstraf by strafbeschikking for a minor is at most 60 hours (art. 77f Sr; see
# docs/legal-rules.md for how this was checked).
MINOR_COMMUNITY_SERVICE_MAX_HOURS = 60
DRIVING_BAN_MAX_MONTHS = 6  # art. 257a lid 2 sub e Sv
BEHAVIOURAL_INSTRUCTION_MAX_MONTHS = 12  # art. 257a lid 3 sub e Sv: a probation period of at most a year
# Art. 257c Sv: the OM hears the suspect before a strafbeschikking with a taakstraf, a driving ban or a
# behavioural instruction, or with a fine (and compensation) above this amount.
HEARING_REQUIRED_ABOVE_AMOUNT = Decimal("2000")
OBJECTION_DAYS = 14  # art. 257e lid 1 Sv: verzet within 14 days after the copy was handed over in person

# --- Voorwaardelijk sepot (art. 167 lid 2 Sv; Aanwijzing sepot en gebruik sepotgronden) ------------
CONDITIONAL_DISMISSAL_MAX_MONTHS = 12  # "een proeftijd van ten hoogste een jaar"

# --- Halt (art. 77e Sr) ------------------------------------------------------------------------------
HALT_MIN_AGE, HALT_MAX_AGE = 12, 17  # twelve, not yet eighteen, on the day of the offence
HALT_MAX_HOURS = 20


class Disposal(models.TextChoices):
    TECHNICAL_DISMISSAL = "technical_dismissal", _("Technical dismissal (technisch sepot)")
    POLICY_DISMISSAL = "policy_dismissal", _("Policy dismissal (beleidssepot)")
    CONDITIONAL_DISMISSAL = "conditional_dismissal", _("Conditional dismissal (voorwaardelijk sepot)")
    STRAFBESCHIKKING = "strafbeschikking", _("OM penalty order (strafbeschikking)")
    SUMMONS = "summons", _("Summons (dagvaarding)")
    HALT = "halt", _("Halt")
    REFER_TO_WERKPLAATS = "refer_to_werkplaats", _("Refer to the werkplaats (decision pending)")


class SummonsType(models.TextChoices):
    """Before which judge the suspect is summoned (and how fast). The judge follows from the suspect's age on
    the day of the offence and the kind of offence; `caps.summons_types_allowed` says which fit."""

    POLICE_JUDGE = "police_judge", _("Police judge (politierechter)")
    SNELRECHT = "snelrecht", _("Police judge, snelrecht")
    SUPERSNELRECHT = "supersnelrecht", _("Police judge, supersnelrecht (within days)")
    FULL_COURT = "full_court", _("Full criminal bench (meervoudige kamer)")
    JUVENILE_JUDGE = "juvenile_judge", _("Juvenile judge (kinderrechter)")
    JUVENILE_FULL_COURT = "juvenile_full_court", _("Full juvenile bench (meervoudige kamer voor jeugdzaken)")
    KANTONRECHTER = "kantonrechter", _("Cantonal judge (kantonrechter)")
    # Retired: a TOM/OM session is a hearing by the OM in the strafbeschikking route, not a summons
    # (art. 257c Sv). Kept so decisions recorded with it stay readable; never offered again.
    TOM_SESSION = "tom_session", _("TOM/OM session (retired: not a summons)")


RETIRED_SUMMONS_TYPES = frozenset({SummonsType.TOM_SESSION})
ADULT_SUMMONS_TYPES = frozenset(
    {SummonsType.POLICE_JUDGE, SummonsType.SNELRECHT, SummonsType.SUPERSNELRECHT, SummonsType.FULL_COURT}
)
# Art. 495 Sv: a minor's case goes to the kinderrechter (or the full bench for youth cases, lid 2).
JUVENILE_SUMMONS_TYPES = frozenset({SummonsType.JUVENILE_JUDGE, SummonsType.JUVENILE_FULL_COURT})


class ServedHow(models.TextChoices):
    """How the suspect learned of the strafbeschikking: from then the 14 days of art. 257e Sv run."""

    IN_PERSON = "in_person", _("Handed over in person")
    OTHERWISE_KNOWN = "otherwise_known", _("Otherwise shown to be known to the suspect")


# Technical dismissal 01, "ten onrechte als verdachte aangemerkt": the case and its personal data go (ADR 0006).
WRONGLY_SUSPECT_CODE = "01"
