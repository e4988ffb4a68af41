"""Referral services: what must be recorded before sending, the e-mailed single-use link, who may refer,
version conflicts, and the institution's answer through its link. A refused write changes nothing."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils.translation import gettext as _

from tests.socialmap.access_referrals import fresh_token
from tests.socialmap.factories import draft_referral, make_institution, referral_input, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import Membership, User
from zsm.cases.models import Notification
from zsm.common.clock import local_now, now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.socialmap.constants import LegalBasis, Need, ReferralActor, ReferralStatus
from zsm.socialmap.models import Referral, ReferralLink
from zsm.socialmap.selectors import referral_link_find
from zsm.socialmap.services import (
    LinkAnswer,
    referral_acknowledge,
    referral_create,
    referral_link_resend,
    referral_send,
    referral_update,
)
from zsm.workplace.models import WerkplaatsCase

pytestmark = pytest.mark.django_db

S = ReferralStatus
Capture = Callable[..., Any]
TOKEN_RE = re.compile(r"/verwijzing/([A-Za-z0-9_-]+)/")


@pytest.fixture
def werkplaats_case(world: dict[str, User]) -> WerkplaatsCase:
    return assigned_case(world)


@pytest.fixture
def institution(world: dict[str, User]) -> Any:
    return make_institution(world)


def snapshot(referral: Referral) -> tuple[Any, ...]:
    stored = Referral.objects.get(pk=referral.pk)
    return (
        stored.status,
        stored.version,
        stored.question,
        stored.legal_basis,
        stored.transitions.count(),
        ReferralLink.objects.filter(referral=stored).count(),
        ReferralLink.objects.filter(referral=stored, used_at__isnull=False).count(),
    )


def token_from_mail(message: Any) -> str:
    found = TOKEN_RE.search(message.body)
    assert found, message.body
    return found.group(1)


# --- Before sending --------------------------------------------------------------------------------------


def test_a_draft_is_not_sent_without_a_legal_basis(
    world: dict[str, User], werkplaats_case: Any, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution, legal_basis="", consent_note="")
    before = snapshot(referral)
    with pytest.raises(ApplicationError) as refused:
        referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    assert refused.value.field_errors["legal_basis"] == [_("Choose the legal basis for sharing.")]
    assert snapshot(referral) == before
    assert mail.outbox == []


def test_consent_needs_a_note_on_how_it_was_given(
    world: dict[str, User], werkplaats_case: Any, institution: Any
) -> None:
    with pytest.raises(ApplicationError) as refused:
        draft_referral(world, werkplaats_case.pk, institution, legal_basis=LegalBasis.CONSENT, consent_note=" ")
    assert refused.value.field_errors["consent_note"] == [_("Record how and when the client gave consent.")]
    assert not Referral.objects.exists()


def test_sharing_offence_details_needs_a_legal_basis(
    world: dict[str, User], werkplaats_case: Any, institution: Any
) -> None:
    with pytest.raises(ApplicationError) as refused:
        draft_referral(world, werkplaats_case.pk, institution, legal_basis="", consent_note="", share_offence=True)
    assert refused.value.field_errors["share_offence"] == [
        _("Offence details can only be shared on a recorded legal basis.")
    ]
    assert not Referral.objects.exists()
    referral = draft_referral(
        world, werkplaats_case.pk, institution, legal_basis=LegalBasis.WJSG_39F, share_offence=True
    )
    assert referral.share_offence


def test_the_worker_phone_comes_from_the_user(world: dict[str, User], werkplaats_case: Any, institution: Any) -> None:
    world["werkplaats"].phone = "030 123 45 67"
    world["werkplaats"].save()
    referral = draft_referral(world, werkplaats_case.pk, institution)
    assert referral.worker_phone == "030 123 45 67"
    assert referral.transitions.get().to_status == S.DRAFT


# --- Sending and the link ------------------------------------------------------------------------------------


def test_the_link_is_emailed_after_the_commit_and_names_no_client(
    world: dict[str, User], werkplaats_case: Any, institution: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    with django_capture_on_commit_callbacks() as callbacks:
        sent = referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    assert sent.status == S.SENT
    assert sent.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["intake@example.org"]
    suspect = werkplaats_case.case.suspect
    for private in (suspect.given_names, suspect.surname, werkplaats_case.case.reference):
        assert private not in message.body
        assert private not in message.subject
    token = token_from_mail(message)
    found = referral_link_find(token=token)
    assert found.refusal is None
    assert found.referral == sent
    link = ReferralLink.objects.get(referral=sent)
    assert token not in link.token_hash  # only the hash is stored
    assert link.expires_at - link.created_at == timedelta(days=settings.ZSM_REFERRAL_LINK_DAYS)


def test_a_new_link_revokes_the_old_one(
    world: dict[str, User], werkplaats_case: Any, institution: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        referral = sent_referral(world, werkplaats_case.pk, institution)
    old_token = token_from_mail(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        again = referral_link_resend(
            user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version
        )
    new_token = token_from_mail(mail.outbox[1])
    assert again.status == S.SENT
    assert again.version == referral.version + 1
    assert referral_link_find(token=old_token).refusal == "revoked"
    assert referral_link_find(token=new_token).refusal is None
    assert ReferralLink.objects.filter(referral=referral, revoked_at__isnull=True).count() == 1


def test_only_a_sent_referral_gets_a_new_link(world: dict[str, User], werkplaats_case: Any, institution: Any) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    with pytest.raises(ConflictError):
        referral_link_resend(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    assert snapshot(referral) == before


# --- Who may refer, and conflicts --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["werkplaats2", "reclassering", "politie"])
def test_only_the_assigned_worker_or_the_coordinator_refers(
    world: dict[str, User], werkplaats_case: Any, institution: Any, username: str
) -> None:
    with pytest.raises(ApplicationError):
        referral_create(user=world[username], werkplaats_case_id=werkplaats_case.pk, data=referral_input(institution))
    assert not Referral.objects.exists()
    referral = draft_referral(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    with pytest.raises(ApplicationError):
        referral_send(user=world[username], referral_id=referral.pk, expected_version=referral.version)
    assert snapshot(referral) == before


def test_the_coordinator_refers_too(world: dict[str, User], werkplaats_case: Any, institution: Any) -> None:
    referral = referral_create(
        user=world["coordinator"], werkplaats_case_id=werkplaats_case.pk, data=referral_input(institution)
    )
    assert referral_send(user=world["coordinator"], referral_id=referral.pk, expected_version=1).status == S.SENT


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    world: dict[str, User], werkplaats_case: Any, institution: Any
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    referral_update(
        user=world["coordinator"],
        referral_id=referral.pk,
        data=referral_input(institution, question="Eerst de coördinator."),
        expected_version=referral.version,
    )
    before = snapshot(referral)
    with pytest.raises(ConflictError):
        referral_update(
            user=world["werkplaats"],
            referral_id=referral.pk,
            data=referral_input(institution, question="Dan de werker, met een oude versie."),
            expected_version=referral.version,
        )
    with pytest.raises(ConflictError):
        referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    assert snapshot(referral) == before
    assert Referral.objects.get(pk=referral.pk).question == "Eerst de coördinator."


def test_a_sent_referral_is_not_rewritten(world: dict[str, User], werkplaats_case: Any, institution: Any) -> None:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    before = snapshot(referral)
    with pytest.raises(ConflictError):
        referral_update(
            user=world["werkplaats"],
            referral_id=referral.pk,
            data=referral_input(institution, question="Anders"),
            expected_version=referral.version,
        )
    assert snapshot(referral) == before


# --- The institution answers through its link ----------------------------------------------------------------


@pytest.fixture
def sent(world: dict[str, User], werkplaats_case: Any, institution: Any) -> tuple[Referral, str]:
    referral = sent_referral(world, werkplaats_case.pk, institution)
    return referral, fresh_token(referral)


def test_the_institution_accepts(world: dict[str, User], sent: tuple[Referral, str]) -> None:
    referral, token = sent
    answered = referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    assert answered.status == S.ACKNOWLEDGED
    assert answered.acknowledged_at is not None
    last = answered.transitions.order_by("occurred_at", "pk").last()
    assert last is not None
    assert (last.from_status, last.to_status, last.actor_kind, last.user) == (
        S.SENT,
        S.ACKNOWLEDGED,
        ReferralActor.INSTITUTION,
        None,
    )
    assert last.actor_name == referral.institution.name
    assert ReferralLink.objects.get(referral=referral).used_at is not None


def test_the_institution_plans_the_intake_in_two_steps(sent: tuple[Referral, str]) -> None:
    _referral, token = sent
    day = local_now().date() + timedelta(days=5)
    answered = referral_acknowledge(token=token, answer=LinkAnswer.PLAN_INTAKE, intake_on=day)
    assert (answered.status, answered.intake_on) == (S.INTAKE_PLANNED, day)
    steps = list(answered.transitions.order_by("occurred_at", "pk").values_list("from_status", "to_status"))
    assert steps[-2:] == [(S.SENT, S.ACKNOWLEDGED), (S.ACKNOWLEDGED, S.INTAKE_PLANNED)]


def test_planning_the_intake_needs_a_date(sent: tuple[Referral, str]) -> None:
    referral, token = sent
    before = snapshot(referral)
    with pytest.raises(ApplicationError) as refused:
        referral_acknowledge(token=token, answer=LinkAnswer.PLAN_INTAKE)
    assert refused.value.field_errors["intake_on"] == [_("Enter the date of the intake.")]
    assert snapshot(referral) == before


def test_declining_needs_a_reason(sent: tuple[Referral, str]) -> None:
    referral, token = sent
    before = snapshot(referral)
    with pytest.raises(ApplicationError) as refused:
        referral_acknowledge(token=token, answer=LinkAnswer.DECLINE, reason="  ")
    assert refused.value.field_errors["reason"] == [_("Give the reason the referral is declined.")]
    assert snapshot(referral) == before
    declined = referral_acknowledge(token=token, answer=LinkAnswer.DECLINE, reason="Wachtlijst van een half jaar.")
    assert (declined.status, declined.decline_reason) == (S.DECLINED, "Wachtlijst van een half jaar.")
    assert declined.closed_at is not None


def test_a_used_link_is_refused(sent: tuple[Referral, str]) -> None:
    referral, token = sent
    referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    before = snapshot(referral)
    with pytest.raises(ConflictError):
        referral_acknowledge(token=token, answer=LinkAnswer.DECLINE, reason="Toch niet.")
    assert snapshot(referral) == before
    assert referral_link_find(token=token).refusal == "used"


def test_an_expired_link_is_refused(sent: tuple[Referral, str]) -> None:
    referral, token = sent
    before = snapshot(referral)
    later = now() + timedelta(days=settings.ZSM_REFERRAL_LINK_DAYS, minutes=1)
    with time_machine.travel(later, tick=False):
        assert referral_link_find(token=token).refusal == "expired"
        with pytest.raises(ConflictError):
            referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    assert snapshot(referral) == before


def test_an_unknown_token_is_refused() -> None:
    with pytest.raises(ConflictError):
        referral_acknowledge(token="onbekend", answer=LinkAnswer.ACCEPT)
    assert referral_link_find(token="onbekend").refusal == "unknown"


def test_the_worker_is_told_of_the_answer(world: dict[str, User], sent: tuple[Referral, str]) -> None:
    referral, token = sent
    referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    notification = Notification.objects.get(recipient=world["werkplaats"], message_key="socialmap.referral_answered")
    assert referral.institution.name in notification.message.body
    assert str(S.ACKNOWLEDGED.label) in notification.message.body


def test_the_notification_says_where_to_find_the_referral_and_names_no_client(
    world: dict[str, User], werkplaats_case: WerkplaatsCase, sent: tuple[Referral, str]
) -> None:
    referral, token = sent
    referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    notification = Notification.objects.get(recipient=world["werkplaats"], message_key="socialmap.referral_answered")
    assert str(werkplaats_case) in notification.message.body  # "WP-<number>"
    assert reverse("socialmap:referral", kwargs={"referral_id": referral.pk}) in notification.message.body
    suspect = werkplaats_case.case.suspect
    for private in (suspect.given_names, suspect.surname):
        assert private not in notification.message.body


def test_the_email_names_the_referring_organisation_and_the_need(
    world: dict[str, User],
    werkplaats_case: WerkplaatsCase,
    institution: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    referral = draft_referral(world, werkplaats_case.pk, institution)
    with django_capture_on_commit_callbacks(execute=True):
        referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    message = mail.outbox[0]
    organisation = (
        Membership.objects.filter(
            user=world["werkplaats"], location_id=werkplaats_case.case.location_id, is_active=True
        )
        .select_related("organisation")
        .first()
    )
    assert organisation is not None
    need = str(Need(referral.need).label)
    need = need[:1].lower() + need[1:]
    first_line = message.body.splitlines()[0]
    assert organisation.organisation.name in first_line
    assert first_line.endswith(f"{need}.")
    assert message.subject == _("Referral from %(organisation)s") % {"organisation": organisation.organisation.name}
    suspect = werkplaats_case.case.suspect
    initials = f"{suspect.given_names[:1]}. {suspect.surname[:1]}."
    for private in (suspect.given_names, suspect.surname, initials):
        assert private not in message.body
