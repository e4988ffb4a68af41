"""The interaction budgets of the five daily flows (issue 13, "Measure it"), in Chromium.

Each test runs one flow from tests/browser/flows.py and asserts its count against `FLOW_BUDGETS` there: clicks,
keys and page loads are deterministic, so they are asserted; how long it takes is not (that is `make bench`,
benchmarks/test_flows.py, and docs/performance.md). The screening and the repeat call also have their own tests
with more to check (tests/browser/test_board.py, test_calls.py); here they run once more beside the others, so
the budget table is proven in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems, login
from tests.browser.flows import (
    BOARD,
    DAY,
    Arrest,
    Dismissal,
    advice_answered_by_om,
    conditional_dismissal_with_appointment,
    intake,
    open_board,
    repeat_call,
    screening_from_board,
    within,
)
from tests.browser.test_calls import calls  # noqa: F401  (the fixture: two calls to retry today)
from tests.browser.test_zsm_table import register_case, unique_surname
from tests.workplace.flow import advised_case
from zsm.cases.constants import Known, Partner, ScreeningState
from zsm.cases.models import Case, Screening
from zsm.common.clock import local, local_now, now
from zsm.common.holidays import next_working_day
from zsm.decisions.constants import Disposal
from zsm.decisions.models import Decision
from zsm.workplace.constants import ContactOutcome
from zsm.workplace.models import Advice, Contact

pytestmark = pytest.mark.django_db(transaction=True)


def morning_before(moment: datetime) -> datetime:
    """The latest 10:15 (or earlier, in the small hours) not after `moment`: a morning time, typed the same on a
    12- and a 24-hour clock (see flows.type_datetime)."""
    candidate = moment.replace(hour=10, minute=15, second=0, microsecond=0)
    if candidate > moment:
        candidate = moment.replace(hour=1, minute=5, second=0, microsecond=0)
        if candidate > moment:
            candidate = (moment - timedelta(days=1)).replace(hour=10, minute=15, second=0, microsecond=0)
    return candidate


def an_arrest(surname: str) -> Arrest:
    arrested = morning_before(local(now()) - timedelta(minutes=45))
    return Arrest(
        given_names="Sam",
        surname=surname,
        born=date(1990, 4, 12),
        registration_number=f"PL0900-{surname[-8:]}",
        arrested_at=arrested,
        holding_ordered_at=arrested + timedelta(minutes=30),
    )


def a_dismissal() -> Dismissal:
    day = next_working_day(local_now().date() + timedelta(days=1))
    return Dismissal(
        months="12",
        appointment_at=local_now().replace(
            year=day.year, month=day.month, day=day.day, hour=10, minute=30, second=0, microsecond=0
        ),
        place="Reclassering Utrecht",
        with_whom="mevrouw De Vries",
    )


@pytest.mark.parametrize("by", ["mouse", "keyboard"])
def test_a_screening_from_the_board(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any], by: str
) -> None:
    case = register_case(live_world, unique_surname())
    open_board(page, live_server.url)
    count = screening_from_board(page, case.pk, by=by)  # type: ignore[arg-type]
    print(f"\nscreening by {by}: {count}")
    within(f"screening by {by}", count)
    saved = Screening.objects.get(case_id=case.pk, partner=Partner.PROBATION)
    assert (saved.state, saved.known) == (ScreeningState.DONE, Known.NOT_KNOWN)
    page_problems.assert_none()


@pytest.mark.parametrize("by", ["keyboard", "mouse"])
def test_a_repeat_call_not_reached(
    person: Callable[[str], Page],
    live_server: Any,
    calls: list[Contact],  # noqa: F811
    page_problems: PageProblems,
    by: str,
) -> None:
    page = person("werkplaats")
    page.goto(f"{live_server.url}{DAY}")
    count = repeat_call(page, live_server.url, by=by)  # type: ignore[arg-type]
    print(f"\nrepeat call by {by}: {count}")
    within(f"repeat call by {by}", count)
    assert count.klm_seconds() <= 15.0
    again = Contact.objects.filter(werkplaats_case_id=calls[0].werkplaats_case_id).exclude(pk=calls[0].pk).get()
    assert again.outcome == ContactOutcome.NOT_REACHED
    page_problems.assert_none()


def test_an_intake(page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]) -> None:
    arrest = an_arrest(unique_surname())
    login(page, live_server.url, "politie")
    expect(page).to_have_url(f"{live_server.url}{BOARD}")
    count, case_id = intake(page, arrest)
    print(f"\nintake: {count}")
    within("intake", count)
    case = Case.objects.get(pk=case_id)
    assert case.suspect.surname == arrest.surname
    assert (case.arrested_at, case.holding_ordered_at) == (arrest.arrested_at, arrest.holding_ordered_at)
    assert case.suspect.date_of_birth == arrest.born
    assert [offence.code for offence in case.offences.all()] == ["310 Sr"]
    page_problems.assert_none()


def test_a_conditional_dismissal_with_an_appointment(
    page: Page, page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    case = register_case(live_world, unique_surname())
    dismissal = a_dismissal()
    login(page, live_server.url, "officier")
    page.goto(f"{live_server.url}/zsm/zaken/{case.pk}/")
    count = conditional_dismissal_with_appointment(page, live_server.url, case.pk, dismissal)
    print(f"\nconditional dismissal with an appointment: {count}")
    within("conditional dismissal with appointment", count)
    decision = Decision.objects.get(case=case)
    assert decision.disposal == Disposal.CONDITIONAL_DISMISSAL
    assert decision.probation_period_months == int(dismissal.months)
    assert decision.probation_involved
    assert decision.appointment_at == dismissal.appointment_at
    assert (decision.appointment_place, decision.appointment_with) == (dismissal.place, dismissal.with_whom)
    page_problems.assert_none()


def test_an_advice_answered_by_the_om(
    person: Callable[[str], Page], page_problems: PageProblems, live_server: Any, live_world: dict[str, Any]
) -> None:
    werkplaats_case, advice = advised_case(live_world)
    page = person("officier")  # lands on the queue
    count = advice_answered_by_om(
        page, live_server.url, reference=werkplaats_case.case.reference, case_id=werkplaats_case.case_id
    )
    print(f"\nadvice answered by the OM: {count}")
    within("advice answered by the OM", count)
    answered = Advice.objects.get(pk=advice.pk)
    assert answered.response
    assert answered.usefulness == 4
    assert Decision.objects.get(case_id=werkplaats_case.case_id).disposal == Disposal.CONDITIONAL_DISMISSAL
    page_problems.assert_none()
