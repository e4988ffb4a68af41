"""The case's status machine, as one explicit table. Every status change goes through `check`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.cases.constants import CaseStatus as S
from zsm.common.exceptions import ConflictError

TRANSITIONS: dict[str, frozenset[str]] = {
    S.REGISTERED: frozenset(
        {S.IN_SCREENING, S.READY_FOR_DECISION, S.DECIDED, S.REFERRED_TO_WERKPLAATS, S.RELEASED_WITH_SUMMONS,
         S.BEFORE_EXAMINING_JUDGE}
    ),
    S.IN_SCREENING: frozenset(
        {S.READY_FOR_DECISION, S.DECIDED, S.REFERRED_TO_WERKPLAATS, S.RELEASED_WITH_SUMMONS, S.BEFORE_EXAMINING_JUDGE}
    ),
    S.READY_FOR_DECISION: frozenset(
        {S.IN_SCREENING, S.DECIDED, S.REFERRED_TO_WERKPLAATS, S.RELEASED_WITH_SUMMONS, S.BEFORE_EXAMINING_JUDGE}
    ),
    # The werkplaats advises; the OM then decides, or the case goes on another way.
    S.REFERRED_TO_WERKPLAATS: frozenset({S.DECIDED, S.RELEASED_WITH_SUMMONS, S.BEFORE_EXAMINING_JUDGE}),
    S.DECIDED: frozenset({S.CLOSED}),
    S.RELEASED_WITH_SUMMONS: frozenset({S.CLOSED}),
    S.BEFORE_EXAMINING_JUDGE: frozenset({S.CLOSED}),
    S.CLOSED: frozenset(),
    # Art. 486 Sv: a child under 12 leaves criminal law through a technical dismissal, nothing else.
    S.UNDER_TWELVE: frozenset({S.DECIDED}),
}  # fmt: skip

# The OM can still record a disposal: the suspect is held, the werkplaats advice is awaited, or a child
# under 12 awaits its technical dismissal.
DECIDABLE = frozenset({S.REGISTERED, S.IN_SCREENING, S.READY_FOR_DECISION, S.REFERRED_TO_WERKPLAATS, S.UNDER_TWELVE})


def can_decide(current: str) -> bool:
    return current in DECIDABLE


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Refuse a transition the table does not allow (a 409: the case is not in a state for it)."""
    if not can_move(current, target):
        raise ConflictError(
            _("A case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
