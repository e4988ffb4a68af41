"""`make screenshots`: the board (50+ rows), a case page and the worker's day at 1366×768, on the demo data,
written to docs/screenshots/. Run on purpose (not part of `make test` or `make bench`): it rewrites the files."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect
from tests.browser.conftest import browser, login, page, page_problems, playwright_instance  # noqa: F401
from tests.browser.test_zsm_table import register_case
from tests.conftest import DEMO_PASSWORD

from zsm.accounts.models import User

BOARD_ROWS = 55
SURNAMES = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "Peters")
OFFENCES = ("310 Sr", "300 Sr", "350 Sr", "285 Sr")


def board_cases_count() -> int:
    from zsm.cases.selectors import BoardFilter, board_cases

    return board_cases(user=User.objects.get(username="politie"), filters=BoardFilter()).count()


OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = {"width": 1366, "height": 768}


@pytest.mark.django_db(transaction=True)
def test_screenshots(page: Page, live_server: Any, settings: Any) -> None:  # noqa: F811
    settings.ZSM_DEMO_PASSWORD = DEMO_PASSWORD  # the password the login helper types
    call_command("demo", stdout=io.StringIO())
    # A busy day at the table: more arrests until the board holds 50+ rows, whatever the hour.
    politie = {"politie": User.objects.get(username="politie")}
    for index in range(max(0, BOARD_ROWS - board_cases_count())):
        register_case(politie, f"{SURNAMES[index % len(SURNAMES)]}", offence=OFFENCES[index % len(OFFENCES)])
    OUT.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(SIZE)
    base = live_server.url

    login(page, base, "reclassering")
    page.goto(f"{base}/zsm/bord/")
    rows = page.locator("#board-rows tr[data-row]")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 50, f"the demo board has {rows.count()} rows"
    page.screenshot(path=OUT / "board-1366.png")
    case_url = rows.first.locator("[data-row-link]").get_attribute("href")
    page.locator("#board-rows [data-screen]").first.click()
    expect(page.get_by_test_id("quick-not-known")).to_be_visible()
    page.screenshot(path=OUT / "board-screening-panel-1366.png")
    page.goto(f"{base}{case_url}")
    page.screenshot(path=OUT / "case-1366.png")

    page.context.clear_cookies()
    login(page, base, "werkplaats")
    page.goto(f"{base}/werkplaats/")
    page.screenshot(path=OUT / "werkplaats-day-1366.png")
    for name in ("board-1366.png", "board-screening-panel-1366.png", "case-1366.png", "werkplaats-day-1366.png"):
        assert (OUT / name).stat().st_size > 10_000, name
        print(f"  docs/screenshots/{name}")
