"""The team's pages: the worker's day, coordination (assigning, figures), selection criteria, proposing a case,
and the werkplaats panel on the ZSM case page and board."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.cases.test_views import register_case
from tests.workplace.flow import SCORES, advised_case, assigned_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.models import Case
from zsm.common.clock import local_now
from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, Signal, WerkplaatsStatus
from zsm.workplace.models import SelectionCriterion, WerkplaatsCase
from zsm.workplace.services import (
    AssessmentInput,
    ContactInput,
    assessment_record,
    contact_log,
    selection_criterion_set,
    werkplaats_case_propose,
)

pytestmark = pytest.mark.django_db


def proposed_case(world: dict[str, User], *, surname: str = "Jansen") -> WerkplaatsCase:
    case = register_case(world, surname=surname)
    return werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])


def a_day_of_work(world: dict[str, User]) -> None:
    """One of everything on werkplaats' day: an own case with a call to retry, an advice waiting for the OM,
    and a colleague's assessment waiting for a review."""
    mine = assigned_case(world)
    contact_log(
        user=world["werkplaats"],
        werkplaats_case_id=mine.pk,
        data=ContactInput(
            role=ContactRole.GP,
            name="Dr. Visser",
            channel=ContactChannel.PHONE,
            outcome=ContactOutcome.NOT_REACHED,
            minutes=10,
            follow_up_on=local_now().date(),
        ),
    )
    advised_case(world)
    colleagues = assigned_case(world, worker="werkplaats2")
    assessment_record(
        user=world["werkplaats2"],
        werkplaats_case_id=colleagues.pk,
        data=AssessmentInput(scores=SCORES, professional_judgement="Weinig risico.", minutes=20),
    )


# --- The worker's day -------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["werkplaats", "coordinator"])
def test_the_team_has_a_day_page(login_as: Callable[..., Client], username: str) -> None:
    assert login_as(username).get(reverse("workplace:day")).status_code == 200


@pytest.mark.parametrize("username", ["politie", "officier", "reclassering"])
def test_others_have_no_day_page(login_as: Callable[..., Client], username: str) -> None:
    assert login_as(username).get(reverse("workplace:day")).status_code == 403


def test_the_day_lists_the_workers_cases_calls_advices_and_reviews(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    a_day_of_work(world)
    response = login_as("werkplaats").get(reverse("workplace:day"))
    context = response.context
    assert len(context["my_cases"]) == 2  # the case with the call and the advised case
    assert all(item["next_step"] for item in context["my_cases"])
    [call] = context["calls"]
    assert call["contact"].name == "Dr. Visser"
    assert call["number"].startswith("WP-")
    assert call["signals"] == [str(Signal.UNPAYABLE_DEBTS.label)]
    case_url = reverse("workplace:case", kwargs={"werkplaats_case_id": call["werkplaats_case"].pk})
    assert call["url"] == case_url
    assert case_url.encode() in response.content
    assert len(context["waiting"]) == 1
    [review] = context["reviews"]
    assert review["assessment"].recorded_by == world["werkplaats2"]
    assert b"Dr. Visser" in response.content
    event = AuditEvent.objects.filter(event="werkplaats.day_viewed", actor=world["werkplaats"]).get()
    shown = {item["werkplaats_case"].case_id for key in ("my_cases", "reviews") for item in context[key]}
    assert shown <= set(event.details["cases"])


def test_the_day_costs_the_same_queries_however_much_work_there_is(
    login_as: Callable[..., Client],
    world: dict[str, User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = login_as("werkplaats")
    a_day_of_work(world)
    client.get(reverse("workplace:day"))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workplace:day"))
    a_day_of_work(world)
    a_day_of_work(world)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workplace:day"))
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(16):
        assert client.get(reverse("workplace:day")).status_code == 200


# --- Coordination -------------------------------------------------------------------------------------------


def test_the_coordinator_gets_an_assign_form_preselecting_the_least_busy_worker(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    assigned_case(world, worker="werkplaats")  # werkplaats is busier: werkplaats2 is suggested
    proposed = proposed_case(world)
    response = login_as("coordinator").get(reverse("workplace:coordination"))
    assert response.status_code == 200
    [row] = response.context["proposed"]
    assert row["werkplaats_case"] == proposed
    assert row["form"].initial == {"worker": world["werkplaats2"].pk, "version": proposed.version}
    assert AuditEvent.objects.filter(event="werkplaats.coordination_viewed", actor=world["coordinator"]).exists()


def test_workers_read_coordination_without_assign_forms(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    proposed_case(world)
    response = login_as("werkplaats").get(reverse("workplace:coordination"))
    assert response.status_code == 200
    [row] = response.context["proposed"]
    assert row["form"] is None
    assert response.context["caseloads"]


def test_the_om_sees_only_the_figures(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    proposed = proposed_case(world, surname="Geheimnaam")
    response = login_as("officier").get(reverse("workplace:coordination"))
    assert response.status_code == 200
    assert response.context["share"].werkplaats_cases >= 1
    assert response.context["proposed"] == []
    assert response.context["caseloads"] == []
    assert proposed.case.suspect.surname.encode() not in response.content


@pytest.mark.parametrize("username", ["reclassering", "politie", "slachtofferhulp"])
def test_others_have_no_coordination(login_as: Callable[..., Client], username: str) -> None:
    assert login_as(username).get(reverse("workplace:coordination")).status_code == 403


def test_the_figures_count_the_chosen_period_and_carry_chart_data(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    proposed_case(world)
    register_case(world)
    today = local_now().date().isoformat()
    response = login_as("coordinator").get(reverse("workplace:coordination"), {"since": today, "until": today})
    share = response.context["share"]
    assert (share.werkplaats_cases, share.inflow) == (1, 2)
    assert b'id="hours-chart-data"' in response.content
    assert b"vendor/chartjs/chart.umd.min.js" in response.content


def test_the_coordination_page_does_not_grow_with_the_proposals(
    login_as: Callable[..., Client],
    world: dict[str, User],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = login_as("coordinator")
    proposed_case(world)
    client.get(reverse("workplace:coordination"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("workplace:coordination"))
    for _ in range(3):
        proposed_case(world)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workplace:coordination"))
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(18):
        client.get(reverse("workplace:coordination"))


def test_the_coordinator_assigns_a_proposed_case(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    proposed = proposed_case(world)
    response = login_as("coordinator").post(
        reverse("workplace:assign", kwargs={"werkplaats_case_id": proposed.pk}),
        {"worker": world["werkplaats2"].pk, "version": proposed.version},
    )
    assert response.status_code == 302
    proposed.refresh_from_db()
    assert (proposed.status, proposed.worker) == (WerkplaatsStatus.ASSIGNED, world["werkplaats2"])


def test_a_stale_assign_form_conflicts_and_changes_nothing(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    proposed = proposed_case(world)
    client = login_as("coordinator")
    url = reverse("workplace:assign", kwargs={"werkplaats_case_id": proposed.pk})
    assert client.post(url, {"worker": world["werkplaats"].pk, "version": proposed.version}).status_code == 302
    # A second tab, still showing the proposal, gives it to someone else.
    response = client.post(url, {"worker": world["werkplaats2"].pk, "version": proposed.version})
    assert response.status_code == 409
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    proposed.refresh_from_db()
    assert proposed.worker == world["werkplaats"]


def test_assigning_to_someone_not_a_worker_puts_the_error_on_the_form(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    proposed = proposed_case(world)
    response = login_as("coordinator").post(
        reverse("workplace:assign", kwargs={"werkplaats_case_id": proposed.pk}),
        {"worker": world["politie"].pk, "version": proposed.version},
    )
    assert response.status_code == 400
    [row] = response.context["proposed"]
    assert row["form"].errors["worker"]
    proposed.refresh_from_db()
    assert proposed.worker is None


def test_a_worker_cannot_assign(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    proposed = proposed_case(world)
    response = login_as("werkplaats").post(
        reverse("workplace:assign", kwargs={"werkplaats_case_id": proposed.pk}),
        {"worker": world["werkplaats"].pk, "version": proposed.version},
    )
    assert response.status_code == 403
    proposed.refresh_from_db()
    assert proposed.worker is None


# --- Selection criteria ------------------------------------------------------------------------------------


def test_the_coordinator_switches_a_signal_on_and_off(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    client = login_as("coordinator")
    url = reverse("workplace:selection_criteria")
    assert client.get(url).status_code == 200
    assert client.post(url, {"signal": Signal.ADDICTION, "active": "on"}).status_code == 302
    assert SelectionCriterion.objects.get(signal=Signal.ADDICTION).active
    assert client.post(url, {"signal": Signal.ADDICTION}).status_code == 302
    assert not SelectionCriterion.objects.get(signal=Signal.ADDICTION).active


def test_an_unknown_signal_is_refused(login_as: Callable[..., Client]) -> None:
    response = login_as("coordinator").post(reverse("workplace:selection_criteria"), {"signal": "boredom"})
    assert response.status_code == 400
    assert not SelectionCriterion.objects.exists()


@pytest.mark.parametrize("username", ["werkplaats", "officier"])
def test_only_the_coordinator_sets_criteria(login_as: Callable[..., Client], username: str) -> None:
    response = login_as(username).post(reverse("workplace:selection_criteria"), {"signal": Signal.ADDICTION})
    assert response.status_code == 403
    assert not SelectionCriterion.objects.exists()


# --- Proposing ----------------------------------------------------------------------------------------------


def test_the_proposal_form_offers_all_signals_until_criteria_are_set(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    client = login_as("reclassering")
    url = reverse("workplace:propose", kwargs={"case_id": case.pk})
    offered = [value for value, _label in client.get(url).context["form"].fields["signals"].choices]
    assert offered == Signal.values
    selection_criterion_set(
        user=world["coordinator"], location_id=case.location_id, signal=Signal.HOMELESSNESS, active=True
    )
    offered = [value for value, _label in client.get(url).context["form"].fields["signals"].choices]
    assert offered == [Signal.HOMELESSNESS]


def test_a_proposal_names_its_signals_and_returns_to_the_case(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    response = login_as("officier").post(
        reverse("workplace:propose", kwargs={"case_id": case.pk}), {"signals": [Signal.ADDICTION]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", kwargs={"case_id": case.pk})
    werkplaats_case = WerkplaatsCase.objects.get(case=case)
    assert (werkplaats_case.signals, werkplaats_case.proposed_by) == ([Signal.ADDICTION], world["officier"])


def test_a_proposal_without_signals_is_refused_with_a_field_error(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    response = login_as("reclassering").post(reverse("workplace:propose", kwargs={"case_id": case.pk}), {})
    assert response.status_code == 400
    assert response.context["form"].errors["signals"]
    assert not WerkplaatsCase.objects.exists()
    assert not Case.objects.get(pk=case.pk).werkplaats_candidate
    assert AuditEvent.objects.filter(event="werkplaats_case.proposal_viewed", person_id=case.suspect_id).exists()


def test_proposing_twice_conflicts(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    proposed = proposed_case(world)
    response = login_as("werkplaats").post(
        reverse("workplace:propose", kwargs={"case_id": proposed.case_id}), {"signals": [Signal.ADDICTION]}
    )
    assert response.status_code in {200, 409}
    assert WerkplaatsCase.objects.get().signals == [Signal.UNPAYABLE_DEBTS]


def test_police_may_not_propose_and_the_raad_does_not_see_the_case(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    url = reverse("workplace:propose", kwargs={"case_id": case.pk})
    assert login_as("politie").post(url, {"signals": [Signal.ADDICTION]}).status_code == 403
    assert login_as("raad").get(url).status_code == 404
    assert not WerkplaatsCase.objects.exists()


# --- The werkplaats on the ZSM case page and board ----------------------------------------------------------


def test_the_case_page_offers_a_proposal_to_who_may_propose(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    case = register_case(world)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    propose_url = reverse("workplace:propose", kwargs={"case_id": case.pk})
    assert login_as("reclassering").get(url).context["werkplaats_propose_url"] == propose_url
    assert login_as("politie").get(url).context["werkplaats_propose_url"] is None


def test_the_manual_candidate_mark_gives_way_to_the_proposal(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    mark = b"/werkplaatskandidaat/"
    case = register_case(world)
    url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
    assert mark in login_as("reclassering").get(url).content
    werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    page = login_as("reclassering").get(url)
    assert mark not in page.content
    assert b'data-testid="werkplaats-panel"' in page.content


def test_everyone_who_sees_the_case_sees_its_werkplaats_status_but_only_the_team_the_casework_link(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    werkplaats_case = assigned_case(world)
    url = reverse("cases:case_detail", kwargs={"case_id": werkplaats_case.case_id})
    police = login_as("politie").get(url)
    assert police.context["werkplaats_case"] == werkplaats_case
    assert police.context["werkplaats_case_url"] is None
    assert police.context["werkplaats_propose_url"] is None
    assert b'data-testid="werkplaats-panel"' in police.content
    worker = login_as("werkplaats").get(url)
    assert worker.context["werkplaats_case"] == werkplaats_case
    case_url = reverse("workplace:case", kwargs={"werkplaats_case_id": werkplaats_case.pk})
    assert worker.context["werkplaats_case_url"] == case_url
    assert case_url.encode() in worker.content
    assert case_url.encode() not in police.content


def test_the_board_shows_the_werkplaats_status_without_a_query_per_row(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    client = login_as("politie")
    assigned_case(world)
    client.get(reverse("cases:board"))
    with CaptureQueriesContext(connection) as few:
        response = client.get(reverse("cases:board"))
    assert response.content.count(b'data-testid="werkplaats-status"') == 1
    for _ in range(3):
        proposed_case(world)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("cases:board"))
    assert response.content.count(b'data-testid="werkplaats-status"') == 4
    assert len(many.captured_queries) == len(few.captured_queries)
