"""The signal register's pages: list with candidates and figures, raising from a candidate, moving on."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.meetings.access import a_signal
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.services import SignalInput, signal_create
from zsm.socialmap.models import Institution, Referral

pytestmark = pytest.mark.django_db


def test_the_list_shows_candidates_and_figures(
    login_as: Callable[[str], Client], stuck_institution: Institution, django_assert_max_num_queries: object
) -> None:
    client = login_as("werkplaats")
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        page = client.get(reverse("meetings:signal_list")).content.decode()
    assert "Schuldhulp Nergens" in page
    assert f"?institution={stuck_institution.pk}" in page
    assert "figures-chart-data" in page


def test_the_om_reads_the_register_without_candidates(
    world: dict[str, User], login_as: Callable[[str], Client], stuck_institution: Institution
) -> None:
    a_signal(world)
    page = login_as("officier").get(reverse("meetings:signal_list")).content.decode()
    assert "Lange wachttijd GGZ" in page
    assert f"?institution={stuck_institution.pk}" not in page
    assert _("Raise a signal") not in page


def test_raising_a_signal_from_a_candidate(
    world: dict[str, User], login_as: Callable[[str], Client], stuck_institution: Institution
) -> None:
    client = login_as("werkplaats")
    form = client.get(reverse("meetings:signal_create") + f"?institution={stuck_institution.pk}").context["form"]
    assert form.initial["institution"] == stuck_institution.pk
    assert len(form.initial["cases"]) == 3
    response = client.post(
        reverse("meetings:signal_create"),
        {
            "title": form.initial["title"],
            "description": form.initial["description"],
            "scope": SignalScope.ORGANISATION,
            "subject": form.initial["subject"],
            "institution": stuck_institution.pk,
            "owner": world["coordinator"].pk,
            "action": "Coördinator belt de teamleider.",
            "cases": form.initial["cases"],
            "from_candidate": "on",
        },
    )
    signal = Signal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:signal", args=[signal.pk])
    assert signal.from_candidate
    assert signal.cases.count() == 3
    # The candidate is now covered by the open signal.
    page = client.get(reverse("meetings:signal_list")).content.decode()
    assert f"?institution={stuck_institution.pk}" not in page


def test_an_empty_form_gets_dutch_field_errors_and_stores_nothing(login_as: Callable[[str], Client]) -> None:
    response = login_as("werkplaats").post(reverse("meetings:signal_create"), {})
    assert response.status_code == 400
    assert _("Give the signal a short title.") in response.content.decode()
    assert not Signal.objects.exists()


def test_the_detail_logs_the_cases_it_shows(
    world: dict[str, User], login_as: Callable[[str], Client], stuck_institution: Institution
) -> None:
    client = login_as("werkplaats")
    case_ids = sorted({r.werkplaats_case_id for r in Referral.objects.filter(institution=stuck_institution)})
    signal = signal_create(
        user=world["werkplaats"],
        data=SignalInput(
            title="T",
            description="D",
            scope=SignalScope.ORGANISATION,
            institution_id=stuck_institution.pk,
            owner_id=world["werkplaats"].pk,
            werkplaats_case_ids=case_ids,
        ),
    )
    page = client.get(reverse("meetings:signal", args=[signal.pk])).content.decode()
    assert "WP-" in page
    event = AuditEvent.objects.get(event="signal.cases_viewed")
    assert sorted(event.details["cases"]) == sorted(
        Referral.objects.filter(werkplaats_case_id__in=case_ids).values_list("werkplaats_case__case_id", flat=True)
    )
    # The OM reads the signal, but not the suspects' names, and no case access is logged for it.
    om_page = login_as("officier").get(reverse("meetings:signal", args=[signal.pk])).content.decode()
    assert "WP-" in om_page
    assert AuditEvent.objects.filter(event="signal.cases_viewed").count() == 1


def test_moving_on_and_a_stale_page(world: dict[str, User], login_as: Callable[[str], Client]) -> None:
    signal_id = a_signal(world)["signal_id"]
    client = login_as("werkplaats")
    url = reverse("meetings:signal_move", args=[signal_id])
    response = client.post(url, {"target": SignalStatus.RAISED, "version": 1, "note": "Wethouder via coördinator."})
    assert response.status_code == 302
    stale = client.post(url, {"target": SignalStatus.RESOLVED, "version": 1, "note": "Opgelost."})
    assert stale.status_code == 409
    signal = Signal.objects.get(pk=signal_id)
    assert signal.status == SignalStatus.RAISED
    assert signal.resolution == ""


@pytest.mark.parametrize(
    ("username", "map_shown", "signals_shown"),
    [
        ("werkplaats", True, True),
        ("officier", True, True),
        ("politie", True, False),
        ("privacy", False, False),
    ],
)
def test_the_navigation_offers_the_map_and_the_signals_by_role(
    login_as: Callable[[str], Client], username: str, map_shown: bool, signals_shown: bool
) -> None:
    page = login_as(username).get(reverse("overview")).content.decode()
    assert (f'href="{reverse("socialmap:search")}"' in page) is map_shown
    assert (f'href="{reverse("meetings:signal_list")}"' in page) is signals_shown


def test_the_form_logs_the_cases_it_offers(world: dict[str, User], login_as: Callable[[str], Client]) -> None:
    werkplaats_case = assigned_case(world)
    login_as("werkplaats").get(reverse("meetings:signal_create"))
    event = AuditEvent.objects.get(event="signal.case_choices_viewed")
    assert werkplaats_case.case_id in event.details["cases"]
