"""Chasing: a referral without an answer after N working days is a chase task on the worker's day; after two
periods it goes to the coordinator. Tested with a moved clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.common.exceptions import ConflictError
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Institution
from zsm.socialmap.selectors import (
    chase_due_on,
    escalation_due_on,
    institution_stats,
    referrals_escalated,
    referrals_to_chase,
)
from zsm.socialmap.services import referral_chase, referral_move

AMS = ZoneInfo("Europe/Amsterdam")
SENT = datetime(2026, 11, 18, 15, 0, tzinfo=AMS)  # a Wednesday afternoon

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(world: dict[str, User]) -> object:
    with time_machine.travel(SENT, tick=False):
        return sent_referral(world, assigned_case(world).pk, make_institution(world))


def test_three_working_days_after_a_wednesday_fall_on_monday(referral: object) -> None:
    assert chase_due_on(referral) == date(2026, 11, 23)  # type: ignore[arg-type]
    assert escalation_due_on(referral) == date(2026, 11, 26)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("today", "chased"),
    [
        (date(2026, 11, 18), False),  # the day it was sent
        (date(2026, 11, 20), False),  # Friday: two working days
        (date(2026, 11, 22), False),  # Sunday: still two
        (date(2026, 11, 23), True),  # Monday: three working days without an answer
        (date(2026, 11, 30), True),
    ],
)
def test_the_chase_task_appears_after_three_working_days(
    world: dict[str, User], referral: object, today: date, chased: bool
) -> None:
    assert bool(referrals_to_chase(user=world["werkplaats"], today=today)) is chased
    # It is the assigned worker's task, not a colleague's.
    assert referrals_to_chase(user=world["werkplaats2"], today=today) == []


@override_settings(ZSM_REFERRAL_CHASE_WORKING_DAYS=1)
def test_the_period_is_configurable(world: dict[str, User], referral: object) -> None:
    assert referrals_to_chase(user=world["werkplaats"], today=date(2026, 11, 19))


def test_chasing_clears_the_task_until_the_next_period(world: dict[str, User], referral: object) -> None:
    with time_machine.travel(datetime(2026, 11, 23, 9, 0, tzinfo=AMS), tick=False):
        referral_chase(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)  # type: ignore[attr-defined]
    assert referrals_to_chase(user=world["werkplaats"], today=date(2026, 11, 23)) == []
    assert referrals_to_chase(user=world["werkplaats"], today=date(2026, 11, 25)) == []
    assert referrals_to_chase(user=world["werkplaats"], today=date(2026, 11, 26))


def test_an_answer_ends_the_chase(world: dict[str, User], referral: object) -> None:
    referral_move(
        user=world["werkplaats"],
        referral_id=referral.pk,  # type: ignore[attr-defined]
        target=ReferralStatus.ACKNOWLEDGED,
        expected_version=referral.version,  # type: ignore[attr-defined]
    )
    assert referrals_to_chase(user=world["werkplaats"], today=date(2026, 11, 30)) == []
    assert referrals_escalated(user=world["coordinator"], today=date(2026, 11, 30)) == []


def test_after_two_periods_the_coordinator_sees_it(world: dict[str, User], referral: object) -> None:
    assert referrals_escalated(user=world["coordinator"], today=date(2026, 11, 25)) == []
    assert [r.pk for r in referrals_escalated(user=world["coordinator"], today=date(2026, 11, 26))] == [referral.pk]  # type: ignore[attr-defined]
    # A chase by the worker does not hide it from the coordinator: the answer is still missing.
    referral_chase(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)  # type: ignore[attr-defined]
    assert referrals_escalated(user=world["coordinator"], today=date(2026, 11, 26))
    # Workers and others do not get the escalation list.
    for username in ("werkplaats", "officier", "reclassering"):
        assert referrals_escalated(user=world[username], today=date(2026, 11, 26)) == []


def test_chasing_is_refused_once_answered(world: dict[str, User], referral: object) -> None:
    moved = referral_move(
        user=world["werkplaats"],
        referral_id=referral.pk,  # type: ignore[attr-defined]
        target=ReferralStatus.ACKNOWLEDGED,
        expected_version=referral.version,  # type: ignore[attr-defined]
    )
    with pytest.raises(ConflictError):
        referral_chase(user=world["werkplaats"], referral_id=moved.pk, expected_version=moved.version)
    moved.refresh_from_db()
    assert moved.chased_on is None


def test_the_share_acknowledged_leaves_out_what_still_waits(world: dict[str, User], referral: object) -> None:
    institution = referral.institution  # type: ignore[attr-defined]
    second = sent_referral(world, assigned_case(world).pk, institution)
    referral_move(user=world["werkplaats"], referral_id=second.pk, target=ReferralStatus.ACKNOWLEDGED,
                  expected_version=second.version)  # fmt: skip
    (stats,) = institution_stats(user=world["werkplaats"], institution_ids=[institution.pk])
    assert (stats.sent, stats.waiting, stats.acknowledged) == (2, 1, 1)
    assert stats.acknowledged_percent == 100
    assert stats.median_wait_text != "–"


def test_the_day_lists_the_chase_with_its_wait_and_the_phone(
    world: dict[str, User], referral: object, login_as: object
) -> None:
    Institution.objects.filter(pk=referral.institution_id).update(phone="030 000 0123")  # type: ignore[attr-defined]
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=AMS), tick=False):
        page = login_as("werkplaats").get(reverse("workplace:day"))  # type: ignore[operator]
    chases = page.context["chases"]
    assert [item["referral"].pk for item in chases] == [referral.pk]  # type: ignore[attr-defined]
    assert chases[0]["waiting"] == 4  # Wed → Thu, Fri, Mon, Tue
    assert 'href="tel:0300000123"' in page.content.decode()
