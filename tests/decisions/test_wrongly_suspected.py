"""Technical dismissal 01, "wrongly treated as a suspect": the decision removes the person's case data at once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.audit.test_subject_access import client_with_casework
from tests.decisions import ADULT, register
from tests.decisions.test_views import dutch, form_url, post_data
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.models import Case, Notification, Screening, Victim
from zsm.cases.services import SuspectInput
from zsm.decisions.caps import DecisionInput
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record
from zsm.persons.models import Person
from zsm.socialmap.models import Referral
from zsm.workplace.models import SpecialCategoryNote, WerkplaatsCase

World = dict[str, User]
Login = Callable[..., Client]

WRONGLY_SUSPECTED = {"disposal": "technical_dismissal", "dismissal_code": "01", "rationale": "Verkeerde persoon."}


@pytest.mark.django_db
def test_code_01_removes_the_case_its_casework_and_the_person(world: World, login_as: Login) -> None:
    case = client_with_casework(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="fout")
    person_id, case_id = case.suspect_id, case.pk
    case.refresh_from_db()

    response = login_as("officier").post(form_url(case), post_data(case, **WRONGLY_SUSPECTED))

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:board")
    assert not Case.objects.filter(pk=case_id).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    for model in (Victim, Screening, Decision, WerkplaatsCase):
        assert not model.objects.filter(case_id=case_id).exists(), model.__name__
    assert not Referral.objects.filter(werkplaats_case__case_id=case_id).exists()
    assert not SpecialCategoryNote.objects.exists()
    # The audit trail keeps that it happened, by ids and without content.
    removed = AuditEvent.objects.get(event="case.removed")
    assert (removed.object_id, removed.person_id, removed.actor_username) == (str(case_id), person_id, "officier")
    assert removed.details == {
        "reason": "technical_dismissal_01",
        "person_removed": True,
        "told": [world["werkplaats"].pk],
    }
    assert AuditEvent.objects.filter(event="decision.recorded", person_id=person_id).exists()
    board = login_as("officier").get(response["Location"]).content.decode()
    assert (
        dutch("Technical dismissal 01 recorded: %(case)s and its personal data are removed from ZSM Werkplaats.")
        % {"case": f"ZSM-{case_id}"}
        in board
    )


@pytest.mark.django_db
def test_a_person_with_another_case_stays_with_that_case(world: World, login_as: Login) -> None:
    wrong = register(world["politie"])
    other = register(world["politie"], suspect=ADULT)
    assert other.suspect_id == wrong.suspect_id

    login_as("officier").post(form_url(wrong), post_data(wrong, **WRONGLY_SUSPECTED))

    assert not Case.objects.filter(pk=wrong.pk).exists()
    assert Case.objects.filter(pk=other.pk, suspect_id=other.suspect_id).exists()
    assert AuditEvent.objects.get(event="case.removed").details["person_removed"] is False


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["02", "09"])
def test_other_technical_dismissals_keep_the_case(world: World, login_as: Login, code: str) -> None:
    case = register(world["politie"])
    response = login_as("officier").post(
        form_url(case), post_data(case, **{**WRONGLY_SUSPECTED, "dismissal_code": code})
    )
    assert response.status_code == 302
    assert Decision.objects.filter(case=case, dismissal_code=code).exists()
    assert not AuditEvent.objects.filter(event="case.removed").exists()


@pytest.mark.django_db
def test_a_refused_01_decision_removes_nothing(world: World, login_as: Login) -> None:
    case = register(world["politie"])
    stale = post_data(case, **WRONGLY_SUSPECTED, version=case.version + 5)
    response = login_as("officier").post(form_url(case), stale)
    assert response.status_code == 409
    assert Case.objects.filter(pk=case.pk).exists()
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_the_api_answers_204_when_the_case_went_with_the_decision(
    world: World, as_user: Callable[[str], APIClient]
) -> None:
    case = register(
        world["politie"], suspect=SuspectInput(given_names="Kees", surname="Vermeer", date_of_birth=date(1980, 5, 5))
    )
    response = as_user("officier").post(
        f"/api/v1/cases/{case.pk}/decision",
        {"disposal": "technical_dismissal", "dismissalCode": "01", "version": case.version},
        format="json",
    )
    assert response.status_code == 204, response.content
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Person.objects.filter(pk=case.suspect_id).exists()


@pytest.mark.django_db
def test_the_worker_and_the_supervisor_hear_of_it_without_personal_details(
    world: World, login_as: Login, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    case = client_with_casework(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="fout")
    Notification.objects.create(recipient=world["reclassering"], case=case, subject="Uw cliënt", body="Aangehouden")
    case.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        login_as("officier").post(form_url(case), post_data(case, **WRONGLY_SUSPECTED))

    told = {n.recipient.username: n for n in Notification.objects.select_related("recipient")}
    assert set(told) == {"werkplaats", "reclassering"}
    assert f"ZSM-{case.pk}" in told["werkplaats"].message.body
    assert "Schuldhulp fout" in told["werkplaats"].message.body  # where the client was referred: let them know
    assert "Schuldhulp" not in told["reclassering"].message.body
    for notification in told.values():
        assert notification.case_id is None
        assert "Brouwersma" not in notification.message.body
        assert "Brouwersma" not in notification.message.subject
    assert {message.to[0] for message in mail.outbox} >= {world["werkplaats"].email, world["reclassering"].email}


@pytest.mark.django_db
def test_an_officer_deciding_a_case_a_colleague_just_removed_is_sent_to_the_board(
    world: World, login_as: Login
) -> None:
    case = register(world["politie"])
    late = login_as("officier")
    page = late.get(form_url(case))
    assert page.status_code == 200
    decision_record(user=world["officier"], case_id=case.pk, data=DecisionInput(**WRONGLY_SUSPECTED))

    response = late.post(form_url(case), post_data(case, disposal="summons", summons_type="snelrecht"))

    assert response.status_code == 404  # the case is gone: nothing of it is shown again
