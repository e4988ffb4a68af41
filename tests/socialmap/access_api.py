"""Access rows for the social-map, referral and signal API (see tests/test_url_access.py for Rule and how rows
are checked).

- The social map: every role but the privacy officer reads it (403); the werkplaats team and functional
  administrators maintain it.
- Referrals are werkplaats casework, as in the werkplaats API: the team and probation read them; others who see
  the ZSM case (the OM, police, Slachtofferhulp) get 403; who does not see the adult's case gets 404. The list
  has no case to hide, so everyone outside the casework gets 403 there.
- Signals: the werkplaats team and the OM read the register, the team keeps it; everyone else gets 403.

The matrix posts a form; the API takes JSON only, so whoever passes the access checks of a POST gets 415.
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import EVERYONE, Rule
from tests.socialmap.factories import draft_referral, make_institution
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.meetings.constants import SignalScope
from zsm.meetings.services import SignalInput, signal_create

MAP_READERS = EVERYONE - {"privacy"}
MAP_MAINTAINERS = frozenset({"werkplaats", "werkplaats2", "coordinator", "beheer"})
CASEWORK_READERS = frozenset({"reclassering", "werkplaats", "werkplaats2", "coordinator"})
OUTSIDE_THE_CASE = dict.fromkeys(("raad", "veiligheidshuis", "beheer", "privacy"), 404)
SIGNAL_KEEPERS = frozenset({"werkplaats", "werkplaats2", "coordinator"})
SIGNAL_READERS = SIGNAL_KEEPERS | {"officier"}


def _institution(world: dict[str, User]) -> dict[str, object]:
    return {"id": make_institution(world).pk}


def _draft(world: dict[str, User]) -> dict[str, object]:
    return {"id": draft_referral(world, assigned_case(world).pk, make_institution(world)).pk}


def _signal(world: dict[str, User]) -> dict[str, object]:
    signal = signal_create(
        user=world["werkplaats"],
        data=SignalInput(
            title="Wijkteam Noord pakt niets op",
            description="Drie verwijzingen zonder reactie.",
            scope=SignalScope.AREA,
            subject="Utrecht Noord",
            owner_id=world["werkplaats"].pk,
        ),
    )
    return {"id": signal.pk}


ACCESS: dict[str, Any] = {
    "api-institution-list": Rule(allowed=MAP_READERS),
    "api-institution-detail": Rule(location_bound=False, allowed=MAP_READERS, setup=_institution),
    "api-institution-verification": Rule(
        location_bound=False, allowed=MAP_MAINTAINERS, method="post", ok=415, setup=_institution
    ),
    "api-service-list": Rule(allowed=MAP_READERS),
    "api-referral-list": Rule(allowed=CASEWORK_READERS),
    "api-referral-detail": Rule(allowed=CASEWORK_READERS, setup=_draft, exceptions=OUTSIDE_THE_CASE),
    # The assigned worker and the coordinator send and move referrals; other casework readers get 403.
    "api-referral-sending": Rule(
        allowed=frozenset({"werkplaats", "coordinator"}),
        method="post",
        ok=415,
        setup=_draft,
        exceptions=OUTSIDE_THE_CASE,
    ),
    "api-referral-transitions": Rule(
        allowed=frozenset({"werkplaats", "coordinator"}),
        method="post",
        ok=415,
        setup=_draft,
        exceptions=OUTSIDE_THE_CASE,
    ),
    "api-signal-list": Rule(allowed=SIGNAL_READERS),
    "api-signal-detail": Rule(allowed=SIGNAL_READERS, setup=_signal),
    "api-signal-transitions": Rule(allowed=SIGNAL_KEEPERS, method="post", ok=415, setup=_signal),
    "api-signal-candidate-list": Rule(allowed=SIGNAL_READERS),
}
