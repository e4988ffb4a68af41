"""Casework reads: time per case over every activity, the hours buckets, the worker's day, what the OM
and others see of the advice and the special-category notes, adoption rates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import formats
from django.utils.translation import gettext as _
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.workplace.flow import ANSWERING_DECISION, decided_if_awaiting, om_decides
from zsm.accounts.models import Location, User
from zsm.workplace.constants import (
    ActivityKind,
    AdviceResponse,
    CheckOutcome,
    ContactChannel,
    ContactOutcome,
    ContactRole,
    LifeArea,
    NoteCategory,
    WerkplaatsStatus,
)
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    MonitoringCheck,
    TimeEntry,
    WerkplaatsCase,
)
from zsm.workplace.selectors import (
    TIMED_ACTIVITIES,
    AdoptionRate,
    HoursDistribution,
    adoption_rates,
    advice_for,
    advice_for_case,
    assessments_awaiting_review,
    case_minutes_by_activity,
    case_total_minutes,
    monitoring_checks_due,
    my_cases,
    next_step,
    not_yet_reviewed,
    special_note_list,
    team_hours_distribution,
    waiting_for_om,
)
from zsm.workplace.services import (
    AdviceInput,
    AssessmentInput,
    advice_give,
    advice_respond,
    assessment_record,
    assessment_review,
    monitoring_check_plan,
    monitoring_check_record,
    special_note_record,
    time_entry_record,
    werkplaats_case_transition,
)

from .conftest import NOW

pytestmark = pytest.mark.django_db

TODAY = NOW.date()
ZERO = dict.fromkeys(LifeArea.values, 0)


@contextmanager
def at(moment: datetime = NOW) -> Iterator[None]:
    with time_machine.travel(moment, tick=False):
        yield


def midden() -> Location:
    return Location.objects.get(code="midden-nederland")


# --- timed rows straight into the database (the services are tested elsewhere) ---------------


def add(model: type[Any], wc: WerkplaatsCase, minutes: int, user: User, **extra: Any) -> Any:
    """One timed activity of `model` with `minutes` on the case."""
    if model is Contact:
        return Contact.objects.create(
            werkplaats_case=wc, role=ContactRole.GP, name="Huisarts", channel=ContactChannel.PHONE,
            outcome=ContactOutcome.REACHED, minutes=minutes, logged_by=user, logged_at=NOW,
        )  # fmt: skip
    common = {"werkplaats_case": wc, "recorded_by": user, "recorded_at": NOW, "minutes": minutes}
    if model is Assessment:
        return Assessment.objects.create(
            scores=ZERO, risk_level="low", problem_level="few", approach="nothing", professional_judgement="Oordeel",
            **common,
        )  # fmt: skip
    if model is Advice:
        return Advice.objects.create(disposal="summons", rationale="Waarom", **common)
    if model is MonitoringCheck:
        return MonitoringCheck.objects.create(subject="Loopt het?", due_on=TODAY, **common)
    if model is Conversation:
        number = Conversation.objects.filter(werkplaats_case=wc).count() + 1
        return Conversation.objects.create(number=number, held_on=TODAY, goals="Doel", **common)
    if model is TimeEntry:
        return TimeEntry.objects.create(kind=extra.get("kind", ActivityKind.OTHER), spent_on=TODAY, **common)
    raise AssertionError(model)


def clear(wc: WerkplaatsCase) -> None:
    for model in TIMED_ACTIVITIES:
        model.objects.filter(werkplaats_case=wc).delete()


minutes = st.integers(1, 720)
activity_lists = st.fixed_dictionaries(
    {
        "contacts": st.lists(minutes, max_size=4),
        "assessments": st.lists(minutes, max_size=3),
        "advice": st.one_of(st.none(), minutes),
        "checks": st.lists(st.integers(0, 720), max_size=3),  # a check not yet done counts 0
        "conversations": st.lists(minutes, max_size=5),
        "entries": st.lists(st.tuples(st.sampled_from(ActivityKind.values), minutes), max_size=6),
    }
)


def test_timed_activities_are_every_model_with_minutes() -> None:
    """A new timed model must join TIMED_ACTIVITIES, or its time goes uncounted."""
    from django.apps import apps

    with_minutes = {
        model
        for model in apps.get_app_config("workplace").get_models()
        if "minutes" in {f.name for f in model._meta.fields}
    }
    assert with_minutes == set(TIMED_ACTIVITIES)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lists=activity_lists)
def test_case_total_is_the_sum_over_every_activity(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], lists: dict[str, Any]
) -> None:
    wc = WerkplaatsCase.objects.first() or assigned()
    user = world["werkplaats"]
    clear(wc)
    try:
        for m in lists["contacts"]:
            add(Contact, wc, m, user)
        for m in lists["assessments"]:
            add(Assessment, wc, m, user)
        if lists["advice"] is not None:
            add(Advice, wc, lists["advice"], user)
        for m in lists["checks"]:
            add(MonitoringCheck, wc, m, user)
        for m in lists["conversations"]:
            add(Conversation, wc, m, user)
        for kind, m in lists["entries"]:
            add(TimeEntry, wc, m, user, kind=kind)
        per_kind = {
            "contact": sum(lists["contacts"]),
            "assessment": sum(lists["assessments"]),
            "advice": lists["advice"] or 0,
            "monitoring_check": sum(lists["checks"]),
            "conversation": sum(lists["conversations"]),
            "time_entry": sum(m for _kind, m in lists["entries"]),
        }
        assert case_total_minutes(wc) == sum(per_kind.values())
        by_activity = {item.key: item.minutes for item in case_minutes_by_activity(wc)}
        assert by_activity == per_kind
    finally:
        clear(wc)


def test_minutes_by_activity_names_each_kind(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    for i, model in enumerate(TIMED_ACTIVITIES, start=1):
        add(model, wc, i * 10, world["werkplaats"])
    by_activity = case_minutes_by_activity(wc)
    assert [item.minutes for item in by_activity] == [10, 20, 30, 40, 50, 60]
    assert [item.label for item in by_activity] == [str(model._meta.verbose_name_plural) for model in TIMED_ACTIVITIES]
    assert [item.key for item in by_activity] == [
        "contact", "assessment", "advice", "monitoring_check", "conversation", "time_entry"
    ]  # fmt: skip
    assert case_total_minutes(wc) == 210


def test_minutes_of_another_case_do_not_count(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    mine, other = assigned(), assigned()
    add(TimeEntry, other, 500, world["werkplaats"])
    add(Contact, mine, 5, world["werkplaats"])
    assert case_total_minutes(mine) == 5
    assert case_total_minutes(assigned()) == 0


# --- the team's hours distribution ----------------------------------------------------------------


def distribution(user: User) -> HoursDistribution:
    return team_hours_distribution(user=user, location=midden())


def test_hours_bucket_edges_over_all_activity_kinds(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], propose: Callable[..., WerkplaatsCase],
    elsewhere: dict[str, Any],
) -> None:  # fmt: skip
    user = world["werkplaats"]
    base = distribution(world["coordinator"])
    assigned()  # 0 minutes: 0–3 h
    at_180 = assigned()
    add(Contact, at_180, 60, user)
    add(TimeEntry, at_180, 120, user, kind=ActivityKind.CASE_REVIEW)
    at_181 = assigned()
    add(Assessment, at_181, 100, user)
    add(Advice, at_181, 81, user)
    at_360 = assigned()
    add(Conversation, at_360, 200, user)
    add(MonitoringCheck, at_360, 160, user)
    at_361 = assigned()
    for kind in ActivityKind.values:
        add(TimeEntry, at_361, 60, user, kind=kind)
    add(Contact, at_361, 1, user)
    closed_181 = assigned()
    add(TimeEntry, closed_181, 181, user)
    WerkplaatsCase.objects.filter(pk=closed_181.pk).update(status=WerkplaatsStatus.CLOSED)
    for status in (WerkplaatsStatus.PROPOSED, WerkplaatsStatus.WITHDRAWN):  # never picked up: not counted
        never = propose()
        WerkplaatsCase.objects.filter(pk=never.pk).update(status=status)
        add(TimeEntry, never, 500, user)
    assert [case_total_minutes(wc) for wc in (at_180, at_181, at_360, at_361)] == [180, 181, 360, 361]
    for viewer in ("coordinator", "werkplaats", "reclassering", "officier"):
        now = distribution(world[viewer])
        assert (
            now.up_to_3_hours - base.up_to_3_hours,
            now.from_3_to_6_hours - base.from_3_to_6_hours,
            now.over_6_hours - base.over_6_hours,
        ) == (2, 3, 1)
        assert now.total == base.total + 6
    noord = team_hours_distribution(user=elsewhere["coordinator-noord"], location=elsewhere["location"])
    assert noord == HoursDistribution(0, 0, 0)


@pytest.mark.parametrize("model", TIMED_ACTIVITIES, ids=lambda m: m.__name__)
def test_one_more_minute_of_any_kind_crosses_the_edge(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], model: type[Any]
) -> None:
    wc = assigned()
    filler = Conversation if model is TimeEntry else TimeEntry
    add(filler, wc, 180, world["werkplaats"])
    before = distribution(world["coordinator"])
    add(model, wc, 1, world["werkplaats"])
    after = distribution(world["coordinator"])
    assert after.up_to_3_hours == before.up_to_3_hours - 1
    assert after.from_3_to_6_hours == before.from_3_to_6_hours + 1
    add(filler, wc, 179, world["werkplaats"])  # 360: still 3–6 h
    assert distribution(world["coordinator"]) == after
    add(filler if model is Advice else model, wc, 1, world["werkplaats"])  # one advice per case
    latest = distribution(world["coordinator"])
    assert latest.from_3_to_6_hours == after.from_3_to_6_hours - 1
    assert latest.over_6_hours == after.over_6_hours + 1


@pytest.mark.parametrize("username", ["slachtofferhulp", "politie", "raad", "beheer"])
def test_hours_are_not_for_others(world: dict[str, User], username: str) -> None:
    with pytest.raises(PermissionDenied):
        distribution(world[username])


def test_hours_of_another_location_are_refused(world: dict[str, User], elsewhere: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        team_hours_distribution(user=world["coordinator"], location=elsewhere["location"])


# --- building cases in each state through the services ---------------------------------------


def assess(user: User, wc: WerkplaatsCase, moment: datetime = NOW) -> Assessment:
    with at(moment):
        return assessment_record(
            user=user, werkplaats_case_id=wc.pk,
            data=AssessmentInput(scores=ZERO, professional_judgement="Oordeel", minutes=30),
        )  # fmt: skip


def review(user: User, assessment: Assessment, *, confirm: bool = True) -> Assessment:
    with at():
        return assessment_review(user=user, assessment_id=assessment.pk, confirm=confirm, note="Niet eens.")


def advise(world: dict[str, User], wc: WerkplaatsCase, worker: str = "werkplaats") -> Advice:
    colleague = "werkplaats2" if worker == "werkplaats" else "werkplaats"
    review(world[colleague], assess(world[worker], wc))
    with at():
        return advice_give(
            user=world[worker], werkplaats_case_id=wc.pk,
            data=AdviceInput(
                disposal="conditional_dismissal", rationale="Past.", conditions="Meewerken aan schuldhulp.", minutes=20
            ),
        )  # fmt: skip


def answer(world: dict[str, User], advice: Advice, response: str = AdviceResponse.ADOPTED) -> Advice:
    """The OM decides so that the advice comes out as `response`, then explains it."""
    with at():
        om_decides(world, advice.werkplaats_case, **ANSWERING_DECISION[response])
    advice.refresh_from_db()
    assert advice.response == response
    with at():
        return advice_respond(
            user=world["officier"], advice_id=advice.pk, reason="Reden.", expected_version=advice.version
        )


def plan(world: dict[str, User], wc: WerkplaatsCase, due_on: date, worker: str = "werkplaats") -> MonitoringCheck:
    with at():
        return monitoring_check_plan(user=world[worker], werkplaats_case_id=wc.pk, subject="Loopt het?", due_on=due_on)


def record(world: dict[str, User], check: MonitoringCheck) -> MonitoringCheck:
    with at():
        return monitoring_check_record(
            user=world["werkplaats"], check_id=check.pk, outcome=CheckOutcome.RUNNING, minutes=5
        )


def close(world: dict[str, User], wc: WerkplaatsCase, target: str = WerkplaatsStatus.WITHDRAWN) -> None:
    if target != WerkplaatsStatus.WITHDRAWN:
        with at():
            decided_if_awaiting(wc)  # finishing comes after the OM's decision
    wc.refresh_from_db()
    with at():
        werkplaats_case_transition(
            user=world["coordinator"], werkplaats_case_id=wc.pk, target=target, expected_version=wc.version,
            outcome="Klaar.",
        )  # fmt: skip


def steps(world: dict[str, User], username: str = "werkplaats") -> dict[int, str]:
    return {wc.pk: next_step(wc) for wc in my_cases(user=world[username])}


# --- next step --------------------------------------------------------------------------------


def test_next_step_for_each_state(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    fresh = assigned()
    started = assigned()
    with at():
        time_entry_record(user=world["werkplaats"], werkplaats_case_id=started.pk, kind=ActivityKind.OTHER,
                          minutes=5, spent_on=TODAY)  # fmt: skip
    WerkplaatsCase.objects.filter(pk=started.pk).update(status=WerkplaatsStatus.IN_PROGRESS)
    awaiting = assigned()
    assess(world["werkplaats"], awaiting)
    challenged = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], challenged), confirm=False)
    confirmed = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], confirmed))
    waiting = assigned()
    advise(world, waiting)
    answered = assigned()
    answer(world, advise(world, answered))
    monitoring = assigned()
    answer(world, advise(world, monitoring))
    first = plan(world, monitoring, TODAY + timedelta(days=2))
    plan(world, monitoring, TODAY + timedelta(days=9))
    nothing_planned = assigned()
    answer(world, advise(world, nothing_planned))
    record(world, plan(world, nothing_planned, TODAY))
    withdrawn = assigned()
    close(world, withdrawn)

    found = steps(world)
    assert found == {
        fresh.pk: _("Make the first contacts"),
        started.pk: _("Record the assessment"),
        awaiting.pk: _("Awaiting a colleague's review"),
        challenged.pk: _("Record the assessment"),
        confirmed.pk: _("Write the advice to the OM"),
        waiting.pk: _("Waiting for the OM"),
        answered.pk: _("Plan monitoring or close the case"),
        monitoring.pk: _("Check the help on %(date)s")
        % {"date": formats.date_format(TODAY + timedelta(days=2), "SHORT_DATE_FORMAT")},
        nothing_planned.pk: _("Plan the next check or close the case"),
    }
    record(world, first)
    assert steps(world)[monitoring.pk] == _("Check the help on %(date)s") % {
        "date": formats.date_format(TODAY + timedelta(days=9), "SHORT_DATE_FORMAT")
    }
    withdrawn.refresh_from_db()
    assert next_step(withdrawn) == str(WerkplaatsStatus.WITHDRAWN.label)


def test_the_latest_assessment_decides_the_next_step(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    review(world["werkplaats2"], assess(world["werkplaats"], wc, NOW - timedelta(hours=2)), confirm=False)
    assess(world["werkplaats"], wc, NOW - timedelta(hours=1))
    assert steps(world)[wc.pk] == _("Awaiting a colleague's review")


def test_my_cases_are_only_mine_and_working(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    mine = assigned()
    assigned(worker="werkplaats2")
    gone = assigned()
    close(world, gone)
    assert set(steps(world)) == {mine.pk}
    assert not list(my_cases(user=world["officier"]))


# --- monitoring checks due -------------------------------------------------------------------


def test_monitoring_checks_due(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    mine = assigned()
    today = plan(world, mine, TODAY)
    tomorrow = plan(world, mine, TODAY + timedelta(days=1))
    overdue = plan(world, mine, TODAY)
    MonitoringCheck.objects.filter(pk=overdue.pk).update(due_on=TODAY - timedelta(days=3))
    done = plan(world, mine, TODAY)
    record(world, done)
    theirs = assigned(worker="werkplaats2")
    their_check = plan(world, theirs, TODAY, worker="werkplaats2")
    finished = assigned()
    plan(world, finished, TODAY)
    WerkplaatsCase.objects.filter(pk=finished.pk).update(status=WerkplaatsStatus.CLOSED)

    def due(on: date, username: str = "werkplaats") -> list[int]:
        return [check.pk for check in monitoring_checks_due(user=world[username], on=on)]

    assert due(TODAY) == [overdue.pk, today.pk]
    assert due(TODAY + timedelta(days=1)) == [overdue.pk, today.pk, tomorrow.pk]
    assert due(TODAY - timedelta(days=4)) == []
    assert due(TODAY, "werkplaats2") == [their_check.pk]
    for outsider in ("reclassering", "officier", "slachtofferhulp"):
        assert due(TODAY, outsider) == []


# --- waiting for the OM ----------------------------------------------------------------------


def test_waiting_for_om(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    waiting = assigned()
    advise(world, waiting)
    answered = assigned()
    answer(world, advise(world, answered), AdviceResponse.NOT_ADOPTED)
    theirs = assigned(worker="werkplaats2")
    advise(world, theirs, worker="werkplaats2")
    answered_then_monitored = assigned()
    answer(world, advise(world, answered_then_monitored))
    plan(world, answered_then_monitored, TODAY)
    assigned()  # no advice yet
    closed = assigned()
    advise(world, closed)
    close(world, closed, WerkplaatsStatus.CLOSED)
    assert [wc.pk for wc in waiting_for_om(user=world["werkplaats"])] == [waiting.pk]
    assert [wc.pk for wc in waiting_for_om(user=world["werkplaats2"])] == [theirs.pk]
    assert not list(waiting_for_om(user=world["officier"]))
    answer(world, Advice.objects.get(werkplaats_case=waiting))
    assert not list(waiting_for_om(user=world["werkplaats"]))


def test_planning_a_check_does_not_hide_an_unanswered_advice(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    monitored = assigned()
    advise(world, monitored)
    plan(world, monitored, TODAY)
    assert [wc.pk for wc in waiting_for_om(user=world["werkplaats"])] == [monitored.pk]


# --- not yet reviewed ------------------------------------------------------------------------


def test_not_yet_reviewed_until_a_case_review_is_written(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], propose: Callable[..., WerkplaatsCase]
) -> None:
    first = assigned()
    second = assigned(worker="werkplaats2")
    propose()  # proposed only: not on the list
    gone = assigned()
    close(world, gone)

    def listed(username: str = "coordinator") -> set[int]:
        return {wc.pk for wc in not_yet_reviewed(user=world[username])}

    assert listed() == {first.pk, second.pk}
    assert listed("werkplaats") == {first.pk, second.pk}  # the location's, not only the worker's own
    with at():
        time_entry_record(user=world["werkplaats"], werkplaats_case_id=first.pk, kind=ActivityKind.REPORTING,
                          minutes=30, spent_on=TODAY)  # fmt: skip
    assert listed() == {first.pk, second.pk}
    with at():
        time_entry_record(user=world["werkplaats"], werkplaats_case_id=first.pk, kind=ActivityKind.CASE_REVIEW,
                          minutes=15, spent_on=TODAY)  # fmt: skip
    assert listed() == {second.pk}
    for outsider in ("reclassering", "officier", "slachtofferhulp"):
        assert listed(outsider) == set()


# --- assessments awaiting review ----------------------------------------------------------------


def test_assessments_awaiting_review_are_colleagues_open_ones(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any]
) -> None:
    open_one = assess(world["werkplaats"], assigned())
    review(world["coordinator"], assess(world["werkplaats"], assigned()))  # confirmed
    own = assess(world["werkplaats2"], assigned(worker="werkplaats2"))
    dropped_case = assigned()
    assess(world["werkplaats"], dropped_case)
    close(world, dropped_case)

    def awaiting(user: User) -> list[int]:
        return [a.pk for a in assessments_awaiting_review(user=user)]

    assert awaiting(world["werkplaats2"]) == [open_one.pk]
    assert awaiting(world["werkplaats"]) == [own.pk]
    assert awaiting(world["coordinator"]) == [open_one.pk, own.pk]
    for outsider in (world["reclassering"], world["officier"], elsewhere["coordinator-noord"]):
        assert awaiting(outsider) == []


def test_a_superseded_assessment_is_not_awaiting_review(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    wc = assigned()
    assess(world["werkplaats"], wc, NOW - timedelta(hours=2))
    newer = assess(world["werkplaats"], wc, NOW - timedelta(hours=1))
    assert [a.pk for a in assessments_awaiting_review(user=world["werkplaats2"])] == [newer.pk]


# --- the advice and special notes: who sees them -----------------------------------------------


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("werkplaats", True),
        ("werkplaats2", True),
        ("coordinator", True),
        ("reclassering", True),
        ("officier", True),
        ("slachtofferhulp", False),
        ("politie", False),
        ("raad", False),
        ("beheer", False),
        ("officier-noord", False),
    ],
)
def test_who_sees_the_advice(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], officier_elsewhere: User, username: str,
    sees: bool,
) -> None:  # fmt: skip
    wc = assigned()
    advice = advise(world, wc)
    user = officier_elsewhere if username == "officier-noord" else world[username]
    assert advice_for(user=user, werkplaats_case=wc) == (advice if sees else None)
    assert advice_for_case(user=user, case_id=wc.case_id) == (advice if sees else None)


def test_no_advice_yet_is_none(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    wc = assigned()
    assert advice_for(user=world["officier"], werkplaats_case=wc) is None
    assert advice_for_case(user=world["officier"], case_id=wc.case_id) is None


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("werkplaats", True),
        ("werkplaats2", True),
        ("coordinator", True),
        ("reclassering", True),
        ("officier", False),
        ("slachtofferhulp", False),
        ("politie", False),
        ("raad", False),
        ("coordinator-noord", False),
    ],
)
def test_special_notes_are_for_probation_only(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], elsewhere: dict[str, Any], username: str,
    sees: bool,
) -> None:  # fmt: skip
    wc = assigned()
    with at():
        note = special_note_record(
            user=world["werkplaats"], werkplaats_case_id=wc.pk, category=NoteCategory.ADDICTION, text="Alcohol"
        )
    user = elsewhere[username] if username.endswith("-noord") else world[username]
    assert list(special_note_list(user=user, werkplaats_case=wc)) == ([note] if sees else [])


# --- adoption rates ----------------------------------------------------------------------------


def test_adoption_rates_count_answered_advices(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    responses = [
        AdviceResponse.ADOPTED,
        AdviceResponse.ADOPTED,
        AdviceResponse.PARTLY,
        AdviceResponse.NOT_ADOPTED,
        None,  # not answered yet: not counted
    ]
    base = {rate.team: rate for rate in adoption_rates(user=world["coordinator"], location=midden())}
    assert base == {}
    for response in responses:
        advice = advise(world, assigned())
        if response is not None:
            answer(world, advice, response)
    for viewer in ("coordinator", "officier", "reclassering"):
        rates = adoption_rates(user=world[viewer], location=midden())
        assert rates == [AdoptionRate(team="Werkplaats Midden-Nederland", answered=4, adopted=2, partly=1)]
        assert rates[0].percentage == Decimal("50.0")


def test_no_answers_no_rates(world: dict[str, User], assigned: Callable[..., WerkplaatsCase]) -> None:
    advise(world, assigned())
    assert adoption_rates(user=world["officier"], location=midden()) == []
    assert AdoptionRate(team="x", answered=0, adopted=0, partly=0).percentage is None


@pytest.mark.parametrize("username", ["slachtofferhulp", "politie", "raad"])
def test_adoption_rates_are_not_for_others(world: dict[str, User], username: str) -> None:
    with pytest.raises(PermissionDenied):
        adoption_rates(user=world[username], location=midden())
