"""Intake and screening rules, tested through the services every way in uses."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from zsm.accounts.models import Organisation, User
from zsm.audit.constants import Action, Purpose
from zsm.audit.models import AuditEvent
from zsm.cases.constants import CaseStatus, Partner, ScreeningState
from zsm.cases.models import Case, Notification, Screening
from zsm.cases.services import (
    CaseInput,
    OffenceInput,
    ScreeningInput,
    SuspectInput,
    VictimInput,
    case_register,
    screening_record,
)
from zsm.common.exceptions import ApplicationError, ConflictError
from zsm.persons.models import Person, Supervision

AMS = ZoneInfo("Europe/Amsterdam")
SERIALS = itertools.count(1)  # every test case gets its own police registration number
THEFT = OffenceInput("310 Sr", "Winkeldiefstal", True, Decimal("4"))
INSULT = OffenceInput("266 Sr", "Belediging", False, Decimal("0.25"))
NOW = datetime(2026, 1, 15, 23, 0, tzinfo=AMS)


def intake(**overrides: object) -> CaseInput:
    suspect = overrides.pop(
        "suspect", SuspectInput(given_names="Sem", surname="Jansen", date_of_birth=date(1990, 3, 1))
    )
    values: dict[str, object] = {
        "police_registration_number": f"PL0900-2026{next(SERIALS):06d}",
        "arrested_at": datetime(2026, 1, 15, 22, 0, tzinfo=AMS),
        "holding_ordered_at": datetime(2026, 1, 15, 22, 30, tzinfo=AMS),
        "suspect": suspect,
        "offences": [INSULT],
    }
    values.update(overrides)
    return CaseInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def register(world: dict[str, User]) -> Callable[..., Case]:
    def _register(data: CaseInput | None = None, user: str = "politie") -> Case:
        with time_machine.travel(NOW, tick=False):
            return case_register(user=world[user], data=data or intake())

    return _register


@pytest.mark.django_db
@pytest.mark.parametrize(("offence", "deadline"), [(INSULT, "2026-01-16 13:30"), (THEFT, "2026-01-16 16:30")])
def test_the_holding_deadline_follows_the_offences(
    register: Callable[..., Case], offence: OffenceInput, deadline: str
) -> None:
    case = register(intake(offences=[offence]))
    assert case.holding_deadline.astimezone(AMS).strftime("%Y-%m-%d %H:%M") == deadline
    assert case.examining_judge_deadline.astimezone(AMS) == datetime(2026, 1, 19, 16, 0, tzinfo=AMS)
    assert case.status == CaseStatus.REGISTERED


@pytest.mark.django_db
def test_a_minor_involves_the_raad_and_an_adult_does_not(register: Callable[..., Case]) -> None:
    minor = register(intake(suspect=SuspectInput(given_names="Noa", surname="Smit", date_of_birth=date(2010, 6, 1))))
    adult = register()
    assert minor.is_minor
    assert minor.suspect_age == 15
    # The Raad, not the 3RO: youth probation is the certified institutions' work (ADR 0007).
    assert set(minor.screenings.values_list("partner", flat=True)) == {
        Partner.POLICE, Partner.OM, Partner.VICTIM_SUPPORT, Partner.CHILD_PROTECTION,
    }  # fmt: skip
    assert not adult.is_minor
    assert Partner.CHILD_PROTECTION not in set(adult.screenings.values_list("partner", flat=True))


@pytest.mark.django_db
def test_age_counts_at_the_offence_date_on_the_birthday_edge(register: Callable[..., Case]) -> None:
    turns_18_that_day = SuspectInput(given_names="Lotte", surname="Bos", date_of_birth=date(2008, 1, 15))
    turns_18_next_day = SuspectInput(given_names="Mila", surname="Bos", date_of_birth=date(2008, 1, 16))
    assert not register(intake(suspect=turns_18_that_day)).is_minor
    assert register(intake(suspect=turns_18_next_day)).is_minor


@pytest.mark.django_db
def test_the_same_bsn_is_the_same_person_but_a_similar_name_is_not_merged(register: Callable[..., Case]) -> None:
    first = register(
        intake(
            suspect=SuspectInput(bsn="111222333", given_names="Ayoub", surname="Amrani", date_of_birth=date(1990, 1, 1))
        )
    )
    again = register(
        intake(
            suspect=SuspectInput(bsn="111222333", given_names="A.", surname="Amrani", date_of_birth=date(1990, 1, 1))
        )
    )
    lookalike = register(
        intake(suspect=SuspectInput(given_names="Ayoub", surname="Amrany", date_of_birth=date(1990, 1, 1)))
    )
    assert again.suspect_id == first.suspect_id
    assert lookalike.suspect_id != first.suspect_id
    assert Person.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"offences": []}, "offences"),
        ({"holding_ordered_at": datetime(2026, 1, 15, 21, 0, tzinfo=AMS)}, "holding_ordered_at"),
        ({"arrested_at": datetime(2026, 1, 16, 9, 0, tzinfo=AMS)}, "arrested_at"),
        ({"parketnummer": "16-12"}, "parketnummer"),
        (
            {"suspect": SuspectInput(bsn="123456789", given_names="X", surname="Y", date_of_birth=date(1990, 1, 1))},
            "suspect.bsn",
        ),
        (
            {"suspect": SuspectInput(given_names="X", surname="Y", date_of_birth=date(2026, 2, 1))},
            "suspect.date_of_birth",
        ),
        ({"offences": [OffenceInput("x", "y", False, Decimal("-1"))]}, "offences[0].max_penalty_years"),
    ],
)
def test_bad_intake_names_the_field_and_stores_nothing(
    register: Callable[..., Case], overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ApplicationError) as error:
        register(intake(**overrides))
    assert field in error.value.field_errors
    assert not Case.objects.exists()
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(event="case.registered").exists()


@pytest.mark.django_db
def test_only_the_police_register(register: Callable[..., Case]) -> None:
    with pytest.raises(ApplicationError):
        register(user="officier")
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_supervised_client_is_recognised_and_the_supervisor_told(
    register: Callable[..., Case], world: dict[str, User], django_capture_on_commit_callbacks: Callable[..., object]
) -> None:
    person = Person.objects.create(bsn="123456782", given_names="Kees", surname="Smit", date_of_birth=date(1980, 2, 2))
    Supervision.objects.create(
        person=person,
        organisation=Organisation.objects.get(kind="reclassering_nederland"),
        supervisor=world["reclassering"],
        started_on=date(2025, 6, 1),
    )
    suspect = SuspectInput(bsn="123456782", given_names="Kees", surname="Smit", date_of_birth=date(1980, 2, 2))
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case = register(intake(suspect=suspect))

    assert case.under_supervision
    assert case.known_probation_client
    notification = Notification.objects.get(recipient=world["reclassering"])
    assert notification.case == case
    assert notification.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[world["reclassering"].email]]
    assert "Kees" not in mail.outbox[0].body
    assert "123456782" not in mail.outbox[0].body
    # Telling the supervisor is a disclosure, recorded against the person with its purpose.
    disclosure = AuditEvent.objects.get(event="supervisor.notified")
    assert (disclosure.action, disclosure.person_id, disclosure.purpose) == (
        Action.DISCLOSE,
        person.pk,
        Purpose.PROBATION_SCREENING,
    )
    assert disclosure.details["recipient"] == world["reclassering"].pk


@pytest.mark.django_db
def test_an_ended_supervision_is_known_but_not_current(register: Callable[..., Case], world: dict[str, User]) -> None:
    person = Person.objects.create(bsn="123456782", given_names="Kees", surname="Smit", date_of_birth=date(1980, 2, 2))
    Supervision.objects.create(
        person=person,
        organisation=Organisation.objects.get(kind="reclassering_nederland"),
        supervisor=world["reclassering"],
        started_on=date(2024, 1, 1),
        ended_on=date(2025, 1, 1),
    )
    case = register(
        intake(
            suspect=SuspectInput(bsn="123456782", given_names="Kees", surname="Smit", date_of_birth=date(1980, 2, 2))
        )
    )
    assert case.known_probation_client
    assert not case.under_supervision
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_victims_are_stored_with_the_referral_flag(register: Callable[..., Case]) -> None:
    case = register(
        intake(victims=[VictimInput("Fatima", phone="0612345678", refer_to_victim_support=True), VictimInput("Piet")])
    )
    assert list(case.victims.order_by("name").values_list("name", "refer_to_victim_support")) == [
        ("Fatima", True),
        ("Piet", False),
    ]


def done(**overrides: str) -> ScreeningInput:
    return ScreeningInput(state=overrides.get("state", ScreeningState.DONE), known="not_known", summary="Niet bekend.")


@pytest.mark.django_db
def test_screenings_move_the_case_to_screening_then_ready(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    case = register()
    screening_record(user=world["reclassering"], case_id=case.pk, data=done(state=ScreeningState.IN_PROGRESS))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SCREENING
    for username in ("politie", "officier", "reclassering", "slachtofferhulp"):
        screening_record(user=world[username], case_id=case.pk, data=done())
    case.refresh_from_db()
    assert case.status == CaseStatus.READY_FOR_DECISION
    probation = Screening.objects.get(case=case, partner=Partner.PROBATION)
    assert probation.screened_by == world["reclassering"]
    assert probation.organisation is not None


@pytest.mark.django_db
def test_a_stale_screening_version_is_a_conflict_and_keeps_the_first_write(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    case = register()
    screening = Screening.objects.get(case=case, partner=Partner.PROBATION)
    screening_record(user=world["reclassering"], case_id=case.pk, data=done(), expected_version=screening.version)
    with pytest.raises(ConflictError):
        screening_record(
            user=world["coordinator"],
            case_id=case.pk,
            data=ScreeningInput(state="in_progress", known="known", summary="Overschreven?"),
            expected_version=screening.version,
        )
    assert Screening.objects.get(pk=screening.pk).summary == "Niet bekend."


@pytest.mark.django_db
def test_a_partner_without_a_screening_on_the_case_is_refused(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    adult_case = register()
    with pytest.raises(ApplicationError):
        screening_record(user=world["raad"], case_id=adult_case.pk, data=done())
    with pytest.raises(ApplicationError):
        screening_record(user=world["beheer"], case_id=adult_case.pk, data=done())


@pytest.mark.django_db
def test_only_a_suggested_person_can_be_chosen(register: Callable[..., Case]) -> None:
    existing = Person.objects.create(given_names="Jan", surname="Bijl", date_of_birth=date(1985, 5, 4))
    stranger = Person.objects.create(given_names="Piet", surname="Klaassen", date_of_birth=date(1970, 1, 1))
    chosen = SuspectInput(
        given_names="Jan", surname="Byl", date_of_birth=date(1985, 5, 4), existing_person_id=existing.pk
    )
    assert register(intake(suspect=chosen)).suspect == existing

    forged = SuspectInput(
        given_names="Jan", surname="Byl", date_of_birth=date(1985, 5, 4), existing_person_id=stranger.pk
    )
    with pytest.raises(ApplicationError) as error:
        register(intake(suspect=forged))
    assert "suspect.existing_person_id" in error.value.field_errors
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_reopened_screening_takes_the_case_back_into_screening(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    case = register()
    for username in ("politie", "officier", "reclassering", "slachtofferhulp"):
        screening_record(user=world[username], case_id=case.pk, data=done())
    case.refresh_from_db()
    assert case.status == CaseStatus.READY_FOR_DECISION
    screening_record(user=world["reclassering"], case_id=case.pk, data=done(state=ScreeningState.IN_PROGRESS))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_SCREENING


@pytest.mark.django_db
def test_the_werkplaats_mark_is_fixed_once_the_case_left_the_table(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    from zsm.cases.services import case_transition, case_werkplaats_candidate_set

    case = register()
    case_werkplaats_candidate_set(user=world["reclassering"], case_id=case.pk, candidate=True)
    case_transition(user=world["officier"], case_id=case.pk, target=CaseStatus.RELEASED_WITH_SUMMONS)
    with pytest.raises(ConflictError):
        case_werkplaats_candidate_set(user=world["reclassering"], case_id=case.pk, candidate=False)
    case.refresh_from_db()
    assert case.werkplaats_candidate


@pytest.mark.django_db
def test_custody_runs_three_days_extends_once_and_yields_to_the_examining_judge(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    from zsm.cases.services import case_custody_extend, case_custody_order

    case = register(intake(offences=[THEFT]))
    started = datetime(2026, 1, 16, 10, 0, tzinfo=AMS)
    with time_machine.travel(datetime(2026, 1, 16, 10, 5, tzinfo=AMS), tick=False):
        case = case_custody_order(user=world["officier"], case_id=case.pk, started_at=started)
        assert case.current_deadline.astimezone(AMS) == datetime(2026, 1, 19, 10, 0, tzinfo=AMS)
        case = case_custody_extend(user=world["officier"], case_id=case.pk)
        # Six days of custody, but the examining judge comes first: 3 days 18 hours after the arrest.
        assert case.current_deadline == case.examining_judge_deadline
        with pytest.raises(ConflictError):
            case_custody_extend(user=world["officier"], case_id=case.pk)


@pytest.mark.django_db
def test_no_custody_without_an_offence_that_allows_pre_trial_detention(
    register: Callable[..., Case], world: dict[str, User]
) -> None:
    from zsm.cases.services import case_custody_order

    case = register(intake(offences=[INSULT]))
    with pytest.raises(ApplicationError) as error, time_machine.travel(NOW, tick=False):
        case_custody_order(user=world["officier"], case_id=case.pk, started_at=NOW)
    assert "started_at" in error.value.field_errors
    case.refresh_from_db()
    assert case.custody_started_at is None
