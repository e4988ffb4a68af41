"""`zsm demo`: werkplaats cases at every stage, with casework that obeys the rules and the pilots' time figures."""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from zsm.accounts.models import Location, User
from zsm.cases.models import Case
from zsm.common.clock import AMSTERDAM, local, now
from zsm.decisions.constants import Disposal
from zsm.workplace import selectors
from zsm.workplace.assessment import derive
from zsm.workplace.constants import (
    FINAL_STATUSES,
    LOW_BUCKET_MAX_MINUTES,
    MAX_CONVERSATIONS,
    MIDDLE_BUCKET_MAX_MINUTES,
    PICKED_UP_STATUSES,
    UNREACHED_OUTCOMES,
    AdviceResponse,
    AssessmentStatus,
    ContactOutcome,
    WerkplaatsStatus,
)
from zsm.workplace.models import (
    Advice,
    Assessment,
    Contact,
    Conversation,
    HelpAction,
    HelpInvolvement,
    MonitoringCheck,
    SpecialCategoryNote,
    TimeEntry,
    WerkplaatsCase,
)

TIMED = (Contact, Assessment, Advice, MonitoringCheck, Conversation, TimeEntry)


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _minutes_per_case() -> dict[int, int]:
    """The demo's own activity minutes per werkplaats case, counted in Python."""
    totals: dict[int, int] = defaultdict(int)
    for model in TIMED:
        for case_id, minutes in model.objects.values_list("werkplaats_case_id", "minutes"):
            totals[case_id] += minutes
    return totals


@pytest.mark.django_db
def test_every_stage_is_there(demo: str) -> None:
    assert "werkplaats:" in demo
    assert "Werkplaats geladen" in demo
    _every_stage_is_there()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "at",
    [datetime(2026, 12, 3, 0, 20, tzinfo=AMSTERDAM), datetime(2026, 12, 3, 9, 15, tzinfo=AMSTERDAM)],
    ids=["00:20", "09:15"],
)
def test_every_stage_is_there_at_any_time_of_day(at: datetime) -> None:
    """The morning has fewer fresh cases than the afternoon; CI runs at any hour."""
    with time_machine.travel(at, tick=False):
        call_command("demo", stdout=io.StringIO())
        _every_stage_is_there()


def _every_stage_is_there() -> None:
    statuses = set(WerkplaatsCase.objects.values_list("status", flat=True))
    assert set(WerkplaatsStatus.values) - {WerkplaatsStatus.WITHDRAWN} <= statuses
    in_progress = WerkplaatsCase.objects.filter(status=WerkplaatsStatus.IN_PROGRESS)
    assert in_progress.filter(assessments__status=AssessmentStatus.AWAITING_REVIEW).exists()
    assert in_progress.exclude(assessments__isnull=False).exists()
    assert Advice.objects.filter(response="").exists()  # waiting for the OM
    assert Advice.objects.filter(response=AdviceResponse.ADOPTED).exists()
    assert WerkplaatsCase.objects.filter(status=WerkplaatsStatus.HANDED_OVER).exclude(handover_question="").exists()
    assert HelpInvolvement.objects.filter(has_lead=True).exists()
    # Some cases where nobody has the lead, though agencies are involved.
    with_help = set(HelpInvolvement.objects.values_list("werkplaats_case_id", flat=True))
    led = set(HelpInvolvement.objects.filter(has_lead=True).values_list("werkplaats_case_id", flat=True))
    assert with_help - led
    assert HelpAction.objects.exists()
    assert SpecialCategoryNote.objects.exists()
    assert Conversation.objects.exists()
    # Every candidate the table referred became a werkplaats case.
    assert not Case.objects.filter(werkplaats_candidate=True, werkplaats_case__isnull=True).exists()


@pytest.mark.django_db
def test_share_of_the_inflow_is_like_the_pilots(demo: str) -> None:
    location = Location.objects.get(code="midden-nederland")
    since = local(now()).date() - timedelta(days=14)
    share = selectors.werkplaats_share(user=_user("coordinator"), location=location, since=since)
    assert share.percentage is not None
    assert 2 <= share.percentage <= 6


@pytest.mark.django_db
def test_hours_distribution_is_the_demos_own_time_and_follows_3_2_1(demo: str) -> None:
    location = Location.objects.get(code="midden-nederland")
    distribution = selectors.team_hours_distribution(user=_user("coordinator"), location=location)
    minutes = _minutes_per_case()
    picked = WerkplaatsCase.objects.filter(status__in=PICKED_UP_STATUSES).values_list("pk", flat=True)
    recount = [minutes.get(pk, 0) for pk in picked]
    low = sum(1 for m in recount if m <= LOW_BUCKET_MAX_MINUTES)
    middle = sum(1 for m in recount if LOW_BUCKET_MAX_MINUTES < m <= MIDDLE_BUCKET_MAX_MINUTES)
    high = sum(1 for m in recount if m > MIDDLE_BUCKET_MAX_MINUTES)
    assert (distribution.up_to_3_hours, distribution.from_3_to_6_hours, distribution.over_6_hours) == (
        low,
        middle,
        high,
    )
    total = distribution.total
    assert total >= 15
    assert low > middle > high > 0
    assert 0.35 <= low / total <= 0.65
    assert 0.2 <= middle / total <= 0.45
    assert 0.05 <= high / total <= 0.3
    assert max(recount) <= 15 * 60
    # Mostly phone calls of 10–15 minutes.
    calls = Contact.objects.filter(channel="phone", outcome=ContactOutcome.REACHED).values_list("minutes", flat=True)
    assert sum(1 for m in calls if 10 <= m <= 15) / len(calls) >= 0.6


@pytest.mark.django_db
def test_assessments_are_derived_judged_and_never_confirmed_by_their_author(demo: str) -> None:
    assessments = list(Assessment.objects.all())
    assert assessments
    for assessment in assessments:
        outcome = derive(assessment.scores)
        assert (assessment.risk_level, assessment.problem_level, assessment.approach) == (
            outcome.risk_level,
            outcome.problem_level,
            outcome.approach,
        )
        assert assessment.professional_judgement.strip()
        assert assessment.minutes > 0
        if assessment.status == AssessmentStatus.AWAITING_REVIEW:
            assert assessment.reviewed_by_id is None
        else:
            assert assessment.reviewed_by_id not in (None, assessment.recorded_by_id)
            assert assessment.reviewed_at is not None
            assert assessment.reviewed_at > assessment.recorded_at
    # An advice builds on a confirmed assessment, recorded before it.
    for advice in Advice.objects.select_related("werkplaats_case"):
        latest = Assessment.objects.filter(werkplaats_case=advice.werkplaats_case).order_by("-recorded_at").first()
        assert latest is not None
        assert latest.status == AssessmentStatus.CONFIRMED
        assert latest.reviewed_at is not None
        assert latest.reviewed_at < advice.recorded_at


@pytest.mark.django_db
def test_the_om_answer_is_the_cases_own_later_decision(demo: str) -> None:
    officier = _user("officier")
    answered = Advice.objects.exclude(response="").select_related("werkplaats_case__case")
    assert answered.exists()
    for advice in answered:
        decision = advice.werkplaats_case.case.decisions.order_by("-decided_at").first()
        assert decision is not None
        assert decision.disposal == Disposal.CONDITIONAL_DISMISSAL == advice.disposal
        assert advice.conditions == decision.conditions
        assert advice.responded_at == decision.decided_at
        assert advice.responded_by_id == officier.pk
        assert advice.recorded_at < advice.responded_at
        assert advice.response == AdviceResponse.ADOPTED or advice.response_reason


@pytest.mark.django_db
def test_casework_follows_each_cases_timeline_and_the_rules(demo: str) -> None:
    moment = now()
    reclassering, coordinator = _user("reclassering"), _user("coordinator")
    workers = {_user("werkplaats").pk, _user("werkplaats2").pk}
    for werkplaats_case in WerkplaatsCase.objects.select_related("case"):
        assert werkplaats_case.signals
        assert werkplaats_case.proposed_by_id == reclassering.pk
        assert werkplaats_case.case.registered_at <= werkplaats_case.proposed_at <= moment
        stamps = [
            *Contact.objects.filter(werkplaats_case=werkplaats_case).values_list("logged_at", flat=True),
            *[
                stamp
                for model in (Assessment, Advice, MonitoringCheck, Conversation, TimeEntry, HelpInvolvement)
                for stamp in model.objects.filter(werkplaats_case=werkplaats_case).values_list("recorded_at", flat=True)
            ],
        ]
        if werkplaats_case.status == WerkplaatsStatus.PROPOSED:
            assert werkplaats_case.worker_id is None
            assert not stamps
            continue
        assert werkplaats_case.worker_id in workers
        assert werkplaats_case.assigned_by_id == coordinator.pk
        assert werkplaats_case.assigned_at is not None
        assert werkplaats_case.proposed_at < werkplaats_case.assigned_at <= moment
        if werkplaats_case.status == WerkplaatsStatus.ASSIGNED:
            assert not stamps
        end = werkplaats_case.closed_at or moment
        assert all(werkplaats_case.assigned_at < stamp <= end for stamp in stamps), werkplaats_case
        if werkplaats_case.status in FINAL_STATUSES:
            assert werkplaats_case.closed_at is not None
            assert werkplaats_case.outcome
        if werkplaats_case.status == WerkplaatsStatus.HANDED_OVER:
            assert werkplaats_case.handover_kind
            assert werkplaats_case.handover_question
        # A withdrawn case may end before any advice (the retention demo's old case was withdrawn when assigned).
        if werkplaats_case.status in (
            WerkplaatsStatus.ADVICE_GIVEN,
            WerkplaatsStatus.MONITORING,
            *(FINAL_STATUSES - {WerkplaatsStatus.WITHDRAWN}),
        ):
            assert Advice.objects.filter(werkplaats_case=werkplaats_case).exists()
        if werkplaats_case.status == WerkplaatsStatus.MONITORING:
            assert MonitoringCheck.objects.filter(werkplaats_case=werkplaats_case, outcome="").exists()
        numbers = list(Conversation.objects.filter(werkplaats_case=werkplaats_case).values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
        assert len(numbers) <= MAX_CONVERSATIONS
        assert HelpInvolvement.objects.filter(werkplaats_case=werkplaats_case, has_lead=True).count() <= 1
    for check in MonitoringCheck.objects.all():
        assert check.due_on >= local(check.recorded_at).date()
        if check.outcome:
            assert check.minutes > 0
            assert check.checked_at is not None
            assert check.recorded_at < check.checked_at <= moment
    for model in (Contact, TimeEntry, Conversation):
        assert not model.objects.filter(minutes__lte=0).exists()
    assert not Conversation.objects.filter(held_on__gt=local(moment).date()).exists()


@pytest.mark.django_db
def test_unreached_contacts_are_called_back(demo: str) -> None:
    """Every unreached contact has a follow-up date; all are settled by a later contact, except today's calls."""
    today = local(now()).date()
    contacts = list(Contact.objects.all())
    open_calls = []
    for contact in contacts:
        if contact.outcome not in UNREACHED_OUTCOMES:
            continue
        assert contact.follow_up_on is not None
        assert contact.follow_up_on >= local(contact.logged_at).date()
        later = [
            c
            for c in contacts
            if c.werkplaats_case_id == contact.werkplaats_case_id
            and (c.role, c.name.lower()) == (contact.role, contact.name.lower())
            and c.logged_at > contact.logged_at
        ]
        if not later:
            open_calls.append(contact)
    assert open_calls
    assert all(contact.follow_up_on == today for contact in open_calls)
    assert any(c.outcome in UNREACHED_OUTCOMES for c in contacts if c not in open_calls)


def _assert_the_days_of_werkplaats_are_full() -> None:
    wendy = _user("werkplaats")
    today = local(now()).date()
    assert selectors.calls_to_retry(user=wendy, on=today).exists()
    assert selectors.monitoring_checks_due(user=wendy, on=today).exists()
    assert selectors.waiting_for_om(user=wendy).exists()
    reviews = selectors.assessments_awaiting_review(user=wendy)
    assert reviews.exists()
    assert all(assessment.recorded_by.username == "werkplaats2" for assessment in reviews)
    assert selectors.not_yet_reviewed(user=wendy).exists()
    assert selectors.my_cases(user=wendy).exists()


@pytest.mark.django_db
def test_the_day_of_werkplaats_is_full_today(demo: str) -> None:
    _assert_the_days_of_werkplaats_are_full()


@pytest.mark.django_db
def test_encrypted_fields_hold_ciphertext(demo: str) -> None:
    assessment = Assessment.objects.exclude(area_notes="").first()
    note = SpecialCategoryNote.objects.first()
    conversation = Conversation.objects.first()
    assert assessment is not None
    assert note is not None
    assert conversation is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT professional_judgement, area_notes FROM workplace_assessment WHERE id = %s", [assessment.pk]
        )
        judgement, notes = cursor.fetchone()
        cursor.execute("SELECT text FROM workplace_specialcategorynote WHERE id = %s", [note.pk])
        (text,) = cursor.fetchone()
        cursor.execute("SELECT notes FROM workplace_conversation WHERE id = %s", [conversation.pk])
        (conversation_notes,) = cursor.fetchone()
    for stored, plain in (
        (judgement, assessment.professional_judgement),
        (notes, assessment.area_notes),
        (text, note.text),
        (conversation_notes, conversation.notes),
    ):
        assert plain
        assert stored != plain
        assert plain not in stored
        assert plain[:12] not in stored


@pytest.mark.django_db
def test_a_second_run_changes_nothing(demo: str) -> None:
    def counts() -> tuple[int, ...]:
        models = (WerkplaatsCase, *TIMED, HelpInvolvement, HelpAction, SpecialCategoryNote)
        return tuple(model.objects.count() for model in models)

    before = counts()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "werkplaats overgeslagen" in out.getvalue()
    assert counts() == before
