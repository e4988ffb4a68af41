"""The live board as a screener lives it: a screening in two clicks or a few keys, refreshes that keep the
reader's place while colleagues register cases, and a board that fits the screen at 1366×768."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.browser.flows import open_board, screening_from_board, within
from tests.browser.test_zsm_table import register_case, unique_surname
from zsm.cases.constants import Known, Partner, ScreeningState
from zsm.cases.models import Screening

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]

# The Must-show budgets of the issue "Speed at the table".
SCREENING_MOUSE_BUDGET = 2
SCREENING_KEYS_BUDGET = 8
ROWS_ABOVE_THE_FOLD = 15


def probation_screening(case_id: int) -> Screening:
    return Screening.objects.get(case_id=case_id, partner=Partner.PROBATION)


def test_a_screening_from_the_board_in_two_clicks(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    case = register_case(live_world, unique_surname())
    open_board(page, live_server.url)
    row = page.locator(f"#case-{case.pk}")
    counted = screening_from_board(page, case.pk, by="mouse")  # the screen button, then "not known"

    assert counted.clicks <= SCREENING_MOUSE_BUDGET
    assert counted.loads == 0  # the board never leaves the screen
    within("screening by mouse", counted)
    expect(row.locator(".zsm-chip--done", has_text="3RO")).to_be_visible(timeout=5_000)
    saved = probation_screening(case.pk)
    assert (saved.state, saved.known) == (ScreeningState.DONE, Known.NOT_KNOWN)
    # The confirmation is where the eye is: in the panel, in view.
    assert page.get_by_test_id("screening-saved").is_visible()
    page_problems.assert_none()


def test_a_screening_from_the_board_by_keyboard(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    case = register_case(live_world, unique_surname())
    open_board(page, live_server.url)
    counted = screening_from_board(page, case.pk, by="keyboard")  # j (the first case), s, Enter

    assert counted.keys <= SCREENING_KEYS_BUDGET, counted
    assert counted.loads == 0
    within("screening by keyboard", counted)
    # The keyboard is back on the row, ready for the next case.
    expect(page.locator(f"#case-{case.pk} [data-screen]")).to_be_focused()
    saved = probation_screening(case.pk)
    assert (saved.state, saved.known) == (ScreeningState.DONE, Known.NOT_KNOWN)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("screen-panel")).to_be_hidden()
    page_problems.assert_none()


def test_a_full_screening_in_the_panel_and_a_conflict_in_place(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    from zsm.cases.services import ScreeningInput, screening_record

    case = register_case(live_world, unique_surname())
    open_board(page, live_server.url)
    page.locator(f"#case-{case.pk}").get_by_test_id("screen").click()
    panel = page.get_by_test_id("screen-panel")
    panel.locator("input[name=state][value=done]").check()
    panel.locator("input[name=known][value=known]").check()
    panel.locator("textarea[name=summary]").fill("Mijn samenvatting")
    # A colleague saves first.
    screening = probation_screening(case.pk)
    screening_record(
        user=live_world["werkplaats"],
        case_id=case.pk,
        data=ScreeningInput(state="done", known="not_known", summary="Van een collega"),
        expected_version=screening.version,
    )
    panel.locator("textarea[name=summary]").press("Control+Enter")

    expect(panel.get_by_test_id("screening-now")).to_contain_text("Van een collega")
    expect(panel.locator("textarea[name=summary]")).to_have_value("Mijn samenvatting")
    expect(panel.locator(".zsm-error-summary")).to_be_focused()
    assert probation_screening(case.pk).summary == "Van een collega"
    # The 409 is the answer the panel shows; nothing else went wrong.
    [conflict] = page_problems.failed_resources
    assert conflict.startswith("409 xhr")
    assert conflict.endswith(f"/zsm/zaken/{case.pk}/screening/bord/")
    page_problems.failed_resources.clear()
    page_problems.assert_none()


FOCUS_AND_SCROLL = """() => ({
    focused: document.activeElement ? document.activeElement.textContent.trim() : "",
    inRow: !!(document.activeElement && document.activeElement.closest("tr[data-row]")),
    scrollY: window.scrollY,
    same: window.__zsmSameDocument === true,
})"""


def test_refreshes_keep_focus_and_scroll_while_colleagues_register(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], settings: Any
) -> None:
    """Compressed: the board asks every second here (5 s in production; `make bench` runs two real minutes)."""
    settings.ZSM_BOARD_REFRESH_SECONDS = 1
    for _index in range(40):
        register_case(live_world, unique_surname())
    page.set_viewport_size({"width": 1366, "height": 768})
    open_board(page, live_server.url)
    page.evaluate("() => { window.__zsmSameDocument = true; }")
    target = page.locator("#board-rows tr[data-row]").nth(25).locator("[data-row-link]")
    target.focus()
    target.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 120)")
    before = page.evaluate(FOCUS_AND_SCROLL)
    assert before["inRow"]
    for _round in range(6):
        surname = unique_surname()
        register_case(live_world, surname)
        started = time.monotonic()
        expect(page.locator("#board-rows tr", has_text=surname)).to_have_count(1, timeout=5_000)
        assert time.monotonic() - started < 5
        now = page.evaluate(FOCUS_AND_SCROLL)
        assert now["same"], "the board reloaded"
        assert now["focused"] == before["focused"], now
        assert abs(now["scrollY"] - before["scrollY"]) <= 1, (before, now)
    # Said politely, not by moving anything.
    expect(page.locator("#board-live")).to_contain_text("1")
    page_problems.assert_none()


ROWS_IN_VIEW = """() => Array.from(document.querySelectorAll("#board-rows tr[data-row]"))
    .filter((row) => row.getBoundingClientRect().bottom <= window.innerHeight).length"""
TALLEST_ROW = """() => Math.max(...Array.from(document.querySelectorAll("#board-rows tr[data-row]"))
    .map((row) => row.getBoundingClientRect().height))"""


def test_fifty_rows_fit_the_screen_one_line_each_with_a_header_that_stays(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    for index in range(52):
        register_case(live_world, unique_surname(), offence="300/304 Sr" if index % 3 == 0 else "310 Sr")
    page.set_viewport_size({"width": 1366, "height": 768})
    open_board(page, live_server.url, "politie")
    expect(page.locator("#board-rows tr[data-row]")).to_have_count(52)
    assert page.evaluate(ROWS_IN_VIEW) >= ROWS_ABOVE_THE_FOLD
    assert page.evaluate(TALLEST_ROW) <= 36  # one line of text
    page.mouse.wheel(0, 900)
    page.wait_for_timeout(200)
    header_top = page.evaluate("() => document.querySelector('.zsm-board thead th').getBoundingClientRect().top")
    assert abs(header_top) <= 1  # stuck to the top of the window
    assert_accessible(page)
    page_problems.assert_none()


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)], ids=["1366", "1920"])
def test_the_board_with_the_panel_open_is_accessible(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
    size: tuple[int, int],
) -> None:
    case = register_case(live_world, unique_surname())
    page.set_viewport_size({"width": size[0], "height": size[1]})
    open_board(page, live_server.url)
    page.locator(f"#case-{case.pk}").get_by_test_id("screen").click()
    expect(page.get_by_test_id("quick-not-known")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_n_goes_to_the_next_case_with_my_screening_still_to_do(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    from zsm.cases.services import ScreeningInput, screening_record

    screened = register_case(live_world, unique_surname())
    waiting = register_case(live_world, unique_surname())
    screening_record(
        user=live_world["reclassering"],
        case_id=screened.pk,
        data=ScreeningInput(state="done", known="not_known"),
        expected_version=probation_screening(screened.pk).version,
    )
    open_board(page, live_server.url, "reclassering")
    page.keyboard.press("n")
    expect(page.locator(f"#case-{waiting.pk} [data-row-link]")).to_be_focused()
    page.keyboard.press("n")  # the only one: it stays there
    expect(page.locator(f"#case-{waiting.pk} [data-row-link]")).to_be_focused()
    page_problems.assert_none()
