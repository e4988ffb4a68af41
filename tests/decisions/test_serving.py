"""The strafbeschikking's handing over and the term for verzet (docs/legal-rules.md D7, D8).

The 14 days of art. 257e Sv run from when the suspect got the copy, recorded apart from the decision; a term
that ends on a Saturday, Sunday or Atw holiday runs on to the next day that is none.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.decisions import conditional_dismissal, register
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.common.clock import AMSTERDAM
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.common.holidays import atw_holidays
from zsm.decisions.caps import DecisionInput, objection_last_day
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record, strafbeschikking_serve

FINE = DecisionInput(disposal="strafbeschikking", fine_amount=Decimal(250))


def at(day: date, hour: int = 11) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM)


@pytest.mark.parametrize(
    ("served", "last_day"),
    [
        (date(2026, 3, 4), date(2026, 3, 18)),  # Wednesday + 14 = Wednesday
        (date(2026, 3, 7), date(2026, 3, 23)),  # Saturday + 14 = Saturday: runs on to Monday
        (date(2026, 3, 8), date(2026, 3, 23)),  # Sunday + 14 = Sunday: Monday
        (date(2026, 3, 20), date(2026, 4, 7)),  # + 14 = Good Friday 3 April (Atw): Easter Monday too: Tuesday
        (date(2026, 5, 1), date(2026, 5, 18)),  # + 14 = 15 May 2026, equated by decree, then the weekend
        (date(2026, 12, 11), date(2026, 12, 28)),  # + 14 = Christmas Day, then Boxing Day, then Sunday
    ],
)
def test_the_last_day_for_verzet(served: date, last_day: date) -> None:
    assert objection_last_day(at(served)) == last_day


def test_the_day_counts_in_amsterdam() -> None:
    """Handed over at 00:30 Dutch time on the 4th is the 4th, though it is still the 3rd in UTC."""
    assert objection_last_day(datetime(2026, 3, 4, 0, 30, tzinfo=AMSTERDAM)) == date(2026, 3, 18)


@given(served=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)))
def test_the_last_day_is_a_working_day_at_least_fourteen_days_on(served: date) -> None:
    last = objection_last_day(at(served))
    assert last >= served + timedelta(days=14)
    assert last.weekday() < 5
    assert last not in atw_holidays(last.year)
    # Never further than needed: every day between the 14th and the last is a Saturday, Sunday or Atw holiday.
    day = served + timedelta(days=14)
    while day < last:
        assert day.weekday() >= 5 or day in atw_holidays(day.year)
        day += timedelta(days=1)


@pytest.mark.django_db
def test_the_handing_over_is_recorded_once_and_starts_the_term(world: dict[str, User]) -> None:
    case = register(world["politie"])
    decided = decision_record(user=world["officier"], case_id=case.pk, data=FINE)
    assert decided.served_at is None  # not handed over by deciding
    handed = decided.decided_at + timedelta(minutes=20)
    with time_machine.travel(handed + timedelta(minutes=1), tick=False):
        served = strafbeschikking_serve(user=world["officier"], case_id=case.pk, served_at=handed, how="in_person")
        assert (served.served_at, served.served_how) == (handed, "in_person")
        with pytest.raises(ConflictError):
            strafbeschikking_serve(user=world["officier"], case_id=case.pk, served_at=handed, how="in_person")
    assert AuditEvent.objects.filter(event="decision.served", object_id=str(decided.pk)).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offset", "how", "field"),
    [
        (timedelta(minutes=-1), "in_person", "served_at"),  # before the decision
        (timedelta(days=1), "in_person", "served_at"),  # in the future
        (timedelta(minutes=5), "by_pigeon", "how"),
    ],
)
def test_a_wrong_handing_over_is_refused_and_stores_nothing(
    world: dict[str, User], offset: timedelta, how: str, field: str
) -> None:
    case = register(world["politie"])
    decided = decision_record(user=world["officier"], case_id=case.pk, data=FINE)
    with (
        time_machine.travel(decided.decided_at + timedelta(minutes=10), tick=False),
        pytest.raises(ApplicationError) as caught,
    ):
        strafbeschikking_serve(user=world["officier"], case_id=case.pk, served_at=decided.decided_at + offset, how=how)
    assert field in caught.value.field_errors
    assert Decision.objects.get().served_at is None


@pytest.mark.django_db
def test_only_a_strafbeschikking_is_handed_over_and_only_by_the_om(world: dict[str, User]) -> None:
    dismissed = register(world["politie"])
    decision_record(user=world["officier"], case_id=dismissed.pk, data=conditional_dismissal())
    with pytest.raises(ConflictError):
        strafbeschikking_serve(user=world["officier"], case_id=dismissed.pk, served_at=datetime.now(AMSTERDAM),
                               how="in_person")  # fmt: skip
    fined = register(world["politie"])
    decision_record(user=world["officier"], case_id=fined.pk, data=FINE)
    with pytest.raises(ApplicationError) as caught:
        strafbeschikking_serve(user=world["politie"], case_id=fined.pk, served_at=datetime.now(AMSTERDAM),
                               how="in_person")  # fmt: skip
    assert not isinstance(caught.value, ConflictError)


@pytest.mark.django_db
def test_the_case_page_records_it_and_the_letter_names_the_last_day(
    world: dict[str, User], login_as: Callable[..., Client]
) -> None:
    served_day = date(2026, 3, 7)  # a Saturday: 14 days later is a Saturday too, so the term runs to Monday
    with time_machine.travel(at(served_day, 10), tick=False):
        case = register(world["politie"])
        decision_record(user=world["officier"], case_id=case.pk, data=FINE)
    client = login_as("officier")
    with time_machine.travel(at(served_day, 12), tick=False):
        page = client.get(reverse("cases:case_detail", kwargs={"case_id": case.pk})).content.decode()
        assert 'data-testid="serve-form"' in page
        response = client.post(
            reverse("decisions:strafbeschikking_serve", kwargs={"case_id": case.pk}),
            {"served_at": "2026-03-07T11:30", "how": "in_person"},
        )
        assert response.status_code == 302
        letter = client.get(reverse("decisions:decision_summary", kwargs={"case_id": case.pk})).content.decode()
    objection = letter[letter.index('data-testid="objection"') :]
    assert "7 maart 2026" in objection
    assert "23 maart 2026" in objection
