"""Logging in through a real browser: every demo role, the second factor, errors and language."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SECOND_FACTOR_SETUP_PATH,
    PageProblems,
    complete_second_factor_setup,
    login_with_password,
)
from zsm.accounts.constants import MFA_REQUIRED_ROLES
from zsm.accounts.forms import LOGIN_FAILED
from zsm.demo.builders import DEMO_USERS

pytestmark = pytest.mark.django_db(transaction=True)

ALL_USERNAMES = [demo.username for demo in DEMO_USERS]
# Where each role with a working list lands after logging in (written out: the table must match it).
START_PATHS = {
    "politie": "/zsm/bord/",
    "officier": "/werkplaats/om/wachtrij/",
    "reclassering": "/zsm/bord/",
    "werkplaats": "/werkplaats/",
    "werkplaats2": "/werkplaats/",
    "coordinator": "/werkplaats/coordinatie/",
    "slachtofferhulp": "/zsm/bord/",
    "raad": "/zsm/bord/",
}
MFA_USERNAMES = {demo.username for demo in DEMO_USERS if demo.role in MFA_REQUIRED_ROLES}


def test_every_demo_role_is_covered() -> None:
    # The parametrisation below follows DEMO_USERS; this pins the list the brief names.
    assert ALL_USERNAMES == [
        "politie",
        "officier",
        "reclassering",
        "werkplaats",
        "werkplaats2",
        "coordinator",
        "slachtofferhulp",
        "raad",
        "veiligheidshuis",
        "beheer",
        "privacy",
    ]
    assert sorted(MFA_USERNAMES) == ["beheer", "privacy"]


def test_csp_violations_are_caught(page: Page, page_problems: PageProblems, live_server: Any) -> None:
    """The watcher works: an inline script, which the CSP forbids, is blocked and reported."""
    page.goto(f"{live_server.url}/inloggen/")
    page_problems.assert_none()
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true";
            document.body.append(script);
        }"""
    )
    assert page.evaluate("() => window.__inlineRan === undefined"), "the CSP let an inline script run"
    deadline = time.monotonic() + 5
    while not (page_problems.csp_violations and page_problems.console_errors) and time.monotonic() < deadline:
        page.wait_for_timeout(50)  # lets Playwright deliver the page's reports to us
    assert any(v.startswith("script-src") for v in page_problems.csp_violations), page_problems.all()
    assert any("Content Security Policy" in e for e in page_problems.console_errors), page_problems.all()
    with pytest.raises(AssertionError, match="CSP violation"):
        page_problems.assert_none()


def expect_htmx_loaded(page: Page) -> None:
    """htmx comes from /static/vendor/htmx/htmx.min.js under the CSP (defer, so wait for it)."""
    page.wait_for_function("() => typeof window.htmx === 'object' && typeof window.htmx.ajax === 'function'")
    assert page.evaluate("() => typeof window.htmx") == "object"


@pytest.mark.parametrize("username", ALL_USERNAMES)
def test_login_lands_on_start_page(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], username: str
) -> None:
    base = live_server.url
    user = live_world[username]
    display_name = user.display_name
    assert display_name != username, "the demo users have full names; the header must show them"

    page.goto(f"{base}/inloggen/")
    expect(page.locator("input[name=username]")).to_be_visible()
    expect_htmx_loaded(page)
    login_with_password(page, base, username)

    if username in MFA_USERNAMES:
        # A role that holds the keys must set up its second factor before anything else.
        expect(page).to_have_url(re.compile(re.escape(SECOND_FACTOR_SETUP_PATH) + r"\?next=%2F$"))
        expect(page.locator("[data-testid=who]")).to_contain_text(display_name)
        expect(page.locator("svg").first).to_be_visible()  # the QR code
        complete_second_factor_setup(page)

    # Each role lands on its working list (the board, the day, the queue …); the others on the tiles.
    expect(page).to_have_url(f"{base}{START_PATHS.get(username, '/')}")
    expect(page.locator("[data-testid=who]")).to_contain_text(display_name)
    expect_htmx_loaded(page)
    if username in START_PATHS:
        # The tiles stay one click away, in the navigation.
        with translation.override("nl"):
            overview = translation.gettext("Overview")
        page.get_by_role("navigation").get_by_role("link", name=overview, exact=True).click()
        expect(page).to_have_url(f"{base}/overzicht/")
    expect(page.locator("h1")).to_contain_text(display_name)
    expect(page.locator(".zsm-tiles")).to_be_visible()

    if username == "beheer":
        response = page.goto(f"{base}/beheer/")
        assert response is not None
        assert response.status == 200
        expect(page).to_have_url(f"{base}/beheer/")
        # Django's admin index, with the apps a functional administrator manages.
        expect(page.locator("body.dashboard")).to_have_count(1)
        expect(page.locator("#content-main .app-accounts")).to_be_visible()
    elif username == "privacy":
        response = page.goto(f"{base}/privacy/toegangslog/")
        assert response is not None
        assert response.status == 200
        expect(page).to_have_url(f"{base}/privacy/toegangslog/")
        table = page.locator("main table")
        expect(table).to_be_visible()
        expect(table.locator("thead th")).to_have_count(8)
        # Her own second-factor registration, just now, is in the log.
        expect(table.locator("tbody tr", has_text="second_factor.registered")).to_contain_text("privacy")
    else:
        # Everyone else is kept out of both, with a plain "no access" page.
        for path in ("/beheer/", "/privacy/toegangslog/"):
            response = page.goto(f"{base}{path}")
            assert response is not None
            assert response.status == 403, f"{username} at {path}: {response.status}"
            expect(page.locator("body.dashboard")).to_have_count(0)
            expect(page.locator("main table")).to_have_count(0)
            expect(page.locator("[data-testid=who]")).to_contain_text(display_name)

    page_problems.assert_none()


def test_admin_without_second_factor_is_sent_to_second_factor(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    base = live_server.url
    login_with_password(page, base, "beheer")
    # Password accepted, second factor not yet done: straight to the admin.
    response = page.goto(f"{base}/beheer/")
    assert response is not None
    expect(page).to_have_url(re.compile(re.escape(f"{base}{SECOND_FACTOR_SETUP_PATH}") + r"\?next=%2Fbeheer%2F$"))
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    expect(page.locator("input[name=token]")).to_be_visible()
    expect(page.locator("body.dashboard")).to_have_count(0)
    # Not even a deeper admin page gets through.
    page.goto(f"{base}/beheer/accounts/user/")
    expect(page).to_have_url(re.compile(re.escape(f"{base}{SECOND_FACTOR_SETUP_PATH}")))
    # Completing the second factor then leads on to where they were going.
    complete_second_factor_setup(page)
    expect(page).to_have_url(f"{base}/beheer/accounts/user/")
    expect(page.locator("#result_list")).to_be_visible()
    page_problems.assert_none()


def test_wrong_password_shows_generic_error(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    base = live_server.url
    login_with_password(page, base, "politie", password="niet-het-goede-wachtwoord")

    expect(page).to_have_url(f"{base}/inloggen/")
    with translation.override("nl"):
        generic_error = str(LOGIN_FAILED)
    alert = page.get_by_role("alert")
    expect(alert).to_have_text(generic_error)
    expect(page.locator("[data-testid=who]")).to_have_count(0)
    expect(page.locator("input[name=password]")).to_have_value("")
    # The username stays, so the user can correct only the password.
    expect(page.locator("input[name=username]")).to_have_value("politie")

    # An unknown user gets exactly the same message: nothing reveals whether an account exists.
    login_with_password(page, base, "bestaat-niet", password="niet-het-goede-wachtwoord")
    expect(page).to_have_url(f"{base}/inloggen/")
    expect(page.get_by_role("alert")).to_have_text(generic_error)
    page_problems.assert_none()


def test_dutch_by_default_and_english_on_request(page: Page, page_problems: PageProblems, live_server: Any) -> None:
    base = live_server.url
    with translation.override("nl"):
        dutch_heading = translation.gettext("Log in")
        dutch_username_label = translation.gettext("Username")
    assert dutch_heading != "Log in", "no Dutch translation of 'Log in': is the nl catalogue compiled?"

    page.goto(f"{base}/inloggen/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(dutch_heading)
    # The Dutch label belongs to the username field.
    expect(page.get_by_label(dutch_username_label, exact=True)).to_have_attribute("name", "username")
    expect(page.get_by_role("button", name="Nederlands")).to_have_attribute("aria-pressed", "true")
    english = page.get_by_role("button", name="English")
    expect(english).to_have_attribute("aria-pressed", "false")
    expect_htmx_loaded(page)

    english.click()
    expect(page).to_have_url(f"{base}/inloggen/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Log in")
    expect(page.get_by_label("Username", exact=True)).to_have_attribute("name", "username")
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-pressed", "true")
    # The choice sticks for the next page, too.
    page.reload()
    expect(page.locator("h1")).to_have_text("Log in")

    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("h1")).to_have_text(dutch_heading)
    page_problems.assert_none()
