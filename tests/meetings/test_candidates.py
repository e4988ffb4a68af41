"""Three or more failed referrals to one institution within 90 days raise a signal candidate ("the fourth
case where I get stuck at this agency"); an open signal about it covers it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine

from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.selectors import signal_candidates
from zsm.meetings.services import SignalInput, signal_create, signal_move
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Institution, Referral
from zsm.socialmap.services import referral_move

pytestmark = pytest.mark.django_db


def _signal_about(world: dict[str, User], institution: Institution) -> object:
    return signal_create(
        user=world["werkplaats"],
        data=SignalInput(
            title="Verwijzingen komen niet aan",
            description="Drie keer geen reactie.",
            scope=SignalScope.ORGANISATION,
            institution_id=institution.pk,
            owner_id=world["coordinator"].pk,
        ),
    )


def test_three_failed_referrals_make_a_candidate(world: dict[str, User], stuck_institution: Institution) -> None:
    candidates = signal_candidates(user=world["werkplaats"])
    assert [c.institution.pk for c in candidates] == [stuck_institution.pk]
    assert len(candidates[0].referrals) == 3
    assert len(candidates[0].werkplaats_case_ids) == 3


def test_two_failures_are_not_yet_a_pattern(world: dict[str, User], failed_referral: Callable[..., Referral]) -> None:
    institution = make_institution(world)
    failed_referral(institution)
    failed_referral(institution, status=ReferralStatus.NO_RESPONSE)
    assert signal_candidates(user=world["werkplaats"]) == []


def test_withdrawn_and_acknowledged_referrals_do_not_count(
    world: dict[str, User], failed_referral: Callable[..., Referral]
) -> None:
    institution = make_institution(world)
    failed_referral(institution)
    failed_referral(institution)
    failed_referral(institution, status=ReferralStatus.WITHDRAWN)
    referral = sent_referral(world, assigned_case(world).pk, institution)
    referral_move(user=world["werkplaats"], referral_id=referral.pk, target=ReferralStatus.ACKNOWLEDGED,
                  expected_version=referral.version)  # fmt: skip
    assert signal_candidates(user=world["werkplaats"]) == []


def test_failures_older_than_90_days_do_not_count(
    world: dict[str, User], failed_referral: Callable[..., Referral]
) -> None:
    institution = make_institution(world)
    long_ago = local_now() - timedelta(days=91)
    failed_referral(institution, at=long_ago)
    failed_referral(institution)
    failed_referral(institution)
    assert signal_candidates(user=world["werkplaats"]) == []
    failed_referral(institution, at=local_now() - timedelta(days=89))
    assert [c.institution.pk for c in signal_candidates(user=world["werkplaats"])] == [institution.pk]


def test_an_open_signal_covers_the_candidate_and_a_resolved_one_settles_its_failures(
    world: dict[str, User], stuck_institution: Institution, failed_referral: Callable[..., Referral]
) -> None:
    signal = _signal_about(world, stuck_institution)
    assert signal_candidates(user=world["werkplaats"]) == []
    with time_machine.travel(local_now() + timedelta(minutes=1), tick=False):
        signal_move(user=world["werkplaats"], signal_id=signal.pk, target=SignalStatus.RESOLVED,  # type: ignore[attr-defined]
                    expected_version=1, note="Afspraak gemaakt met de teamleider.")  # fmt: skip
    # The failures the signal dealt with do not raise it again ...
    assert signal_candidates(user=world["werkplaats"]) == []
    # ... three new ones after it was resolved do.
    later = local_now() + timedelta(minutes=5)
    for _n in range(3):
        failed_referral(stuck_institution, at=later)
    candidates = signal_candidates(user=world["werkplaats"])
    assert [c.institution.pk for c in candidates] == [stuck_institution.pk]
    assert len(candidates[0].referrals) == 3


@pytest.mark.parametrize("username", ["officier", "reclassering", "politie", "slachtofferhulp", "privacy"])
def test_only_the_team_sees_candidates(world: dict[str, User], stuck_institution: Institution, username: str) -> None:
    # The OM reads the register but not the candidates: they are built from casework (which cases failed).
    assert signal_candidates(user=world[username]) == []
