"""`zsm demo`: one user per role at Midden-Nederland, two weeks of case inflow, idempotent, refused in production."""

from __future__ import annotations

import contextlib
import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command

from zsm.accounts.constants import ROLE_ORGANISATION_KINDS, Role
from zsm.accounts.models import Location, Membership, Organisation, User
from zsm.audit.models import AuditEvent
from zsm.common.clock import AMSTERDAM
from zsm.demo.builders import DEMO_USERS
from zsm.demo.retention import OLD_CASES

EXPECTED_USERNAMES = {
    "politie", "officier", "reclassering", "werkplaats", "werkplaats2", "coordinator",
    "slachtofferhulp", "raad", "veiligheidshuis", "beheer", "privacy",
}  # fmt: skip


@pytest.mark.django_db
def test_demo_builds_every_role_at_midden_nederland(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    assert set(User.objects.values_list("username", flat=True)) == EXPECTED_USERNAMES
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    location = Location.objects.get()
    assert (location.name, location.city) == ("Midden-Nederland", "Utrecht")
    for membership in Membership.objects.select_related("organisation"):
        assert membership.organisation.kind in ROLE_ORGANISATION_KINDS[membership.role]
    output = capsys.readouterr().out
    for demo in DEMO_USERS:
        assert demo.username in output


@pytest.mark.django_db
def test_demo_is_idempotent() -> None:
    call_command("demo")
    counts = (User.objects.count(), Organisation.objects.count(), Membership.objects.count())
    call_command("demo")
    call_command("demo", "--if-empty")
    assert (User.objects.count(), Organisation.objects.count(), Membership.objects.count()) == counts


@pytest.mark.django_db
def test_demo_refuses_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError):
        call_command("demo")
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_role_outside_its_organisation_kind_is_refused() -> None:
    from zsm.accounts.services import location_ensure, membership_create, organisation_ensure, user_create
    from zsm.common.exceptions import ApplicationError

    location = location_ensure(code="x", name="X", city="X")
    shn = organisation_ensure(name="Slachtofferhulp", kind="slachtofferhulp")
    user = user_create(username="u", password="x")
    with pytest.raises(ApplicationError) as error:
        membership_create(user=user, organisation=shn, location=location, role=Role.OM_DECIDER)
    assert "role" in error.value.field_errors
    assert not Membership.objects.exists()


# --- The case inflow ---------------------------------------------------------------------------------


@pytest.fixture
def inflow(db: None) -> str:
    out = io.StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_loads_two_weeks_of_inflow(inflow: str) -> None:
    from zsm.cases.models import Case

    assert "dag 1/14" in inflow
    assert "dag 14/14" in inflow
    count = Case.objects.count()
    assert 14 * 45 <= count <= 14 * 56 + 12
    location = Location.objects.get(code="midden-nederland")
    assert Case.objects.exclude(location=location).count() == 0
    minors = Case.objects.filter(is_minor=True).count() / count
    assert 0.06 <= minors <= 0.14
    # One child under 12 is brought in today: outside criminal law, no clock (art. 486 Sv).
    [child] = Case.objects.filter(suspect_age__lt=12)
    assert (child.status, child.holding_deadline, child.child_safety_concern) == ("under_twelve", None, True)
    assert 0.01 <= Case.objects.filter(werkplaats_candidate=True).count() / count <= 0.08
    assert Case.objects.filter(under_supervision=True).exists()


# The demo's world depends on the hour it is built: CI runs at any time of day.
TIMES_OF_DAY = [
    None,  # now
    datetime(2026, 12, 3, 0, 20, tzinfo=AMSTERDAM),  # yesterday's late cases still at the table
    datetime(2026, 12, 3, 7, 30, tzinfo=AMSTERDAM),
    datetime(2026, 12, 3, 17, 40, tzinfo=AMSTERDAM),
]


@pytest.mark.django_db
@pytest.mark.parametrize("at", TIMES_OF_DAY, ids=lambda at: at.strftime("%H:%M") if at else "now")
def test_demo_has_open_cases_with_the_clock_running(at: datetime | None) -> None:
    with time_machine.travel(at, tick=False) if at else contextlib.nullcontext():
        _open_cases_with_the_clock_running()


def _open_cases_with_the_clock_running() -> None:
    from zsm.cases.board import case_clock
    from zsm.cases.constants import HELD_STATUSES, CaseStatus
    from zsm.cases.holding import Urgency, urgency
    from zsm.cases.models import Case
    from zsm.common.clock import now

    started = now()
    call_command("demo", stdout=io.StringIO())
    moment = now()
    running = Case.objects.filter(
        status__in=[CaseStatus.REGISTERED, CaseStatus.IN_SCREENING, CaseStatus.READY_FOR_DECISION],
        holding_deadline__gt=moment,
    )
    # Before dawn yesterday's late cases are still at the table too, so the board holds more.
    assert 8 <= running.count() <= 20
    # Today's arrests are registered through the real service as the demo runs; the past inflow is backdated.
    registered_now = list(Case.objects.filter(registered_at__gte=started))
    today = [case for case in running if case.registered_at >= started and case.custody_started_at is None]
    assert 8 <= len(today) <= 12
    assert {urgency(case.holding_deadline, at=moment) for case in today} - {Urgency.EXPIRED}
    # One suspect is in custody: the clock that runs is custody's, with the examining judge's deadline beside it.
    [custody] = Case.objects.filter(custody_started_at__isnull=False, status__in=list(HELD_STATUSES))
    clock = case_clock(custody, at=moment)
    assert clock is not None
    assert clock.in_custody
    assert clock.judge is not None
    assert not clock.expired
    # Through the real service: today's arrests (and the child and the custody case), and the old cases of the
    # retention demo (backdated afterwards).
    assert len(registered_now) == len(today) + 2
    assert AuditEvent.objects.filter(event="case.registered").count() == len(registered_now) + len(OLD_CASES)


@pytest.mark.django_db
def test_demo_cases_obey_the_rules(inflow: str) -> None:
    from zsm.cases.holding import examining_judge_deadline, holding_deadline
    from zsm.cases.models import Case, age_on
    from zsm.cases.rules import screening_partners
    from zsm.common.clock import local
    from zsm.decisions.caps import DecisionInput, decision_errors
    from zsm.decisions.models import Decision
    from zsm.decisions.selectors import case_facts, grounds_by_code
    from zsm.persons.models import Supervision

    cases = Case.objects.select_related("suspect").prefetch_related("offences", "screenings")
    for case in cases:
        if case.under_twelve:
            assert (case.holding_deadline, case.examining_judge_deadline, case.status) == (None, None, "under_twelve")
        else:
            assert case.holding_deadline == holding_deadline(
                case.holding_ordered_at, pretrial_detention_allowed=case.pretrial_detention_allowed
            )
            assert case.examining_judge_deadline == examining_judge_deadline(case.arrested_at)
        assert case.pretrial_detention_allowed == any(o.pretrial_detention_allowed for o in case.offences.all())
        assert case.suspect_age == age_on(case.suspect.date_of_birth, case.offence_date)
        assert case.is_minor == (case.suspect_age < 18)
        # Minors are screened by the Raad, not the 3RO (ADR 0007).
        assert {s.partner for s in case.screenings.all()} == set(screening_partners(case.suspect_age)), case
    decisions = Decision.objects.select_related("case").prefetch_related("case__offences")
    fields = [f.name for f in DecisionInput.__dataclass_fields__.values()]
    assert decisions.count() > 400
    for decision in decisions:
        data = DecisionInput(**{name: getattr(decision, name) for name in fields})
        grounds = grounds_by_code(on=local(decision.decided_at).date())
        assert decision_errors(data, facts=case_facts(decision.case), grounds=grounds) == {}, decision
        assert decision.decided_at >= decision.case.registered_at
        if decision.served_at is not None:
            assert decision.served_at >= decision.decided_at
    for supervision in Supervision.objects.select_related("supervisor", "organisation"):
        assert supervision.supervisor.username in {"reclassering", "werkplaats"}
        assert supervision.organisation.name == "Reclassering Nederland"


@pytest.mark.django_db
def test_about_three_quarters_are_decided_within_a_week(inflow: str) -> None:
    from zsm.cases.models import Case
    from zsm.common.clock import now

    older = Case.objects.filter(registered_at__lt=now() - timedelta(days=7))
    decided = [c for c in older if c.decided_at is not None and c.decided_at - c.registered_at <= timedelta(days=7)]
    assert older.count() > 250
    assert 0.65 <= len(decided) / older.count() <= 0.85


@pytest.mark.django_db
def test_demo_inflow_is_idempotent(inflow: str) -> None:
    from zsm.cases.models import Case
    from zsm.decisions.models import Decision
    from zsm.persons.models import Person

    counts = (Case.objects.count(), Person.objects.count(), Decision.objects.count(), AuditEvent.objects.count())
    call_command("demo", stdout=io.StringIO())
    call_command("demo", "--if-empty", stdout=io.StringIO())
    assert (Case.objects.count(), Person.objects.count(), Decision.objects.count(), AuditEvent.objects.count()) == (
        counts
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 11, 24, 0, 30, tzinfo=AMSTERDAM),  # just after midnight: yesterday's cases still open
        datetime(2027, 3, 28, 8, 50, tzinfo=AMSTERDAM),  # the morning the clocks went forward
        datetime(2026, 10, 25, 23, 55, tzinfo=AMSTERDAM),  # the night the clocks went back
    ],
)
def test_demo_loads_at_any_time_of_day(moment: datetime) -> None:
    from zsm.cases.models import Case, Screening
    from zsm.decisions.models import Decision

    with time_machine.travel(moment, tick=False):
        call_command("demo", stdout=io.StringIO())
        assert Case.objects.filter(holding_deadline__gt=moment, decided_at__isnull=True).count() >= 8
        assert not Case.objects.filter(registered_at__gt=moment).exists()
        assert not Decision.objects.filter(decided_at__gt=moment).exists()
        assert not Screening.objects.filter(updated_at__gt=moment).exists()
