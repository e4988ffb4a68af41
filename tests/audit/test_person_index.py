"""Who saw this person, in lists too: list views index the persons they showed, and the privacy officer's
person search and the subject-access export find those views through that index."""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from tests.audit.test_audit import request_as
from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.audit.models import AppendOnlyError, AuditEvent, AuditEventPerson
from zsm.audit.services import access_record, shown_ids
from zsm.audit.subject_access import subject_access_collect
from zsm.audit.subject_access_pdf import subject_access_pdf
from zsm.cases.models import Case
from zsm.common.clock import now

BOARD = reverse("cases:board")


def board_search(client: Client, surname: str) -> AuditEvent:
    """Load the board searching for one surname; the access event that load recorded."""
    assert client.get(BOARD, {"search": surname}).status_code == 200
    return AuditEvent.objects.filter(event="board.viewed").latest("pk")


def shown_on(event: AuditEvent) -> set[int]:
    return set(AuditEventPerson.objects.filter(event=event).values_list("person_id", flat=True))


@pytest.mark.django_db
def test_the_board_indexes_every_person_it_showed(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    first = register_case(world, surname="Alfastra")
    second = register_case(world, surname="Alfaveld")
    other = register_case(world, surname="Bravoort")

    event = board_search(login_as("officier"), "Alfa")

    assert shown_on(event) == {first.suspect_id, second.suspect_id}
    assert other.suspect_id not in shown_on(event)
    assert sorted(event.details["persons"]) == sorted(shown_on(event))  # the details stay as they were
    assert event.person_id is None


@pytest.mark.django_db
def test_only_the_persons_a_list_showed_are_indexed_not_the_events_own_person(world: dict[str, User]) -> None:
    viewed = access_record(request=request_as(world["officier"]), event="person.viewed", person_id=7)
    listed = access_record(request=request_as(world["officier"]), event="x.listed", details={"persons": [3, 3, 5]})
    empty = access_record(request=request_as(world["officier"]), event="x.listed", details={"persons": []})
    assert shown_on(viewed) == set()
    assert sorted(AuditEventPerson.objects.filter(event=listed).values_list("person_id", flat=True)) == [3, 5]
    assert shown_on(empty) == set()


@pytest.mark.django_db
def test_the_privacy_officers_person_search_finds_the_board_view(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    shown = register_case(world, surname="Alfastra")
    hidden = register_case(world, surname="Bravoort")
    board_view = board_search(login_as("officier"), "Alfastra")
    detail = access_record(request=request_as(world["politie"]), event="person.viewed", person_id=shown.suspect_id)
    # Recorded against the person and showing them in its list: still one row in the search.
    both = access_record(
        request=request_as(world["politie"]),
        event="x.listed",
        person_id=shown.suspect_id,
        details={"persons": [shown.suspect_id, hidden.suspect_id]},
    )
    client = login_as("privacy")

    page = client.get(reverse("audit:access_log"), {"person_id": shown.suspect_id})
    assert page.status_code == 200
    found = [event.pk for event in page.context["page"]]
    assert board_view.pk in found
    assert detail.pk in found
    assert found.count(both.pk) == 1
    assert len(found) == len(set(found))

    hidden_page = client.get(reverse("audit:access_log"), {"person_id": hidden.suspect_id})
    hidden_found = {event.pk for event in hidden_page.context["page"]}
    assert board_view.pk not in hidden_found  # the board search for Alfastra did not show Bravoort
    assert both.pk in hidden_found

    export = client.get(reverse("audit:access_log_export"), {"person_id": shown.suspect_id})
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    board_rows = [row for row in rows if row["event"] == "board.viewed"]
    assert [(row["actor_username"], row["person_id"], row["shown_in_list"]) for row in board_rows] == [
        ("officier", "", "true")
    ]
    assert [row["event"] for row in rows].count("x.listed") == 1
    assert {row["shown_in_list"] for row in rows if row["event"] == "x.listed"} == {"false"}
    # On the page, the person column says the list showed them.
    shown_label = gettext("%(number)s (shown in a list)").replace("%(number)s", str(shown.suspect_id))
    assert shown_label in page.content.decode()


@pytest.mark.django_db
def test_the_subject_access_export_holds_the_list_views_that_showed_the_person(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    anne = register_case(world, surname="Alfastra")
    bert = register_case(world, surname="Bravoort")
    client = login_as("officier")
    showed_anne = board_search(client, "Alfastra")
    showed_bert = board_search(client, "Bravoort")
    assert (shown_on(showed_anne), shown_on(showed_bert)) == ({anne.suspect_id}, {bert.suspect_id})
    access_record(request=request_as(world["politie"]), event="person.viewed", person_id=anne.suspect_id)

    document = subject_access_collect(anne.suspect_id)
    events = document["access_events"]

    board_views = [event for event in events if event["event"] == "board.viewed"]
    assert len(board_views) == 1  # Anne's board view, not Bert's
    assert board_views[0]["user"] == "officier"
    assert board_views[0]["shown_in_list"] is True
    recorded = [event for event in events if event["event"] == "person.viewed"]
    assert [event["shown_in_list"] for event in recorded] == [False]
    assert subject_access_pdf(document).startswith(b"%PDF")  # the PDF lays out the new field too


@pytest.mark.django_db
def test_index_rows_cannot_be_changed_or_deleted_through_the_application(world: dict[str, User]) -> None:
    event = access_record(request=request_as(world["politie"]), event="x.listed", details={"persons": [11]})
    row = AuditEventPerson.objects.get(event=event)
    row.person_id = 12
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        AuditEventPerson.objects.filter(pk=row.pk).update(person_id=12)
    with pytest.raises(AppendOnlyError):
        AuditEventPerson.objects.filter(pk=row.pk).delete()
    assert AuditEventPerson.objects.get(pk=row.pk).person_id == 11


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_auditeventperson SET person_id = 12", "DELETE FROM audit_auditeventperson"],
)
def test_postgresql_itself_refuses_to_change_index_rows(world: dict[str, User], statement: str) -> None:
    access_record(request=request_as(world["politie"]), event="x.listed", details={"persons": [11]})
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert list(AuditEventPerson.objects.values_list("person_id", flat=True)) == [11]


def recording_queries(world: dict[str, User], cases: list[Case]) -> int:
    request = request_as(world["officier"])
    with CaptureQueriesContext(connection) as queries:
        access_record(request=request, event="x.listed", details=shown_ids(cases))
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_recording_a_list_view_costs_one_query_more_however_many_persons_it_showed(world: dict[str, User]) -> None:
    few = [register_case(world, surname=f"Klein{index}") for index in range(2)]
    many = [*few, *(register_case(world, surname=f"Groot{index}") for index in range(23))]
    request = request_as(world["officier"])
    access_record(request=request, event="warm")  # the membership is cached on the user from here on
    with CaptureQueriesContext(connection) as none_shown:
        access_record(request=request, event="x.listed", details={"persons": []})

    assert recording_queries(world, few) == recording_queries(world, many) == len(none_shown.captured_queries) + 1
    assert AuditEventPerson.objects.filter(event=AuditEvent.objects.latest("pk")).count() == 25


@pytest.mark.django_db
def test_the_board_does_not_grow_with_the_persons_it_indexes(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    for index in range(3):
        register_case(world, surname=f"Klein{index}")
    client = login_as("officier")
    client.get(BOARD)  # warm the session

    def board_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BOARD).status_code == 200
        return len(queries.captured_queries)

    few = board_queries()
    for index in range(27):
        register_case(world, surname=f"Groot{index}")
    assert board_queries() == few
    assert len(shown_on(AuditEvent.objects.filter(event="board.viewed").latest("pk"))) >= 30


@pytest.mark.django_db
def test_list_events_from_before_the_index_are_indexed_by_the_migration() -> None:
    from django.apps import apps

    backfill = importlib.import_module("zsm.audit.migrations.0009_person_index_backfill").backfill
    older = AuditEvent.objects.create(
        occurred_at=now(),
        kind="access",
        action="search",
        event="board.viewed",
        purpose="zsm_beoordeling",
        details={"cases": [1, 2], "persons": [5, 6, 6]},
    )
    single = AuditEvent.objects.create(
        occurred_at=now(), kind="access", action="view", event="case.viewed", purpose="zsm_beoordeling", person_id=5
    )
    backfill(apps, None)
    backfill(apps, None)  # running it twice adds nothing
    assert sorted(AuditEventPerson.objects.filter(event=older).values_list("person_id", flat=True)) == [5, 6]
    assert not AuditEventPerson.objects.filter(event=single).exists()
