"""Reads: the call list, time per case and per team, the share of inflow, caseloads, and who sees what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from tests.workplace.flow import decided_if_awaiting
from zsm.accounts.models import Location, User
from zsm.cases.models import Case
from zsm.workplace.constants import ContactChannel, ContactOutcome, ContactRole, WerkplaatsStatus
from zsm.workplace.models import Contact, WerkplaatsCase
from zsm.workplace.selectors import (
    HoursDistribution,
    calls_to_retry,
    case_total_minutes,
    contact_list,
    team_hours_distribution,
    werkplaats_case_get,
    werkplaats_case_list,
    werkplaats_share,
    worker_caseloads,
    worker_suggestion,
)
from zsm.workplace.services import ContactInput, contact_log, werkplaats_case_transition

from .conftest import AMS, NOW

pytestmark = pytest.mark.django_db


def log(
    user: User, werkplaats_case: WerkplaatsCase, *, at: datetime = NOW, outcome: str = ContactOutcome.NOT_REACHED,
    name: str = "Wijkagent De Vries", role: str = ContactRole.COMMUNITY_OFFICER, minutes: int = 10,
) -> Contact:  # fmt: skip
    with time_machine.travel(at, tick=False):
        return contact_log(
            user=user,
            werkplaats_case_id=werkplaats_case.pk,
            data=ContactInput(role=role, name=name, channel=ContactChannel.PHONE, outcome=outcome, minutes=minutes),
        )


def location(world: dict[str, User]) -> Location:
    return Location.objects.get(code="midden-nederland")


def move(user: User, werkplaats_case: WerkplaatsCase, *targets: str) -> WerkplaatsCase:
    for target in targets:
        if target in (WerkplaatsStatus.MONITORING, WerkplaatsStatus.CLOSED, WerkplaatsStatus.HANDED_OVER):
            decided_if_awaiting(werkplaats_case)  # finishing comes after the OM's decision
        werkplaats_case.refresh_from_db()
        werkplaats_case = werkplaats_case_transition(
            user=user, werkplaats_case_id=werkplaats_case.pk, target=target, expected_version=werkplaats_case.version,
            outcome="Afgerond.", handover_kind="supervision", handover_question="Is toezicht nodig?",
        )  # fmt: skip
    return werkplaats_case


# --- the call list ---------------------------------------------------------------------------


def test_calls_to_retry_lists_due_unreached_calls_of_my_open_cases(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    mine = assigned()
    theirs = assigned(worker="werkplaats2")
    wednesday = datetime(2026, 1, 14, 10, 0, tzinfo=AMS)
    due = log(world["werkplaats"], mine, at=wednesday)  # follow-up Thursday 15th
    later = log(world["werkplaats"], mine, at=wednesday, name="Moeder", role=ContactRole.FAMILY)
    Contact.objects.filter(pk=later.pk).update(follow_up_on=date(2026, 1, 20))
    log(world["werkplaats"], mine, at=wednesday, name="Huisarts", role=ContactRole.GP, outcome=ContactOutcome.REACHED)
    log(world["werkplaats2"], theirs, at=wednesday)

    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 14))) == []
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 15))) == [due]
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 16))) == [due]  # overdue stays
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 20))) == [due, later]


def test_a_later_reached_contact_with_the_same_person_settles_the_retry(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    first = log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 14, 10, 0, tzinfo=AMS))
    # Same role, another name: does not settle it.
    log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 15, 9, 0, tzinfo=AMS), name="Wijkagent Bakker",
        outcome=ContactOutcome.REACHED)  # fmt: skip
    # Same name, another role: does not settle it either.
    log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 15, 9, 5, tzinfo=AMS), role=ContactRole.OTHER,
        outcome=ContactOutcome.REACHED)  # fmt: skip
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 15))) == [first]
    log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 15, 9, 10, tzinfo=AMS),
        name="wijkagent de vries", outcome=ContactOutcome.REACHED)  # fmt: skip
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 15))) == []


def test_a_second_unreached_call_replaces_the_first_on_the_list(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 14, 10, 0, tzinfo=AMS))
    second = log(world["werkplaats"], werkplaats_case, at=datetime(2026, 1, 15, 10, 0, tzinfo=AMS))
    assert list(calls_to_retry(user=world["werkplaats"], on=date(2026, 1, 16))) == [second]


def test_finished_cases_and_other_roles_have_no_call_list(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    log(world["werkplaats"], werkplaats_case)
    on = date(2026, 2, 1)
    assert calls_to_retry(user=world["werkplaats"], on=on).count() == 1
    for username in ("officier", "slachtofferhulp", "raad", "politie"):
        assert not calls_to_retry(user=world[username], on=on).exists()
    move(world["werkplaats"], werkplaats_case, WerkplaatsStatus.HANDED_OVER)
    assert not calls_to_retry(user=world["werkplaats"], on=on).exists()


# --- time ------------------------------------------------------------------------------------


def test_case_total_minutes_sums_contacts_in_one_query(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    other = assigned()
    assert case_total_minutes(werkplaats_case) == 0
    for minutes in (10, 15, 45):
        log(world["werkplaats"], werkplaats_case, minutes=minutes)
    log(world["werkplaats"], other, minutes=500)
    with CaptureQueriesContext(connection) as queries:
        assert case_total_minutes(werkplaats_case) == 70
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("minutes", "bucket"),
    [
        (0, "up_to_3_hours"),
        (1, "up_to_3_hours"),
        (180, "up_to_3_hours"),  # exactly 3 hours is 0–3 h
        (181, "from_3_to_6_hours"),
        (360, "from_3_to_6_hours"),  # exactly 6 hours is 3–6 h
        (361, "over_6_hours"),
        (900, "over_6_hours"),
    ],
)
def test_the_hours_buckets_at_their_edges(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], minutes: int, bucket: str
) -> None:
    werkplaats_case = assigned()
    remaining = minutes
    while remaining:
        chunk = min(remaining, 120)
        log(world["werkplaats"], werkplaats_case, minutes=chunk, outcome=ContactOutcome.REACHED)
        remaining -= chunk
    distribution = team_hours_distribution(user=world["coordinator"], location=location(world))
    assert getattr(distribution, bucket) == 1
    assert distribution.total == 1


def test_the_distribution_counts_open_and_finished_picked_up_cases(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], propose: Callable[..., WerkplaatsCase]
) -> None:
    short, medium, long, closed = assigned(), assigned(), assigned(), assigned()
    log(world["werkplaats"], short, minutes=60)
    log(world["werkplaats"], medium, minutes=240)
    log(world["werkplaats"], long, minutes=400)
    log(world["werkplaats"], closed, minutes=30)
    move(world["werkplaats"], closed, WerkplaatsStatus.ADVICE_GIVEN, WerkplaatsStatus.CLOSED)
    propose()  # never picked up: not counted
    withdrawn = propose()
    move(world["coordinator"], withdrawn, WerkplaatsStatus.WITHDRAWN)
    with CaptureQueriesContext(connection) as queries:
        distribution = team_hours_distribution(user=world["reclassering"], location=location(world))
    assert len(queries) <= 2  # the membership (cached after the first) and the one aggregate
    assert distribution == HoursDistribution(up_to_3_hours=2, from_3_to_6_hours=1, over_6_hours=1)


@pytest.mark.parametrize("username", ["politie", "slachtofferhulp", "raad", "beheer"])
def test_the_distribution_is_not_for_everyone(world: dict[str, User], username: str) -> None:
    with pytest.raises(PermissionDenied):
        team_hours_distribution(user=world[username], location=location(world))


def test_the_distribution_of_another_location_is_refused(world: dict[str, User], elsewhere: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        team_hours_distribution(user=world["coordinator"], location=elsewhere["location"])


# --- the share of inflow ---------------------------------------------------------------------


def test_the_share_of_inflow(
    world: dict[str, User], zsm_case: Callable[..., Case], propose: Callable[..., WerkplaatsCase]
) -> None:
    for day in range(23):
        zsm_case(NOW + timedelta(days=day))
    propose(NOW)
    withdrawn = propose(NOW + timedelta(days=1))
    move(world["coordinator"], withdrawn, WerkplaatsStatus.WITHDRAWN)
    zsm_case(NOW - timedelta(days=1))  # before the period
    propose(NOW - timedelta(days=1))  # proposed, but registered before the period
    with time_machine.travel(NOW + timedelta(days=30), tick=False):
        share = werkplaats_share(user=world["officier"], location=location(world), since=NOW.date())
    assert (share.werkplaats_cases, share.inflow) == (1, 25)
    assert share.percentage == Decimal("4.0")
    bounded = werkplaats_share(user=world["coordinator"], location=location(world), since=NOW.date(), until=NOW.date())
    assert (bounded.werkplaats_cases, bounded.inflow) == (1, 2)


def test_no_inflow_has_no_share(world: dict[str, User]) -> None:
    share = werkplaats_share(user=world["coordinator"], location=location(world), since=date(2026, 1, 1))
    assert share.inflow == 0
    assert share.percentage is None


@pytest.mark.parametrize("username", ["politie", "slachtofferhulp", "raad", "privacy"])
def test_the_share_is_not_for_everyone(world: dict[str, User], username: str) -> None:
    with pytest.raises(PermissionDenied):
        werkplaats_share(user=world[username], location=location(world), since=date(2026, 1, 1))


# --- caseloads -------------------------------------------------------------------------------


def test_caseloads_and_the_suggestion(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any]
) -> None:
    assigned(worker="werkplaats")
    assigned(worker="werkplaats")
    finished = assigned(worker="werkplaats2")
    move(world["werkplaats2"], finished, WerkplaatsStatus.HANDED_OVER)
    busy = assigned(worker="werkplaats2")
    with CaptureQueriesContext(connection) as queries:
        loads = {
            user.username: user.open_cases
            for user in worker_caseloads(user=world["coordinator"], location=location(world))
        }
    assert len(queries) <= 2
    assert loads == {"werkplaats": 2, "werkplaats2": 1}  # no coordinator, no worker from elsewhere
    assert worker_suggestion(location=location(world)) == world["werkplaats2"]
    move(world["werkplaats2"], busy, WerkplaatsStatus.IN_PROGRESS)
    assigned(worker="werkplaats2")
    assigned(worker="werkplaats2")
    assert worker_suggestion(location=location(world)) == world["werkplaats"]
    assert worker_suggestion(location=elsewhere["location"]) == elsewhere["werkplaats-noord"]


@pytest.mark.parametrize("username", ["officier", "politie", "slachtofferhulp", "raad"])
def test_caseloads_are_for_probation_only(world: dict[str, User], username: str) -> None:
    assert not worker_caseloads(user=world[username], location=location(world)).exists()


# --- scoping ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["werkplaats", "werkplaats2", "coordinator", "reclassering"])
def test_the_werkplaats_team_and_probation_see_the_casework(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], username: str
) -> None:
    werkplaats_case = assigned()
    log(world["werkplaats"], werkplaats_case)
    assert list(werkplaats_case_list(user=world[username])) == [werkplaats_case]
    assert werkplaats_case_get(user=world[username], werkplaats_case_id=werkplaats_case.pk) == werkplaats_case
    assert contact_list(user=world[username], werkplaats_case=werkplaats_case).count() == 1


@pytest.mark.parametrize("username", ["officier", "politie", "slachtofferhulp", "raad", "veiligheidshuis", "beheer"])
def test_others_see_no_casework(world: dict[str, User], assigned: Callable[..., WerkplaatsCase], username: str) -> None:
    werkplaats_case = assigned()
    log(world["werkplaats"], werkplaats_case)
    assert not werkplaats_case_list(user=world[username]).exists()
    with pytest.raises(Http404):
        werkplaats_case_get(user=world[username], werkplaats_case_id=werkplaats_case.pk)
    assert not contact_list(user=world[username], werkplaats_case=werkplaats_case).exists()


def test_another_location_sees_no_casework(assigned: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any]) -> None:
    assigned()
    assert not werkplaats_case_list(user=elsewhere["coordinator-noord"]).exists()
    assert not werkplaats_case_list(user=elsewhere["werkplaats-noord"]).exists()


def test_the_list_filters(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], propose: Callable[..., WerkplaatsCase]
) -> None:
    mine = assigned()
    proposed = propose()
    done = assigned(worker="werkplaats2")
    move(world["werkplaats2"], done, WerkplaatsStatus.HANDED_OVER)
    user = world["coordinator"]
    assert set(werkplaats_case_list(user=user, open_only=True)) == {mine, proposed}
    assert list(werkplaats_case_list(user=user, worker_id=world["werkplaats"].pk)) == [mine]
    assert list(werkplaats_case_list(user=user, status=WerkplaatsStatus.PROPOSED)) == [proposed]
