"""Searching the social map: by need or name, ranked by how closely an area fits the client's place."""

from __future__ import annotations

import itertools

import pytest
from django.utils.translation import gettext as _
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from tests.socialmap.factories import institution_input, make_institution
from zsm.accounts.models import User
from zsm.socialmap.constants import Need
from zsm.socialmap.models import Institution, Service
from zsm.socialmap.selectors import SearchHit, institution_search, ranges_merged
from zsm.socialmap.services import InstitutionInput, ServiceInput, institution_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(world: dict[str, User]) -> dict[str, Institution]:
    """Debt help for Utrecht at three widths: a neighbourhood, the city, the whole country."""
    return {
        "country": make_institution(world, name="Landelijke Schuldhulp", areas=((1000, 9999),)),
        "city": make_institution(world, name="Schuldhulp Utrecht", areas=((3500, 3585),)),
        "neighbourhood": make_institution(world, name="Buurtteam Lombok", areas=((3521, 3525),)),
    }


def names(hits: list[SearchHit]) -> list[str]:
    return [hit.institution.name for hit in hits]


def test_the_narrowest_area_comes_first(world: dict[str, User], ranked: dict[str, Institution]) -> None:
    hits = institution_search(user=world["werkplaats"], text="schuldhulp", place="3521 AB")
    assert names(hits) == ["Buurtteam Lombok", "Schuldhulp Utrecht", "Landelijke Schuldhulp"]
    assert [hit.fit_label for hit in hits] == [_("neighbourhood"), _("town or city"), _("whole country")]


def test_a_postcode_outside_the_city_finds_only_the_country_wide_service(
    world: dict[str, User], ranked: dict[str, Institution]
) -> None:
    hits = institution_search(user=world["werkplaats"], text="schuldhulp", place="9711")
    assert names(hits) == ["Landelijke Schuldhulp"]


def test_search_by_municipality(world: dict[str, User], ranked: dict[str, Institution]) -> None:
    make_institution(world, name="Schuldhulp Zeist", municipality="Zeist", areas=((3700, 3709),))
    # Zeist's own service first, then the national one that serves Zeist too; Utrecht's services do not.
    zeist = names(institution_search(user=world["werkplaats"], text="schuld", place="zeist"))
    assert zeist == ["Schuldhulp Zeist", "Landelijke Schuldhulp"]
    utrecht = names(institution_search(user=world["werkplaats"], text="schuld", place="Utrecht"))
    assert "Schuldhulp Zeist" not in utrecht
    assert set(utrecht) == {"Landelijke Schuldhulp", "Schuldhulp Utrecht", "Buurtteam Lombok"}


def test_a_municipality_search_finds_services_based_elsewhere_that_serve_it(
    world: dict[str, User], ranked: dict[str, Institution]
) -> None:
    make_institution(world, name="Regionale Schuldhulp", municipality="Amersfoort", areas=((3400, 3999),))
    make_institution(world, name="Schuldhulp Groningen", municipality="Groningen", areas=((9700, 9749),))
    hits = institution_search(user=world["werkplaats"], text="schuld", place="Utrecht")
    # The whole municipality first (city, region, country), the district team last: the client may live
    # anywhere in Utrecht.
    assert names(hits) == ["Schuldhulp Utrecht", "Regionale Schuldhulp", "Landelijke Schuldhulp", "Buurtteam Lombok"]
    assert hits[-1].fit_label == _("part of the municipality")
    assert hits[0].fit_label == _("town or city")


def test_schuldhulp_finds_debt_help_and_the_debt_buddy(world: dict[str, User]) -> None:
    make_institution(world, name="Kredietbank", need=Need.DEBT_HELP)
    make_institution(world, name="SchuldHulpMaatje Utrecht", need=Need.DEBT_BUDDY)
    make_institution(world, name="Verslavingszorg Noord", need=Need.ADDICTION_CARE)
    hits = institution_search(user=world["werkplaats"], text="schuldhulp", place="3521")
    assert set(names(hits)) == {"Kredietbank", "SchuldHulpMaatje Utrecht"}
    assert {hit.services[0].need for hit in hits} == {Need.DEBT_HELP, Need.DEBT_BUDDY}


def test_a_word_from_the_name_finds_the_institution(world: dict[str, User]) -> None:
    make_institution(world, name="Stichting Lichtpunt", need=Need.MENTORING)
    assert names(institution_search(user=world["werkplaats"], text="lichtpunt")) == ["Stichting Lichtpunt"]


def test_inactive_institutions_and_services_are_left_out(world: dict[str, User]) -> None:
    closed = make_institution(world, name="Gesloten Schuldhulp")
    Institution.objects.filter(pk=closed.pk).update(active=False)
    stopped = make_institution(world, name="Gestopte Dienst")
    Service.objects.filter(institution=stopped).update(active=False)
    open_one = make_institution(world, name="Open Schuldhulp")
    hits = institution_search(user=world["werkplaats"], text="schuldhulp", place="3521")
    assert names(hits) == [open_one.name]


def test_only_the_matching_services_are_listed(world: dict[str, User]) -> None:
    data = institution_input(name="Breed Loket")
    data = InstitutionInput(
        **{
            **data.__dict__,
            "services": [
                ServiceInput(need=Need.DEBT_HELP, name="Schuldhulp"),
                ServiceInput(need=Need.HOUSING, name="Woonbegeleiding"),
            ],
        }
    )
    institution_save(user=world["werkplaats"], data=data)
    (hit,) = institution_search(user=world["werkplaats"], text="schuldhulp", place="3521")
    assert [s.name for s in hit.services] == ["Schuldhulp"]


def test_the_privacy_officer_finds_nothing(world: dict[str, User], ranked: dict[str, Institution]) -> None:
    assert institution_search(user=world["privacy"], text="schuldhulp", place="3521") == []


def test_the_search_takes_two_queries(
    world: dict[str, User], ranked: dict[str, Institution], django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = world["werkplaats"]
    institution_search(user=user, text="x")  # the active membership is read once per request
    with django_assert_num_queries(2):
        hits = institution_search(user=user, text="schuldhulp", place="3521 AB")
        assert len(hits) == 3
        assert all(hit.services for hit in hits)


@given(st.sets(st.tuples(st.integers(1000, 1060), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=12))
def test_merged_ranges_cover_exactly_the_same_postcodes(ranges: set[tuple[int, int]]) -> None:
    merged = ranges_merged(ranges)
    covered = {pc for low, high in ranges for pc in range(low, high + 1)}
    assert {pc for low, high in merged for pc in range(low, high + 1)} == covered
    # Disjoint and not even touching: each range is one condition the search really needs.
    assert all(later[0] > earlier[1] + 1 for earlier, later in itertools.pairwise(merged))
