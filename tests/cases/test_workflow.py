"""The case status machine: every allowed and every forbidden transition."""

from __future__ import annotations

import itertools

import pytest

from zsm.cases import workflow
from zsm.cases.constants import CaseStatus as S
from zsm.common.exceptions import ConflictError

ALLOWED = {
    (S.REGISTERED, S.IN_SCREENING),
    (S.REGISTERED, S.READY_FOR_DECISION),
    (S.REGISTERED, S.DECIDED),
    (S.REGISTERED, S.REFERRED_TO_WERKPLAATS),
    (S.REGISTERED, S.RELEASED_WITH_SUMMONS),
    (S.REGISTERED, S.BEFORE_EXAMINING_JUDGE),
    (S.IN_SCREENING, S.READY_FOR_DECISION),
    (S.IN_SCREENING, S.DECIDED),
    (S.IN_SCREENING, S.REFERRED_TO_WERKPLAATS),
    (S.IN_SCREENING, S.RELEASED_WITH_SUMMONS),
    (S.IN_SCREENING, S.BEFORE_EXAMINING_JUDGE),
    (S.READY_FOR_DECISION, S.IN_SCREENING),
    (S.READY_FOR_DECISION, S.DECIDED),
    (S.READY_FOR_DECISION, S.REFERRED_TO_WERKPLAATS),
    (S.READY_FOR_DECISION, S.RELEASED_WITH_SUMMONS),
    (S.READY_FOR_DECISION, S.BEFORE_EXAMINING_JUDGE),
    (S.REFERRED_TO_WERKPLAATS, S.DECIDED),
    (S.REFERRED_TO_WERKPLAATS, S.RELEASED_WITH_SUMMONS),
    (S.REFERRED_TO_WERKPLAATS, S.BEFORE_EXAMINING_JUDGE),
    (S.DECIDED, S.CLOSED),
    (S.RELEASED_WITH_SUMMONS, S.CLOSED),
    (S.BEFORE_EXAMINING_JUDGE, S.CLOSED),
    # Art. 486 Sv: a child under 12 leaves criminal law only through the OM's technical dismissal.
    (S.UNDER_TWELVE, S.DECIDED),
}
DECIDABLE = {S.REGISTERED, S.IN_SCREENING, S.READY_FOR_DECISION, S.REFERRED_TO_WERKPLAATS, S.UNDER_TWELVE}
ALL_PAIRS = list(itertools.product(S.values, S.values))


def test_the_table_is_exactly_the_documented_one() -> None:
    table = {(source, target) for source, targets in workflow.TRANSITIONS.items() for target in targets}
    assert table == ALLOWED
    assert set(workflow.TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition(source: str, target: str) -> None:
    assert workflow.can_move(source, target)
    workflow.check(source, target)


@pytest.mark.parametrize(("source", "target"), [pair for pair in ALL_PAIRS if pair not in ALLOWED])
def test_forbidden_transition_is_a_conflict(source: str, target: str) -> None:
    assert not workflow.can_move(source, target)
    with pytest.raises(ConflictError):
        workflow.check(source, target)


def test_a_closed_case_goes_nowhere() -> None:
    assert not any(workflow.can_move(S.CLOSED, target) for target in S.values)


@pytest.mark.parametrize("status", S.values)
def test_only_an_open_case_can_be_decided(status: str) -> None:
    """A decided (or released, closed) case offers no "record a decision"; a referral and a child under 12 do."""
    assert workflow.can_decide(status) == (status in DECIDABLE)
    if workflow.can_decide(status):
        assert workflow.can_move(status, S.DECIDED)
