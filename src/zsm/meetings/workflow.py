"""The signal's status machine: open → raised → resolved; a signal can also be resolved without raising it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.common.exceptions import ConflictError
from zsm.meetings.constants import SignalStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.OPEN: frozenset({S.RAISED, S.RESOLVED}),
    S.RAISED: frozenset({S.RESOLVED}),
    S.RESOLVED: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    if not can_move(current, target):
        raise ConflictError(
            _("A signal that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
