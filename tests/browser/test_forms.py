"""Forms that help, in a real Chromium at 1366×768: intake errors in one round with the focus on the summary,
the decision form showing only the chosen disposal's fields (with and without JavaScript), checkbox labels on
one line, required fields neutral until submitted, and axe-core on both pages."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import CSP_LISTENER, TIMEOUT_MS, PageProblems, login, watch
from zsm.cases.catalogue import entry_for
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, case_register
from zsm.common.clock import local, now
from zsm.decisions.constants import Disposal
from zsm.decisions.forms import GROUPS
from zsm.decisions.models import Decision

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]
INTAKE = "/zsm/zaken/nieuw/"
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
LAPTOP = {"width": 1366, "height": 768}
INVALID_BSN = "123456789"  # nine digits, fails the elfproef


def a_case(world: dict[str, Any]) -> Case:
    entry = entry_for("310 Sr")
    assert entry is not None
    moment = now()
    return case_register(
        user=world["politie"],
        data=CaseInput(
            police_registration_number=f"PL0900-{uuid.uuid4().hex[:10]}",
            arrested_at=moment - timedelta(hours=3),
            holding_ordered_at=moment - timedelta(hours=2),
            suspect=SuspectInput(given_names="Sam", surname="Formulier", date_of_birth=date(1990, 4, 12)),
            offences=[OffenceInput(entry.code, entry.description)],
        ),
    )


def visible_groups(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "fieldset[data-disposals]", "els => els.filter(el => el.offsetParent !== null).map(el => el.id)"
        )
    )


@pytest.fixture
def no_js_page(browser: Any, page_problems: PageProblems) -> Iterator[Page | None]:
    """A page in a browser with JavaScript switched off."""
    if browser is None:
        yield None
        return
    context = browser.new_context(locale="nl-NL", java_script_enabled=False, viewport=LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(CSP_LISTENER)
    yield watch(context.new_page(), page_problems)
    context.close()


# --- Intake ---------------------------------------------------------------------------------------


def test_intake_errors_in_one_round_with_the_focus_on_the_summary(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "politie")
    page.goto(f"{live_server.url}{INTAKE}")
    assert_accessible(page)  # untouched

    # Checkbox labels sit beside their box on one line (they used to wrap one letter per line).
    label = page.locator("label[for=id_domestic_violence]")
    font_size = label.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    box = label.bounding_box()
    assert box is not None
    assert box["height"] < font_size * 2, (box, font_size)  # one line, not two
    assert box["width"] > 100, box

    arrested = local(now() - timedelta(hours=1)).replace(second=0, microsecond=0)
    page.locator("#id_bsn").fill(INVALID_BSN)
    page.locator("#id_given_names").fill("Sam")
    # The surname is left empty.
    page.locator("#id_date_of_birth").fill("1990-04-12")
    page.locator("#id_police_registration_number").fill("PL0900-ROUND1")
    page.locator("#id_arrested_at").fill(arrested.strftime(LOCAL_INPUT))
    page.locator("#id_holding_ordered_at").fill((arrested - timedelta(minutes=30)).strftime(LOCAL_INPUT))
    page.locator("#id_offence_1").select_option("310 Sr")
    page.locator("form.zsm-intake button[type=submit]").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # autofocus: no script involved
    links = summary.locator("a")
    expect(links).to_have_count(3)
    hrefs = {links.nth(index).get_attribute("href") for index in range(3)}
    assert hrefs == {"#id_bsn", "#id_surname", "#id_holding_ordered_at"}
    for field in ("bsn", "surname", "holding_ordered_at"):
        expect(page.locator(f"#id_{field}")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_bsn")).to_have_value(INVALID_BSN)  # what was typed is kept
    expect(page.locator("#id_police_registration_number")).to_have_value("PL0900-ROUND1")
    # A link in the summary takes the officer to the field.
    summary.locator("a[href='#id_surname']").click()
    expect(page).to_have_url(f"{live_server.url}{INTAKE}#id_surname")
    expect(page.locator("#id_surname")).to_be_in_viewport()
    assert_accessible(page)  # with its errors
    assert not Case.objects.exists()
    page_problems.assert_none()


# --- The decision form ----------------------------------------------------------------------------


def test_the_decision_form_shows_only_the_chosen_disposals_fields(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    case = a_case(live_world)
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "officier")
    page.goto(f"{live_server.url}/zsm/zaken/{case.pk}/beslissing/")
    expect(page.locator("[data-disposal-hint]")).to_be_visible()
    assert visible_groups(page) == set()  # nothing chosen: nothing to fill in but the rationale
    assert_accessible(page)

    # Required fields look neutral before anything was submitted: the radio buttons are not drawn as errors.
    style = "el => getComputedStyle(el).borderColor"
    radio = page.locator("#id_disposal_0")
    neutral = radio.evaluate(style)
    radio.evaluate("el => el.setAttribute('aria-invalid', 'true')")
    assert radio.evaluate(style) != neutral  # what an error looks like differs from the first load
    radio.evaluate("el => el.removeAttribute('aria-invalid')")

    for disposal in Disposal.values:
        page.locator(f"input[name=disposal][value={disposal}]").check()
        expected = {f"fields-{group.key}" for group in GROUPS if disposal in group.disposals}
        assert visible_groups(page) == expected, disposal
    expect(page.locator("[data-disposal-hint]")).to_be_hidden()

    # What was typed in a disposal's fields survives choosing another and coming back.
    page.locator("input[name=disposal][value=strafbeschikking]").check()
    page.locator("#id_fine_amount").fill("250")
    page.locator("input[name=disposal][value=summons]").check()
    expect(page.locator("#id_fine_amount")).to_be_hidden()
    page.locator("#id_summons_type").select_option("police_judge")
    assert_accessible(page)
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/zsm/zaken/{case.pk}/")
    decision = Decision.objects.get(case=case)
    assert decision.disposal == Disposal.SUMMONS
    assert decision.fine_amount is None  # the hidden fieldset was not sent
    page_problems.assert_none()


def test_without_javascript_every_fieldset_shows_and_the_others_are_ignored(
    no_js_page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    case = a_case(live_world)
    page = no_js_page
    login(page, live_server.url, "officier")
    page.goto(f"{live_server.url}/zsm/zaken/{case.pk}/beslissing/")
    assert visible_groups(page) == {f"fields-{group.key}" for group in GROUPS}
    expect(page.locator("[data-disposal-hint]")).to_be_hidden()
    for group in GROUPS:  # each under its own heading
        with translation.override("nl"):
            legend = str(group.legend)
        expect(page.locator(f"#fields-{group.key} > legend")).to_have_text(legend)
    page.locator("input[name=disposal][value=summons]").check()
    page.locator("#id_summons_type").select_option("police_judge")
    page.locator("#id_appointment_place").fill("Reclassering Utrecht")  # in another disposal's field
    page.locator("#id_halt_hours").fill("0")
    page.locator("form.utrecht-form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/zsm/zaken/{case.pk}/")
    decision = Decision.objects.get(case=case)
    assert decision.disposal == Disposal.SUMMONS
    assert decision.halt_hours is None
    assert decision.appointment_place == ""
    page_problems.assert_none()


def test_a_failed_decision_puts_the_focus_on_the_summary(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], assert_accessible: Check
) -> None:
    case = a_case(live_world)
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "officier")
    page.goto(f"{live_server.url}/zsm/zaken/{case.pk}/beslissing/")
    page.locator("form.utrecht-form button[type=submit]").click()  # no disposal chosen
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_disposal_0']")).to_have_count(1)  # the first option of the group
    page.locator("input[name=disposal][value=conditional_dismissal]").check()
    assert visible_groups(page) == {"fields-conditional_dismissal", "fields-probation", "fields-appointment"}
    assert_accessible(page)
    assert not Decision.objects.exists()
    page_problems.assert_none()


# --- A long picker --------------------------------------------------------------------------------


def test_the_signal_forms_case_picker_is_compact_and_filterable(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], no_js_page: Page
) -> None:
    from tests.workplace.flow import assigned_case

    cases = [assigned_case(live_world) for _ in range(26)]
    wanted = cases[7]
    url = f"{live_server.url}/signalen/nieuw/"
    page.set_viewport_size(LAPTOP)
    login(page, live_server.url, "werkplaats")
    page.goto(url)
    options = page.locator("[data-zsm-picker] .zsm-picker__option")
    expect(options).to_have_count(26)
    picker = page.locator("[data-zsm-picker]").bounding_box()
    assert picker is not None
    assert picker["height"] < 500, picker  # columns, not a 26-row column (it made a 9,000 px page)
    filter_box = page.get_by_label("Filter de lijst").or_(page.get_by_label("Filter the list"))
    box_id = page.locator(f"input[name=cases][value='{wanted.pk}']").get_attribute("id")
    label = page.locator(f"label[for='{box_id}']")
    filter_box.fill(label.inner_text().upper())  # case is ignored
    expect(page.locator(".zsm-picker__option:visible")).to_have_count(1)
    page.locator(f"input[name=cases][value='{wanted.pk}']").check()
    filter_box.press("Enter")  # filters, does not submit
    expect(page).to_have_url(url)
    filter_box.fill("")
    expect(page.locator(".zsm-picker__option:visible")).to_have_count(26)

    # Without JavaScript there is no dead filter: the whole list, in the same columns.
    login(no_js_page, live_server.url, "werkplaats")
    no_js_page.goto(url)
    expect(no_js_page.locator(".zsm-picker__filter")).to_be_hidden()
    expect(no_js_page.locator(".zsm-picker__option:visible")).to_have_count(26)
    page_problems.assert_none()
