"""The OM's queue: advice to answer, werkplaats referrals awaiting the final decision and cases ready for decision,
each with its due time, soonest first; scoped to the OM decider's location; logged; a fixed number of queries.
And the notification the OM gets when an advice is given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from tests.cases.test_views import register_case
from tests.decisions import INSULT, conditional_dismissal
from tests.workplace.flow import advised_case, assessed_case, om_decides
from zsm.accounts.constants import OrganisationKind, Role
from zsm.accounts.models import User
from zsm.accounts.selectors import membership_active
from zsm.accounts.services import location_ensure, membership_create, organisation_ensure, user_create
from zsm.audit.models import AuditEvent
from zsm.cases.board import case_clock
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case, Notification
from zsm.cases.services import CaseInput, ScreeningInput, SuspectInput, case_register, screening_record
from zsm.common.clock import AMSTERDAM, now
from zsm.common.exceptions import ConflictError
from zsm.decisions.services import decision_record
from zsm.workplace.constants import QueueKind
from zsm.workplace.models import Advice, WerkplaatsCase
from zsm.workplace.selectors import advice_answer_due, om_queue, om_queue_count
from zsm.workplace.services import AdviceInput, advice_give

pytestmark = pytest.mark.django_db

QUEUE_URL = reverse("workplace:om_queue")
SCREENERS = ("politie", "officier", "reclassering", "slachtofferhulp")  # an adult's four screenings


def ready_case(world: dict[str, User], *, surname: str = "Jansen", arrested_minutes_ago: int = 60) -> Case:
    """A held adult whose four partners have all screened: ready for the OM's decision."""
    case = register_case(world, surname=surname, arrested_minutes_ago=arrested_minutes_ago)
    for username in SCREENERS:
        screening_record(user=world[username], case_id=case.pk, data=ScreeningInput(state="done", known="not_known"))
    case.refresh_from_db()
    assert case.status == CaseStatus.READY_FOR_DECISION
    return case


def refer(world: dict[str, User], case_id: int) -> None:
    decision_record(user=world["officier"], case_id=case_id, data=conditional_dismissal(disposal="refer_to_werkplaats"))


def give_advice(world: dict[str, User], werkplaats_case: WerkplaatsCase) -> Advice:
    return advice_give(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=AdviceInput(
            disposal="conditional_dismissal",
            rationale="Schulden zijn de kern.",
            conditions="Meewerken aan schuldhulp.",
            minutes=20,
        ),
    )


def referred_then_advised(world: dict[str, User]) -> tuple[WerkplaatsCase, Advice]:
    """The table sent the suspect home and the OM referred the case; the werkplaats advises after that."""
    werkplaats_case, _assessment = assessed_case(world)
    refer(world, werkplaats_case.case_id)
    return werkplaats_case, give_advice(world, werkplaats_case)


def om_elsewhere() -> tuple[User, User]:
    """A police officer and an OM decider at Noord-Nederland."""
    location = location_ensure(code="noord-nederland", name="Noord-Nederland", city="Groningen")
    police = organisation_ensure(name="Politie Noord-Nederland", kind=OrganisationKind.POLICE)
    om = organisation_ensure(name="OM Noord-Nederland", kind=OrganisationKind.OM)
    officer = user_create(username="politie-noord", password="test-wachtwoord-123", first_name="Noord")
    membership_create(user=officer, organisation=police, location=location, role=Role.POLICE_OFFICER)
    decider = user_create(username="officier-noord", password="test-wachtwoord-123", first_name="Noord")
    membership_create(user=decider, organisation=om, location=location, role=Role.OM_DECIDER)
    return officer, decider


def register_at(officer: User, surname: str) -> Case:
    """A case the police register at their own location, arrested an hour ago."""
    arrested = now() - timedelta(hours=1)
    return case_register(
        user=officer,
        data=CaseInput(
            police_registration_number=f"PL0100-{surname}",
            arrested_at=arrested,
            holding_ordered_at=arrested + timedelta(minutes=10),
            suspect=SuspectInput(given_names="Noor", surname=surname, date_of_birth=date(1985, 1, 1)),
            offences=[INSULT],
        ),
    )


# --- The answer-by time of an advice ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "due"),
    [
        # Given on a Wednesday morning: by 17:00 on Thursday.
        (datetime(2026, 1, 14, 10, 0, tzinfo=AMSTERDAM), datetime(2026, 1, 15, 17, 0, tzinfo=AMSTERDAM)),
        # Late on a Wednesday evening counts from that Wednesday, too.
        (datetime(2026, 1, 14, 23, 30, tzinfo=AMSTERDAM), datetime(2026, 1, 15, 17, 0, tzinfo=AMSTERDAM)),
        # Given on a Friday: by Monday 17:00, not over the weekend.
        (datetime(2026, 1, 16, 15, 0, tzinfo=AMSTERDAM), datetime(2026, 1, 19, 17, 0, tzinfo=AMSTERDAM)),
        # Given on Christmas Eve: the two Christmas days and the weekend are not working days.
        (datetime(2025, 12, 24, 11, 0, tzinfo=AMSTERDAM), datetime(2025, 12, 29, 17, 0, tzinfo=AMSTERDAM)),
    ],
)
def test_an_advice_is_to_be_answered_by_the_end_of_the_next_working_day(given: datetime, due: datetime) -> None:
    assert advice_answer_due(given) == due


# --- What the queue lists -----------------------------------------------------------------------------------


def test_the_queue_lists_what_waits_for_the_om_each_with_its_due_time(world: dict[str, User]) -> None:
    held_advised, held_advice = advised_case(world)  # advice given while the suspect is still held
    referred_advised, referred_advice = referred_then_advised(world)  # the final decision is pending
    referred_waiting, _assessment = assessed_case(world)
    refer(world, referred_waiting.case_id)  # referred, the werkplaats' advice still to come
    ready = ready_case(world)
    at = now()

    items = {item.case.pk: item for item in om_queue(user=world["officier"], at=at)}

    assert set(items) == {held_advised.case_id, referred_advised.case_id, referred_waiting.case_id, ready.pk}
    held = items[held_advised.case_id]
    assert held.kind == QueueKind.ADVICE
    assert held.advice == held_advice
    # While the suspect is held the clock comes first (it runs out long before the next working day).
    held_case = Case.objects.get(pk=held_advised.case_id)
    clock = case_clock(held_case, at=at)
    assert clock is not None
    assert held.due is not None
    assert held.due.moment == clock.current.moment
    assert held.due_is_clock
    assert held.answer_by == advice_answer_due(held_advice.recorded_at)

    advised = items[referred_advised.case_id]
    assert advised.kind == QueueKind.ADVICE
    assert advised.clock is None  # referred: nobody is held
    assert advised.due is not None
    assert advised.due.moment == advice_answer_due(referred_advice.recorded_at)
    assert not advised.due_is_clock

    waiting = items[referred_waiting.case_id]
    assert waiting.kind == QueueKind.REFERRED
    assert waiting.advice is None
    assert waiting.due is None

    ready_item = items[ready.pk]
    assert ready_item.kind == QueueKind.READY
    ready_clock = case_clock(ready, at=at)
    assert ready_clock is not None
    assert ready_item.due is not None
    assert ready_item.due.moment == ready_clock.current.moment
    assert om_queue_count(user=world["officier"]) == 4


def test_what_no_longer_waits_for_the_om_is_not_listed(world: dict[str, User]) -> None:
    answered, _advice = advised_case(world)
    om_decides(world, answered)  # the decision answers the advice
    decided = ready_case(world, surname="Bakker")
    decision_record(user=world["officier"], case_id=decided.pk, data=conditional_dismissal())
    in_screening = register_case(world, surname="Visser")  # screenings still open, no advice
    released, _released_advice = advised_case(world)
    # Sent home with a summons: the OM cannot decide this case any more, so its advice cannot be answered.
    Case.objects.filter(pk=released.case_id).update(status=CaseStatus.RELEASED_WITH_SUMMONS)

    listed = {item.case.pk for item in om_queue(user=world["officier"], at=now())}

    assert listed.isdisjoint({answered.case_id, decided.pk, in_screening.pk, released.case_id})
    assert om_queue_count(user=world["officier"]) == 0


def test_the_queue_is_ordered_by_due_time_soonest_first_and_nothing_due_last(world: dict[str, User]) -> None:
    later = ready_case(world, surname="Later", arrested_minutes_ago=30)
    sooner = ready_case(world, surname="Eerder", arrested_minutes_ago=240)
    referred_waiting, _assessment = assessed_case(world)
    refer(world, referred_waiting.case_id)
    referred_advised, _advice = referred_then_advised(world)  # due the next working day: after both clocks

    order = [item.case.pk for item in om_queue(user=world["officier"], at=now())]

    assert order == [sooner.pk, later.pk, referred_advised.case_id, referred_waiting.case_id]


@pytest.mark.parametrize("username", ["politie", "reclassering", "werkplaats", "coordinator", "raad", "privacy"])
def test_only_the_om_decider_has_a_queue(world: dict[str, User], username: str) -> None:
    advised_case(world)
    ready_case(world)
    assert om_queue(user=world[username], at=now()) == []
    assert om_queue_count(user=world[username]) == 0


def test_the_queue_holds_only_the_om_deciders_own_location(world: dict[str, User]) -> None:
    here, _advice = advised_case(world)
    police_noord, om_noord = om_elsewhere()
    there = register_at(police_noord, "Noordhuis")
    Case.objects.filter(pk=there.pk).update(status=CaseStatus.READY_FOR_DECISION)

    assert [item.case.pk for item in om_queue(user=world["officier"], at=now())] == [here.case_id]
    assert [item.case.pk for item in om_queue(user=om_noord, at=now())] == [there.pk]
    assert om_queue_count(user=om_noord) == 1


def test_an_om_decider_at_two_locations_sees_the_queue_of_the_one_they_act_in(world: dict[str, User]) -> None:
    here, _advice = advised_case(world)
    police_noord, _om_noord = om_elsewhere()
    there = register_at(police_noord, "Noordhuis")
    Case.objects.filter(pk=there.pk).update(status=CaseStatus.READY_FOR_DECISION)
    om = organisation_ensure(name="OM Noord-Nederland", kind=OrganisationKind.OM)
    second = membership_create(user=world["officier"], organisation=om, location=there.location, role=Role.OM_DECIDER)

    acting_here = User.objects.get(pk=world["officier"].pk)
    assert [item.case.pk for item in om_queue(user=acting_here, at=now())] == [here.case_id]
    acting_there = User.objects.get(pk=world["officier"].pk)
    membership_active(user=acting_there, preferred_id=second.pk)
    assert [item.case.pk for item in om_queue(user=acting_there, at=now())] == [there.pk]


# --- The page -----------------------------------------------------------------------------------------------


def test_the_page_lists_the_rows_with_one_click_to_where_the_om_acts_and_logs_them(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    advised, _advice = advised_case(world)
    ready = ready_case(world, surname="Klaar")
    referred_waiting, _assessment = assessed_case(world)
    refer(world, referred_waiting.case_id)

    response = login_as("officier").get(QUEUE_URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert f'href="{reverse("workplace:advice", kwargs={"werkplaats_case_id": advised.pk})}"' in page
    assert f'href="{reverse("decisions:decision_create", kwargs={"case_id": ready.pk})}"' in page
    assert f'href="{reverse("cases:case_detail", kwargs={"case_id": referred_waiting.case_id})}"' in page
    # The list names that an advice waits, not what it says: that is on the advice page, which logs it.
    assert "Schulden zijn de kern" not in page
    assert "een schuldmaatje helpt meer dan een boete" not in page
    event = AuditEvent.objects.get(event="om_queue.viewed", actor=world["officier"])
    assert event.details["rows"] == 3
    assert set(event.details["cases"]) == {advised.case_id, ready.pk, referred_waiting.case_id}
    assert event.purpose == "om_afdoening"


def test_an_empty_queue_says_so_and_is_logged_too(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    response = login_as("officier").get(QUEUE_URL)
    assert response.status_code == 200
    assert 'data-testid="om-queue"' in response.content.decode()
    assert AuditEvent.objects.get(event="om_queue.viewed").details["rows"] == 0


def test_the_navigation_counts_the_queue_for_the_om_only(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    advised_case(world)
    ready_case(world)
    page = login_as("officier").get(reverse("overview")).content.decode()
    assert f'href="{QUEUE_URL}"' in page
    assert '<span class="zsm-nav__count" data-testid="nav-count">2<' in page
    other = login_as("reclassering").get(reverse("overview")).content.decode()
    assert f'href="{QUEUE_URL}"' not in other
    assert "zsm-nav__count" not in other


def test_the_page_costs_the_same_queries_for_three_rows_as_for_twelve(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    advised_case(world)
    ready_case(world, surname="Een")
    referred_waiting, _assessment = assessed_case(world)
    refer(world, referred_waiting.case_id)
    client = login_as("officier")
    client.get(QUEUE_URL)  # warm the session
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE_URL).status_code == 200
    for index in range(3):
        advised_case(world)
        ready_case(world, surname=f"Meer{index}")
        referred, _assessment = assessed_case(world)
        refer(world, referred.case_id)
    with CaptureQueriesContext(connection) as many:
        response = client.get(QUEUE_URL)
    assert response.content.decode().count('<tr class="utrecht-table__row" data-kind=') == 12
    assert len(many.captured_queries) == len(few.captured_queries) <= 14


def test_another_location_sees_its_own_queue_on_the_page(
    login_as: Callable[..., Client], world: dict[str, User]
) -> None:
    advised, _advice = advised_case(world)
    _police_noord, om_noord = om_elsewhere()
    client = login_as("officier")
    client.force_login(om_noord)
    response = client.get(QUEUE_URL)
    assert response.status_code == 200
    assert advised.case.reference not in response.content.decode()


# --- The notification when an advice is given --------------------------------------------------------------


def test_the_om_is_told_when_an_advice_is_given_without_personal_details(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    werkplaats_case, _assessment = assessed_case(world)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        advice = give_advice(world, werkplaats_case)

    [note] = Notification.objects.filter(recipient=world["officier"])
    assert note.case_id == werkplaats_case.case_id
    assert note.message.subject == _("Werkplaats advice waiting for your answer")
    assert werkplaats_case.case.reference in note.message.body
    assert reverse("workplace:advice", kwargs={"werkplaats_case_id": werkplaats_case.pk}) in note.message.body
    assert werkplaats_case.case.suspect.surname not in note.message.body + note.message.subject
    # Only the OM decider is told; the e-mail left once the advice was stored.
    assert Notification.objects.count() == 1
    assert callbacks
    assert [message.to for message in mail.outbox] == [[world["officier"].email]]
    assert AuditEvent.objects.filter(
        event="advice.om_notified", object_id=str(advice.pk), details__recipients=[world["officier"].pk]
    ).exists()


def test_a_referred_case_tells_the_om_it_awaits_the_final_decision(world: dict[str, User]) -> None:
    werkplaats_case, advice = referred_then_advised(world)
    [note] = Notification.objects.filter(recipient=world["officier"])
    assert note.message.subject == _("A werkplaats-referred case awaits your decision")
    assert werkplaats_case.case.reference in note.message.body
    assert reverse("workplace:advice", kwargs={"werkplaats_case_id": werkplaats_case.pk}) in note.message.body
    # With the answer-by time, as the queue shows it.
    due = formats.date_format(localtime(advice_answer_due(advice.recorded_at)), "SHORT_DATETIME_FORMAT")
    assert due in note.message.body


def test_no_notification_when_the_om_decided_before_the_advice_came(world: dict[str, User]) -> None:
    werkplaats_case, _assessment = assessed_case(world)
    om_decides(world, werkplaats_case)
    advice = give_advice(world, werkplaats_case)
    assert advice.response  # the decision answered it at once
    assert not Notification.objects.filter(recipient=world["officier"]).exists()


def test_an_om_decider_elsewhere_is_not_told(world: dict[str, User]) -> None:
    _police_noord, om_noord = om_elsewhere()
    advised_case(world)
    assert not Notification.objects.filter(recipient=om_noord).exists()
    assert Notification.objects.filter(recipient=world["officier"]).count() == 1


def test_a_refused_advice_tells_nobody(world: dict[str, User]) -> None:
    werkplaats_case, _assessment = assessed_case(world, confirmed=False)
    with pytest.raises(ConflictError):
        give_advice(world, werkplaats_case)
    assert not Notification.objects.exists()
