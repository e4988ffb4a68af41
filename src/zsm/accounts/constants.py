"""Organisation kinds and roles (DESIGN §4), and which role belongs in which organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    POLICE = "politie", _("Police")
    OM = "om", _("Public Prosecution Service (OM)")
    RECLASSERING_NEDERLAND = "reclassering_nederland", "Reclassering Nederland"
    LEGER_DES_HEILS = "leger_des_heils", "Leger des Heils Jeugdbescherming & Reclassering"
    VERSLAVINGSRECLASSERING = "verslavingsreclassering", "Stichting Verslavingsreclassering GGZ"
    SLACHTOFFERHULP = "slachtofferhulp", "Slachtofferhulp Nederland"
    RAAD_KINDERBESCHERMING = "raad_kinderbescherming", "Raad voor de Kinderbescherming"
    VEILIGHEIDSHUIS = "veiligheidshuis", _("Safety house (Zorg- en Veiligheidshuis)")
    MUNICIPALITY = "gemeente", _("Municipality")
    CHAIN_OFFICE = "ketenbureau", _("ZSM chain office")


# The three probation organisations (3RO).
PROBATION_KINDS = frozenset(
    {
        OrganisationKind.RECLASSERING_NEDERLAND,
        OrganisationKind.LEGER_DES_HEILS,
        OrganisationKind.VERSLAVINGSRECLASSERING,
    }
)
# Partners that sit at the ZSM table and screen their own systems.
ZSM_PARTNER_KINDS = frozenset(
    {
        OrganisationKind.POLICE,
        OrganisationKind.OM,
        *PROBATION_KINDS,
        OrganisationKind.SLACHTOFFERHULP,
        OrganisationKind.RAAD_KINDERBESCHERMING,
    }
)


class Role(models.TextChoices):
    ZSM_SCREENER = "zsm_screener", _("ZSM screener")
    OM_DECIDER = "om_decider", _("OM decider (officer / parketsecretaris)")
    POLICE_OFFICER = "police_officer", _("Police ZSM officer")
    WERKPLAATS_WORKER = "werkplaats_worker", _("Werkplaats worker")
    COORDINATOR = "coordinator", _("Unit manager / coordinator")
    VICTIM_SUPPORT = "victim_support", _("Victim-support worker")
    CHILD_PROTECTION = "child_protection", _("Child-protection worker")
    VEILIGHEIDSHUIS_COORDINATOR = "veiligheidshuis_coordinator", _("Safety-house coordinator")
    FUNCTIONAL_ADMIN = "functional_admin", _("Functional administrator")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


# Where each role may be held. A role outside its organisations would open data the
# organisation has no legal ground to see, so memberships are checked against this table.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.ZSM_SCREENER: ZSM_PARTNER_KINDS,
    Role.OM_DECIDER: frozenset({OrganisationKind.OM}),
    Role.POLICE_OFFICER: frozenset({OrganisationKind.POLICE}),
    Role.WERKPLAATS_WORKER: PROBATION_KINDS,
    Role.COORDINATOR: PROBATION_KINDS,
    Role.VICTIM_SUPPORT: frozenset({OrganisationKind.SLACHTOFFERHULP}),
    Role.CHILD_PROTECTION: frozenset({OrganisationKind.RAAD_KINDERBESCHERMING}),
    Role.VEILIGHEIDSHUIS_COORDINATOR: frozenset({OrganisationKind.VEILIGHEIDSHUIS}),
    Role.FUNCTIONAL_ADMIN: frozenset(OrganisationKind.values),
    Role.PRIVACY_OFFICER: frozenset(OrganisationKind.values),
}

# Roles that see no case content but hold the keys to the system: always a second factor.
MFA_REQUIRED_ROLES = frozenset({Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER})
