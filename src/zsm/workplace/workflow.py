"""The werkplaats case's status machine, as one explicit table. Every change goes through `check`.

proposed → assigned → in_progress → advice_given → monitoring → closed, with two exits:
handed_over (another organisation takes the lead) and withdrawn (the proposal or pickup is
dropped before advice). The OM may decide without waiting for monitoring: advice_given → closed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.common.exceptions import ConflictError
from zsm.workplace.constants import WerkplaatsStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.PROPOSED: frozenset({S.ASSIGNED, S.WITHDRAWN}),
    S.ASSIGNED: frozenset({S.IN_PROGRESS, S.HANDED_OVER, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.ADVICE_GIVEN, S.HANDED_OVER, S.WITHDRAWN}),
    S.ADVICE_GIVEN: frozenset({S.MONITORING, S.CLOSED, S.HANDED_OVER}),
    S.MONITORING: frozenset({S.CLOSED, S.HANDED_OVER}),
    S.CLOSED: frozenset(),
    S.HANDED_OVER: frozenset(),
    S.WITHDRAWN: frozenset(),
}


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Refuse a transition the table does not allow (a 409: the case is not in a state for it)."""
    if not can_move(current, target):
        raise ConflictError(
            _("A werkplaats case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
