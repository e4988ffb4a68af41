"""`decision_record`: the one way a decision is stored."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from tests.decisions import conditional_dismissal, register
from zsm.accounts.models import User
from zsm.audit.constants import EventKind
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus
from zsm.cases.models import Case
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.decisions.caps import DecisionInput
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record

World = dict[str, User]


@pytest.mark.django_db
def test_a_conditional_dismissal_is_stored_with_its_appointment_and_decides_the_case(world: World) -> None:
    case = register(world["politie"])
    data = conditional_dismissal()
    decision = decision_record(user=world["officier"], case_id=case.pk, data=data, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == CaseStatus.DECIDED
    assert case.decided_at == decision.decided_at
    assert decision.appointment_at == data.appointment_at
    assert decision.appointment_place == "Reclassering, Utrecht"
    assert decision.conditions == "Begeleiding door het wijkteam"
    assert decision.decided_by == world["officier"]
    event = AuditEvent.objects.get(event="decision.recorded")
    assert event.kind == EventKind.BUSINESS
    assert event.object_id == str(decision.pk)
    assert event.person_id == case.suspect_id


@pytest.mark.django_db
def test_the_decision_and_its_audit_event_share_one_transaction(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """If writing the audit event fails, the decision and the status change are rolled back too."""
    case = register(world["politie"])

    def broken(**_kwargs: Any) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr("zsm.decisions.services.business_event_record", broken)
    with pytest.raises(RuntimeError):
        decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    case.refresh_from_db()
    assert not Decision.objects.exists()
    assert case.status == CaseStatus.REGISTERED
    assert case.decided_at is None


@pytest.mark.django_db
def test_too_much_community_service_is_refused_and_nothing_is_stored(world: World) -> None:
    case = register(world["politie"])
    data = DecisionInput(disposal="strafbeschikking", community_service_hours=200)
    with pytest.raises(ApplicationError) as refused:
        decision_record(user=world["officier"], case_id=case.pk, data=data, expected_version=case.version)
    assert "community_service_hours" in refused.value.field_errors
    case.refresh_from_db()
    assert not Decision.objects.exists()
    assert case.status == CaseStatus.REGISTERED
    assert case.version == 1
    assert not AuditEvent.objects.filter(event="decision.recorded").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["politie", "reclassering", "werkplaats", "raad", "beheer"])
def test_only_the_om_decides(world: World, username: str) -> None:
    case = register(world["politie"])
    with pytest.raises(ApplicationError) as refused:
        decision_record(user=world[username], case_id=case.pk, data=conditional_dismissal())
    assert not isinstance(refused.value, ConflictError)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_decided_case_cannot_be_decided_again(world: World) -> None:
    case = register(world["politie"])
    decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal())
    again = DecisionInput(disposal="policy_dismissal", dismissal_code="58")
    with pytest.raises(ConflictError):
        decision_record(user=world["officier"], case_id=case.pk, data=again)
    assert Decision.objects.count() == 1


@pytest.mark.django_db
def test_a_stale_version_is_a_conflict(world: World) -> None:
    case = register(world["politie"])
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)  # someone else changed the case
    with pytest.raises(ConflictError):
        decision_record(user=world["officier"], case_id=case.pk, data=conditional_dismissal(), expected_version=1)
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_a_referral_to_the_werkplaats_keeps_the_case_open_for_the_werkplaats(world: World) -> None:
    case = register(world["politie"])
    decision_record(
        user=world["officier"],
        case_id=case.pk,
        data=conditional_dismissal(disposal="refer_to_werkplaats", conditions="", probation_period_months=None),
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED_TO_WERKPLAATS
    assert case.werkplaats_candidate
    assert case.decided_at is None


@pytest.mark.django_db(transaction=True)
def test_two_officers_deciding_at_once_one_wins_the_other_gets_a_conflict(world: World) -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # The in-memory test database shares one cache between threads: its table locks fail at once
        # ("database table is locked") instead of waiting. A file database (IMMEDIATE) and PostgreSQL
        # (select_for_update) serialize the two writers; this test runs on both.
        pytest.skip("two writers need a file or PostgreSQL database, not SQLite's shared in-memory cache")
    case = register(world["politie"])
    officer = world["officier"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    lock = threading.Lock()

    def decide(disposal: DecisionInput) -> None:
        try:
            barrier.wait(timeout=10)
            with transaction.atomic():
                decision_record(user=officer, case_id=case.pk, data=disposal, expected_version=case.version)
            outcome = "stored"
        except ConflictError:
            outcome = "conflict"
        except Exception as error:  # reported in the assertion below
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [
        threading.Thread(target=decide, args=(conditional_dismissal(),)),
        # Both decisions valid on their own (02: not enough evidence), so whichever comes second meets the conflict.
        threading.Thread(target=decide, args=(DecisionInput(disposal="technical_dismissal", dismissal_code="02"),)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "stored"], outcomes
    assert Decision.objects.filter(case=case).count() == 1
