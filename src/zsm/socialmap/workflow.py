"""The referral's status machine, as one explicit table. Every change goes through `check`.

draft → sent → acknowledged → intake planned → started → completed. On the way out: declined (with a
reason, by the institution or recorded by the worker), no response (the institution went silent, before
or after accepting) and withdrawn (the worker or client stops it). A planned intake can be moved (intake
planned → intake planned). Final states have no way back: a new referral starts afresh.

A worker on the phone often hears two steps at once ("yes, and the intake is Thursday"): SHORTCUTS lets
`referral_move` record them in one go, as every step of the table in turn.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.common.exceptions import ConflictError
from zsm.socialmap.constants import ReferralStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SENT, S.WITHDRAWN}),
    S.SENT: frozenset({S.ACKNOWLEDGED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}),
    S.ACKNOWLEDGED: frozenset({S.INTAKE_PLANNED, S.STARTED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}),
    S.INTAKE_PLANNED: frozenset({S.INTAKE_PLANNED, S.STARTED, S.DECLINED, S.NO_RESPONSE, S.WITHDRAWN}),
    S.STARTED: frozenset({S.COMPLETED, S.WITHDRAWN}),
    S.COMPLETED: frozenset(),
    S.DECLINED: frozenset(),
    S.NO_RESPONSE: frozenset(),
    S.WITHDRAWN: frozenset(),
}


# (from, to) -> the steps in between, each a row of TRANSITIONS.
SHORTCUTS: dict[tuple[str, str], tuple[str, ...]] = {
    (S.SENT, S.INTAKE_PLANNED): (S.ACKNOWLEDGED,),
    (S.SENT, S.STARTED): (S.ACKNOWLEDGED,),
}


def path(current: str, target: str) -> list[str]:
    """The steps from `current` to `target`: the target alone, or a shortcut's steps and then the target.
    Refuses (409) what neither the table nor a shortcut allows."""
    steps = [*SHORTCUTS.get((current, target), ()), target]
    source = current
    for step in steps:
        check(source, step)
        source = step
    return steps


def worker_targets(current: str) -> frozenset[str]:
    """What a worker can record from `current`: the table's targets and the shortcuts' (sending excluded:
    it has its own service)."""
    shortcuts = {target for (source, target) in SHORTCUTS if source == current}
    return (TRANSITIONS.get(current, frozenset()) | shortcuts) - {S.SENT}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Refuse a transition the table does not allow (409: the referral is not in a state for it)."""
    if not can_move(current, target):
        raise ConflictError(
            _("A referral that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
