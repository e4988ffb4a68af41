"""The live ZSM board: what a row shows, filters, a fixed query budget and the idle refresh."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.board import board_row
from zsm.cases.constants import Partner
from zsm.cases.models import Case, Screening
from zsm.cases.selectors import board_version
from zsm.common.clock import now

BOARD = reverse("cases:board")
ROWS = reverse("cases:board_rows")


def board_queries(client: Client, url: str = BOARD) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.django_db
def test_the_board_does_not_grow_with_its_rows(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    for index in range(3):
        register_case(world, surname=f"Klein{index}", minor=index == 0)
    client = login_as("officier")
    client.get(BOARD)  # warm the session
    few = board_queries(client)
    few_rows = board_queries(client, ROWS)
    for index in range(27):
        register_case(world, surname=f"Groot{index}", minor=index % 3 == 0)
    assert Case.objects.count() == 30
    assert board_queries(client) == few
    assert board_queries(client, ROWS) == few_rows


@pytest.mark.django_db
def test_a_row_shows_what_the_table_needs(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    minor = register_case(world, minor=True, surname="Bakker")
    Screening.objects.filter(case=minor, partner=Partner.POLICE).update(state="done")
    content = login_as("politie").get(BOARD).content.decode()

    assert minor.reference in content
    assert reverse("cases:case_detail", kwargs={"case_id": minor.pk}) in content
    assert "Sem Bakker" in content
    assert "zsm-badge--minor" in content
    assert "266 Sr" in content
    assert "zsm-chip--done" in content
    # Police, OM, SHN and the Raad on a minor's case; not the 3RO: a minor goes the youth route (ADR 0007).
    assert content.count("zsm-chip zsm-chip--") == 4
    assert ">3RO&nbsp;" not in content
    assert "<caption" in content
    assert 'scope="col"' in content
    assert 'hx-trigger="every 3s, zsm:board-changed from:body"' in content  # and at once after a save here


@pytest.mark.django_db
def test_the_raad_chip_appears_only_on_minors_cases(world: dict[str, User]) -> None:
    adult = Case.objects.prefetch_related("offences", "screenings", "decisions").get(pk=register_case(world).pk)
    partners = [chip.partner for chip in board_row(adult, at=now()).chips]
    assert partners == [Partner.POLICE, Partner.OM, Partner.PROBATION, Partner.VICTIM_SUPPORT]


@pytest.mark.django_db
@pytest.mark.parametrize(("minutes_left", "urgency"), [(90, "ok"), (60, "warning"), (30, "critical"), (-1, "expired")])
def test_the_time_left_warns_as_the_deadline_nears(world: dict[str, User], minutes_left: int, urgency: str) -> None:
    case = Case.objects.prefetch_related("offences", "screenings", "decisions").get(pk=register_case(world).pk)
    at = case.holding_deadline - timedelta(minutes=minutes_left)
    row = board_row(case, at=at)
    assert row.deadline.urgency == urgency
    if urgency == "expired":
        assert row.deadline.text == "verlopen"


@pytest.mark.django_db
def test_the_board_shows_the_urgency_class(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    case = register_case(world)
    with time_machine.travel(case.holding_deadline - timedelta(minutes=20), tick=False):
        content = login_as("politie").get(BOARD).content.decode()
    assert "zsm-time zsm-time--critical" in content


@pytest.mark.django_db
def test_filters_and_search(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    register_case(world, minor=True, surname="Jong")
    register_case(world, surname="Oud", registration="PL0900-2026099999")
    client = login_as("officier")

    minors = client.get(BOARD, {"minor": "on"}).content.decode()
    assert "Sem Jong" in minors
    assert "Sem Oud" not in minors
    found = client.get(BOARD, {"search": "099999"}).content.decode()
    assert "Sem Oud" in found
    assert "Sem Jong" not in found
    by_name = client.get(BOARD, {"sort": "name"}).content.decode()
    assert by_name.index("Sem Jong") < by_name.index("Sem Oud")
    assert 'aria-sort="ascending"' in by_name


@pytest.mark.django_db
def test_each_board_load_is_logged_without_personal_details(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    register_case(world, surname="Geheim")
    client = login_as("reclassering")
    client.get(BOARD, {"search": "Geheim"})
    event = AuditEvent.objects.get(event="board.viewed")
    assert event.actor == world["reclassering"]
    assert event.action == "search"
    assert "Geheim" not in str(event.details)
    assert event.details["searched"] is True
    assert event.person_id is None


@pytest.mark.django_db
def test_the_rows_endpoint_answers_204_when_nothing_changed(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    register_case(world, surname="Eerste")
    client = login_as("officier")
    with time_machine.travel(now(), tick=False):
        version = board_version(user=world["officier"])
        unchanged = client.get(ROWS, {"since": version})
        stale = client.get(ROWS, {"since": "iets-anders"})
    assert unchanged.status_code == 204
    assert unchanged.content == b""
    assert stale.status_code == 200
    assert "Sem Eerste" in stale.content.decode()
    assert "<tbody" in stale.content.decode()
    assert "<html" not in stale.content.decode()
    assert AuditEvent.objects.filter(event="board.refreshed").count() == 1


@pytest.mark.django_db
def test_another_partners_change_shows_on_the_next_refresh(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world, surname="Wachtend")
    client = login_as("officier")
    start = now()
    with time_machine.travel(start, tick=False):
        version = board_version(user=world["officier"])
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        login_as("reclassering")  # a colleague marks the case
        client.force_login(world["reclassering"])
        client.post(reverse("cases:werkplaats_candidate", kwargs={"case_id": case.pk}), {"candidate": "on"})
        client.force_login(world["officier"])
        response = client.get(ROWS, {"since": version})
    assert response.status_code == 200
    assert "zsm-badge--werkplaats" in response.content.decode()


@pytest.mark.django_db
def test_a_case_referred_to_the_werkplaats_leaves_the_board_after_its_day(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    from zsm.decisions.caps import DecisionInput
    from zsm.decisions.services import decision_record

    case = register_case(world, surname="Doorverwezen")
    decision_record(
        user=world["officier"],
        case_id=case.pk,
        data=DecisionInput(
            disposal="refer_to_werkplaats",
            appointment_at=now() + timedelta(days=1),
            appointment_place="Werkplaats Utrecht",
            appointment_with="Wendy Werkplaats",
        ),
    )
    client = login_as("officier")
    today = client.get(BOARD).content.decode()
    assert "Doorverwezen" in today
    assert "zsm-time--" not in today.split("Doorverwezen", 1)[1].split("</tr>", 1)[0]  # no clock: not held

    with time_machine.travel(now() + timedelta(days=1)):
        assert "Doorverwezen" not in login_as("officier").get(BOARD).content.decode()
