"""The werkplaats case status machine: every allowed and every forbidden transition."""

from __future__ import annotations

import itertools

import pytest

from zsm.cases.constants import CaseStatus as Z
from zsm.common.exceptions import ConflictError
from zsm.workplace import workflow
from zsm.workplace.constants import WerkplaatsStatus as S

ALLOWED = {
    (S.PROPOSED, S.ASSIGNED),
    (S.PROPOSED, S.WITHDRAWN),
    (S.ASSIGNED, S.IN_PROGRESS),
    (S.ASSIGNED, S.HANDED_OVER),
    (S.ASSIGNED, S.WITHDRAWN),
    (S.IN_PROGRESS, S.ADVICE_GIVEN),
    (S.IN_PROGRESS, S.HANDED_OVER),
    (S.IN_PROGRESS, S.WITHDRAWN),
    (S.ADVICE_GIVEN, S.MONITORING),
    (S.ADVICE_GIVEN, S.CLOSED),
    (S.ADVICE_GIVEN, S.HANDED_OVER),
    (S.MONITORING, S.CLOSED),
    (S.MONITORING, S.HANDED_OVER),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def test_the_table_is_exactly_the_documented_one() -> None:
    table = {(source, target) for source, targets in workflow.TRANSITIONS.items() for target in targets}
    assert table == ALLOWED
    assert set(workflow.TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition(source: str, target: str) -> None:
    assert workflow.can_move(source, target)
    workflow.check(source, target)


@pytest.mark.parametrize(("source", "target"), sorted(set(ALL_PAIRS) - ALLOWED))
def test_forbidden_transition(source: str, target: str) -> None:
    assert not workflow.can_move(source, target)
    with pytest.raises(ConflictError):
        workflow.check(source, target)


@pytest.mark.parametrize("final", [S.CLOSED, S.HANDED_OVER, S.WITHDRAWN])
def test_a_finished_case_goes_nowhere(final: str) -> None:
    assert not workflow.TRANSITIONS[final]


# --- The ZSM case and its werkplaats case move together (docs/legal-rules.md W1) ----------------------------

AWAITING = {Z.REGISTERED, Z.IN_SCREENING, Z.READY_FOR_DECISION, Z.REFERRED_TO_WERKPLAATS}
DECIDED = {Z.DECIDED, Z.CLOSED, Z.RELEASED_WITH_SUMMONS, Z.BEFORE_EXAMINING_JUDGE}
# For each werkplaats stage, the ZSM statuses it may have: the table written out independently.
ZSM_AT = {
    S.PROPOSED: AWAITING | DECIDED,
    S.ASSIGNED: AWAITING | DECIDED,
    S.IN_PROGRESS: AWAITING | DECIDED,
    S.ADVICE_GIVEN: AWAITING | DECIDED,
    S.MONITORING: DECIDED,
    S.CLOSED: DECIDED,
    S.HANDED_OVER: DECIDED,
    S.WITHDRAWN: set(Z.values),
}


@pytest.mark.parametrize(("stage", "zsm_status"), list(itertools.product(S.values, Z.values)))
def test_the_zsm_status_table_cell_by_cell(stage: str, zsm_status: str) -> None:
    allowed = zsm_status in ZSM_AT[stage]
    assert workflow.fits_zsm_status(stage, zsm_status) == allowed
    if allowed:
        workflow.check_zsm_status(stage, zsm_status)
    else:
        with pytest.raises(ConflictError):
            workflow.check_zsm_status(stage, zsm_status)


def test_no_werkplaats_case_is_finished_while_the_om_still_decides() -> None:
    for stage in (S.MONITORING, S.CLOSED, S.HANDED_OVER):
        assert not workflow.ZSM_STATUSES_AT[stage] & {*AWAITING, Z.UNDER_TWELVE}
