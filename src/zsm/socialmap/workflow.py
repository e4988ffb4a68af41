"""The referral's status machine, as one explicit table. Every change goes through `check`.

draft → sent → acknowledged → intake planned → started → completed. On the way out: declined (with a
reason, by the institution or recorded by the worker), no response (the worker gives up chasing) and
withdrawn (the worker or client stops it). Final states have no way back: a new referral starts afresh.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.common.exceptions import ConflictError
from zsm.socialmap.constants import ReferralStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.ACKNOWLEDGED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.INTAKE_PLANNED, S.STARTED, S.DECLINED, S.WITHDRAWN}),
    S.INTAKE_PLANNED: frozenset({S.STARTED, S.DECLINED, S.WITHDRAWN}),
    S.STARTED: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.COMPLETED: frozenset(),
    S.DECLINED: frozenset(),
    S.NO_RESPONSE: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Refuse a transition the table does not allow (409: the referral is not in a state for it)."""
    if not can_move(current, target):
        raise ConflictError(
            _("A referral that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
