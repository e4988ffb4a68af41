"""Case statuses, partners at the table, and the flags on a case."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from zsm.accounts.constants import PROBATION_KINDS, OrganisationKind

MINOR_AGE = 18  # age at the offence below which the Raad voor de Kinderbescherming is involved


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_SCREENING = "in_screening", _("In screening")
    READY_FOR_DECISION = "ready_for_decision", _("Ready for decision")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")
    RELEASED_WITH_SUMMONS = "released_with_summons", _("Released, summons to follow")
    BEFORE_EXAMINING_JUDGE = "before_examining_judge", _("Brought before the examining judge")
    REFERRED_TO_WERKPLAATS = "referred_to_werkplaats", _("Referred to the werkplaats")


OPEN_STATUSES = frozenset(
    {CaseStatus.REGISTERED, CaseStatus.IN_SCREENING, CaseStatus.READY_FOR_DECISION, CaseStatus.REFERRED_TO_WERKPLAATS}
)
# The suspect is still held and the holding clock runs: these are the ZSM table's live cases.
# A case referred to the werkplaats is open, but no longer the table's (nor on its clock).
HELD_STATUSES = frozenset({CaseStatus.REGISTERED, CaseStatus.IN_SCREENING, CaseStatus.READY_FOR_DECISION})


# Status changes made by hand on the case page; the others follow from screenings and decisions.
MANUAL_TARGETS = (CaseStatus.RELEASED_WITH_SUMMONS, CaseStatus.BEFORE_EXAMINING_JUDGE, CaseStatus.CLOSED)


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
