"""The officer in Chromium: logs in, lands on the queue, sees the waiting werkplaats advice with its due time and
the count in the navigation, and reaches the advice's answer in one click. axe-core checks the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.workplace.flow import advised_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_officer_lands_on_the_queue_and_answers_the_advice_in_one_click(
    person: Callable[[str], Page],
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Callable[[Page], None],
) -> None:
    werkplaats_case, _advice = advised_case(live_world)
    reference = werkplaats_case.case.reference

    officer = person("officier")  # logs in through the form: the login itself lands on the queue

    queue_path = reverse("workplace:om_queue")
    expect(officer).to_have_url(f"{live_server.url}{queue_path}")
    with translation.override("nl"):
        queue_label = translation.gettext("My queue")
        answer_label = translation.gettext("Answer the advice")
        decide_label = translation.gettext("Record the decision")
    current = officer.get_by_role("navigation").locator("a[aria-current=page]")
    expect(current).to_contain_text(queue_label)
    expect(current.get_by_test_id("nav-count")).to_contain_text("1")
    row = officer.get_by_test_id("om-queue").locator("tbody tr", has_text=reference)
    expect(row).to_have_attribute("data-kind", "advice")
    expect(row.locator(".zsm-time")).to_be_visible()  # its due time: the held suspect's clock
    assert_accessible(officer)

    clicks = 0
    row.get_by_role("link", name=answer_label).click()
    clicks += 1

    advice_path = reverse("workplace:advice", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    expect(officer).to_have_url(f"{live_server.url}{advice_path}")
    # The answer follows from the decision: the page leads straight on to it.
    answer = officer.get_by_test_id("decide-first")
    expect(answer).to_be_visible()
    expect(answer.get_by_role("link", name=decide_label)).to_have_attribute(
        "href", reverse("decisions:decision_create", kwargs={"case_id": werkplaats_case.case_id})
    )
    assert clicks == 1
    page_problems.assert_none()
