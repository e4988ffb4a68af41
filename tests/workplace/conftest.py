"""Werkplaats fixtures: fresh ZSM cases, a proposed and an assigned werkplaats case, a second location."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zsm.accounts.constants import OrganisationKind, Role
from zsm.accounts.models import Location, User
from zsm.accounts.services import location_ensure, membership_create, organisation_ensure, user_create
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, case_register
from zsm.workplace.constants import Signal
from zsm.workplace.models import WerkplaatsCase
from zsm.workplace.services import werkplaats_case_assign, werkplaats_case_propose

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 1, 14, 10, 0, tzinfo=AMS)  # a Wednesday
INSULT = OffenceInput("266 Sr", "Belediging", False, Decimal("0.25"))
_numbers = count(1)


@pytest.fixture
def zsm_case(world: dict[str, User]) -> Callable[..., Case]:
    """`zsm_case()` registers a fresh case at Midden-Nederland, as the police do, at `at` (default NOW)."""

    def _make(at: datetime = NOW) -> Case:
        number = next(_numbers)
        with time_machine.travel(at, tick=False):
            return case_register(
                user=world["politie"],
                data=CaseInput(
                    police_registration_number=f"PL0900-2026{number:06d}",
                    arrested_at=at - timedelta(hours=2),
                    holding_ordered_at=at - timedelta(hours=1),
                    suspect=SuspectInput(given_names="Sem", surname=f"Jansen{number}", date_of_birth=date(1990, 3, 1)),
                    offences=[INSULT],
                ),
            )

    return _make


@pytest.fixture
def propose(world: dict[str, User], zsm_case: Callable[..., Case]) -> Callable[..., WerkplaatsCase]:
    def _propose(at: datetime = NOW, by: str = "reclassering") -> WerkplaatsCase:
        case = zsm_case(at)
        with time_machine.travel(at, tick=False):
            return werkplaats_case_propose(user=world[by], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])

    return _propose


@pytest.fixture
def assigned(world: dict[str, User], propose: Callable[..., WerkplaatsCase]) -> Callable[..., WerkplaatsCase]:
    """`assigned()` proposes a case and has the coordinator give it to `werkplaats` (or another worker)."""

    def _assigned(at: datetime = NOW, worker: str = "werkplaats") -> WerkplaatsCase:
        werkplaats_case = propose(at)
        with time_machine.travel(at, tick=False):
            return werkplaats_case_assign(
                user=world["coordinator"],
                werkplaats_case_id=werkplaats_case.pk,
                worker_id=world[worker].pk,
                expected_version=werkplaats_case.version,
            )

    return _assigned


@pytest.fixture
def elsewhere(world: dict[str, User]) -> dict[str, User | Location]:
    """A second ZSM location (Noord-Nederland) with its own coordinator and werkplaats worker."""
    location = location_ensure(code="noord-nederland", name="Noord-Nederland", city="Groningen")
    rn = organisation_ensure(name="Reclassering Nederland", kind=OrganisationKind.RECLASSERING_NEDERLAND)
    people: dict[str, User | Location] = {"location": location}
    for username, role in (("coordinator-noord", Role.COORDINATOR), ("werkplaats-noord", Role.WERKPLAATS_WORKER)):
        user = user_create(username=username, password="test-wachtwoord-123", first_name=username)
        membership_create(user=user, organisation=rn, location=location, role=role)
        people[username] = user
    return people


@pytest.fixture
def officier_elsewhere(elsewhere: dict[str, User | Location]) -> User:
    """An OM decider at the second location (Noord-Nederland)."""
    om = organisation_ensure(name="Openbaar Ministerie, parket Noord-Nederland", kind=OrganisationKind.OM)
    user = user_create(username="officier-noord", password="test-wachtwoord-123", first_name="Officier Noord")
    location = elsewhere["location"]
    assert isinstance(location, Location)
    membership_create(user=user, organisation=om, location=location, role=Role.OM_DECIDER)
    return user
