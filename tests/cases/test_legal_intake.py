"""Intake by age and the holding orders (docs/legal-rules.md H3, Y1–Y3): who screens, what clock runs, and a
child under 12 routed out of criminal law (art. 486 Sv)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus, Partner
from zsm.cases.models import Case, Notification
from zsm.cases.rules import screening_partners
from zsm.cases.services import (
    CaseInput,
    OffenceInput,
    SuspectInput,
    case_custody_order,
    case_identity_extend,
    case_register,
    case_veilig_thuis_report,
    case_werkplaats_candidate_set,
    identity_extension_possible,
)
from zsm.common.clock import AMSTERDAM
from zsm.common.exceptions import ApplicationError, ConflictError

pytestmark = pytest.mark.django_db

# A Thursday afternoon; the offence and the arrest are on this day.
NOW = datetime(2026, 1, 15, 15, 0, tzinfo=AMSTERDAM)
OFFENCE_DAY = NOW.date()
_serial = iter(range(1, 10_000))


def born(age: int, *, birthday_tomorrow: bool = False) -> date:
    """Born `age` years before the offence day; with `birthday_tomorrow` the birthday is the day after, so the
    suspect is still a year younger on the offence day."""
    day = OFFENCE_DAY + timedelta(days=1) if birthday_tomorrow else OFFENCE_DAY
    return day.replace(year=day.year - age)


def intake(
    world: dict[str, User], *, birth: date, offence: str = "266 Sr", safety: bool = False, at: datetime = NOW
) -> Case:
    with time_machine.travel(at, tick=False):
        return case_register(
            user=world["politie"],
            data=CaseInput(
                police_registration_number=f"PL-AGE-{next(_serial)}",
                arrested_at=at - timedelta(hours=1),
                holding_ordered_at=at - timedelta(minutes=50),
                suspect=SuspectInput(given_names="Sam", surname="de Leeftijd", date_of_birth=birth),
                offences=[OffenceInput(offence)],
                child_safety_concern=safety,
            ),
        )


@pytest.mark.parametrize(
    ("birth", "status", "partners"),
    [
        (born(11), CaseStatus.UNDER_TWELVE, {Partner.POLICE, Partner.VICTIM_SUPPORT, Partner.CHILD_PROTECTION}),
        (born(12, birthday_tomorrow=True), CaseStatus.UNDER_TWELVE, {Partner.POLICE, Partner.VICTIM_SUPPORT,
                                                                     Partner.CHILD_PROTECTION}),
        (born(12), CaseStatus.REGISTERED, {Partner.POLICE, Partner.OM, Partner.VICTIM_SUPPORT,
                                           Partner.CHILD_PROTECTION}),
        (born(17), CaseStatus.REGISTERED, {Partner.POLICE, Partner.OM, Partner.VICTIM_SUPPORT,
                                           Partner.CHILD_PROTECTION}),
        (born(18, birthday_tomorrow=True), CaseStatus.REGISTERED, {Partner.POLICE, Partner.OM,
                                                                   Partner.VICTIM_SUPPORT, Partner.CHILD_PROTECTION}),
        (born(18), CaseStatus.REGISTERED, {Partner.POLICE, Partner.OM, Partner.PROBATION, Partner.VICTIM_SUPPORT}),
    ],
    ids=["11", "11-turning-12-tomorrow", "12", "17", "17-turning-18-tomorrow", "18"],
)  # fmt: skip
def test_ages_route_the_intake(world: dict[str, User], birth: date, status: str, partners: set[str]) -> None:
    case = intake(world, birth=birth)
    assert case.status == status
    assert set(case.screenings.values_list("partner", flat=True)) == partners
    assert (case.holding_deadline is None) == (status == CaseStatus.UNDER_TWELVE)


@given(age=st.integers(min_value=0, max_value=80))
def test_the_screening_partners_follow_the_age(age: int) -> None:
    partners = screening_partners(age)
    assert (Partner.PROBATION in partners) == (age >= 18)
    assert (Partner.CHILD_PROTECTION in partners) == (age < 18)
    assert (Partner.OM in partners) == (age >= 12)
    assert Partner.POLICE in partners


def test_a_child_under_twelve_is_outside_criminal_law_and_the_raad_is_told(world: dict[str, User]) -> None:
    case = intake(world, birth=born(10), offence="350 Sr", safety=True)
    case.refresh_from_db()
    assert (case.status, case.holding_deadline, case.examining_judge_deadline) == (CaseStatus.UNDER_TWELVE, None, None)
    assert case.child_safety_concern
    [note] = Notification.objects.filter(recipient=world["raad"])
    assert note.case_id == case.pk
    assert "486" in note.message.body
    assert (
        "de Leeftijd" not in note.message.subject + note.message.body
    )  # e-mail leaves the system: no personal details
    told = AuditEvent.objects.get(event="raad.notified_under_twelve")
    assert told.person_id == case.suspect_id
    assert told.details["recipients"] == [world["raad"].pk]
    # No clock means no custody either.
    with time_machine.travel(NOW, tick=False), pytest.raises(ApplicationError):
        case_custody_order(user=world["politie"], case_id=case.pk, started_at=NOW)


def test_the_police_record_their_report_to_veilig_thuis_once(world: dict[str, User]) -> None:
    child = intake(world, birth=born(9), safety=True)
    adult = intake(world, birth=born(30))
    with time_machine.travel(NOW, tick=False):
        reported = case_veilig_thuis_report(user=world["politie"], case_id=child.pk)
        assert reported.veilig_thuis_reported_at == NOW
        with pytest.raises(ConflictError):
            case_veilig_thuis_report(user=world["politie"], case_id=child.pk)
        with pytest.raises(ConflictError):
            case_veilig_thuis_report(user=world["politie"], case_id=adult.pk)
    assert AuditEvent.objects.filter(event="case.veilig_thuis_reported").count() == 1


def test_the_identity_extension_edges(world: dict[str, User]) -> None:
    """Art. 56b Sv: once, six more hours, only without pre-trial detention, only while the term runs."""
    insult = intake(world, birth=born(30), offence="266 Sr")  # 6 hours
    theft = intake(world, birth=born(30), offence="310 Sr")  # 9 hours: custody exists instead
    assert insult.holding_deadline is not None
    ordered = insult.holding_ordered_at
    with time_machine.travel(NOW, tick=False):
        assert identity_extension_possible(insult, at=NOW)
        with pytest.raises(ConflictError):
            case_identity_extend(user=world["politie"], case_id=theft.pk)
        extended = case_identity_extend(user=world["politie"], case_id=insult.pk, expected_version=insult.version)
    # Ordered 14:10: six hours end 20:10; twelve: 9 h 50 min before midnight, 2 h 10 min from 09:00.
    assert extended.holding_deadline == datetime(2026, 1, 16, 11, 10, tzinfo=AMSTERDAM)
    assert ordered == datetime(2026, 1, 15, 14, 10, tzinfo=AMSTERDAM)
    with time_machine.travel(NOW, tick=False), pytest.raises(ConflictError):
        case_identity_extend(user=world["politie"], case_id=insult.pk)  # once only


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(minutes=st.integers(min_value=-5, max_value=5))
def test_the_identity_extension_ends_with_the_holding_period(world: dict[str, User], minutes: int) -> None:
    case = intake(world, birth=born(30), offence="266 Sr")
    assert case.holding_deadline is not None
    at = case.holding_deadline + timedelta(minutes=minutes)
    assert identity_extension_possible(case, at=at) == (minutes <= 0)


def test_a_minor_is_no_werkplaats_candidate(world: dict[str, User]) -> None:
    minor = intake(world, birth=born(16))
    with time_machine.travel(NOW, tick=False), pytest.raises(ApplicationError) as caught:
        case_werkplaats_candidate_set(user=world["reclassering"], case_id=minor.pk, candidate=True)
    assert "Jeugdwet" in caught.value.message
    minor.refresh_from_db()
    assert not minor.werkplaats_candidate
