"""Each role starts on its working list: after login and on `home`, the screener lands on the ZSM board, the
werkplaats worker on their day, the coordinator on coordination, the OM on its queue; roles without a working
list keep the tiles. The tiles stay one click away (the overview) for everyone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import DEMO_PASSWORD, ROLE_OF
from zsm.accounts.constants import OrganisationKind, Role
from zsm.accounts.models import Location, Membership, User
from zsm.accounts.services import membership_create, organisation_ensure, user_create
from zsm.config.navigation import START_PAGES

pytestmark = pytest.mark.django_db

# Written out per demo user (not read from the table), so a change to the table must change this test too.
EXPECTED = {
    "politie": "/zsm/bord/",
    "reclassering": "/zsm/bord/",
    "slachtofferhulp": "/zsm/bord/",
    "raad": "/zsm/bord/",
    "werkplaats": "/werkplaats/",
    "werkplaats2": "/werkplaats/",
    "coordinator": "/werkplaats/coordinatie/",
    "officier": "/werkplaats/om/wachtrij/",
}
TILES = {"veiligheidshuis", "beheer", "privacy"}


def test_every_demo_user_is_expected_somewhere() -> None:
    assert set(EXPECTED) | TILES == set(ROLE_OF)


def test_every_role_either_has_a_working_list_or_keeps_the_tiles_on_purpose() -> None:
    tiles_roles = {Role.VEILIGHEIDSHUIS_COORDINATOR, Role.FUNCTIONAL_ADMIN, Role.PRIVACY_OFFICER}
    assert set(START_PAGES) | tiles_roles == set(Role.values)
    assert not set(START_PAGES) & tiles_roles


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_home_sends_a_role_with_a_working_list_to_it(login_as: Callable[..., Client], username: str) -> None:
    client = login_as(username)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == EXPECTED[username]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("username", sorted(TILES))
def test_home_shows_the_tiles_to_a_role_without_a_working_list(login_as: Callable[..., Client], username: str) -> None:
    response = login_as(username).get(reverse("home"))
    assert response.status_code == 200
    assert 'class="zsm-tiles"' in response.content.decode()


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_logging_in_lands_on_the_working_list(client: Client, world: dict[str, User], username: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == EXPECTED[username]
    assert response.status_code == 200


@pytest.mark.parametrize("username", sorted(ROLE_OF))
def test_the_tiles_stay_one_click_away_for_everyone(login_as: Callable[..., Client], username: str) -> None:
    overview = reverse("overview")
    client = login_as(username)
    start = client.get(reverse("home"), follow=True)
    assert f'href="{overview}"' in start.content.decode()  # the navigation offers the overview
    page = client.get(overview)
    assert page.status_code == 200
    assert 'class="zsm-tiles"' in page.content.decode()


def test_a_user_without_a_role_gets_the_tiles_and_the_warning(client: Client, world: dict[str, User]) -> None:
    nobody = user_create(username="zonder-rol", password=DEMO_PASSWORD, first_name="Zonder")
    client.force_login(nobody)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert 'class="zsm-tiles"' in response.content.decode()


def test_the_start_page_follows_the_membership_the_user_acts_in(client: Client, world: dict[str, User]) -> None:
    """A probation worker who screens at the table and works in the werkplaats starts where they act now."""
    user = world["reclassering"]
    organisation = organisation_ensure(name="Reclassering Nederland", kind=OrganisationKind.RECLASSERING_NEDERLAND)
    second = membership_create(
        user=user, organisation=organisation, location=Location.objects.get(), role=Role.WERKPLAATS_WORKER
    )
    screener = Membership.objects.get(user=user, role=Role.ZSM_SCREENER)
    client.force_login(user)
    client.post(reverse("accounts:membership_switch"), {"membership": screener.pk})
    assert client.get(reverse("home"))["Location"] == EXPECTED["reclassering"]
    client.post(reverse("accounts:membership_switch"), {"membership": second.pk})
    assert client.get(reverse("home"))["Location"] == EXPECTED["werkplaats"]
