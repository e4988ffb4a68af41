"""Who may see and keep the signal register (DESIGN §4). Each rule lives here once.

| what | who |
| the location's signals (no case content) | the werkplaats team and the OM at the location |
| raising a signal, taking a candidate, moving it on | the werkplaats team at the location |

The OM joins the reflection meeting, so it reads the register; linked cases open only for casework readers.
"""

from __future__ import annotations

from typing import Any

import rules

from zsm.accounts.selectors import membership_active
from zsm.cases.constants import Partner
from zsm.cases.rules import partner_of
from zsm.workplace.rules import is_team_member_at


def _location_id(user: Any) -> int | None:
    membership = membership_active(user=user)
    return membership.location_id if membership is not None else None


def sees_signals_at(user: Any, location_id: int | None) -> bool:
    membership = membership_active(user=user)
    if membership is None or location_id is None or membership.location_id != location_id:
        return False
    return is_team_member_at(user, location_id) or partner_of(membership) == Partner.OM


def keeps_signals_at(user: Any, location_id: int | None) -> bool:
    return is_team_member_at(user, location_id)


@rules.predicate
def can_view_signals(user: Any) -> bool:
    return sees_signals_at(user, _location_id(user))


@rules.predicate
def can_keep_signals(user: Any) -> bool:
    return keeps_signals_at(user, _location_id(user))


rules.add_perm("meetings.view_signals", can_view_signals)
rules.add_perm("meetings.keep_signals", can_keep_signals)
