"""The demo world: the ZSM location Midden-Nederland with every partner and one user per role.

Idempotent: running it again adds what is missing and changes nothing that exists.
The case inflow (two weeks of cases, today's open ones) lives in `zsm.demo.inflow`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from zsm.accounts.constants import OrganisationKind as Kind
from zsm.accounts.constants import Role
from zsm.accounts.models import Membership, User
from zsm.accounts.services import location_ensure, membership_create, organisation_ensure, team_ensure, user_create
from zsm.workplace.services import intervention_catalogue_ensure

LOCATION_CODE = "midden-nederland"

ORGANISATIONS: dict[str, tuple[str, str]] = {
    # key: (name, kind)
    "politie": ("Politie Midden-Nederland", Kind.POLICE),
    "om": ("Openbaar Ministerie, parket Midden-Nederland", Kind.OM),
    "rn": ("Reclassering Nederland", Kind.RECLASSERING_NEDERLAND),
    "ldh": ("Leger des Heils Jeugdbescherming & Reclassering", Kind.LEGER_DES_HEILS),
    "svg": ("Stichting Verslavingsreclassering GGZ", Kind.VERSLAVINGSRECLASSERING),
    "shn": ("Slachtofferhulp Nederland", Kind.SLACHTOFFERHULP),
    "rvdk": ("Raad voor de Kinderbescherming", Kind.RAAD_KINDERBESCHERMING),
    "vh": ("Zorg- en Veiligheidshuis Regio Utrecht", Kind.VEILIGHEIDSHUIS),
    "gemeente": ("Gemeente Utrecht", Kind.MUNICIPALITY),
    "keten": ("ZSM-ketenbureau Midden-Nederland", Kind.CHAIN_OFFICE),
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: str
    team: str | None = None


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("politie", "Pieter", "de Politie", "politie", Role.POLICE_OFFICER),
    DemoUser("officier", "Olga", "Officier", "om", Role.OM_DECIDER),
    DemoUser("reclassering", "Rachid", "Reclassering", "rn", Role.ZSM_SCREENER, "ZSM-screening Midden-Nederland"),
    DemoUser("werkplaats", "Wendy", "Werkplaats", "rn", Role.WERKPLAATS_WORKER, "Werkplaats Midden-Nederland"),
    DemoUser(
        "werkplaats2", "Willem", "van der Werkplaats", "rn", Role.WERKPLAATS_WORKER, "Werkplaats Midden-Nederland"
    ),
    DemoUser("coordinator", "Cora", "Coördinator", "rn", Role.COORDINATOR, "Werkplaats Midden-Nederland"),
    DemoUser("slachtofferhulp", "Sanne", "Slachtofferhulp", "shn", Role.VICTIM_SUPPORT),
    DemoUser("raad", "Ruud", "van de Raad", "rvdk", Role.CHILD_PROTECTION),
    DemoUser("veiligheidshuis", "Vera", "Veiligheidshuis", "vh", Role.VEILIGHEIDSHUIS_COORDINATOR),
    DemoUser("beheer", "Bert", "Beheer", "keten", Role.FUNCTIONAL_ADMIN),
    DemoUser("privacy", "Priya", "Privacy", "keten", Role.PRIVACY_OFFICER),
)


def demo_is_loaded() -> bool:
    return User.objects.filter(username__in=[u.username for u in DEMO_USERS]).exists()


@transaction.atomic
def demo_build(*, password: str, progress: Callable[[str], None] = lambda _message: None) -> list[DemoUser]:
    location = location_ensure(code=LOCATION_CODE, name="Midden-Nederland", city="Utrecht")
    organisations = {key: organisation_ensure(name=name, kind=kind) for key, (name, kind) in ORGANISATIONS.items()}
    progress(f"{len(organisations)} organisations at ZSM location {location.name}")
    for demo in DEMO_USERS:
        organisation = organisations[demo.organisation]
        team = team_ensure(name=demo.team, organisation=organisation, location=location) if demo.team else None
        user = User.objects.filter(username=demo.username).first()
        if user is None:
            user = user_create(
                username=demo.username,
                password=password,
                first_name=demo.first_name,
                last_name=demo.last_name,
                email=f"{demo.username}@demo.zsm-werkplaats.example",
            )
        if not Membership.objects.filter(
            user=user, organisation=organisation, location=location, role=demo.role
        ).exists():
            membership_create(user=user, organisation=organisation, location=location, role=demo.role, team=team)
    progress(f"{len(DEMO_USERS)} demo users, one per role")
    intervention_catalogue_ensure()
    return list(DEMO_USERS)
