"""Signal-register fixtures: an institution where referrals keep failing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
import time_machine

from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Institution, Referral
from zsm.socialmap.services import referral_move


@pytest.fixture
def failed_referral(world: dict[str, User]) -> Callable[..., Referral]:
    """`failed_referral(institution, at=…, status=declined|no_response)`: sent and then failed at `at`."""

    def _make(
        institution: Institution, *, at: datetime | None = None, status: str = ReferralStatus.DECLINED
    ) -> Referral:
        with time_machine.travel(at or datetime.now().astimezone(), tick=False):
            referral = sent_referral(world, assigned_case(world).pk, institution)
            return referral_move(
                user=world["werkplaats"],
                referral_id=referral.pk,
                target=status,
                expected_version=referral.version,
                reason="Geen plek." if status == ReferralStatus.DECLINED else "",
            )

    return _make


@pytest.fixture
def stuck_institution(world: dict[str, User], failed_referral: Callable[..., Referral]) -> Institution:
    """Three failed referrals (two declines, one no response) within the last 90 days."""
    institution = make_institution(world, name="Schuldhulp Nergens")
    failed_referral(institution)
    failed_referral(institution)
    failed_referral(institution, status=ReferralStatus.NO_RESPONSE)
    return institution
