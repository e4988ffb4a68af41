"""An untouched board idles out in a real Chromium (ADR 0008).

Its 5-second refreshes are background requests: they do not keep the session alive. When the
session has ended (idle limit, or logged out in another tab) the next refresh gets a 401, and the
page shows a banner with a login link back to the board, hides the rows, and stops polling; never
a login page inside the board's table.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import PageProblems
from tests.browser.test_zsm_table import register_case, unique_surname
from tests.conftest import DEMO_PASSWORD
from zsm.common.clock import now

pytestmark = pytest.mark.django_db(transaction=True)

BOARD = "/zsm/bord/?sort=deadline"  # with a query: the way back keeps it
ROWS_PATH = "/zsm/bord/rijen/"
POLL_SECONDS = 5


@pytest.fixture(autouse=True)
def _board_polls_every_five_seconds(settings: Any) -> None:
    """These tests count refreshes against the idle limit: fix the board's interval they are timed for."""
    settings.ZSM_BOARD_REFRESH_SECONDS = POLL_SECONDS


def nl(text: str) -> str:
    """As the Dutch UI shows it (the msgid itself until its translation is merged)."""
    with translation.override("nl"):
        return gettext(text)


BANNER_TEXT = "Your session has ended: this page is no longer kept up to date."
LOGIN_AGAIN = "Log in again"


class Polls:
    """The board's refresh requests and their answers, as the browser saw them."""

    def __init__(self, page: Page, rows_url: str) -> None:
        self.page = page
        self.answers: list[int] = []
        self.background: list[bool] = []
        self.rows_url = rows_url
        page.on("response", self._on_response)

    def _on_response(self, response: Response) -> None:
        if response.url.startswith(self.rows_url):
            self.answers.append(response.status)
            self.background.append(response.request.headers.get("x-zsm-background") == "1")

    def wait_for(self, count: int, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.answers) < count and time.monotonic() < deadline:
            self.page.wait_for_timeout(200)  # the sync API hands over events only inside its calls
        assert len(self.answers) >= count, f"only {len(self.answers)} refreshes in {timeout_s} s"


def open_board(person: Callable[[str], Page], base: str, world: dict[str, Any]) -> tuple[Page, Polls, str]:
    surname = unique_surname()
    register_case(world, surname)
    page = person("reclassering")
    polls = Polls(page, f"{base}{ROWS_PATH}")
    page.goto(f"{base}{BOARD}")
    expect(page.locator("#board-rows tr", has_text=surname)).to_be_visible()
    return page, polls, surname


def assert_banner_not_login_page(page: Page, base: str) -> None:
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text(nl(BANNER_TEXT))
    link = banner.get_by_role("link", name=nl(LOGIN_AGAIN))
    expect(link).to_have_attribute("href", "/inloggen/?next=%2Fzsm%2Fbord%2F%3Fsort%3Ddeadline")
    expect(link).to_be_focused()
    # No login form anywhere on the board, and the names are off the screen.
    expect(page.locator("input[name=password]")).to_have_count(0)
    expect(page.locator("#board-rows")).to_be_hidden()
    assert page.url == f"{base}{BOARD}", "the page itself was left"


def assert_polling_stopped(polls: Polls) -> None:
    seen = len(polls.answers)
    polls.page.wait_for_timeout((POLL_SECONDS + 1.5) * 1000)
    assert len(polls.answers) == seen, "the board kept polling after the session ended"


def only_the_expected_401(page_problems: PageProblems, base: str) -> None:
    """The one refresh that met the ended session answered 401 on purpose; nothing else may fail."""
    expected = f"401 xhr {base}{ROWS_PATH}"
    assert [p for p in page_problems.failed_resources if p.startswith(expected)], "no 401 seen"
    page_problems.failed_resources[:] = [p for p in page_problems.failed_resources if not p.startswith(expected)]
    page_problems.assert_none()


def test_an_untouched_board_idles_out_and_the_login_link_returns_to_it(
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    person: Callable[[str], Page],
    settings: Any,
    assert_accessible: Callable[[Page], None],
) -> None:
    # Shorter than two refreshes, longer than one: if the first refresh counted as activity,
    # the second would find the session alive and the board would never idle out.
    settings.SESSION_IDLE_TIMEOUT = timedelta(seconds=8)
    base = live_server.url
    page, polls, surname = open_board(person, base, live_world)

    polls.wait_for(2, timeout_s=2 * POLL_SECONDS + 4)
    assert polls.answers[0] in (200, 204), "the first refresh is still within the limit"
    assert all(polls.background), "every refresh says it is background"
    assert polls.answers[1] == 401
    assert_banner_not_login_page(page, base)
    assert_polling_stopped(polls)
    assert_accessible(page)

    page.get_by_role("link", name=nl(LOGIN_AGAIN)).click()
    expect(page.locator(".zsm-messages")).to_contain_text("Uw sessie is verlopen")
    page.locator("input[name=username]").fill("reclassering")
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page).to_have_url(f"{base}{BOARD}")
    expect(page.locator("#board-rows tr", has_text=surname)).to_be_visible()
    only_the_expected_401(page_problems, base)


def test_with_the_two_minute_limit_the_board_idles_out_after_two_minutes(
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    person: Callable[[str], Page],
    settings: Any,
) -> None:
    """The configured limit as the issue states it; the server's clock jumps instead of waiting."""
    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=2)
    base = live_server.url
    page, polls, _surname = open_board(person, base, live_world)
    opened = now()

    with time_machine.travel(opened + timedelta(minutes=1, seconds=50), tick=True) as traveller:
        # A refresh 1 min 50 s after the last click: still signed in, and it must not count.
        polls.wait_for(len(polls.answers) + 1, timeout_s=POLL_SECONDS + 3)
        assert polls.answers[-1] in (200, 204)
        expect(page.get_by_test_id("session-ended")).to_have_count(0)
        answered = len(polls.answers)
        # Two minutes after the last click: the next refresh finds the session ended.
        traveller.move_to(opened + timedelta(minutes=2, seconds=1))
        polls.wait_for(answered + 1, timeout_s=POLL_SECONDS + 3)
        assert polls.answers[-1] == 401
        assert_banner_not_login_page(page, base)
    only_the_expected_401(page_problems, base)


def test_logging_out_in_another_tab_ends_the_board_with_the_banner(
    page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], person: Callable[[str], Page]
) -> None:
    base = live_server.url
    page, polls, _surname = open_board(person, base, live_world)
    other_tab = page.context.new_page()
    other_tab.goto(f"{base}/")
    other_tab.get_by_role("button", name="Uitloggen").click()
    other_tab.wait_for_load_state()
    other_tab.close()

    polls.wait_for(1, timeout_s=POLL_SECONDS + 3)
    assert polls.answers[-1] == 401
    assert_banner_not_login_page(page, base)
    only_the_expected_401(page_problems, base)
