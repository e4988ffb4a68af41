"""The edges of referrals that a worker or an agency would trip over: a closed case, a moved intake, a far-off
date, a contact without e-mail, and an edit of the map while referrals point at it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from tests.socialmap.factories import draft_referral, institution_input, make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.socialmap.constants import ReferralStatus as S
from zsm.socialmap.models import ContactPerson, Referral, Service
from zsm.socialmap.selectors import referral_link_find, referrals_to_chase
from zsm.socialmap.services import (
    LinkAnswer,
    ServiceInput,
    institution_save,
    referral_acknowledge,
    referral_move,
    referral_send,
)
from zsm.workplace.constants import WerkplaatsStatus
from zsm.workplace.services import werkplaats_case_transition

pytestmark = pytest.mark.django_db


def _sent_with_token(world: dict[str, User], capture: Callable[..., Any]) -> tuple[Referral, str]:
    werkplaats_case = assigned_case(world)
    with capture(execute=True):
        referral = sent_referral(world, werkplaats_case.pk, make_institution(world))
    token = re.search(r"/verwijzing/([^/\s]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    return referral, token


def test_a_closed_case_ends_its_links_and_chases(
    world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    referral, token = _sent_with_token(world, django_capture_on_commit_callbacks)
    werkplaats_case = referral.werkplaats_case
    werkplaats_case.refresh_from_db()
    werkplaats_case_transition(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        target=WerkplaatsStatus.WITHDRAWN,
        expected_version=werkplaats_case.version,
        outcome="Cliënt verhuisd.",
    )
    assert referral_link_find(token=token).refusal == "revoked"
    with pytest.raises(ConflictError):
        referral_acknowledge(token=token, answer=LinkAnswer.ACCEPT)
    assert Referral.objects.get(pk=referral.pk).status == S.SENT
    assert referrals_to_chase(user=world["werkplaats"], today=local_now().date() + timedelta(days=30)) == []


def test_a_moved_intake_is_recorded_and_a_date_years_ahead_is_refused(world: dict[str, User]) -> None:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    today = local_now().date()
    planned = referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.INTAKE_PLANNED,
                            expected_version=referral.version, intake_on=today + timedelta(days=3))  # fmt: skip
    moved = referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.INTAKE_PLANNED,
                          expected_version=planned.version, intake_on=today + timedelta(days=10),
                          note="Instelling belde: intake een week later.")  # fmt: skip
    assert moved.intake_on == today + timedelta(days=10)
    with pytest.raises(ApplicationError) as refused:
        referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.INTAKE_PLANNED,
                      expected_version=moved.version, intake_on=date(today.year + 2, 1, 1))  # fmt: skip
    assert "intake_on" in refused.value.field_errors
    assert Referral.objects.get(pk=referral.pk).intake_on == today + timedelta(days=10)


def test_silence_after_accepting_counts_as_no_response(world: dict[str, User]) -> None:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    acknowledged = referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.ACKNOWLEDGED,
                                 expected_version=referral.version)  # fmt: skip
    silent = referral_move(user=world["werkplaats"], referral_id=referral.pk, target=S.NO_RESPONSE,
                           expected_version=acknowledged.version)  # fmt: skip
    assert silent.status == S.NO_RESPONSE
    assert silent.closed_at is not None


def test_a_chosen_contact_without_e_mail_is_not_silently_replaced(world: dict[str, User]) -> None:
    institution = make_institution(world)
    no_mail = ContactPerson.objects.create(institution=institution, name="Bert Balie")
    referral = draft_referral(world, assigned_case(world).pk, institution, contact_person_id=no_mail.pk)
    with pytest.raises(ApplicationError) as refused:
        referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    assert "contact_person" in refused.value.field_errors
    assert Referral.objects.get(pk=referral.pk).status == S.DRAFT
    assert not referral.links.exists()


def test_a_service_referrals_point_at_is_retired_not_deleted(world: dict[str, User]) -> None:
    institution = make_institution(world)
    service = institution.services.get()
    referral = draft_referral(world, assigned_case(world).pk, institution, service_id=service.pk)
    data = institution_input(name=institution.name)
    replacement = ServiceInput(need="schuldhulpmaatje", name="Schuldhulpmaatje")
    saved = institution_save(
        user=world["werkplaats"],
        institution_id=institution.pk,
        expected_version=institution.version,
        data=type(data)(**{**data.__dict__, "services": [replacement]}),
    )
    service.refresh_from_db()
    assert service.active is False
    assert Referral.objects.get(pk=referral.pk).service == service
    assert Service.objects.filter(institution=saved, active=True).get().name == "Schuldhulpmaatje"
