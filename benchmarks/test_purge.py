"""The retention purge on a decade of data: 30,000 closed cases over twelve years and 300,000 audit events.

Run with `make bench` (never part of `make test`). It reports how long the dry run and the purge take and
how many queries they need; it does not fail on speed. It does check that the purge did what the dry run said.
"""

from __future__ import annotations

import os
import random
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zsm.accounts.models import Location, User
from zsm.accounts.selectors import membership_active
from zsm.audit.constants import EventKind, PurgeStatus, RetentionClass
from zsm.audit.models import AuditEvent
from zsm.audit.purge import purge_scheduled
from zsm.cases.constants import CaseStatus, Partner
from zsm.cases.models import Case, CaseOffence, Screening, Victim
from zsm.common.clock import now
from zsm.persons.models import Person
from zsm.persons.names import first_initial, surname_key

CASES = int(os.environ.get("BENCH_PURGE_CASES", "30000"))
EVENTS = int(os.environ.get("BENCH_PURGE_EVENTS", "300000"))
PERSONS = CASES // 2
BATCH = 2_000
YEARS = 12


def build_decade(politie: User, location: Location) -> None:
    rng = random.Random(2026)
    moment = now()
    persons = [
        Person(
            given_names="Jan",
            surname=f"Bakker{index}",
            date_of_birth=moment.date().replace(year=1960 + index % 45),
            surname_key=surname_key(f"Bakker{index}", ""),
            initial=first_initial("Jan"),
            postcode="3511AB",
        )
        for index in range(PERSONS)
    ]
    Person.objects.bulk_create(persons, batch_size=BATCH)
    cases = []
    for index in range(CASES):
        decided = moment - timedelta(days=rng.randint(1, YEARS * 365))
        cases.append(
            Case(
                location=location,
                suspect=persons[index % PERSONS],
                police_registration_number=f"PL-BENCH-{index:07d}",
                offence_date=decided.date(),
                arrested_at=decided - timedelta(hours=4),
                holding_ordered_at=decided - timedelta(hours=4),
                holding_deadline=decided + timedelta(hours=5),
                examining_judge_deadline=decided + timedelta(days=3),
                incident_postcode="3511AB",
                status=CaseStatus.DECIDED,
                suspect_age=30,
                registered_by=politie,
                registered_at=decided - timedelta(hours=4),
                decided_at=decided,
            )
        )
    Case.objects.bulk_create(cases, batch_size=BATCH)
    CaseOffence.objects.bulk_create(
        (
            CaseOffence(
                case=case, code="310 Sr", description="Diefstal", pretrial_detention_allowed=True, max_penalty_years=4
            )
            for case in cases
        ),
        batch_size=BATCH,
    )
    Victim.objects.bulk_create((Victim(case=case, name="Winkelier") for case in cases), batch_size=BATCH)
    Screening.objects.bulk_create(
        (Screening(case=case, partner=Partner.PROBATION, summary="Bekend") for case in cases), batch_size=BATCH
    )
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                occurred_at=moment - timedelta(days=rng.randint(1, YEARS * 365)),
                kind=EventKind.ACCESS,
                action="view",
                event="case.viewed",
                purpose="zsm_beoordeling",
                person_id=index % PERSONS,
            )
            for index in range(EVENTS)
        ),
        batch_size=BATCH,
    )


@pytest.mark.django_db(transaction=True)
def test_purge_on_a_decade_of_data(world: dict[str, User]) -> None:
    location = Location.objects.get(pk=membership_active(user=world["politie"]).location_id)
    started = time.perf_counter()
    build_decade(world["politie"], location)
    print(f"\nBENCH purge: built {CASES} cases and {EVENTS} events in {time.perf_counter() - started:.1f} s")

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        dry_run, purge = purge_scheduled(apply=True)
        total = time.perf_counter() - started
    assert (dry_run.status, purge.status) == (PurgeStatus.DONE, PurgeStatus.DONE)
    for data_class in RetentionClass:
        assert purge.report[data_class.value]["count"] == dry_run.report[data_class.value]["count"], data_class
    police = purge.report[RetentionClass.POLICE_DATA.value]["count"]
    removed = purge.report[RetentionClass.OM_DECISIONS.value]["count"]
    events = purge.report[RetentionClass.AUDIT_EVENTS.value]["count"]
    assert Case.objects.filter(pseudonymised_at__isnull=False).exists()
    print(
        f"BENCH purge: dry run and purge in {total:.1f} s, {len(captured.captured_queries)} queries; "
        f"pseudonymised {police} cases and persons, removed {removed} cases and persons, {events} audit events"
    )
