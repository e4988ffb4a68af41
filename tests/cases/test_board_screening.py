"""Screening from the board: the reader's own screening in a side panel, the quick answer, errors and
conflicts in place, and the board's quick filters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus, Known, Partner, ScreeningState
from zsm.cases.models import Case, Screening
from zsm.cases.services import ScreeningInput, screening_record
from zsm.common.clock import now

HTMX = {"HTTP_HX_REQUEST": "true"}


def panel_url(case: Case) -> str:
    return reverse("cases:board_screening", kwargs={"case_id": case.pk})


def probation(case: Case) -> Screening:
    return case.screenings.get(partner=Partner.PROBATION)


@pytest.mark.django_db
def test_each_row_offers_the_readers_own_screening(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world)
    page = login_as("reclassering").get(reverse("cases:board")).content.decode()
    assert f'id="case-{case.pk}"' in page
    assert f'hx-get="{panel_url(case)}"' in page
    # A minor's case is screened by the Raad, not the 3RO (ADR 0007): no screen action for probation there.
    minor = register_case(world, minor=True, surname="Jong")
    page = login_as("reclassering").get(reverse("cases:board")).content.decode()
    assert panel_url(minor) not in page
    assert panel_url(minor) in login_as("raad").get(reverse("cases:board")).content.decode()


@pytest.mark.django_db
def test_the_panel_opens_with_the_screening_as_saved_and_is_logged(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    client = login_as("reclassering")
    response = client.get(panel_url(case), **HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="quick-not-known"' in content
    assert f'name="version" value="{probation(case).version}"' in content
    assert 'type="radio"' in content  # state and known: one click each
    assert AuditEvent.objects.filter(
        event="case.screening_opened", actor=world["reclassering"], object_id=str(case.pk)
    ).exists()


@pytest.mark.django_db
def test_without_javascript_the_panel_link_leads_to_the_case_page(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    response = login_as("reclassering").get(panel_url(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_id": case.pk}) + "#screening"


@pytest.mark.django_db
def test_the_quick_answer_saves_not_known_done_in_one_press(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    screening = probation(case)
    client = login_as("reclassering")
    response = client.post(
        panel_url(case),
        {"quick": "not_known", "version": screening.version, "state": "open", "known": "unknown", "summary": ""},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Trigger"] == "zsm:board-changed"  # the board fetches its rows at once
    assert 'data-testid="screening-saved"' in response.content.decode()
    screening.refresh_from_db()
    assert (screening.state, screening.known, screening.screened_by) == (
        ScreeningState.DONE,
        Known.NOT_KNOWN,
        world["reclassering"],
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SCREENING


@pytest.mark.django_db
def test_a_full_screening_from_the_panel(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world)
    screening = probation(case)
    response = login_as("reclassering").post(
        panel_url(case),
        {
            "version": screening.version,
            "state": "done",
            "known": "known",
            "summary": "Lopend toezicht, meldt zich goed.",
            "advice": "Voorwaardelijk sepot met meldplicht.",
        },
        **HTMX,
    )
    assert response.status_code == 200
    screening.refresh_from_db()
    assert (screening.known, screening.summary) == (Known.KNOWN, "Lopend toezicht, meldt zich goed.")


@pytest.mark.django_db
def test_bad_input_is_shown_in_the_panel_kept_and_stores_nothing(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    screening = probation(case)
    before = (screening.state, screening.known, screening.summary, screening.version)
    response = login_as("reclassering").post(
        panel_url(case),
        {"version": screening.version, "state": "bogus", "known": "known", "summary": "Wat ik typte"},
        **HTMX,
    )
    assert response.status_code == 422  # board.js swaps it into the panel
    content = response.content.decode()
    assert "zsm-error-summary" in content
    assert "Wat ik typte" in content
    screening.refresh_from_db()
    assert (screening.state, screening.known, screening.summary, screening.version) == before


@pytest.mark.django_db
def test_a_colleagues_change_meanwhile_shows_in_place_and_keeps_what_was_typed(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    stale = probation(case).version
    screening_record(
        user=world["werkplaats"],
        case_id=case.pk,
        data=ScreeningInput(state="done", known="known", summary="Versie van een collega"),
        expected_version=stale,
    )
    response = login_as("reclassering").post(
        panel_url(case),
        {"version": stale, "state": "done", "known": "not_known", "summary": "Mijn eigen tekst"},
        **HTMX,
    )
    assert response.status_code == 409
    content = response.content.decode()
    assert 'data-testid="screening-now"' in content
    assert "Versie van een collega" in content  # the colleague's change, shown
    assert "Mijn eigen tekst" in content  # what was typed, kept
    assert f'name="version" value="{probation(case).version}"' in content  # saving again is a choice
    screening = probation(case)
    assert (screening.summary, screening.screened_by) == ("Versie van een collega", world["werkplaats"])


@pytest.mark.django_db
def test_a_partner_without_a_screening_on_the_case_gets_no_panel(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    adult = register_case(world)  # the Raad neither screens nor sees an adult's case: not disclosed
    assert login_as("raad").get(panel_url(adult), **HTMX).status_code == 404
    minor = register_case(world, minor=True, surname="Jong")  # probation sees it, but the Raad screens it
    screening = minor.screenings.get(partner=Partner.CHILD_PROTECTION)
    client = login_as("reclassering")
    assert client.get(panel_url(minor), **HTMX).status_code == 403
    assert client.post(panel_url(minor), {"quick": "not_known", "version": 1}, **HTMX).status_code == 403
    screening.refresh_from_db()
    assert screening.state == ScreeningState.OPEN


@pytest.mark.django_db
def test_my_screening_to_do_filter(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    done = register_case(world, surname="Klaar")
    to_do = register_case(world, surname="Open")
    screening_record(
        user=world["reclassering"],
        case_id=done.pk,
        data=ScreeningInput(state="done", known="not_known"),
        expected_version=probation(done).version,
    )
    page = login_as("reclassering").get(reverse("cases:board"), {"flag": "my_screening"}).content.decode()
    assert f'id="case-{to_do.pk}"' in page
    assert f'id="case-{done.pk}"' not in page


@pytest.mark.django_db
def test_clock_under_an_hour_filter(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    soon = register_case(world, surname="Haast")
    later = register_case(world, surname="Tijd")
    Case.objects.filter(pk=soon.pk).update(holding_deadline=now() + timedelta(minutes=59))
    Case.objects.filter(pk=later.pk).update(holding_deadline=now() + timedelta(minutes=61))
    page = login_as("reclassering").get(reverse("cases:board"), {"flag": "clock_under_hour"}).content.decode()
    assert f'id="case-{soon.pk}"' in page
    assert f'id="case-{later.pk}"' not in page


@pytest.mark.django_db
def test_the_presets_are_one_click_and_a_second_click_clears(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    client = login_as("reclassering")
    page = client.get(reverse("cases:board")).content.decode()
    board = reverse("cases:board")
    for key in ("my_screening", "clock_under_hour", "werkplaats"):
        assert f'href="{board}?flag={key}"' in page
    chosen = client.get(board, {"flag": "werkplaats"}).content.decode()
    assert 'aria-current="true">' in chosen


@pytest.mark.django_db
def test_the_board_with_screen_actions_costs_no_query_per_row(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    client = login_as("reclassering")
    for index in range(2):
        register_case(world, surname=f"Een{index}")
    client.get(reverse("cases:board"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:board"))
    for index in range(6):
        register_case(world, surname=f"Meer{index}")
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("cases:board")).content.decode()
    assert page.count('data-testid="screen"') >= 8
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.django_db
def test_the_panel_form_sent_without_htmx_saves_and_returns_to_the_row(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    """No JavaScript, or a key pressed before htmx took the form over: still saved, and back on the board."""
    case = register_case(world)
    screening = probation(case)
    response = login_as("reclassering").post(panel_url(case), {"quick": "not_known", "version": screening.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:board") + f"#case-{case.pk}"
    screening.refresh_from_db()
    assert (screening.state, screening.known) == (ScreeningState.DONE, Known.NOT_KNOWN)
