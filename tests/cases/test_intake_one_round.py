"""Intake reports every error in one round: a missing field, the elfproef, the time order and the offences' legal
facts together, not the rules only on the next submit after the required fields were filled in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.cases.test_views import INVALID_BSN, VALID_BSN, _local_input, intake_post, register_case
from zsm.accounts.models import User
from zsm.cases.forms import CaseForm
from zsm.cases.models import Case
from zsm.cases.services import OffenceInput, case_intake_errors
from zsm.common.clock import now
from zsm.persons.models import Person

Login = Callable[..., Client]


def dutch(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


@pytest.mark.django_db
def test_a_missing_field_a_bad_bsn_and_a_wrong_time_order_come_back_together(login_as: Login) -> None:
    moment = now()
    response = login_as("politie").post(
        reverse("cases:case_create"),
        intake_post(
            surname="",  # required
            bsn=INVALID_BSN,  # nine digits, fails the elfproef
            arrested_at=_local_input(moment - timedelta(hours=1)),
            holding_ordered_at=_local_input(moment - timedelta(hours=2)),  # before the arrest
        ),
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"surname", "bsn", "holding_ordered_at"}
    page = response.content.decode()
    for field in ("surname", "bsn", "holding_ordered_at"):
        assert f'id="id_{field}_error"' in page
        assert f'href="#id_{field}"' in page  # the summary links to the field
    assert dutch("This is not a valid BSN (it must be 9 digits and pass the elfproef).") in page
    assert dutch("The holding order cannot come before the arrest.") in page
    # What was typed is kept.
    assert f'value="{INVALID_BSN}"' in page
    assert 'value="Noor"' in page
    assert 'value="PL0900-2026004711"' in page
    # The summary takes the focus, without a script.
    summary = page[page.index('id="error-summary"') - 200 : page.index('id="error-summary"') + 200]
    assert 'tabindex="-1"' in summary
    assert "autofocus" in summary
    assert not Case.objects.exists()
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_the_future_an_unreadable_date_and_the_offences_rules_in_one_round(login_as: Login) -> None:
    """A date that cannot be read skips only the rules that need it; the others still speak."""
    moment = now()
    response = login_as("politie").post(
        reverse("cases:case_create"),
        intake_post(
            date_of_birth="17-05-juni",  # unreadable
            arrested_at=_local_input(moment + timedelta(hours=2)),  # in the future
            holding_ordered_at=_local_input(moment + timedelta(hours=3)),
            parketnummer="niet-goed",
            # A catalogue code typed as "another offence" with a maximum the catalogue contradicts.
            other_code="310 Sr",
            other_description="Diefstal",
            other_max_years="9",
            other_pretrial="on",
        ),
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"date_of_birth", "arrested_at", "holding_ordered_at", "parketnummer", "other_max_years"}
    assert dutch("The arrest cannot lie in the future.") in errors["arrested_at"]
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_no_offence_and_an_unnamed_victim_with_a_bad_bsn(login_as: Login) -> None:
    response = login_as("politie").post(
        reverse("cases:case_create"),
        intake_post(offence_1="", bsn="12345678X", victim_1_name=""),  # the victim still has a phone number
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"offence_1", "bsn", "victim_1_name"}
    assert errors["offence_1"] == [dutch("Add at least one offence.")]  # once, not from both form and rules


@pytest.mark.django_db
def test_an_error_only_the_database_knows_is_still_put_on_its_field(login_as: Login, world: dict[str, User]) -> None:
    """The registration number already used: found by the service once the form is valid, shown on its field."""
    register_case(world, registration="PL0900-2026004711")
    response = login_as("politie").post(reverse("cases:case_create"), intake_post(bsn=VALID_BSN))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["police_registration_number"]
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_valid_intake_still_registers() -> None:
    form = CaseForm(intake_post(bsn=VALID_BSN))
    assert form.is_valid(), form.errors
    assert [offence.code for offence in form.to_input().offences] == ["310 Sr"]


# --- The rules on partial facts (pure) ----------------------------------------------------------


def test_rules_skip_only_what_they_cannot_know() -> None:
    moment = now()
    assert case_intake_errors(moment=moment) == ({}, [])
    errors, _offences = case_intake_errors(moment=moment, holding_ordered_at=moment + timedelta(hours=1))
    assert list(errors) == ["holding_ordered_at"]  # the future, though the arrest is unknown
    errors, _offences = case_intake_errors(
        moment=moment, date_of_birth=date(2030, 1, 1), offence_date=date(2026, 1, 1), bsn="123456789"
    )
    assert set(errors) == {"suspect.date_of_birth", "suspect.bsn"}
    errors, offences = case_intake_errors(
        moment=moment, offences=[OffenceInput("999 Sr", "Iets", False, Decimal("-1"))]
    )
    assert list(errors) == ["offences[0].max_penalty_years"]
    assert offences == []
    errors, _offences = case_intake_errors(moment=moment, offences=[])
    assert list(errors) == ["offences"]
