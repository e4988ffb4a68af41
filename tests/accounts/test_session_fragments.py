"""Sessions and fragments (ADR 0008): background refreshes are not activity; a fragment request
without a session gets a 401 the page handles, never the login page inside the fragment."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zsm.accounts.services import SESSION_LAST_SEEN
from zsm.common.htmx import BACKGROUND_HEADER, SESSION_ENDED, SESSION_HEADER

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
BOARD = reverse("cases:board")
BOARD_ROWS = reverse("cases:board_rows")
# What htmx sends for a click or a submit, and what session.js adds for a timer poll.
FRAGMENT = {"HTTP_HX_REQUEST": "true"}
BACKGROUND = {**FRAGMENT, f"HTTP_{BACKGROUND_HEADER.upper().replace('-', '_')}": "1"}
POLL = timedelta(seconds=5)


@pytest.fixture
def idle_two_minutes(settings: Any) -> timedelta:
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=2)
    return settings.SESSION_IDLE_TIMEOUT


def last_seen(client: Client) -> float:
    return float(client.session[SESSION_LAST_SEEN])


def assert_session_ended(response: Any) -> None:
    assert response.status_code == 401
    assert response[SESSION_HEADER] == SESSION_ENDED
    assert "HX-Redirect" not in response
    body = response.content.decode()
    assert "<form" not in body, "a login form where a fragment goes"
    assert "<html" not in body.lower(), "a page where a fragment goes"


def test_a_background_refresh_does_not_count_as_activity(login_as: Callable[..., Client]) -> None:
    client = login_as("reclassering")
    with time_machine.travel(0, tick=False) as traveller:
        assert client.get(BOARD).status_code == 200
        seen = last_seen(client)
        traveller.shift(timedelta(minutes=5))
        assert client.get(BOARD_ROWS, **BACKGROUND).status_code in (200, 204)
        assert last_seen(client) == seen


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        pytest.param("get", {}, id="a page load"),
        pytest.param("get", FRAGMENT, id="an htmx request a person started"),
        pytest.param("post", BACKGROUND, id="a write, even one that claims to be background"),
    ],
)
def test_a_persons_request_counts_as_activity(
    login_as: Callable[..., Client], method: str, headers: dict[str, str]
) -> None:
    client = login_as("reclassering")
    with time_machine.travel(0, tick=False) as traveller:
        client.get(BOARD)
        seen = last_seen(client)
        traveller.shift(timedelta(minutes=5))
        # The set-language form is a harmless write every user may make.
        path = reverse("set_language") if method == "post" else BOARD_ROWS
        data = {"language": "nl", "next": BOARD} if method == "post" else None
        getattr(client, method)(path, data, **headers)
        assert last_seen(client) == pytest.approx(seen + timedelta(minutes=5).total_seconds())


def test_an_untouched_board_with_only_background_refreshes_ends_at_two_minutes(
    login_as: Callable[..., Client], idle_two_minutes: timedelta
) -> None:
    client = login_as("reclassering")
    with time_machine.travel(0, tick=False) as traveller:
        assert client.get(BOARD).status_code == 200
        elapsed = timedelta(0)
        while elapsed + POLL < idle_two_minutes:
            traveller.shift(POLL)
            elapsed += POLL
            response = client.get(BOARD_ROWS, **BACKGROUND)
            assert response.status_code in (200, 204), f"ended early after {elapsed}"
        traveller.shift(idle_two_minutes - elapsed)
        response = client.get(BOARD_ROWS, **BACKGROUND)
    assert_session_ended(response)
    assert "_auth_user_id" not in client.session


def test_a_click_keeps_the_board_alive_past_two_minutes(
    login_as: Callable[..., Client], idle_two_minutes: timedelta
) -> None:
    client = login_as("reclassering")
    with time_machine.travel(0, tick=False) as traveller:
        client.get(BOARD)
        traveller.shift(timedelta(seconds=90))
        client.get(BOARD_ROWS, **FRAGMENT)  # a person's htmx action
        traveller.shift(timedelta(seconds=90))
        assert client.get(BOARD_ROWS, **BACKGROUND).status_code in (200, 204)
        traveller.shift(timedelta(seconds=31))
        assert_session_ended(client.get(BOARD_ROWS, **BACKGROUND))


def test_the_idle_limit_of_two_minutes_comes_from_the_environment() -> None:
    env = {**os.environ, "ZSM_SESSION_IDLE_MINUTES": "2", "DJANGO_SETTINGS_MODULE": "zsm.config.settings_test"}
    code = "from django.conf import settings; print(settings.SESSION_IDLE_TIMEOUT.total_seconds())"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "120.0"


def test_a_fragment_on_an_expired_session_gets_the_agreed_answer(login_as: Callable[..., Client]) -> None:
    client = login_as("reclassering")
    client.get(BOARD)
    with time_machine.travel(timedelta(hours=1)):
        response = client.get(BOARD_ROWS, **BACKGROUND)
    assert_session_ended(response)
    assert "HX-Request" in response["Vary"]
    assert "_auth_user_id" not in client.session
    # The login page the banner links to says why.
    assert "Uw sessie is verlopen" in client.get(LOGIN_URL).content.decode()


def test_a_page_load_on_an_expired_session_still_goes_to_the_login_page(login_as: Callable[..., Client]) -> None:
    client = login_as("reclassering")
    client.get(BOARD)
    with time_machine.travel(timedelta(hours=1)):
        response = client.get(f"{BOARD}?sort=deadline")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=%2Fzsm%2Fbord%2F%3Fsort%3Ddeadline"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(BOARD_ROWS, id="a login_required fragment"),
        pytest.param(reverse("home"), id="redirect_to_login in the view"),
    ],
)
def test_a_fragment_without_any_session_gets_the_agreed_answer(client: Client, world: Any, path: str) -> None:
    # Logged out in another tab: the cookie no longer names a session.
    assert_session_ended(client.get(path, **BACKGROUND))
    assert_session_ended(client.get(path, **FRAGMENT))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_the_api_keeps_its_problem_json_401_on_an_expired_session(login_as: Callable[..., Client]) -> None:
    client = login_as("reclassering")
    client.get(BOARD)
    with time_machine.travel(timedelta(hours=1)):
        response = client.get("/api/v1/cases", **FRAGMENT)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 401
    assert SESSION_HEADER not in response


def test_the_api_without_a_session_answers_as_before(client: Client, world: Any) -> None:
    plain = client.get("/api/v1/cases")
    as_fragment = client.get("/api/v1/cases", **FRAGMENT)
    assert plain.status_code in (401, 403)
    assert (as_fragment.status_code, as_fragment["Content-Type"]) == (plain.status_code, plain["Content-Type"])
    assert plain["Content-Type"] == "application/problem+json"
    assert SESSION_HEADER not in as_fragment
