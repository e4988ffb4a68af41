"""Reads that were missing from the access log, or logged under the reader's role instead of what they read
for: the inbox, and the API's referrals and werkplaats advice."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.cases.test_views import register_case
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import advised_case, assigned_case
from zsm.accounts.models import User
from zsm.audit.constants import Purpose
from zsm.audit.models import AuditEvent
from zsm.cases.models import Notification

pytestmark = pytest.mark.django_db


def test_the_inbox_logs_the_cases_its_notifications_name(
    world: dict[str, User], login_as: Callable[..., Client]
) -> None:
    case = register_case(world)
    Notification.objects.create(recipient=world["reclassering"], case=case, subject="Test", body=case.reference)
    login_as("reclassering").get(reverse("cases:inbox"))
    event = AuditEvent.objects.get(event="inbox.viewed")
    assert event.details["cases"] == [case.pk]
    assert event.details["persons"] == [case.suspect_id]


def test_an_inbox_without_cases_logs_nothing(world: dict[str, User], login_as: Callable[..., Client]) -> None:
    Notification.objects.create(recipient=world["reclassering"], subject="Test", body="Zonder zaak")
    login_as("reclassering").get(reverse("cases:inbox"))
    assert not AuditEvent.objects.filter(event="inbox.viewed").exists()


def test_referrals_through_the_api_are_read_for_casework(
    world: dict[str, User], as_user: Callable[[str], APIClient]
) -> None:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    screener = as_user("reclassering")  # a probation screener: by role, ZSM assessment
    assert screener.get("/api/v1/referrals").status_code == 200
    assert screener.get(f"/api/v1/referrals/{referral.pk}").status_code == 200
    purposes = set(AuditEvent.objects.filter(event__startswith="referral.").values_list("purpose", flat=True))
    assert purposes == {Purpose.WERKPLAATS_CASEWORK}


def test_the_advice_is_read_by_the_om_for_its_decision_and_by_the_team_for_casework(
    world: dict[str, User], as_user: Callable[[str], APIClient]
) -> None:
    werkplaats_case, _advice = advised_case(world)
    for username in ("officier", "werkplaats", "reclassering"):
        assert as_user(username).get(f"/api/v1/werkplaats-cases/{werkplaats_case.pk}/advice").status_code == 200
    purposes = dict(
        AuditEvent.objects.filter(event="werkplaats_advice.viewed").values_list("actor_username", "purpose")
    )
    assert purposes == {
        "officier": Purpose.OM_DECISION,
        "werkplaats": Purpose.WERKPLAATS_CASEWORK,
        "reclassering": Purpose.WERKPLAATS_CASEWORK,  # a probation screener, but reading casework
    }
