"""The audit log: written with the actor's role and request, append-only, and readable by the privacy officer only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from zsm.accounts.models import User
from zsm.accounts.selectors import membership_active
from zsm.audit.constants import Action, EventKind, Purpose
from zsm.audit.models import AppendOnlyError, AuditEvent
from zsm.audit.services import access_record


def request_as(user: User, request_id: str = "req-12345678") -> object:
    request = RequestFactory().get("/")
    request.user = user
    request.request_id = request_id
    membership_active(user=user)
    return request


@pytest.mark.django_db
def test_access_record_captures_who_what_whom_why_and_the_request(world: dict[str, User]) -> None:
    event = access_record(
        request=request_as(world["officier"]),
        event="person.viewed",
        object_type="persons.person",
        object_id="42",
        person_id=42,
    )
    event.refresh_from_db()
    assert event.kind == EventKind.ACCESS
    assert event.action == Action.VIEW
    assert event.actor == world["officier"]
    assert event.actor_username == "officier"
    assert event.organisation_name == "Openbaar Ministerie, parket Midden-Nederland"
    assert event.role == "om_decider"
    assert event.purpose == Purpose.OM_DECISION  # derived from the role
    assert (event.object_type, event.object_id, event.person_id) == ("persons.person", "42", 42)
    assert event.request_id == "req-12345678"
    assert event.occurred_at is not None


@pytest.mark.django_db
def test_an_explicit_purpose_wins_over_the_roles_default(world: dict[str, User]) -> None:
    event = access_record(request=request_as(world["privacy"]), event="person.exported", purpose=Purpose.SUBJECT_ACCESS)
    assert event.purpose == Purpose.SUBJECT_ACCESS


@pytest.mark.django_db
def test_events_cannot_be_changed_or_deleted_through_the_application(world: dict[str, User]) -> None:
    event = access_record(request=request_as(world["politie"]), event="case.viewed")
    event.event = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(event="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).event == "case.viewed"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditevent SET event = 'rewritten'", "DELETE FROM audit_auditevent"],
)
def test_postgresql_itself_refuses_update_and_delete(world: dict[str, User], statement: str) -> None:
    access_record(request=request_as(world["politie"]), event="case.viewed")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.filter(event="case.viewed").count() == 1


@pytest.mark.django_db
def test_the_privacy_officer_searches_by_user_and_the_search_is_logged(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    access_record(request=request_as(world["officier"]), event="person.viewed", person_id=7)
    access_record(request=request_as(world["politie"]), event="person.viewed", person_id=8)
    client = login_as("privacy")

    response = client.get(reverse("audit:access_log"), {"username": "officier"})

    assert response.status_code == 200
    rows = list(response.context["page"])
    assert [row.actor_username for row in rows] == ["officier"]
    assert AuditEvent.objects.filter(event="audit_log.searched", actor=world["privacy"]).exists()


@pytest.mark.django_db
def test_the_privacy_officer_finds_every_access_to_one_person_and_exports_it(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    for username in ("officier", "politie", "reclassering"):
        access_record(request=request_as(world[username]), event="person.viewed", person_id=7)
    access_record(request=request_as(world["officier"]), event="person.viewed", person_id=8)
    client = login_as("privacy")

    response = client.get(reverse("audit:access_log_export"), {"person_id": 7})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    views = sorted(row["actor_username"] for row in rows if row["event"] == "person.viewed")
    assert views == ["officier", "politie", "reclassering"]
    assert {row["person_id"] for row in rows} == {"7"}
    # The export is itself a look at person 7's history, so it is logged and listed too.
    assert [row["actor_username"] for row in rows if row["event"] == "audit_log.exported"] == ["privacy"]


@pytest.mark.django_db
def test_a_date_range_the_wrong_way_round_is_a_dutch_field_error(login_as: Callable[..., Client]) -> None:
    client = login_as("privacy")
    response = client.get(reverse("audit:access_log"), {"date_from": "2026-11-20", "date_to": "2026-11-01"})
    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
