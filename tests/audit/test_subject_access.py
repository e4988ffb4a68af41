"""Subject access (inzage): the export holds one person's data and access events, and nothing of anyone else."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import gettext

from tests.cases.test_views import INSULT, SERIALS
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import SCORES
from zsm.accounts.models import User
from zsm.audit.constants import Action, Purpose, SubjectAccessStatus, SubjectAccessStep
from zsm.audit.models import AuditEvent, SubjectAccessRequest
from zsm.audit.services import access_record
from zsm.audit.subject_access import (
    FAILED_TEXT,
    subject_access_build_run,
    subject_access_collect,
    subject_access_request,
)
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, SuspectInput, VictimInput, case_register
from zsm.common.clock import now
from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, LifeArea, NoteCategory, Signal
from zsm.workplace.services import (
    AdviceInput,
    AssessmentInput,
    ContactInput,
    advice_give,
    assessment_record,
    assessment_review,
    contact_log,
    special_note_record,
    werkplaats_case_assign,
    werkplaats_case_propose,
)

Capture = Callable[..., Any]
INDEX = reverse("audit:subject_access")


def client_with_casework(world: dict[str, User], *, given: str, surname: str, bsn: str, marker: str) -> Case:
    """A suspect with a ZSM case, werkplaats casework, a referral and an access event, all marked `marker`."""
    moment = now()
    case = case_register(
        user=world["politie"],
        data=CaseInput(
            police_registration_number=f"PL0900-2026{next(SERIALS):06d}",
            arrested_at=moment - timedelta(hours=1),
            holding_ordered_at=moment - timedelta(minutes=50),
            suspect=SuspectInput(
                given_names=given,
                surname=surname,
                bsn=bsn,
                date_of_birth=date(1990, 3, 1),
                street="Oudegracht 1",
                postcode="3511 AA",
                municipality="Utrecht",
            ),
            offences=[INSULT],
            victims=[VictimInput(name=f"Vera Vlietstra {marker}", phone="0612345678")],
        ),
    )
    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    wc = werkplaats_case_assign(
        user=world["coordinator"], werkplaats_case_id=proposed.pk, worker_id=world["werkplaats"].pk, expected_version=1
    )
    worker = world["werkplaats"]
    assessment = assessment_record(
        user=worker,
        werkplaats_case_id=wc.pk,
        data=AssessmentInput(
            scores=SCORES,
            professional_judgement=f"Oordeel {marker}",
            minutes=30,
            notes={LifeArea.INCOME_DEBTS: f"Schuldnotitie {marker}"},
        ),
    )
    assessment_review(user=world["werkplaats2"], assessment_id=assessment.pk, confirm=True)
    contact_log(
        user=worker,
        werkplaats_case_id=wc.pk,
        data=ContactInput(
            role=ContactRole.FAMILY,
            name=f"Wilma Zandbergen {marker}",
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.REACHED,
            minutes=15,
            summary=f"Gesprek {marker}",
        ),
    )
    special_note_record(
        user=worker, werkplaats_case_id=wc.pk, category=NoteCategory.ADDICTION, text=f"Verslaving {marker}"
    )
    advice_give(
        user=worker,
        werkplaats_case_id=wc.pk,
        data=AdviceInput(disposal="conditional_dismissal", rationale=f"Advies {marker}", minutes=20),
    )
    sent_referral(world, wc.pk, make_institution(world, name=f"Schuldhulp {marker}"))
    request = RequestFactory().get("/")
    request.user = world["officier"]
    access_record(request=request, event=f"case.viewed.{marker}", obj=case, person_id=case.suspect_id)
    return case


@pytest.fixture
def two_clients(world: dict[str, User]) -> tuple[Case, Case]:
    first = client_with_casework(world, given="Anouk", surname="Brouwersma", bsn="111222333", marker="eerste")
    second = client_with_casework(world, given="Bram", surname="Kortekaas", bsn="123456782", marker="tweede")
    return first, second


def request_export(login_as: Callable[..., Client], capture: Capture, **data: str) -> SubjectAccessRequest:
    client = login_as("privacy")
    with capture(execute=True):
        response = client.post(INDEX, data)
    assert response.status_code == 302, response.content
    row = SubjectAccessRequest.objects.get()
    assert response["Location"] == reverse("audit:subject_access_detail", kwargs={"request_pk": row.pk})
    return row


@pytest.mark.django_db
def test_the_export_holds_the_person_and_nothing_of_anyone_else(
    login_as: Callable[..., Client], two_clients: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, second = two_clients
    row = request_export(login_as, django_capture_on_commit_callbacks, bsn="111222333")
    row.refresh_from_db()
    assert (row.status, row.progress, row.step) == (SubjectAccessStatus.DONE, 100, SubjectAccessStep.FINISHED)
    assert row.person_id == first.suspect_id
    assert row.finished_at is not None

    document = row.document
    text = json.dumps(document, ensure_ascii=False)
    assert document["person"]["bsn"] == "111222333"
    assert document["person"]["name"] == "Anouk Brouwersma"
    assert [case["reference"] for case in document["cases"]] == [first.reference]
    werkplaats = document["cases"][0]["werkplaats"]
    assert "Schuldnotitie eerste" in text  # the decrypted assessment note
    assert "Oordeel eerste" in text
    assert "Verslaving eerste" in text  # special category: their own data
    assert werkplaats["contacts"][0]["summary"] == "Gesprek eerste"
    assert werkplaats["referrals"][0]["institution"] == "Schuldhulp eerste"
    assert werkplaats["referrals"][0]["transitions"]
    assert document["cases"][0]["victim_count"] == 1
    events = {event["event"] for event in document["access_events"]}
    assert "case.viewed.eerste" in events
    assert "subject_access.requested" in events
    assert all(event["user"] for event in document["access_events"] if event["event"] == "case.viewed.eerste")

    # Nothing of the other suspect, of the victim or of the contacted aunt.
    others = ("Kortekaas", "Bram", "123456782", f'"{second.reference}"', "tweede")
    for foreign in (*others, "Vlietstra", "0612345678", "Zandbergen"):
        assert foreign not in text, foreign
    assert "tweede" not in {event["event"].rsplit(".", 1)[-1] for event in document["access_events"]}

    # The PDF is laid out from this document only (subject_access_pdf never reads the database).
    assert bytes(row.pdf).startswith(b"%PDF")


@pytest.mark.django_db
def test_collection_reports_progress_step_by_step(world: dict[str, User], two_clients: tuple[Case, Case]) -> None:
    first, _second = two_clients
    seen: list[tuple[str, int]] = []
    subject_access_collect(first.suspect_id, progress=lambda step, percent: seen.append((step, percent)))
    assert [step for step, _percent in seen] == [
        SubjectAccessStep.PERSON,
        SubjectAccessStep.CASES,
        SubjectAccessStep.DECISIONS,
        SubjectAccessStep.CASEWORK,
        SubjectAccessStep.REFERRALS,
        SubjectAccessStep.EVENTS,
    ]
    percents = [percent for _step, percent in seen]
    assert percents == sorted(percents)
    assert percents[0] > 0
    assert percents[-1] < 100


@pytest.mark.django_db
def test_the_status_page_polls_until_done_then_offers_downloads(
    login_as: Callable[..., Client], two_clients: tuple[Case, Case]
) -> None:
    first, _second = two_clients
    client = login_as("privacy")
    client.post(INDEX, {"person_id": str(first.suspect_id)})  # queued: on_commit does not run in this test
    row = SubjectAccessRequest.objects.get()
    detail = reverse("audit:subject_access_detail", kwargs={"request_pk": row.pk})
    fragment = reverse("audit:subject_access_status", kwargs={"request_pk": row.pk})

    page = client.get(detail).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert f'hx-get="{fragment}"' in page
    assert '<progress id="subject-access-progress" max="100" value="0"' in page
    assert '<label for="subject-access-progress">' in page
    assert "Anouk Brouwersma" in page
    assert AuditEvent.objects.filter(event="subject_access.viewed", person_id=first.suspect_id).exists()

    subject_access_build_run(row.pk)
    polled = client.get(fragment).content.decode()
    assert "hx-trigger" not in polled
    assert 'value="100"' in polled
    assert reverse("audit:subject_access_pdf", kwargs={"request_pk": row.pk}) in polled
    assert reverse("audit:subject_access_json", kwargs={"request_pk": row.pk}) in polled


@pytest.mark.django_db
def test_downloads_are_recorded_as_exports(
    login_as: Callable[..., Client], two_clients: tuple[Case, Case], django_capture_on_commit_callbacks: Capture
) -> None:
    first, _second = two_clients
    row = request_export(login_as, django_capture_on_commit_callbacks, person_id=str(first.suspect_id))
    client = login_as("privacy")

    response = client.get(reverse("audit:subject_access_json", kwargs={"request_pk": row.pk}))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inzage-{row.pk}.json"'
    assert json.loads(response.content)["person"]["bsn"] == "111222333"
    response = client.get(reverse("audit:subject_access_pdf", kwargs={"request_pk": row.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    exports = AuditEvent.objects.filter(event="subject_access.downloaded").order_by("pk")
    assert [e.details["format"] for e in exports] == ["json", "pdf"]
    assert {(e.action, e.purpose, e.person_id, e.actor_username) for e in exports} == {
        (Action.EXPORT, Purpose.SUBJECT_ACCESS, first.suspect_id, "privacy")
    }


@pytest.mark.django_db
def test_a_download_before_the_export_is_done_is_not_found(
    login_as: Callable[..., Client], two_clients: tuple[Case, Case]
) -> None:
    first, _second = two_clients
    client = login_as("privacy")
    client.post(INDEX, {"person_id": str(first.suspect_id)})
    row = SubjectAccessRequest.objects.get()
    assert client.get(reverse("audit:subject_access_json", kwargs={"request_pk": row.pk})).status_code == 404
    assert not AuditEvent.objects.filter(event="subject_access.downloaded").exists()


@pytest.mark.django_db
def test_a_failing_collection_marks_the_request_failed(
    login_as: Callable[..., Client],
    two_clients: tuple[Case, Case],
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**_kwargs: object) -> list[dict[str, object]]:
        raise RuntimeError("Anouk Brouwersma 111222333")

    monkeypatch.setattr("zsm.audit.subject_access.subject_access_cases", broken)
    row = request_export(login_as, django_capture_on_commit_callbacks, bsn="111222333")
    row.refresh_from_db()
    assert row.status == SubjectAccessStatus.FAILED
    assert row.error == FAILED_TEXT
    assert row.document is None
    assert row.pdf is None
    assert row.progress == 10  # the personal record was collected, the cases were not
    page = login_as("privacy").get(reverse("audit:subject_access_detail", kwargs={"request_pk": row.pk}))
    assert gettext(FAILED_TEXT) in page.content.decode()
    assert "hx-trigger" not in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["beheer", "politie", "officier", "werkplaats", "coordinator"])
def test_only_the_privacy_officer_may_ask(
    login_as: Callable[..., Client], two_clients: tuple[Case, Case], username: str
) -> None:
    first, _second = two_clients
    before = AuditEvent.objects.count()
    response = login_as(username).post(INDEX, {"person_id": str(first.suspect_id)})
    assert response.status_code == 403
    assert not SubjectAccessRequest.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_the_privacy_officer_needs_a_second_factor(world: dict[str, User], two_clients: tuple[Case, Case]) -> None:
    first, _second = two_clients
    with pytest.raises(PermissionDenied):
        subject_access_request(user=world["privacy"], person_id=first.suspect_id)
    client = Client()
    client.force_login(world["privacy"])
    response = client.get(INDEX)  # without a second factor: sent to set one up first
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"bsn": "111222334"}, "bsn", None),  # fails the elfproef
        ({"bsn": "999999990"}, "bsn", "No person with this BSN is known."),
        ({"person_id": "999999"}, "person_id", "No person with this number is known."),
        ({}, None, "Give the person number or the BSN."),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_is_queued(
    login_as: Callable[..., Client],
    two_clients: tuple[Case, Case],
    data: dict[str, str],
    field: str | None,
    message: str | None,
) -> None:
    response = login_as("privacy").post(INDEX, data)
    assert response.status_code == 400
    form = response.context["form"]
    errors = form.errors.get(field or "__all__")
    assert errors
    if message:
        assert gettext(message) in errors
    assert not SubjectAccessRequest.objects.exists()


@pytest.mark.django_db
def test_the_list_of_requests_takes_a_fixed_number_of_queries(
    login_as: Callable[..., Client],
    world: dict[str, User],
    two_clients: tuple[Case, Case],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    officer = world["privacy"]
    officer.is_verified = lambda: True  # type: ignore[attr-defined]
    for case in two_clients * 3:
        subject_access_request(user=officer, person_id=case.suspect_id)
    client = login_as("privacy")
    with django_assert_max_num_queries(12):
        response = client.get(INDEX)
    assert response.status_code == 200
    assert len(response.context["requests"]) == 6
    # The list shows person numbers, not names, and logs which persons it showed.
    assert "Brouwersma" not in response.content.decode()
    listed = AuditEvent.objects.filter(event="subject_access.listed").latest("pk")
    assert listed.details["persons"] == sorted(case.suspect_id for case in two_clients)
