"""The institution's acknowledgement page behind its link: public, only what the institution may see,
offence details only on a recorded legal basis, an access event per opening, clear pages for a used,
expired, withdrawn or unknown link that change nothing, and headers that keep the page private."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from tests.socialmap.access_referrals import fresh_token
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import Membership, User
from zsm.audit.constants import Action, Purpose
from zsm.audit.models import AuditEvent
from zsm.common.clock import local_now, now
from zsm.socialmap.constants import LegalBasis, ReferralStatus
from zsm.socialmap.models import Referral, ReferralLink
from zsm.socialmap.services import referral_link_resend, referral_move
from zsm.workplace.models import WerkplaatsCase

pytestmark = pytest.mark.django_db

S = ReferralStatus
OFFENCE_MARK = 'data-testid="ack-offences"'


@pytest.fixture
def werkplaats_case(world: dict[str, User]) -> WerkplaatsCase:
    werkplaats_case = assigned_case(world)
    suspect = werkplaats_case.case.suspect
    suspect.street, suspect.postcode, suspect.bsn = "Oudegracht 12", "3511AB", "111222333"
    suspect.save()
    return werkplaats_case


@pytest.fixture
def institution(world: dict[str, User]) -> Any:
    return make_institution(world, name="Buurtteam Lombok")


def sent_with_token(
    world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any, **kwargs: Any
) -> tuple[Referral, str]:
    referral = sent_referral(world, werkplaats_case.pk, institution, **kwargs)
    return referral, fresh_token(referral)


def link_url(token: str) -> str:
    return reverse("socialmap:acknowledge", kwargs={"token": token})


def state(referral: Referral) -> tuple[Any, ...]:
    stored = Referral.objects.get(pk=referral.pk)
    used = ReferralLink.objects.filter(referral=stored, used_at__isnull=False).count()
    return stored.status, stored.version, stored.transitions.count(), used


def offences_of(werkplaats_case: WerkplaatsCase) -> list[str]:
    return [o.description for o in werkplaats_case.case.offences.all()]


# --- What the page shows ----------------------------------------------------------------------------------


def test_the_page_opens_without_an_account_and_shows_only_what_it_may(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    world["werkplaats"].phone = "030 111 22 33"
    world["werkplaats"].save()
    referral, token = sent_with_token(world, werkplaats_case, institution)
    response = client.get(link_url(token))
    assert response.status_code == 200
    body = response.content.decode()
    suspect = werkplaats_case.case.suspect
    assert 'data-testid="ack-client">Sem J.<' in body
    assert "Buurtteam Lombok" in body
    assert escape(referral.question) in body
    assert world["werkplaats"].display_name in body
    assert "030 111 22 33" in body
    assert world["werkplaats"].email in body
    assert escape(str(LegalBasis(referral.legal_basis).label)) in body
    for private in (
        suspect.surname,
        suspect.bsn,
        suspect.street,
        suspect.postcode,
        "1990",
        "01-03",
        werkplaats_case.case.reference,
    ):
        assert private not in body, private
    assert OFFENCE_MARK not in body
    for description in offences_of(werkplaats_case):
        assert escape(description) not in body


def test_offence_details_with_a_basis_and_the_choice_to_share(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    _referral, token = sent_with_token(
        world, werkplaats_case, institution, legal_basis=LegalBasis.WJSG_39F, consent_note="", share_offence=True
    )
    body = client.get(link_url(token)).content.decode()
    assert OFFENCE_MARK in body
    for description in offences_of(werkplaats_case):
        assert escape(description) in body


def test_no_offence_details_with_a_basis_but_without_the_choice(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    _referral, token = sent_with_token(world, werkplaats_case, institution, share_offence=False)
    assert OFFENCE_MARK not in client.get(link_url(token)).content.decode()


def test_no_offence_details_without_a_recorded_basis(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution, share_offence=True)
    # The services never allow this; the page must hold even when the data does not.
    Referral.objects.filter(pk=referral.pk).update(legal_basis="")
    body = client.get(link_url(token)).content.decode()
    assert OFFENCE_MARK not in body
    for description in offences_of(werkplaats_case):
        assert escape(description) not in body


def test_every_opening_is_an_access_event(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    client.get(link_url(token))
    client.get(link_url(token))
    events = AuditEvent.objects.filter(event="referral_link_opened").order_by("pk")
    assert events.count() == 2
    link = ReferralLink.objects.get(referral=referral, revoked_at__isnull=True)
    for event in events:
        assert (event.person_id, event.purpose, event.action) == (
            werkplaats_case.case.suspect_id,
            Purpose.REFERRAL,
            Action.DISCLOSE,
        )
        assert event.details == {"link": link.pk, "institution": institution.pk}
        assert event.actor_id is None


def test_the_headers_keep_the_page_private_and_no_session_is_made(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    _referral, token = sent_with_token(world, werkplaats_case, institution)
    for url in (link_url(token), link_url("onbekend")):
        response = client.get(url)
        assert response["Cache-Control"] == "no-store"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "noindex" in response["X-Robots-Tag"]
        assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert settings.SESSION_COOKIE_NAME not in client.cookies


# --- Answering ----------------------------------------------------------------------------------------------


def test_accepting_through_the_page(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    response = client.post(link_url(token), {"answer": "accept"})
    assert response.status_code == 200
    assert 'data-testid="ack-thanks"' in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == S.ACKNOWLEDGED
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_planning_the_intake_through_the_page(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    day = local_now().date() + timedelta(days=3)
    response = client.post(link_url(token), {"answer": "plan_intake", "intake_on": day.isoformat()})
    assert response.status_code == 200
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.intake_on) == (S.INTAKE_PLANNED, day)


def test_declining_needs_a_reason_in_dutch_and_changes_nothing(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    before = state(referral)
    response = client.post(link_url(token), {"answer": "decline", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == [_("Give the reason the referral is declined.")]
    assert state(referral) == before
    missing = client.post(link_url(token), {})
    assert missing.status_code == 400
    assert missing.context["form"].errors["answer"] == [_("Choose an answer.")]
    assert state(referral) == before
    done = client.post(link_url(token), {"answer": "decline", "reason": "Geen plek."})
    assert done.status_code == 200
    assert Referral.objects.get(pk=referral.pk).status == S.DECLINED


# --- Links that no longer work --------------------------------------------------------------------------------


def _refused(response: Any, refusal: str) -> str:
    body = response.content.decode()
    assert f'data-refusal="{refusal}"' in body
    assert 'data-testid="ack-form"' not in body
    return body


def test_a_used_link_gets_the_used_page_and_changes_nothing(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    world["werkplaats"].phone = "030 111 22 33"
    world["werkplaats"].save()
    referral, token = sent_with_token(world, werkplaats_case, institution)
    client.post(link_url(token), {"answer": "accept"})
    before = state(referral)
    response = client.get(link_url(token))
    assert response.status_code == 410
    body = _refused(response, "used")
    call = _("Questions? Call %(name)s on %(phone)s.") % {
        "name": world["werkplaats"].display_name,
        "phone": "030 111 22 33",
    }
    assert escape(call) in body
    assert "Sem" not in body
    again = client.post(link_url(token), {"answer": "decline", "reason": "Toch niet"})
    assert again.status_code == 410
    assert state(referral) == before


def test_an_expired_link_gets_the_expired_page_and_changes_nothing(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    before = state(referral)
    with time_machine.travel(now() + timedelta(days=settings.ZSM_REFERRAL_LINK_DAYS, hours=1), tick=False):
        response = client.get(link_url(token))
        assert response.status_code == 410
        _refused(response, "expired")
        assert client.post(link_url(token), {"answer": "accept"}).status_code == 410
    assert state(referral) == before


def test_a_withdrawn_link_gets_the_withdrawn_page(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    referral_link_resend(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    response = client.get(link_url(token))
    assert response.status_code == 410
    _refused(response, "revoked")


def test_a_referral_answered_by_phone_closes_the_link(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    referral, token = sent_with_token(world, werkplaats_case, institution)
    referral_move(
        user=world["werkplaats"], referral_id=referral.pk, target=S.ACKNOWLEDGED, expected_version=referral.version
    )
    assert client.get(link_url(token)).status_code == 410


def test_an_unknown_link_says_little(client: Client) -> None:
    response = client.get(link_url("onbekend-token"))
    assert response.status_code == 404
    _refused(response, "unknown")
    assert not AuditEvent.objects.filter(event="referral_link_opened").exists()


# --- Who refers, how to reach the worker, and the answer's fields ---------------------------------------------


def test_the_page_names_the_referring_organisation_and_links_the_worker(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    world["werkplaats"].phone = "030 111 22 33"
    world["werkplaats"].save()
    _referral, token = sent_with_token(world, werkplaats_case, institution)
    body = client.get(link_url(token)).content.decode()
    membership = Membership.objects.filter(
        user=world["werkplaats"], location_id=werkplaats_case.case.location_id, is_active=True
    ).first()
    assert membership is not None
    organisation = membership.organisation.name
    assert escape(_("Referral from %(organisation)s") % {"organisation": organisation}) in body
    assert 'href="tel:030 111 22 33"' in body
    assert f'href="mailto:{world["werkplaats"].email}"' in body
    # {% translate %} does not escape: compare the text as it is.
    assert _("Call the worker for the client's contact details: this page does not show them.") in body
    # One name for the answer: the fieldset's legend, no heading repeating it.
    assert 'id="answer-heading"' not in body
    assert body.count(escape(str(_("Your answer")))) == 1


def test_each_answer_field_sits_under_its_own_option(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    _referral, token = sent_with_token(world, werkplaats_case, institution)
    body = client.get(link_url(token)).content.decode()
    plan = body.index('value="plan_intake"')
    decline = body.index('value="decline"')
    intake = body.index('name="intake_on"')
    reason = body.index('name="reason"')
    assert plan < intake < decline < reason
    assert escape(_("Only when you plan the intake.")) in body
    assert escape(_("Only when you decline.")) in body
    assert "aria-invalid" not in body
    assert re.search(r"<textarea[^>]*required", body) is None


def test_the_thank_you_page_says_what_was_answered(
    client: Client, world: dict[str, User], werkplaats_case: WerkplaatsCase, institution: Any
) -> None:
    day = local_now().date() + timedelta(days=3)
    answers = {
        "accept": ({}, _("Your answer is recorded: you accepted the referral. The werkplaats worker has been told.")),
        "plan_intake": (
            {"intake_on": day.isoformat()},
            _(
                "Your answer is recorded: you accepted the referral and planned the intake on %(date)s. "
                "The werkplaats worker has been told."
            )
            % {"date": date_filter(day, "j F Y")},
        ),
        "decline": (
            {"reason": "Geen plek."},
            _("Your answer is recorded: you declined the referral. The werkplaats worker has been told."),
        ),
    }
    for answer, (extra, text) in answers.items():
        _referral, token = sent_with_token(world, werkplaats_case, make_institution(world))
        response = client.post(link_url(token), {"answer": answer, **extra})
        assert response.status_code == 200
        assert escape(text) in response.content.decode(), answer
