"""The signal's status table: every allowed transition works through the service, every other one is refused."""

from __future__ import annotations

import pytest

from tests.meetings.test_services import signal_input
from zsm.accounts.models import User
from zsm.common.exceptions import ConflictError
from zsm.meetings.constants import SignalStatus as S
from zsm.meetings.models import Signal
from zsm.meetings.services import signal_create, signal_move
from zsm.meetings.workflow import TRANSITIONS, can_move

ALLOWED = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
FORBIDDEN = sorted((s, t) for s in S.values for t in S.values if t not in TRANSITIONS[s])
PATH_TO = {S.OPEN: [], S.RAISED: [S.RAISED], S.RESOLVED: [S.RESOLVED]}


def test_the_table_covers_every_status() -> None:
    assert set(TRANSITIONS) == set(S.values)
    assert TRANSITIONS[S.RESOLVED] == frozenset()


def _signal_in(world: dict[str, User], status: str) -> Signal:
    signal = signal_create(user=world["werkplaats"], data=signal_input(world))
    for step in PATH_TO[status]:
        signal = signal_move(user=world["werkplaats"], signal_id=signal.pk, target=step,
                             expected_version=signal.version, note="Via de wijkmanager.")  # fmt: skip
    return signal


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed(world: dict[str, User], source: str, target: str) -> None:
    signal = _signal_in(world, source)
    moved = signal_move(user=world["werkplaats"], signal_id=signal.pk, target=target,
                        expected_version=signal.version, note="Besproken in het reflectieoverleg.")  # fmt: skip
    assert moved.status == target
    assert can_move(source, target)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_forbidden(world: dict[str, User], source: str, target: str) -> None:
    signal = _signal_in(world, source)
    with pytest.raises(ConflictError):
        signal_move(user=world["werkplaats"], signal_id=signal.pk, target=target,
                    expected_version=signal.version, note="Nog een keer.")  # fmt: skip
    signal.refresh_from_db()
    assert signal.status == source
