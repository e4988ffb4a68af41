"""The werkplaats case's status machine, as one explicit table. Every change goes through `check`.

proposed → assigned → in_progress → advice_given → monitoring → closed, with two exits:
handed_over (another organisation takes the lead) and withdrawn (the proposal or pickup is
dropped before advice). The OM may decide without waiting for monitoring: advice_given → closed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from zsm.cases.constants import HELD_STATUSES
from zsm.cases.constants import CaseStatus as Z
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


# The ZSM case and its werkplaats case move together. For each werkplaats stage, the statuses its ZSM case may
# have: until the advice, the OM may still be deciding (the suspect held at the table, or released and the
# case referred to the werkplaats) or may already have decided; monitoring, closing and handing over come only
# after the OM's decision (a disposal, a summons, the examining judge), so no ZSM case stays at the table
# with its clock running while its werkplaats case is finished.
AWAITING_THE_OM = frozenset({*HELD_STATUSES, Z.REFERRED_TO_WERKPLAATS})
THE_OM_DECIDED = frozenset({Z.DECIDED, Z.CLOSED, Z.RELEASED_WITH_SUMMONS, Z.BEFORE_EXAMINING_JUDGE})
ZSM_STATUSES_AT: dict[str, frozenset[str]] = {
    S.PROPOSED: AWAITING_THE_OM | THE_OM_DECIDED,
    S.ASSIGNED: AWAITING_THE_OM | THE_OM_DECIDED,
    S.IN_PROGRESS: AWAITING_THE_OM | THE_OM_DECIDED,
    S.ADVICE_GIVEN: AWAITING_THE_OM | THE_OM_DECIDED,
    S.MONITORING: THE_OM_DECIDED,
    S.CLOSED: THE_OM_DECIDED,
    S.HANDED_OVER: THE_OM_DECIDED,
    S.WITHDRAWN: frozenset(Z.values),
}


def fits_zsm_status(stage: str, zsm_status: str) -> bool:
    return zsm_status in ZSM_STATUSES_AT.get(stage, frozenset())


def check_zsm_status(stage: str, zsm_status: str) -> None:
    """Refuse a werkplaats stage its ZSM case is not ready for (a 409: decide the ZSM case first)."""
    if not fits_zsm_status(stage, zsm_status):
        raise ConflictError(
            _(
                "The OM has not decided this case yet (it is “%(status)s”): a werkplaats case is monitored, "
                "closed or handed over only after the OM's decision. Ask the officer to record the disposal."
            )
            % {"status": Z(zsm_status).label}
        )


def can_move(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


def check(current: str, target: str) -> None:
    """Refuse a transition the table does not allow (a 409: the case is not in a state for it)."""
    if not can_move(current, target):
        raise ConflictError(
            _("A werkplaats case that is “%(current)s” cannot become “%(target)s”.")
            % {"current": S(current).label, "target": S(target).label}
        )
