"""The ZSM board under load: 1,000 open and 100,000 closed cases at one location.

Run with `make bench` (never part of `make test`). It reports medians and query counts; it does not fail on
speed. The data is written with bulk_create (persons reused across cases) so building it takes seconds, not
minutes. Closed cases get an offence each but no screenings or decisions: the board never shows them, they
are there to make the filters and indexes work on a realistic table.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from zsm.accounts.models import Location, User
from zsm.accounts.selectors import membership_active
from zsm.cases.catalogue import CATALOGUE
from zsm.cases.constants import CaseStatus, Partner, ScreeningState
from zsm.cases.holding import examining_judge_deadline, holding_deadline
from zsm.cases.models import Case, CaseOffence, Screening
from zsm.cases.selectors import BoardFilter, board_cases
from zsm.common.clock import local, now
from zsm.persons.models import Person
from zsm.persons.names import first_initial, surname_key

OPEN_CASES = int(os.environ.get("BENCH_OPEN_CASES", "1000"))
CLOSED_CASES = int(os.environ.get("BENCH_CLOSED_CASES", "100000"))
PERSONS = 5_000
BATCH = 2_000
ROUNDS = 15
OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.IN_SCREENING, CaseStatus.READY_FOR_DECISION)
CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.DECIDED, CaseStatus.RELEASED_WITH_SUMMONS)
GIVEN = ("Jan", "Piet", "Kees", "Anna", "Sanne", "Mohamed", "Fleur", "Daan", "Emma", "Lars")
SURNAMES = (("de", "Jong"), ("", "Jansen"), ("van den", "Berg"), ("", "Bakker"), ("van der", "Meer"), ("", "Visser"))


def build_load(politie: User, location: Location) -> None:
    rng = random.Random(2026)
    moment = now()
    persons = []
    for index in range(PERSONS):
        prefix, surname = SURNAMES[index % len(SURNAMES)]
        surname = f"{surname}{index}"
        given = GIVEN[index % len(GIVEN)]
        persons.append(
            Person(
                given_names=given,
                surname_prefix=prefix,
                surname=surname,
                date_of_birth=datetime(1960 + index % 45, 1 + index % 12, 1 + index % 28).date(),
                surname_key=surname_key(surname, prefix),
                initial=first_initial(given),
            )
        )
    Person.objects.bulk_create(persons, batch_size=BATCH)

    def case(index: int, *, open_case: bool) -> Case:
        entry = CATALOGUE[index % len(CATALOGUE)]
        if open_case:
            ordered = moment - timedelta(minutes=rng.randint(5, 300))
            registered = ordered + timedelta(minutes=2)
            status, decided = OPEN_STATUSES[index % 3], None
        else:
            ordered = moment - timedelta(days=rng.randint(2, 720), minutes=rng.randint(0, 1440))
            registered = ordered + timedelta(minutes=20)
            status = CLOSED_STATUSES[index % 3]
            decided = registered + timedelta(hours=3) if status != CaseStatus.RELEASED_WITH_SUMMONS else None
        arrested = ordered - timedelta(minutes=30)
        person = persons[index % PERSONS]
        return Case(
            location=location,
            suspect=person,
            police_registration_number=f"PL0900-{index:09d}",
            offence_date=local(arrested).date(),
            arrested_at=arrested,
            holding_ordered_at=ordered,
            holding_deadline=holding_deadline(ordered, pretrial_detention_allowed=entry.pretrial_detention_allowed),
            examining_judge_deadline=examining_judge_deadline(arrested),
            is_minor=index % 11 == 0,
            suspect_age=16 if index % 11 == 0 else 30,
            domestic_violence=entry.domestic_violence,
            under_supervision=index % 23 == 0,
            known_probation_client=index % 23 == 0,
            werkplaats_candidate=index % 29 == 0,
            pretrial_detention_allowed=entry.pretrial_detention_allowed,
            registered_by=politie,
            registered_at=registered,
            decided_at=decided,
            status=status,
        )

    def offences(cases: list[Case]) -> list[CaseOffence]:
        rows = []
        for index, item in enumerate(cases):
            entry = CATALOGUE[index % len(CATALOGUE)]
            rows.append(
                CaseOffence(
                    case=item,
                    code=entry.code,
                    description=entry.description,
                    pretrial_detention_allowed=entry.pretrial_detention_allowed,
                    max_penalty_years=entry.max_penalty_years,
                )
            )
        return rows

    open_cases = Case.objects.bulk_create([case(i, open_case=True) for i in range(OPEN_CASES)], batch_size=BATCH)
    CaseOffence.objects.bulk_create(offences(open_cases), batch_size=BATCH)
    partners = (Partner.POLICE, Partner.OM, Partner.PROBATION, Partner.VICTIM_SUPPORT)
    Screening.objects.bulk_create(
        [
            Screening(case=item, partner=partner, state=rng.choice(ScreeningState.values))
            for item in open_cases
            for partner in (*partners, *((Partner.CHILD_PROTECTION,) if item.is_minor else ()))
        ],
        batch_size=BATCH,
    )
    for start in range(0, CLOSED_CASES, 10_000):  # in slices, to keep memory flat
        chunk = [case(OPEN_CASES + i, open_case=False) for i in range(start, min(start + 10_000, CLOSED_CASES))]
        Case.objects.bulk_create(chunk, batch_size=BATCH)
        CaseOffence.objects.bulk_create(offences(chunk), batch_size=BATCH)
    # bulk_create stamps updated_at with now (auto_now); a closed case last changed when it was decided or released.
    Case.objects.filter(status__in=CLOSED_STATUSES).update(updated_at=F("registered_at") + timedelta(hours=3))


def timed(action: Callable[[], object], rounds: int = ROUNDS) -> tuple[float, int]:
    action()  # warm caches and templates
    connection.queries_log.clear()  # a full log (it keeps the last 9,000) would hide the count
    with CaptureQueriesContext(connection) as queries:
        action()
    count = len(queries.captured_queries)  # now: the next request's reset_queries empties the log
    timings = []
    for _round in range(rounds):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), count


@pytest.mark.django_db
def test_board_with_a_busy_location(login_as: Callable[..., Client], world: dict[str, User]) -> None:
    officier = world["officier"]
    location = Location.objects.get(code="midden-nederland")
    started = time.perf_counter()
    build_load(world["politie"], location)
    built = time.perf_counter() - started
    print(f"\nBENCH board data: {OPEN_CASES:,} open + {CLOSED_CASES:,} closed cases built in {built:.1f} s")

    membership_active(user=officier)
    rows = len(list(board_cases(user=officier, filters=BoardFilter())))
    median, count = timed(lambda: list(board_cases(user=officier, filters=BoardFilter())))
    print(f"BENCH board_cases() selector   {rows} rows  median {median:7.1f} ms  {count} queries")

    try:
        board_url, rows_url = reverse("cases:board"), reverse("cases:board_rows")
    except NoReverseMatch:
        print("BENCH the board URL (cases:board) does not exist yet: only the selector was timed")
        return
    client = login_as("officier")

    def get(url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    for label, url in (("board page", board_url), ("board rows partial", rows_url)):
        median, count = timed(lambda url=url: get(url))  # type: ignore[misc]
        print(f"BENCH {label:<24} {url:<16} median {median:7.1f} ms over {ROUNDS}  {count} queries")
    for label, query in (("search 'Jansen1'", "?search=Jansen1"), ("filter minors", "?minor=on")):
        median, count = timed(lambda query=query: get(board_url + query))  # type: ignore[misc]
        print(f"BENCH board {label:<18} median {median:7.1f} ms over {ROUNDS}  {count} queries")
