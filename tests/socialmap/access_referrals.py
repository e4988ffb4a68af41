"""Access rows for referrals (see tests/test_url_access.py for Rule and how rows are checked).

Referrals are werkplaats casework: the pages are for the werkplaats team and probation at the location
(READERS); everyone else gets 403 whatever the case. Referring (search, form, every step) is for who works
on the case: the assigned worker and the coordinator (WORKERS); the other readers get 403 too. An empty
POST is refused (400) and changes nothing. The institution's acknowledgement page is public: its setup
issues a fresh, valid link for every role, so each of them (signed in or not) sees the page (200).
"""

from __future__ import annotations

import secrets
from typing import Any

from tests.access_rule import EVERYONE, Rule
from tests.socialmap.factories import draft_referral, make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.socialmap.models import Referral, ReferralLink
from zsm.socialmap.selectors import token_hash

READERS = frozenset({"reclassering", "werkplaats", "werkplaats2", "coordinator"})
WORKERS = frozenset({"werkplaats", "coordinator"})


def case_kwargs(world: dict[str, User]) -> dict[str, object]:
    return {"werkplaats_case_id": assigned_case(world).pk}


def draft_kwargs(world: dict[str, User]) -> dict[str, object]:
    referral = draft_referral(world, assigned_case(world).pk, make_institution(world))
    return {"referral_id": referral.pk}


def sent_kwargs(world: dict[str, User]) -> dict[str, object]:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    return {"referral_id": referral.pk}


def fresh_token(referral: Referral) -> str:
    """The e-mailed token is never stored; give the referral's open link a token the test knows."""
    token = secrets.token_urlsafe(32)
    ReferralLink.objects.filter(referral=referral, used_at__isnull=True, revoked_at__isnull=True).update(
        token_hash=token_hash(token)
    )
    return token


def link_kwargs(world: dict[str, User]) -> dict[str, object]:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    return {"token": fresh_token(referral)}


def _write(setup: Any = sent_kwargs, ok: int = 400) -> Rule:
    return Rule(allowed=WORKERS, method="post", ok=ok, setup=setup)


ACCESS: dict[str, Any] = {
    # Searching the map for the client, and the form (without a chosen institution: back to the search).
    "socialmap:referral_search": Rule(allowed=WORKERS, setup=case_kwargs),
    "socialmap:referral_create": Rule(allowed=WORKERS, ok=302, setup=case_kwargs),
    # The referral's page: every reader of the casework.
    "socialmap:referral": Rule(allowed=READERS, setup=draft_kwargs),
    "socialmap:referral_edit": Rule(allowed=WORKERS, setup=draft_kwargs),
    # The steps: an empty POST (no version) is refused with 400.
    "socialmap:referral_send": _write(draft_kwargs),
    "socialmap:referral_resend": _write(),
    "socialmap:referral_chase": _write(),
    "socialmap:referral_move": _write(),
    # Public: the token is the key. A fresh valid link per role; an unknown token would be 404 for all.
    "socialmap:acknowledge": Rule(public=True, allowed=EVERYONE, setup=link_kwargs),
}
