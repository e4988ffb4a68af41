"""Case statuses, partners at the table, and the flags on a case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import PROBATION_KINDS, OrganisationKind

# Ages on the day of the offence (art. 77a Sr, art. 488 lid 2 Sv: the age "ten tijde van het begaan van het feit").
MINOR_AGE = 18  # below it: youth criminal law, the kinderrechter, the Raad and youth probation
CRIMINAL_RESPONSIBILITY_AGE = 12  # art. 486 Sv: nobody is prosecuted for what they did before turning 12


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_SCREENING = "in_screening", _("In screening")
    READY_FOR_DECISION = "ready_for_decision", _("Ready for decision")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    RELEASED_WITH_SUMMONS = "released_with_summons", _("Released, summons to follow")
    BEFORE_EXAMINING_JUDGE = "before_examining_judge", _("Brought before the examining judge")
    REFERRED_TO_WERKPLAATS = "referred_to_werkplaats", _("Referred to the werkplaats")
    # Art. 486 Sv: a child under 12 is not prosecuted. No holding clock, no disposal but a technical
    # dismissal; the Raad (and Veilig Thuis where the child's safety is at stake) take it from here.
    UNDER_TWELVE = "under_twelve", _("Under 12: outside criminal law")


OPEN_STATUSES = frozenset(
    {
        CaseStatus.REGISTERED,
        CaseStatus.IN_SCREENING,
        CaseStatus.READY_FOR_DECISION,
        CaseStatus.REFERRED_TO_WERKPLAATS,
        CaseStatus.UNDER_TWELVE,
    }
)
# The suspect is still held and the holding clock runs: these are the ZSM table's live cases.
# A case referred to the werkplaats is open, but no longer the table's (nor on its clock).
HELD_STATUSES = frozenset({CaseStatus.REGISTERED, CaseStatus.IN_SCREENING, CaseStatus.READY_FOR_DECISION})


# Status changes made by hand on the case page; the others follow from screenings and decisions.
MANUAL_TARGETS = (CaseStatus.RELEASED_WITH_SUMMONS, CaseStatus.BEFORE_EXAMINING_JUDGE, CaseStatus.CLOSED)


class OffenceKind(models.TextChoices):
    """Book II of the Sr holds misdrijven, book III overtredingen; special laws say which is which."""

    MISDRIJF = "misdrijf", _("Crime (misdrijf)")
    OVERTREDING = "overtreding", _("Infraction (overtreding)")


class PretrialBasis(models.TextChoices):
    """Why pre-trial detention is allowed (art. 67 lid 1 Sv), or not."""

    NONE = "", _("Not allowed")
    SUB_A = "67-1-a", _("Art. 67(1)(a) Sv: four years or more")
    SUB_B = "67-1-b", _("Art. 67(1)(b) Sv: named in the Sr")
    SUB_C = "67-1-c", _("Art. 67(1)(c) Sv: named in a special law")


class HaltDesignation(models.TextChoices):
    """Whether an offence may go to Halt (art. 77e Sr and the Besluit aanwijzing Halt-feiten)."""

    NONE = "", _("Not a Halt offence")
    DESIGNATED = "designated", _("Designated Halt offence")
    # Art. 2 of the Besluit: comparable simple cases, only with the officer of justice's express consent.
    ON_CONSENT = "on_consent", _("Halt only with the officer's express consent")


class Partner(models.TextChoices):
    """A column of the ZSM table: each partner screens its own systems."""

    POLICE = "police", _("Police")
    OM = "om", _("OM")
    PROBATION = "probation", _("Probation (3RO)")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    CHILD_PROTECTION = "child_protection", _("Child protection")


PARTNER_OF_KIND: dict[str, str] = {
    OrganisationKind.POLICE: Partner.POLICE,
    OrganisationKind.OM: Partner.OM,
    **dict.fromkeys(PROBATION_KINDS, Partner.PROBATION),
    OrganisationKind.SLACHTOFFERHULP: Partner.VICTIM_SUPPORT,
    OrganisationKind.RAAD_KINDERBESCHERMING: Partner.CHILD_PROTECTION,
}


class ScreeningState(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Known(models.TextChoices):
    UNKNOWN = "unknown", _("Not checked yet")
    KNOWN = "known", _("Known")
    NOT_KNOWN = "not_known", _("Not known")
