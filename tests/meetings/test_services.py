"""Raising, editing and moving a signal: the rules, and a refused write changes nothing."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _

from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.services import SignalInput, signal_create, signal_move, signal_update

pytestmark = pytest.mark.django_db


def signal_input(world: dict[str, User], **changes: object) -> SignalInput:
    values: dict[str, object] = {
        "title": "Geen schuldhulp binnen vier weken in Overvecht",
        "description": "Drie cliënten wachten meer dan vier weken op een intake.",
        "scope": SignalScope.AREA,
        "subject": "Overvecht",
        "owner_id": world["coordinator"].pk,
    }
    return SignalInput(**{**values, **changes})  # type: ignore[arg-type]


def test_a_signal_with_its_cases_and_an_audit_row(world: dict[str, User]) -> None:
    werkplaats_case = assigned_case(world)
    signal = signal_create(user=world["werkplaats"], data=signal_input(world, werkplaats_case_ids=[werkplaats_case.pk]))
    assert list(signal.cases.all()) == [werkplaats_case]
    assert signal.status == SignalStatus.OPEN
    assert AuditEvent.objects.filter(event="signal_created", object_id=str(signal.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"description": ""}, "description"),
        ({"scope": "planet"}, "scope"),
        ({"scope": SignalScope.MUNICIPALITY, "subject": ""}, "subject"),
        ({"scope": SignalScope.ORGANISATION, "subject": "", "institution_id": None}, "institution"),
        ({"institution_id": 999999}, "institution"),
        ({"owner_id": 999999}, "owner"),
        ({"werkplaats_case_ids": [999999]}, "cases"),
    ],
)
def test_bad_input_is_refused_field_by_field(world: dict[str, User], changes: dict[str, object], field: str) -> None:
    with pytest.raises(ApplicationError) as refused:
        signal_create(user=world["werkplaats"], data=signal_input(world, **changes))
    assert field in refused.value.field_errors
    assert not Signal.objects.exists()
    assert not AuditEvent.objects.filter(event="signal_created").exists()


def test_the_owner_must_be_in_the_team(world: dict[str, User]) -> None:
    with pytest.raises(ApplicationError) as refused:
        signal_create(user=world["werkplaats"], data=signal_input(world, owner_id=world["officier"].pk))
    assert refused.value.field_errors["owner"] == [_("The owner must be a member of this location's werkplaats team.")]


@pytest.mark.parametrize("username", ["officier", "reclassering", "politie", "privacy", "beheer"])
def test_only_the_team_keeps_the_register(world: dict[str, User], username: str) -> None:
    with pytest.raises(ApplicationError):
        signal_create(user=world[username], data=signal_input(world))
    assert not Signal.objects.exists()


def test_raising_needs_an_action_and_resolving_a_result(world: dict[str, User]) -> None:
    signal = signal_create(user=world["werkplaats"], data=signal_input(world))
    with pytest.raises(ApplicationError) as refused:
        signal_move(user=world["werkplaats"], signal_id=signal.pk, target=SignalStatus.RAISED, expected_version=1)
    assert "note" in refused.value.field_errors
    raised = signal_move(user=world["werkplaats"], signal_id=signal.pk, target=SignalStatus.RAISED,
                         expected_version=1, note="Coördinator in het wijkoverleg.")  # fmt: skip
    assert raised.action == "Coördinator in het wijkoverleg."
    assert raised.raised_at is not None
    with pytest.raises(ApplicationError):
        signal_move(user=world["werkplaats"], signal_id=signal.pk, target=SignalStatus.RESOLVED,
                    expected_version=raised.version)  # fmt: skip
    raised.refresh_from_db()
    assert raised.status == SignalStatus.RAISED


def test_a_stale_edit_is_refused(world: dict[str, User]) -> None:
    signal = signal_create(user=world["werkplaats"], data=signal_input(world))
    signal_update(user=world["werkplaats2"], signal_id=signal.pk, data=signal_input(world, title="Eerst"),
                  expected_version=1)  # fmt: skip
    with pytest.raises(ConflictError):
        signal_update(user=world["werkplaats"], signal_id=signal.pk, data=signal_input(world, title="Later"),
                      expected_version=1)  # fmt: skip
    signal.refresh_from_db()
    assert signal.title == "Eerst"
