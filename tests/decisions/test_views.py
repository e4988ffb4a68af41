"""The OM's decision screen and the suspect's summary, through the browser's front door."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.decisions import ADULT, MINOR, ROBBERY, conditional_dismissal, register
from zsm.accounts.models import User
from zsm.audit.constants import Action, EventKind
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case
from zsm.common.clock import local_now
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record

World = dict[str, User]
Login = Callable[..., Client]


def form_url(case: Case) -> str:
    return reverse("decisions:decision_create", kwargs={"case_id": case.pk})


def summary_url(case: Case) -> str:
    return reverse("decisions:decision_summary", kwargs={"case_id": case.pk})


def dutch(message: str) -> str:
    with translation.override("nl"):
        return translation.gettext(message)


def appointment_text() -> str:
    return (local_now() + timedelta(days=1)).strftime("%Y-%m-%dT10:00")


def post_data(case: Case, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "version": case.version,
        "disposal": "conditional_dismissal",
        "conditions": "Begeleiding door het wijkteam",
        "probation_period_months": "6",
        "probation_involved": "on",
        "appointment_at": appointment_text(),
        "appointment_place": "Reclassering, Utrecht",
        "appointment_with": "R. Reclassering",
        "rationale": "Eerste keer, schulden.",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_the_officer_sees_the_form_with_the_ladder(world: World, login_as: Login) -> None:
    earlier = register(world["politie"])
    decision_record(user=world["officier"], case_id=earlier.pk, data=conditional_dismissal())
    case = register(world["politie"], offences=[ROBBERY])  # same BSN: the same person
    assert case.suspect_id == earlier.suspect_id
    response = login_as("officier").get(form_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    ladder = page[page.index('data-testid="ladder"') :]
    assert earlier.reference in ladder
    assert dutch("Conditional dismissal (voorwaardelijk sepot)") in ladder
    assert "Begeleiding door het wijkteam" in ladder
    assert ADULT.surname in page
    assert 'data-testid="clock"' in page
    assert response.context["strafbeschikking_possible"] is False  # robbery: 9 years
    assert 'type="radio"' in page
    assert 'type="datetime-local"' in page


@pytest.mark.django_db
def test_a_conditional_dismissal_without_appointment_is_refused_in_dutch(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    data = post_data(case, appointment_at="", appointment_place="", appointment_with="")
    response = login_as("officier").post(form_url(case), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["appointment_at"] == [dutch("Enter the date and time of the follow-up appointment.")]
    assert form.errors["appointment_place"] == [dutch("Enter where the follow-up appointment is.")]
    assert form.errors["appointment_with"] == [dutch("Enter with whom the follow-up appointment is.")]
    assert 'id="id_appointment_at_error"' in response.content.decode()
    assert "Begeleiding door het wijkteam" in response.content.decode()  # the input is kept
    case.refresh_from_db()
    assert not Decision.objects.exists()
    assert case.status == CaseStatus.REGISTERED


@pytest.mark.django_db
def test_a_conditional_dismissal_with_appointment_is_recorded(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    client = login_as("officier")
    response = client.post(form_url(case), post_data(case))
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    decision = Decision.objects.get(case=case)
    assert decision.appointment_at is not None
    assert decision.appointment_at.astimezone(local_now().tzinfo).strftime("%H:%M") == "10:00"
    follow = client.get(response["Location"])
    assert dutch("The decision is recorded.") in follow.content.decode()


@pytest.mark.django_db
def test_too_much_community_service_is_an_error_on_that_field(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    data = post_data(
        case,
        disposal="strafbeschikking",
        community_service_hours="200",
        om_hearing_at=appointment_text(),
        probation_involved="",
        appointment_at="",
    )
    response = login_as("officier").post(form_url(case), data)
    assert response.status_code == 400
    assert response.context["form"].errors["community_service_hours"] == [
        dutch("Community service can be at most %(max)d hours (art. 257a lid 2 Sv).") % {"max": 180}
    ]
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_values_of_another_disposal_are_not_stored(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    data = post_data(case, community_service_hours="40", fine_amount="100")
    assert login_as("officier").post(form_url(case), data).status_code == 302
    decision = Decision.objects.get()
    assert decision.community_service_hours is None
    assert decision.fine_amount is None


@pytest.mark.django_db
def test_a_stale_form_shows_a_conflict_and_keeps_the_input(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    client = login_as("officier")
    stale = post_data(case, rationale="Mijn eigen afweging")
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())  # someone was first
    response = client.post(form_url(case), stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'data-testid="conflict"' in page
    assert "Mijn eigen afweging" in page
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_the_police_may_not_decide(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    client = login_as("politie")
    assert client.get(form_url(case)).status_code == 403
    assert client.post(form_url(case), post_data(case)).status_code == 403
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_the_raad_does_not_see_an_adults_case_but_does_see_a_minors(world: World, login_as: Login) -> None:
    adult = register(world["politie"])
    minor = register(world["politie"], suspect=MINOR)
    decision_record(user=world["officier"], case_id=minor.pk, data=conditional_dismissal())
    client = login_as("raad")
    assert client.get(form_url(adult)).status_code == 404
    assert client.get(form_url(minor)).status_code == 403
    assert client.get(summary_url(minor)).status_code == 200


@pytest.mark.django_db
def test_the_summary_shows_the_appointment_and_waits_for_a_decision(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    client = login_as("reclassering")
    assert client.get(summary_url(case)).status_code == 404
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    response = client.get(summary_url(case))
    assert response.status_code == 200
    page = response.content.decode()
    appointment = page[page.index('data-testid="appointment"') :]
    assert "10:00" in appointment
    assert "Reclassering, Utrecht" in appointment
    assert "R. Reclassering" in appointment
    assert 'data-testid="objection"' not in page
    assert "decisions/summary.css" in page


@pytest.mark.django_db
def test_the_summary_of_a_strafbeschikking_names_the_right_of_objection(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    data = conditional_dismissal(
        disposal="strafbeschikking", fine_amount=250, appointment_at=None, probation_involved=False
    )
    decision_record(user=world["officier"], case_id=case.pk, data=data)
    page = login_as("officier").get(summary_url(case)).content.decode()
    assert 'data-testid="objection"' in page
    assert "14" in page[page.index('data-testid="objection"') :]
    assert "250,00" in page or "250.00" in page


@pytest.mark.django_db
def test_every_view_of_a_case_writes_an_access_event(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    client = login_as("officier")
    client.get(form_url(case))
    client.get(form_url(case))
    views = AuditEvent.objects.filter(kind=EventKind.ACCESS, event="case.viewed", object_id=str(case.pk))
    assert views.count() == 2
    assert {event.purpose for event in views} == {"om_afdoening"}
    assert {event.person_id for event in views} == {case.suspect_id}
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    client.get(summary_url(case))
    printed = AuditEvent.objects.get(event="decision.summary_printed")
    assert printed.action == Action.PRINT
    assert printed.person_id == case.suspect_id


@pytest.mark.django_db
def test_a_refused_view_writes_no_access_event(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    login_as("politie").get(form_url(case))
    login_as("raad").get(summary_url(case))
    shown = AuditEvent.objects.filter(kind=EventKind.ACCESS, event__in=["case.viewed", "decision.summary_printed"])
    assert not shown.exists()
