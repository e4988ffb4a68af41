"""The ZSM table end to end in real browsers: police, probation and the OM, each in their own browser.

Police register a case, the probation screener sees it appear on the board without reloading and
screens it, the officer decides, and the police board follows by itself. Around that: bad input on
the decision form, axe-core on the table's pages, and the board by keyboard.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import dateformat, translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, login, watch
from zsm.cases.catalogue import entry_for
from zsm.cases.constants import OPEN_STATUSES, CaseStatus
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, VictimInput, case_register
from zsm.common.clock import local, local_now, now
from zsm.decisions.constants import COMMUNITY_SERVICE_MAX_HOURS, Disposal
from zsm.decisions.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]

BOARD = "/zsm/bord/"
INTAKE = "/zsm/zaken/nieuw/"
CASE_URL = re.compile(r"/zsm/zaken/(\d+)/(#.*)?$")
# The htmx board polls every 5 s; a change must be on every open board within two polls.
LIVE_TIMEOUT_MS = 10_000
LOCAL_INPUT = "%Y-%m-%dT%H:%M"  # what a datetime-local input takes


def nl(text: Any) -> str:
    """A label as the Dutch UI shows it (English where the catalogue has no translation yet)."""
    with translation.override("nl"):
        return str(text)


def unique_surname() -> str:
    return "Tafel" + uuid.uuid4().hex[:8]


# --- More people at the table: one browser context each, watched like the `page` fixture ------


def new_tab(page: Page, problems: PageProblems) -> Page:
    """Another tab of the same person (same context, so the same session)."""
    return watch(page.context.new_page(), problems)


def mark_document(page: Page) -> None:
    """Leave a mark in the loaded document; it survives htmx swaps but not a reload or navigation."""
    page.evaluate("() => { window.__zsmSameDocument = true; }")


def assert_not_reloaded(page: Page) -> None:
    assert page.evaluate("() => window.__zsmSameDocument === true"), f"{page.url} was reloaded or left"


def board_row(page: Page, surname: str) -> Any:
    return page.locator("[data-testid=board] #board-rows tr", has_text=surname)


# --- Cases registered directly through the service, for the tests that start at a case --------


def register_case(world: dict[str, Any], surname: str, *, offence: str = "310 Sr") -> Case:
    entry = entry_for(offence)
    assert entry is not None
    moment = now()
    return case_register(
        user=world["politie"],
        data=CaseInput(
            police_registration_number=f"PL0900-{uuid.uuid4().hex[:10]}",
            arrested_at=moment - timedelta(hours=3),
            holding_ordered_at=moment - timedelta(hours=2),
            suspect=SuspectInput(given_names="Sam", surname=surname, date_of_birth=date(1990, 4, 12)),
            offences=[
                OffenceInput(entry.code, entry.description, entry.pretrial_detention_allowed, entry.max_penalty_years)
            ],
            victims=[VictimInput(name="Winkel De Hoek")],
        ),
    )


# --- 1. The flow ------------------------------------------------------------------------------


def test_three_people_at_the_table(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    person: Callable[[str], Page],
) -> None:
    base = live_server.url
    surname = unique_surname()
    registration_number = f"PL0900-2026-{uuid.uuid4().hex[:6]}"
    summary_text = f"Geen lopend toezicht; werk en woning stabiel ({surname})."
    advice_text = "Voorwaardelijk sepot met meldplicht bij de reclassering."
    conditions_text = "Meldplicht bij de reclassering; contactverbod met Winkel De Hoek."
    place = "Reclassering Utrecht, Catharijnesingel 1"
    with_whom = "mevrouw De Vries"
    with translation.override("nl"):
        decided = str(CaseStatus.DECIDED.label)
        conditional = str(Disposal.CONDITIONAL_DISMISSAL.label)

    # Police: log in and open the board.
    login(page, base, "politie")
    police_board = page
    police_board.goto(f"{base}{BOARD}")
    expect(police_board.get_by_test_id("board")).to_be_visible()
    expect(board_row(police_board, surname)).to_have_count(0)
    mark_document(police_board)

    # Probation: the screener opens the board in her own browser.
    screener = person("reclassering")
    screener.goto(f"{base}{BOARD}")
    expect(screener.get_by_test_id("board")).to_be_visible()
    expect(board_row(screener, surname)).to_have_count(0)
    mark_document(screener)

    # Police register a new case through the intake form, in a second tab.
    intake = new_tab(police_board, page_problems)
    intake.goto(f"{base}{INTAKE}")
    arrested = local(now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    intake.locator("#id_given_names").fill("Sam")
    intake.locator("#id_surname").fill(surname)
    intake.locator("#id_date_of_birth").fill("1990-04-12")
    intake.locator("#id_police_registration_number").fill(registration_number)
    intake.locator("#id_arrested_at").fill(arrested.strftime(LOCAL_INPUT))
    intake.locator("#id_holding_ordered_at").fill((arrested + timedelta(minutes=45)).strftime(LOCAL_INPUT))
    intake.locator("#id_offence_1").select_option("310 Sr")
    intake.locator("#id_victim_1_name").fill("Winkel De Hoek")
    intake.locator("form.zsm-intake button[type=submit]").click()
    expect(intake).to_have_url(CASE_URL)
    case_id = int(CASE_URL.search(intake.url).group(1))  # type: ignore[union-attr]
    reference = f"ZSM-{case_id}"
    expect(intake.locator("h1")).to_contain_text(surname)
    expect(intake.locator("h1")).to_contain_text(reference)
    expect(intake.locator("main")).to_contain_text(registration_number)
    expect(intake.locator("[data-testid=victim]")).to_contain_text("Winkel De Hoek")
    # Stored as typed, on a Dutch clock.
    case = Case.objects.get(pk=case_id)
    assert case.arrested_at == arrested, (case.arrested_at, arrested)
    assert case.police_registration_number == registration_number

    # Probation: the case appears on her board by itself, without a reload.
    screener_row = board_row(screener, surname)
    expect(screener_row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(screener_row.get_by_role("link", name=reference, exact=True)).to_be_visible()
    assert_not_reloaded(screener)
    # …and she screens it.
    screener_row.get_by_role("link", name=reference, exact=True).click()
    expect(screener).to_have_url(f"{base}/zsm/zaken/{case_id}/")
    screening_form = screener.locator("form[action$='/screening/']")
    screening_form.locator("#id_state").select_option("done")
    screening_form.locator("#id_known").select_option("not_known")
    screening_form.locator("#id_summary").fill(summary_text)
    screening_form.locator("#id_advice").fill(advice_text)
    screening_form.locator("button[type=submit]").click()
    expect(screener).to_have_url(f"{base}/zsm/zaken/{case_id}/#screening")
    screenings = screener.locator("section[aria-labelledby=screenings-heading] tbody")
    expect(screenings.locator("tr", has_text=summary_text)).to_contain_text(advice_text)
    expect(screener.locator("#id_state")).to_have_value("done")
    expect(screener.locator("#id_known")).to_have_value("not_known")

    # The police board has the case too (no reload), still open.
    police_board.bring_to_front()
    police_row = board_row(police_board, surname)
    expect(police_row).to_be_visible(timeout=LIVE_TIMEOUT_MS)
    expect(police_row).not_to_have_class(re.compile(r"zsm-board__row--done"))
    expect(police_row).not_to_contain_text(decided)

    # The OM: the officer opens the case from her board and decides.
    officer = person("officier")
    officer.goto(f"{base}{BOARD}")
    board_row(officer, surname).get_by_role("link", name=reference, exact=True).click()
    expect(officer).to_have_url(f"{base}/zsm/zaken/{case_id}/")
    # The officer sees the screener's advice.
    expect(officer.locator("section[aria-labelledby=screenings-heading]")).to_contain_text(advice_text)
    officer.locator(f"a[href='/zsm/zaken/{case_id}/beslissing/']").click()
    expect(officer).to_have_url(f"{base}/zsm/zaken/{case_id}/beslissing/")
    appointment = (local_now() + timedelta(days=2)).replace(hour=10, minute=30, second=0, microsecond=0)
    officer.locator("input[name=disposal][value=conditional_dismissal]").check()
    officer.locator("#id_conditions").fill(conditions_text)
    officer.locator("#id_probation_period_months").fill("12")
    officer.locator("#id_appointment_at").fill(appointment.strftime(LOCAL_INPUT))
    officer.locator("#id_appointment_place").fill(place)
    officer.locator("#id_appointment_with").fill(with_whom)
    officer.locator("#id_rationale").fill("First offence; probation advises a conditional dismissal.")
    officer.locator("form.utrecht-form button[type=submit]").click()
    expect(officer).to_have_url(f"{base}/zsm/zaken/{case_id}/")
    expect(officer.locator(".zsm-case-summary strong")).to_have_text(decided)
    expect(officer.locator(".zsm-case-summary")).to_contain_text(conditional)
    expect(officer.locator("section[aria-labelledby=decisions-heading]")).to_contain_text(conditions_text)
    decision = Decision.objects.get(case_id=case_id)
    assert decision.disposal == Disposal.CONDITIONAL_DISMISSAL
    assert decision.appointment_at == appointment, (decision.appointment_at, appointment)

    # The police board follows by itself: the row is decided.
    expect(police_row).to_have_class(re.compile(r"zsm-board__row--done"), timeout=LIVE_TIMEOUT_MS)
    expect(police_row).to_contain_text(decided)
    expect(police_row).to_contain_text(conditional)
    assert_not_reloaded(police_board)

    # The printable summary for the suspect carries the appointment.
    officer.goto(f"{base}/zsm/zaken/{case_id}/beslissing/")
    officer.locator(f"a[href='/zsm/zaken/{case_id}/beslissing/samenvatting/']").click()
    expect(officer).to_have_url(f"{base}/zsm/zaken/{case_id}/beslissing/samenvatting/")
    expect(officer.get_by_test_id("summary")).to_contain_text(surname)
    expect(officer.get_by_test_id("summary")).to_contain_text(conditions_text)
    appointment_section = officer.get_by_test_id("appointment")
    with translation.override("nl"):
        appointment_day = dateformat.format(appointment, "l j F Y")
    expect(appointment_section).to_contain_text(appointment_day)
    expect(appointment_section).to_contain_text("10:30")
    expect(appointment_section).to_contain_text(place)
    expect(appointment_section).to_contain_text(with_whom)

    page_problems.assert_none()


# --- 2. Bad input in the browser --------------------------------------------------------------


def test_strafbeschikking_over_the_community_service_cap(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    base = live_server.url
    surname = unique_surname()
    case = register_case(live_world, surname)
    login(page, base, "officier")
    page.goto(f"{base}/zsm/zaken/{case.pk}/beslissing/")
    expect(page.locator("h1")).to_contain_text(surname)
    assert_accessible(page)  # the decision form, untouched

    hours = COMMUNITY_SERVICE_MAX_HOURS + 20
    page.locator("input[name=disposal][value=strafbeschikking]").check()
    page.locator("#id_community_service_hours").fill(str(hours))
    page.locator("form.utrecht-form button[type=submit]").click()

    field = page.locator(".utrecht-form-field", has=page.locator("#id_community_service_hours"))
    error = page.locator("#id_community_service_hours_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(str(COMMUNITY_SERVICE_MAX_HOURS))  # the cap, in whichever language
    expect(field).to_have_class(re.compile(r"utrecht-form-field--invalid"))
    expect(field.locator("#id_community_service_hours_error")).to_have_count(1)  # next to the field
    hours_input = page.locator("#id_community_service_hours")
    expect(hours_input).to_have_attribute("aria-invalid", "true")
    expect(hours_input).to_have_attribute("aria-describedby", re.compile(r"\bid_community_service_hours_error\b"))
    expect(hours_input).to_have_value(str(hours))  # kept for correction
    expect(page.locator("input[name=disposal][value=strafbeschikking]")).to_be_checked()
    expect(page).to_have_url(f"{base}/zsm/zaken/{case.pk}/beslissing/")
    assert_accessible(page)  # the decision form with its errors

    # Nothing was decided.
    case.refresh_from_db()
    assert case.status in OPEN_STATUSES, case.status
    assert not Decision.objects.filter(case=case).exists()
    page.goto(f"{base}/zsm/zaken/{case.pk}/")
    expect(page.locator(".zsm-case-summary strong")).to_have_text(nl(case.get_status_display()))
    expect(page.locator(".zsm-case-summary strong")).not_to_have_text(nl(CaseStatus.DECIDED.label))
    page_problems.assert_none()


# --- 3. axe-core on the table's pages ----------------------------------------------------------


def test_board_with_rows_is_accessible(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    surname = unique_surname()
    register_case(live_world, surname)
    register_case(live_world, unique_surname(), offence="300/304 Sr")  # with a domestic-violence flag
    login(page, live_server.url, "politie")
    page.goto(f"{live_server.url}{BOARD}")
    expect(page.locator("#board-rows tr")).to_have_count(2)
    expect(board_row(page, surname)).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_case_page_with_screening_form_is_accessible(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    case = register_case(live_world, unique_surname())
    login(page, live_server.url, "reclassering")
    page.goto(f"{live_server.url}/zsm/zaken/{case.pk}/")
    expect(page.locator("form[action$='/screening/'] #id_state")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


def test_intake_form_is_accessible(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    login(page, live_server.url, "politie")
    page.goto(f"{live_server.url}{INTAKE}")
    expect(page.locator("form.zsm-intake #id_surname")).to_be_visible()
    assert_accessible(page)
    page_problems.assert_none()


# --- 4. The board by keyboard ------------------------------------------------------------------


FOCUSED = """() => {
    const el = document.activeElement;
    return {
        tag: el ? el.tagName.toLowerCase() : "",
        id: el ? el.id : "",
        inFilter: !!(el && el.closest("form.zsm-board-filter")),
        caseLink: !!(el && el.matches("#board-rows a")),
        href: el && el.getAttribute("href"),
    };
}"""


def test_board_by_keyboard(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    base = live_server.url
    case = register_case(live_world, unique_surname())
    login(page, base, "politie")
    page.goto(f"{base}{BOARD}")
    first_link = page.locator("#board-rows tr").first.locator("[data-row-link]")
    expect(first_link).to_have_text(case.reference)

    seen: list[dict[str, Any]] = []
    for _press in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused["caseLink"]:
            break
    filter_ids = {item["id"] for item in seen if item["inFilter"]}
    assert {"id_status", "id_flag", "id_search", "id_minor"} <= filter_ids, seen
    assert seen[-1]["caseLink"], f"Tab never reached a case link: {seen}"
    assert seen[-1]["href"] == f"/zsm/zaken/{case.pk}/", seen[-1]
    expect(first_link).to_be_focused()

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/zsm/zaken/{case.pk}/")
    expect(page.locator("h1")).to_contain_text(case.reference)
    page_problems.assert_none()


def test_helpers_catch_a_reload(page: Page, live_server: Any) -> None:
    """The no-reload check can fail: a reload wipes the mark."""
    page.goto(f"{live_server.url}/inloggen/")
    mark_document(page)
    assert_not_reloaded(page)
    page.reload()
    with pytest.raises(AssertionError, match="reloaded"):
        assert_not_reloaded(page)
