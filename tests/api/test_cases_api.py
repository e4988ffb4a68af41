"""The case API: intake by police systems, scoped reading, screenings and the OM's decision."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from copy import deepcopy
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import invalid_names
from zsm.accounts.models import User
from zsm.audit.constants import Action, EventKind
from zsm.audit.models import AuditEvent
from zsm.cases.constants import Partner
from zsm.cases.models import Case, Screening
from zsm.cases.services import CaseInput, OffenceInput, SuspectInput, case_register

PROBLEM = "application/problem+json"
NOW = "2026-01-15T23:00:00+01:00"
FLAGGED_PHONE = "0611111111"
FLAGGED_EMAIL = "doorverwijzen@example.nl"
HIDDEN_PHONE = "0622222222"
HIDDEN_EMAIL = "geheim@example.nl"
HIDDEN_ADDRESS = "Geheimstraat 2, Utrecht"

BASE_PAYLOAD: dict[str, Any] = {
    "policeRegistrationNumber": "PL0900-2026011512",
    "parketnummer": "16/123456-26",
    "arrestedAt": "2026-01-15T22:00:00+01:00",
    "holdingOrderedAt": "2026-01-15T22:30:00+01:00",
    "offenceDate": "2026-01-15",
    "incidentMunicipality": "Utrecht",
    "incidentPostcode": "3511 AB",
    "domesticViolence": False,
    "suspect": {
        "bsn": "111222333",
        "givenNames": "Jan",
        "surnamePrefix": "de",
        "surname": "Vries",
        "dateOfBirth": "1990-05-01",
        "street": "Oudegracht 1",
        "postcode": "3511 AA",
        "municipality": "Utrecht",
    },
    "offences": [
        {"code": "266 Sr", "description": "Belediging", "pretrialDetentionAllowed": False, "maxPenaltyYears": 0.25}
    ],
    "victims": [
        {
            "name": "Vera Verwezen",
            "phone": FLAGGED_PHONE,
            "email": FLAGGED_EMAIL,
            "address": "Doorstraat 1, Utrecht",
            "referToVictimSupport": True,
        },
        {
            "name": "Gerrit Geheim",
            "phone": HIDDEN_PHONE,
            "email": HIDDEN_EMAIL,
            "address": HIDDEN_ADDRESS,
            "referToVictimSupport": False,
        },
    ],
}


SERIALS = itertools.count(1)


def payload(**changes: Any) -> dict[str, Any]:
    """A valid intake; each call has its own registration number, as each real arrest does."""
    data = deepcopy(BASE_PAYLOAD)
    data["policeRegistrationNumber"] = f"PL0900-2026{next(SERIALS):06d}"
    data.update(changes)
    return data


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    """A quarter past eleven on a winter evening, shortly after the holding order in the payload."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def register(as_user: Callable[[str], APIClient]) -> Callable[..., int]:
    """Register a case through the API as the police; returns its id."""
    police = as_user("politie")

    def _register(**changes: Any) -> int:
        response = police.post("/api/v1/cases", payload(**changes), format="json")
        assert response.status_code == 201, response.content
        return int(response.json()["id"])

    return _register


def minor_suspect() -> dict[str, Any]:
    return {**BASE_PAYLOAD["suspect"], "bsn": "123456782", "givenNames": "Kees", "dateOfBirth": "2010-03-01"}


# --- Intake ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offence", "deadline"),
    [
        # No offence allows pre-trial detention: 6 counted hours, 1.5 before midnight, 4.5 from 09:00.
        ({"code": "266 Sr", "description": "Belediging", "pretrialDetentionAllowed": False, "maxPenaltyYears": 0.25},
         "2026-01-16T13:30:00+01:00"),
        # Pre-trial detention allowed: 9 counted hours, 1.5 before midnight, 7.5 from 09:00.
        ({"code": "310 Sr", "description": "Winkeldiefstal", "pretrialDetentionAllowed": True, "maxPenaltyYears": 4},
         "2026-01-16T16:30:00+01:00"),
        # Vernieling is named in art. 67 lid 1 sub b Sv: 9 hours, the facts taken from the catalogue.
        ({"code": "350 Sr"}, "2026-01-16T16:30:00+01:00"),
    ],
)  # fmt: skip
def test_police_register_a_case_and_get_its_holding_deadline(
    as_user: Callable[[str], APIClient], world: dict[str, User], offence: dict[str, Any], deadline: str
) -> None:
    response = as_user("politie").post("/api/v1/cases", payload(offences=[offence]), format="json")

    assert response.status_code == 201, response.content
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    case = Case.objects.get()
    assert body == {
        "id": case.pk,
        "reference": f"ZSM-{case.pk}",
        "status": "registered",
        "holdingDeadline": deadline,
        "examiningJudgeDeadline": "2026-01-19T16:00:00+01:00",
    }
    assert response["Location"].endswith(f"/api/v1/cases/{case.pk}")
    assert case.parketnummer == "16/123456-26"
    assert case.victims.count() == 2
    assert case.suspect.bsn == "111222333"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"suspect": {**BASE_PAYLOAD["suspect"], "bsn": "123456789"}}, "suspect.bsn"),
        ({"holdingOrderedAt": "2026-01-15T22:30:00"}, "holdingOrderedAt"),
        ({"arrestedAt": "2026-01-15 22:00"}, "arrestedAt"),
        ({"parketnummer": "16-12"}, "parketnummer"),
        ({"offenceDate": "15-01-2026"}, "offenceDate"),
        ({"offences": []}, "offences"),
        (
            {"offences": [{**BASE_PAYLOAD["offences"][0], "maxPenaltyYears": -1}]},
            "offences[0].maxPenaltyYears",
        ),
        ({"victims": [{"name": "X", "email": "geen-adres"}]}, "victims[0].email"),
        # Refused by the service rather than the serializer: still named as the client wrote it.
        ({"holdingOrderedAt": "2026-01-15T21:30:00+01:00"}, "holdingOrderedAt"),
        ({"arrestedAt": "2026-01-16T08:00:00+01:00"}, "arrestedAt"),
        ({"suspect": {**BASE_PAYLOAD["suspect"], "dateOfBirth": "2026-01-16"}}, "suspect.dateOfBirth"),
    ],
)
def test_invalid_intake_is_a_400_problem_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], world: dict[str, User], changes: dict[str, Any], name: str
) -> None:
    response = as_user("politie").post("/api/v1/cases", payload(**changes), format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    assert name in invalid_names(response)
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officier", "reclassering", "slachtofferhulp", "beheer"])
def test_only_the_police_register_cases(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    response = as_user(username).post("/api/v1/cases", payload(), format="json")

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert not Case.objects.exists()


# --- Reading ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_is_scoped_to_what_the_user_may_see(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    adult = register()
    minor = register(suspect=minor_suspect())

    police = as_user("politie").get("/api/v1/cases")
    raad = as_user("raad").get("/api/v1/cases")
    beheer = as_user("beheer").get("/api/v1/cases")

    assert police.status_code == 200
    assert police["API-Version"] == "1.0.0"
    assert {case["id"] for case in police.json()["results"]} == {adult, minor}
    assert [case["id"] for case in raad.json()["results"]] == [minor]
    assert raad.json()["results"][0]["isMinor"] is True
    assert beheer.status_code == 403
    assert beheer["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_a_case_not_visible_is_a_404_problem(as_user: Callable[[str], APIClient], register: Callable[..., int]) -> None:
    adult = register()

    assert as_user("politie").get(f"/api/v1/cases/{adult}").status_code == 200
    response = as_user("raad").get(f"/api/v1/cases/{adult}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert as_user("beheer").get(f"/api/v1/cases/{adult}").status_code == 403


@pytest.mark.django_db
def test_the_list_filters_by_status_and_location(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    first = register()
    second = register(suspect=minor_suspect())
    Case.objects.filter(pk=second).update(status="in_screening")
    police = as_user("politie")

    in_screening = police.get("/api/v1/cases", {"status": "in_screening"}).json()["results"]
    registered = police.get("/api/v1/cases", {"status": "registered", "location": "midden-nederland"}).json()
    elsewhere = police.get("/api/v1/cases", {"location": "oost-nederland"}).json()

    assert [case["id"] for case in in_screening] == [second]
    assert [case["id"] for case in registered["results"]] == [first]
    assert registered["results"][0]["location"] == "midden-nederland"
    assert elsewhere["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "name"), [({"status": "gezellig"}, "status"), ({"location": "a b"}, "location")])
def test_an_invalid_list_filter_is_a_400_problem(
    as_user: Callable[[str], APIClient], world: dict[str, User], params: dict[str, str], name: str
) -> None:
    response = as_user("politie").get("/api/v1/cases", params)

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert invalid_names(response) == [name]


@pytest.mark.django_db
def test_the_list_is_paginated(as_user: Callable[[str], APIClient], register: Callable[..., int]) -> None:
    ids = [register() for _ in range(3)]

    body = as_user("politie").get("/api/v1/cases", {"pageSize": 2}).json()

    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert "pageSize=2" in body["next"]
    assert body["previous"] is None
    second_page = as_user("politie").get(body["next"]).json()
    assert {case["id"] for case in body["results"] + second_page["results"]} == set(ids)


@pytest.mark.django_db
def test_victim_support_sees_contact_details_only_of_flagged_victims(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    victim_support = as_user("slachtofferhulp")

    listing = victim_support.get("/api/v1/cases")
    detail = victim_support.get(f"/api/v1/cases/{case_id}")
    om_detail = as_user("officier").get(f"/api/v1/cases/{case_id}")

    assert listing.status_code == detail.status_code == 200
    for secret in (HIDDEN_PHONE, HIDDEN_EMAIL, HIDDEN_ADDRESS):
        assert secret not in listing.content.decode()
        assert secret not in detail.content.decode()
    victims = {victim["name"]: victim for victim in detail.json()["victims"]}
    assert victims["Vera Verwezen"]["phone"] == FLAGGED_PHONE
    assert victims["Vera Verwezen"]["email"] == FLAGGED_EMAIL
    assert victims["Vera Verwezen"]["contactVisible"] is True
    hidden = victims["Gerrit Geheim"]
    assert (hidden["phone"], hidden["email"], hidden["address"], hidden["contactVisible"]) == (None, None, None, False)
    # The OM sees every victim's contact details: the hiding above is about who asks.
    assert HIDDEN_PHONE in om_detail.content.decode()


@pytest.mark.django_db
def test_every_detail_view_writes_an_access_event_with_the_person(
    as_user: Callable[[str], APIClient], register: Callable[..., int], world: dict[str, User]
) -> None:
    case_id = register()
    case = Case.objects.get(pk=case_id)
    client = as_user("officier")

    client.get(f"/api/v1/cases/{case_id}")
    client.get(f"/api/v1/cases/{case_id}")

    events = AuditEvent.objects.filter(event="case.viewed")
    assert events.count() == 2
    for event in events:
        assert event.kind == EventKind.ACCESS
        assert event.action == Action.VIEW
        assert event.person_id == case.suspect_id
        assert event.actor == world["officier"]
        assert (event.object_type, event.object_id) == ("cases.case", str(case_id))


@pytest.mark.django_db
def test_a_list_request_writes_one_search_event_without_personal_data(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    register()
    register(suspect=minor_suspect())

    as_user("politie").get("/api/v1/cases", {"status": "registered"})

    event = AuditEvent.objects.get(event="case.listed")
    assert event.action == Action.SEARCH
    assert event.person_id is None
    # Ids of what was shown (so "who saw this person" finds list views too), never names or content.
    assert event.details == {
        "filters": {"status": "registered"},
        "results": 2,
        "cases": event.details["cases"],
        "persons": sorted(event.details["persons"]),
    }
    assert len(event.details["cases"]) == 2
    assert len(event.details["persons"]) == 2
    assert "Vries" not in str(event.details)


def _case_input(index: int) -> CaseInput:
    return CaseInput(
        police_registration_number=f"PL-{index}",
        arrested_at=datetime.fromisoformat("2026-01-15T20:00:00+01:00"),
        holding_ordered_at=datetime.fromisoformat("2026-01-15T20:30:00+01:00"),
        suspect=SuspectInput(given_names="Piet", surname=f"Verdachte{index}", date_of_birth=date(1980 + index, 1, 1)),
        offences=[
            OffenceInput("300 Sr", "Mishandeling", True, Decimal("3")),
            OffenceInput("350 Sr", "Vernieling", True, Decimal("2")),
        ],
    )


@pytest.mark.django_db
def test_the_list_does_not_grow_in_queries_with_its_rows(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    client = as_user("officier")
    for index in range(3):
        case_register(user=world["politie"], data=_case_input(index))
    client.get("/api/v1/cases")  # warm up (the token's last use is noted once a minute)

    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/cases").json()["results"]) == 3
    for index in range(3, 20):
        case_register(user=world["politie"], data=_case_input(index))
    case = Case.objects.first()
    assert case is not None
    officier = as_user("officier")
    decision = officier.post(
        f"/api/v1/cases/{case.pk}/decision", {"disposal": "summons", "summonsType": "snelrecht"}, format="json"
    )
    assert decision.status_code == 201
    with CaptureQueriesContext(connection) as twenty:
        body = client.get("/api/v1/cases").json()

    assert len(body["results"]) == 20
    assert any(row["decision"] for row in body["results"])
    assert len(twenty.captured_queries) == len(three.captured_queries)


# --- Screenings -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_screening_content_is_hidden_from_other_partners(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    probation = as_user("reclassering")

    response = probation.post(
        f"/api/v1/cases/{case_id}/screenings",
        {
            "state": "done",
            "known": "known",
            "statusNote": "Klaar",
            "summary": "Bekend: eerder toezicht",
            "advice": "Voorwaardelijk sepot met meldplicht",
            "proposedConditions": "Meldplicht",
            "version": 1,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["summary"] == "Bekend: eerder toezicht"
    assert response.json()["version"] == 2

    def probation_screening(username: str) -> dict[str, Any]:
        screenings = as_user(username).get(f"/api/v1/cases/{case_id}").json()["screenings"]
        return next(s for s in screenings if s["partner"] == Partner.PROBATION)

    seen_by_victim_support = probation_screening("slachtofferhulp")
    assert seen_by_victim_support["state"] == "done"
    assert seen_by_victim_support["contentVisible"] is False
    assert seen_by_victim_support["summary"] is None
    assert seen_by_victim_support["advice"] is None
    assert seen_by_victim_support["proposedConditions"] is None
    # Which 3RO organisation screened, and whether the person is known to it, is content too.
    assert seen_by_victim_support["known"] is None
    assert seen_by_victim_support["statusNote"] is None
    assert seen_by_victim_support["organisation"] is None
    assert probation_screening("officier")["advice"] == "Voorwaardelijk sepot met meldplicht"
    assert probation_screening("werkplaats")["summary"] == "Bekend: eerder toezicht"
    assert Case.objects.get(pk=case_id).status == "in_screening"


@pytest.mark.django_db
def test_a_screening_based_on_a_stale_version_is_a_409_conflict(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    probation = as_user("reclassering")
    url = f"/api/v1/cases/{case_id}/screenings"

    first = probation.post(url, {"state": "in_progress", "known": "known", "version": 1}, format="json")
    stale = probation.post(url, {"state": "done", "known": "known", "version": 1}, format="json")

    assert first.status_code == 200
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    assert Screening.objects.get(case_id=case_id, partner=Partner.PROBATION).state == "in_progress"


@pytest.mark.django_db
def test_recording_a_screening_without_one_on_the_case_is_a_403_problem(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    Screening.objects.filter(case_id=case_id, partner=Partner.VICTIM_SUPPORT).delete()

    response = as_user("slachtofferhulp").post(
        f"/api/v1/cases/{case_id}/screenings", {"state": "done", "known": "not_known", "version": 1}, format="json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_an_invalid_screening_is_a_400_problem(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()

    response = as_user("reclassering").post(f"/api/v1/cases/{case_id}/screenings", {"state": "af"}, format="json")

    assert response.status_code == 400
    # The version is required too: without it a second client would silently overwrite the first.
    assert set(invalid_names(response)) == {"state", "known", "version"}


# --- Decisions --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_community_service_above_the_cap_is_refused_and_nothing_is_stored(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()

    response = as_user("officier").post(
        f"/api/v1/cases/{case_id}/decision",
        {"disposal": "strafbeschikking", "communityServiceHours": 200, "omHearingAt": "2026-01-15T23:00:00+01:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert invalid_names(response) == ["communityServiceHours"]
    case = Case.objects.get(pk=case_id)
    assert not case.decisions.exists()
    assert case.status == "registered"


@pytest.mark.django_db
def test_the_om_records_a_decision_once(as_user: Callable[[str], APIClient], register: Callable[..., int]) -> None:
    case_id = register()
    om = as_user("officier")
    url = f"/api/v1/cases/{case_id}/decision"
    decision = {
        "disposal": "conditional_dismissal",
        "conditions": "Meldplicht bij de reclassering",
        "probationPeriodMonths": 12,
        "appointmentAt": "2026-01-20T10:00:00+01:00",
        "appointmentPlace": "Reclassering Utrecht",
        "appointmentWith": "R. Reclassering",
        "version": 1,
    }

    first = om.post(url, decision, format="json")
    again = om.post(url, {**decision, "version": None}, format="json")

    assert first.status_code == 201, first.content
    assert first["API-Version"] == "1.0.0"
    assert first.json()["disposal"] == "conditional_dismissal"
    assert first.json()["appointmentAt"] == "2026-01-20T10:00:00+01:00"
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    detail = om.get(f"/api/v1/cases/{case_id}").json()
    assert detail["status"] == "decided"
    assert detail["decision"]["probationPeriodMonths"] == 12


@pytest.mark.django_db
def test_a_decision_on_a_changed_case_is_a_409_conflict(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    Case.objects.filter(pk=case_id).update(version=3)

    response = as_user("officier").post(
        f"/api/v1/cases/{case_id}/decision",
        {"disposal": "summons", "summonsType": "snelrecht", "version": 2},
        format="json",
    )

    assert response.status_code == 409
    assert not Case.objects.get(pk=case_id).decisions.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("decision", "names"),
    [
        ({"disposal": "verbanning"}, ["disposal"]),
        ({"disposal": "summons"}, ["summonsType"]),
        ({"disposal": "policy_dismissal", "dismissalCode": "01"}, ["dismissalCode"]),
        (
            {"disposal": "conditional_dismissal", "conditions": "x", "probationPeriodMonths": 6,
             "appointmentAt": "2026-01-20T10:00:00", "appointmentPlace": "p", "appointmentWith": "w"},
            ["appointmentAt"],
        ),
        ({"disposal": "strafbeschikking", "drivingBanMonths": 9, "omHearingAt": "2026-01-15T23:00:00+01:00"},
         ["drivingBanMonths"]),
    ],
)  # fmt: skip
def test_invalid_decisions_name_their_fields(
    as_user: Callable[[str], APIClient], register: Callable[..., int], decision: dict[str, Any], names: list[str]
) -> None:
    case_id = register()

    response = as_user("officier").post(f"/api/v1/cases/{case_id}/decision", decision, format="json")

    assert response.status_code == 400
    assert invalid_names(response) == names
    assert not Case.objects.get(pk=case_id).decisions.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["politie", "reclassering", "slachtofferhulp"])
def test_only_the_om_decides(as_user: Callable[[str], APIClient], register: Callable[..., int], username: str) -> None:
    case_id = register()

    response = as_user(username).post(
        f"/api/v1/cases/{case_id}/decision", {"disposal": "summons", "summonsType": "snelrecht"}, format="json"
    )

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert not Case.objects.get(pk=case_id).decisions.exists()


@pytest.mark.django_db
def test_values_of_another_disposal_are_not_stored_and_the_rationale_stays_with_the_om(
    as_user: Callable[[str], APIClient], register: Callable[..., int]
) -> None:
    case_id = register()
    response = as_user("officier").post(
        f"/api/v1/cases/{case_id}/decision",
        {
            "disposal": "technical_dismissal",
            "dismissalCode": "02",
            "communityServiceHours": 9999,
            "fineAmount": "-5.00",
            "haltHours": 300,
            "rationale": "Volgens het advies van SVG: verslaving",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    decision = Case.objects.get(pk=case_id).decisions.get()
    assert (decision.community_service_hours, decision.fine_amount, decision.halt_hours) == (None, None, None)
    for username in ("slachtofferhulp", "politie", "reclassering"):
        shown = as_user(username).get(f"/api/v1/cases/{case_id}").json()["decision"]
        assert shown["disposal"] == "technical_dismissal"
        assert "rationale" not in shown


@pytest.mark.django_db
def test_a_retried_intake_does_not_register_the_case_twice(as_user: Callable[[str], APIClient]) -> None:
    police = as_user("politie")
    body = payload()
    assert police.post("/api/v1/cases", body, format="json").status_code == 201
    retry = police.post("/api/v1/cases", body, format="json")
    assert retry.status_code == 400
    assert invalid_names(retry) == ["policeRegistrationNumber"]
    assert Case.objects.count() == 1
