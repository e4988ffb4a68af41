"""axe-core on the pages people use every day: no serious or critical accessibility violation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SECOND_FACTOR_SETUP_PATH,
    PageProblems,
    complete_second_factor_setup,
    login,
    login_with_password,
)

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]


def test_axe_reports_violations(page: Page, live_server: Any, axe: Callable[[Page], list[dict[str, Any]]]) -> None:
    """The checker itself works: a page with an unlabelled field and an image without text fails."""
    page.goto(f"{live_server.url}/inloggen/")
    page.evaluate(
        """() => {
            const main = document.querySelector("main");
            const input = document.createElement("input");
            input.type = "text";
            main.append(input);
            const img = document.createElement("img");
            img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
            main.append(img);
        }"""
    )
    found = {violation["id"] for violation in axe(page)}
    assert {"label", "image-alt"} <= found, found


def test_login_page(page: Page, page_problems: PageProblems, live_server: Any, assert_accessible: Check) -> None:
    page.goto(f"{live_server.url}/inloggen/")
    expect(page.locator("input[name=username]")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_login_page_with_error(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    login_with_password(page, live_server.url, "politie", password="niet-het-goede-wachtwoord")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


@pytest.mark.parametrize("username", ["politie", "officier"])
def test_start_page(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
    username: str,
) -> None:
    login(page, live_server.url, username)
    expect(page.locator("[data-testid=who]")).to_contain_text(live_world[username].display_name)
    expect(page.locator("nav.zsm-nav")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_account_page(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    login(page, live_server.url, "politie")
    page.goto(f"{live_server.url}/account/")
    expect(page.locator("main table tbody tr")).to_have_count(1)  # the one role of the demo user
    assert_accessible(page)
    page_problems.assert_none()


def test_second_factor_setup_page(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    login_with_password(page, live_server.url, "beheer")
    expect(page).to_have_url(re.compile(re.escape(SECOND_FACTOR_SETUP_PATH)))
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    assert_accessible(page)
    # And with the error shown after a wrong code.
    page.locator("input[name=token]").fill("000000")
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page.locator(".utrecht-form-field--invalid")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_access_log(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    login_with_password(page, live_server.url, "privacy")
    complete_second_factor_setup(page)
    page.goto(f"{live_server.url}/privacy/toegangslog/")
    expect(page.locator("main table tbody tr").first).to_contain_text("privacy")
    assert_accessible(page)
    page_problems.assert_none()
