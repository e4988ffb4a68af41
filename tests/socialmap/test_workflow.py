"""The referral status machine: every allowed and every forbidden transition, in the table and through the
services (a refused step leaves the referral as it was)."""

from __future__ import annotations

import itertools

import pytest

from tests.socialmap.factories import draft_referral, make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.common.clock import local_now
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.socialmap import workflow
from zsm.socialmap.constants import FINAL_REFERRAL_STATUSES
from zsm.socialmap.constants import ReferralStatus as S
from zsm.socialmap.models import Referral
from zsm.socialmap.services import referral_move, referral_send

ALLOWED = {
    (S.DRAFT, S.SENT),
    (S.DRAFT, S.WITHDRAWN),
    (S.SENT, S.ACKNOWLEDGED),
    (S.SENT, S.DECLINED),
    (S.SENT, S.NO_RESPONSE),
    (S.SENT, S.WITHDRAWN),
    (S.ACKNOWLEDGED, S.INTAKE_PLANNED),
    (S.ACKNOWLEDGED, S.STARTED),
    (S.ACKNOWLEDGED, S.DECLINED),
    (S.ACKNOWLEDGED, S.NO_RESPONSE),
    (S.ACKNOWLEDGED, S.WITHDRAWN),
    (S.INTAKE_PLANNED, S.INTAKE_PLANNED),  # the intake moved
    (S.INTAKE_PLANNED, S.STARTED),
    (S.INTAKE_PLANNED, S.DECLINED),
    (S.INTAKE_PLANNED, S.NO_RESPONSE),
    (S.INTAKE_PLANNED, S.WITHDRAWN),
    (S.STARTED, S.COMPLETED),
    (S.STARTED, S.WITHDRAWN),
}
ALL_PAIRS = list(itertools.product(S.values, S.values))
FORBIDDEN = sorted(set(ALL_PAIRS) - ALLOWED)


def test_the_table_is_exactly_the_documented_one() -> None:
    table = {(source, target) for source, targets in workflow.TRANSITIONS.items() for target in targets}
    assert table == ALLOWED
    assert set(workflow.TRANSITIONS) == set(S.values)


@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition(source: str, target: str) -> None:
    assert workflow.can_move(source, target)
    workflow.check(source, target)


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden_transition(source: str, target: str) -> None:
    assert not workflow.can_move(source, target)
    with pytest.raises(ConflictError):
        workflow.check(source, target)


@pytest.mark.parametrize("final", sorted(FINAL_REFERRAL_STATUSES))
def test_a_final_state_goes_nowhere(final: str) -> None:
    assert not workflow.TRANSITIONS[final]
    assert all(not workflow.can_move(final, target) for target in S.values)


# --- Through the services ----------------------------------------------------------------------------------

# How to reach each state with the real services, from a fresh draft or sent referral.
PATHS: dict[str, tuple[str, list[str]]] = {
    S.DRAFT: ("draft", []),
    S.SENT: ("sent", []),
    S.ACKNOWLEDGED: ("sent", [S.ACKNOWLEDGED]),
    S.INTAKE_PLANNED: ("sent", [S.ACKNOWLEDGED, S.INTAKE_PLANNED]),
    S.STARTED: ("sent", [S.ACKNOWLEDGED, S.STARTED]),
    S.COMPLETED: ("sent", [S.ACKNOWLEDGED, S.STARTED, S.COMPLETED]),
    S.DECLINED: ("sent", [S.DECLINED]),
    S.NO_RESPONSE: ("sent", [S.NO_RESPONSE]),
    S.WITHDRAWN: ("draft", [S.WITHDRAWN]),
}


def _step(world: dict[str, User], referral: Referral, target: str) -> Referral:
    if target == S.SENT:
        return referral_send(user=world["werkplaats"], referral_id=referral.pk, expected_version=referral.version)
    return referral_move(
        user=world["werkplaats"],
        referral_id=referral.pk,
        target=target,
        expected_version=referral.version,
        reason="Geen plek." if target == S.DECLINED else "",
        intake_on=local_now().date() if target == S.INTAKE_PLANNED else None,
    )


def referral_in(world: dict[str, User], status: str) -> Referral:
    start, steps = PATHS[status]
    make = draft_referral if start == "draft" else sent_referral
    referral = make(world, assigned_case(world).pk, make_institution(world))
    for target in steps:
        referral = _step(world, referral, target)
    assert referral.status == status
    return referral


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED))
def test_allowed_transition_through_the_services(world: dict[str, User], source: str, target: str) -> None:
    referral = referral_in(world, source)
    moved = _step(world, referral, target)
    stored = Referral.objects.get(pk=referral.pk)
    assert (moved.status, stored.status, stored.version) == (target, target, referral.version + 1)
    last = stored.transitions.order_by("occurred_at", "pk").last()
    assert last is not None
    assert (last.from_status, last.to_status, last.user) == (source, target, world["werkplaats"])


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [p for p in FORBIDDEN if p[0] != p[1] and p not in workflow.SHORTCUTS])
def test_forbidden_transition_through_the_services(world: dict[str, User], source: str, target: str) -> None:
    referral = referral_in(world, source)
    transitions = referral.transitions.count()
    with pytest.raises(ApplicationError):
        _step(world, referral, target)
    stored = Referral.objects.get(pk=referral.pk)
    assert (stored.status, stored.version, stored.transitions.count()) == (source, referral.version, transitions)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(workflow.SHORTCUTS))
def test_a_shortcut_records_every_step_of_the_table(world: dict[str, User], source: str, target: str) -> None:
    """On the phone: "yes, and the intake is Thursday" from a sent referral is acknowledged, then planned."""
    referral = referral_in(world, source)
    moved = _step(world, referral, target)
    steps = [(t.from_status, t.to_status) for t in moved.transitions.order_by("occurred_at", "pk")]
    expected = [source, *workflow.SHORTCUTS[(source, target)], target]
    assert steps[-len(expected) + 1 :] == list(itertools.pairwise(expected))
    assert moved.acknowledged_at is not None
    assert target in workflow.worker_targets(source)
