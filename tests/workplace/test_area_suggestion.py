"""Area-based work (seed 004): a new werkplaats case suggests the worker of the team covering the suspect's
postcode area, the narrowest area first; without one, the location's lowest caseload decides."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.test_views import register_case
from tests.workplace.flow import assigned_case
from zsm.accounts.models import Location, Membership, Team, User
from zsm.cases.models import Case
from zsm.persons.models import Person
from zsm.workplace.constants import Signal
from zsm.workplace.models import TeamArea, WerkplaatsCase
from zsm.workplace.selectors import werkplaats_case_list, worker_suggestions
from zsm.workplace.services import werkplaats_case_propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas(world: dict[str, User]) -> dict[str, TeamArea]:
    """Willem (werkplaats2) moves to a new team for Utrecht-Noord; the old team covers all of Utrecht."""
    membership = Membership.objects.get(user=world["werkplaats2"])
    city_team = membership.team
    assert city_team is not None
    north = Team.objects.create(name="Werkplaats Utrecht-Noord", organisation=city_team.organisation,
                                location=city_team.location)  # fmt: skip
    Membership.objects.filter(pk=membership.pk).update(team=north)
    return {
        "city": TeamArea.objects.create(team=city_team, name="Utrecht", postcode_from=3500, postcode_to=3599),
        "north": TeamArea.objects.create(team=north, name="Overvecht", postcode_from=3561, postcode_to=3565),
    }


def _proposed(world: dict[str, User], postcode: str) -> WerkplaatsCase:
    case = register_case(world)
    Person.objects.filter(pk=Case.objects.get(pk=case.pk).suspect_id).update(postcode=postcode)
    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    return werkplaats_case_list(user=world["coordinator"]).get(pk=proposed.pk)


def _location() -> Location:
    return Location.objects.get(code="midden-nederland")


def test_the_narrowest_covering_area_decides(world: dict[str, User], areas: dict[str, TeamArea]) -> None:
    assigned_case(world, worker="werkplaats2")  # Willem is busier, but his area wins
    overvecht, lombok, elsewhere, unknown = (
        _proposed(world, "3562 AB"),
        _proposed(world, "3521AB"),
        _proposed(world, "9711 AA"),
        _proposed(world, ""),
    )
    cases, location = [overvecht, lombok, elsewhere, unknown], _location()
    with CaptureQueriesContext(connection) as queries:
        suggestions = worker_suggestions(location=location, cases=cases)
    assert len(queries) <= 3
    assert suggestions[overvecht.pk].worker == world["werkplaats2"]
    assert suggestions[overvecht.pk].area == areas["north"]
    assert suggestions[lombok.pk].worker == world["werkplaats"]
    assert suggestions[lombok.pk].area == areas["city"]
    # Outside every area, or no postcode: the lowest caseload, counting the suggestions made before it
    # (Wendy 0 + Lombok = 1, Willem 1 + Overvecht = 2; then Wendy 2 against Willem 2: Wendy by name order).
    assert suggestions[elsewhere.pk].worker == world["werkplaats"]
    assert suggestions[unknown.pk].worker == world["werkplaats"]
    assert suggestions[elsewhere.pk].area is None
    assert suggestions[unknown.pk].area is None


def test_a_batch_is_spread_over_the_team(world: dict[str, User]) -> None:
    batch = [_proposed(world, "") for _n in range(4)]
    suggestions = worker_suggestions(location=_location(), cases=batch)
    chosen = [suggestions[case.pk].worker.username for case in batch]
    assert sorted(chosen) == ["werkplaats", "werkplaats", "werkplaats2", "werkplaats2"]


def test_an_area_team_without_workers_falls_back(world: dict[str, User], areas: dict[str, TeamArea]) -> None:
    Membership.objects.filter(user=world["werkplaats2"]).update(is_active=False)
    overvecht = _proposed(world, "3562 AB")
    suggestion = worker_suggestions(location=_location(), cases=[overvecht])[overvecht.pk]
    assert suggestion.worker == world["werkplaats"]
    assert suggestion.area == areas["city"]


def test_the_coordination_page_names_the_area(
    world: dict[str, User], areas: dict[str, TeamArea], login_as: object
) -> None:
    overvecht = _proposed(world, "3562 AB")
    page = login_as("coordinator").get(reverse("workplace:coordination"))  # type: ignore[operator]
    assert page.status_code == 200
    row = next(r for r in page.context["proposed"] if r["werkplaats_case"].pk == overvecht.pk)
    assert row["form"].initial["worker"] == world["werkplaats2"].pk
    assert "Overvecht" in page.content.decode()
