"""The werkplaats API: casework for the werkplaats team and probation, the advice also for the OM,
nothing for anyone else; problems naming the field; nothing stored on a refused write."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import invalid_names
from zsm.accounts.models import User
from zsm.accounts.services import api_token_create
from zsm.audit.constants import Action, EventKind
from zsm.audit.models import AuditEvent
from zsm.workplace.constants import AssessmentStatus, LifeArea, WerkplaatsStatus
from zsm.workplace.models import Advice, Assessment, Contact, MonitoringCheck, TimeEntry, WerkplaatsCase

PROBLEM = "application/problem+json"
AMS = ZoneInfo("Europe/Amsterdam")
LATER = datetime(2026, 1, 14, 11, 0, tzinfo=AMS)  # an hour after the fixtures' cases were registered
TODAY = LATER.date()
CASEWORK_READERS = ("reclassering", "werkplaats", "werkplaats2", "coordinator")
SECRET_JUDGEMENT = "Drinkt sinds de scheiding dagelijks; eerder opgenomen geweest."
SECRET_NOTE = "Alcoholgebruik speelt een rol bij de ruzies."
SECRET_FACTORS = "Steunende zus."


@pytest.fixture(autouse=True)
def clock() -> Iterator[None]:
    with time_machine.travel(LATER, tick=True):
        yield


def url(werkplaats_case: WerkplaatsCase, tail: str = "") -> str:
    return f"/api/v1/werkplaats-cases/{werkplaats_case.pk}{tail}"


def contact(**changes: Any) -> dict[str, Any]:
    return {
        "role": "family",
        "name": "Moeder Jansen",
        "channel": "phone",
        "outcome": "reached",
        "minutes": 30,
    } | changes


def scores(**changes: int) -> dict[str, int]:
    # lowerCamelCase on the wire, like every other key.
    return {"offenceHistory": 0, "housing": 1, "educationWork": 0, "incomeDebts": 2, "relationships": 1,
            "friends": 0, "drugs": 0, "alcohol": 2, "emotionalWellbeing": 1, "thinkingBehaviour": 0,
            "attitude": 0} | changes  # fmt: skip


def assessment(**changes: Any) -> dict[str, Any]:
    return {
        "scores": scores(),
        "notes": {"alcohol": SECRET_NOTE},
        "protectiveFactors": SECRET_FACTORS,
        "professionalJudgement": SECRET_JUDGEMENT,
        "minutes": 60,
    } | changes


ADVICE = {"disposal": "conditional_dismissal", "rationale": "Hulp werkt beter dan straf.", "minutes": 20,
          "sharedDetails": "Cliënt drinkt; behandeling is gestart."}  # fmt: skip


@pytest.fixture
def confirmed(as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]) -> WerkplaatsCase:
    """An assigned case with an assessment recorded by `werkplaats` and confirmed by `werkplaats2`."""
    werkplaats_case = assigned()
    created = as_user("werkplaats").post(url(werkplaats_case, "/assessments"), assessment(), format="json")
    assert created.status_code == 201, created.content
    review = as_user("werkplaats2").post(
        url(werkplaats_case, f"/assessments/{created.json()['id']}/review"), {"confirm": True}, format="json"
    )
    assert review.status_code == 200, review.content
    return werkplaats_case


@pytest.fixture
def advised(as_user: Callable[[str], APIClient], confirmed: WerkplaatsCase) -> WerkplaatsCase:
    response = as_user("werkplaats").post(url(confirmed, "/advice"), ADVICE, format="json")
    assert response.status_code == 201, response.content
    return confirmed


# --- Werkplaats cases ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_werkplaats_lists_its_cases_filtered_and_paginated(
    as_user: Callable[[str], APIClient],
    world: dict[str, User],
    assigned: Callable[..., WerkplaatsCase],
    propose: Callable[..., WerkplaatsCase],
) -> None:
    mine = [assigned(), assigned()]
    other = assigned(worker="werkplaats2")
    proposed = propose()
    client = as_user("werkplaats")

    everything = client.get("/api/v1/werkplaats-cases")
    page = client.get("/api/v1/werkplaats-cases", {"pageSize": 2}).json()
    of_werkplaats2 = client.get("/api/v1/werkplaats-cases", {"worker": world["werkplaats2"].pk}).json()
    still_proposed = client.get("/api/v1/werkplaats-cases", {"status": "proposed"}).json()

    assert everything.status_code == 200
    assert everything["API-Version"] == "1.0.0"
    assert {case["id"] for case in everything.json()["results"]} == {c.pk for c in [*mine, other, proposed]}
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 4
    assert len(page["results"]) == 2
    assert "pageSize=2" in page["next"]
    assert page["previous"] is None
    assert [case["id"] for case in of_werkplaats2["results"]] == [other.pk]
    assert of_werkplaats2["results"][0]["worker"] == {
        "id": world["werkplaats2"].pk,
        "displayName": "Willem van der Werkplaats",
    }
    assert [case["id"] for case in still_proposed["results"]] == [proposed.pk]
    first = everything.json()["results"][0]
    assert {"case", "suspect", "signals", "status", "worker", "proposedAt", "version"} <= set(first)
    event = AuditEvent.objects.filter(event="werkplaats_case.listed").order_by("pk").first()
    assert event is not None
    assert event.action == Action.SEARCH
    assert event.details["results"] == 4
    assert sorted(event.details["werkplaats_cases"]) == sorted(c.pk for c in [*mine, other, proposed])
    assert "Jansen" not in str(event.details)


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["officier", "politie", "slachtofferhulp", "raad", "beheer", "privacy"])
def test_only_the_werkplaats_and_probation_list_werkplaats_cases(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase], username: str
) -> None:
    assigned()

    response = as_user(username).get("/api/v1/werkplaats-cases")

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert "results" not in response.json()


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "name"), [({"status": "gezellig"}, "status"), ({"worker": "Wendy"}, "worker")])
def test_an_invalid_filter_is_a_400_naming_it(
    as_user: Callable[[str], APIClient], world: dict[str, User], params: dict[str, str], name: str
) -> None:
    response = as_user("coordinator").get("/api/v1/werkplaats-cases", params)

    assert response.status_code == 400
    assert invalid_names(response) == [name]


@pytest.mark.django_db
def test_the_detail_totals_equal_the_sum_of_the_activities(
    as_user: Callable[[str], APIClient], world: dict[str, User], advised: WerkplaatsCase
) -> None:
    worker = as_user("werkplaats")
    assert worker.post(url(advised, "/contacts"), contact(minutes=25), format="json").status_code == 201
    time = {"kind": "case_review", "minutes": 15, "spentOn": TODAY.isoformat()}
    assert worker.post(url(advised, "/time-entries"), time, format="json").status_code == 201

    response = as_user("reclassering").get(url(advised))

    assert response.status_code == 200
    body = response.json()
    by_activity = {row["activity"]: row["minutes"] for row in body["minutesByActivity"]}
    assert by_activity == {
        "contact": 25,
        "assessment": 60,
        "advice": 20,
        "monitoring_check": 0,
        "conversation": 0,
        "time_entry": 15,
    }
    assert body["totalMinutes"] == sum(by_activity.values()) == 120
    assert all(row["name"] for row in body["minutesByActivity"])
    assert body["status"] == WerkplaatsStatus.ADVICE_GIVEN
    event = AuditEvent.objects.get(event="werkplaats_case.viewed")
    assert (event.kind, event.actor, event.person_id) == (
        EventKind.ACCESS,
        world["reclassering"],
        advised.case.suspect_id,
    )


# --- Who sees what ------------------------------------------------------------------------------------

CASEWORK_READS = ["", "/contacts", "/assessments", "/monitoring-checks", "/time-entries"]


@pytest.mark.django_db
@pytest.mark.parametrize("tail", CASEWORK_READS)
def test_the_om_reads_the_advice_but_none_of_the_casework(
    as_user: Callable[[str], APIClient], advised: WerkplaatsCase, tail: str
) -> None:
    officier = as_user("officier")

    casework = officier.get(url(advised, tail))
    advice = officier.get(url(advised, "/advice"))

    assert casework.status_code == 403
    assert casework["Content-Type"] == PROBLEM
    assert SECRET_JUDGEMENT not in casework.content.decode()
    assert advice.status_code == 200
    assert advice.json()["sharedDetails"] == ADVICE["sharedDetails"]
    assert advice.json()["disposal"] == "conditional_dismissal"


@pytest.mark.django_db
@pytest.mark.parametrize("tail", CASEWORK_READS)
@pytest.mark.parametrize("username", CASEWORK_READERS)
def test_the_werkplaats_team_and_probation_read_the_casework(
    as_user: Callable[[str], APIClient], advised: WerkplaatsCase, tail: str, username: str
) -> None:
    response = as_user(username).get(url(advised, tail))

    assert response.status_code == 200
    if tail:
        assert set(response.json()) == {"count", "next", "previous", "results"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"), [("slachtofferhulp", 403), ("politie", 403), ("raad", 404), ("veiligheidshuis", 404)]
)
def test_others_see_nothing_of_the_casework(
    as_user: Callable[[str], APIClient], advised: WerkplaatsCase, username: str, status: int
) -> None:
    client = as_user(username)
    surname = advised.case.suspect.surname

    for tail in [*CASEWORK_READS, "/advice"]:
        response = client.get(url(advised, tail))
        assert response.status_code == status, tail
        assert response["Content-Type"] == PROBLEM
        assert surname not in response.content.decode()
        assert SECRET_JUDGEMENT not in response.content.decode()
    assert client.get("/api/v1/werkplaats-cases").status_code == 403
    assert not AuditEvent.objects.filter(kind=EventKind.ACCESS, actor__username=username).exists()


@pytest.mark.django_db
def test_another_locations_werkplaats_does_not_see_the_case(advised: WerkplaatsCase, elsewhere: dict[str, Any]) -> None:
    _token, key = api_token_create(user=elsewhere["werkplaats-noord"], name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert client.get(url(advised, "/contacts")).status_code == 404
    assert client.get(url(advised, "/advice")).status_code == 404
    assert client.get("/api/v1/werkplaats-cases").json()["count"] == 0


@pytest.mark.django_db
def test_every_read_writes_an_access_event_with_the_person(
    as_user: Callable[[str], APIClient], world: dict[str, User], advised: WerkplaatsCase
) -> None:
    client = as_user("coordinator")
    before = AuditEvent.objects.filter(kind=EventKind.ACCESS).count()

    for tail in [*CASEWORK_READS, "/advice"]:
        assert client.get(url(advised, tail)).status_code == 200
    as_user("officier").get(url(advised, "/advice"))

    events = AuditEvent.objects.filter(kind=EventKind.ACCESS).order_by("pk")[before:]
    assert len(events) == len(CASEWORK_READS) + 2
    assert {event.person_id for event in events} == {advised.case.suspect_id}
    assert {event.event for event in events} >= {"werkplaats_case.viewed", "werkplaats_advice.viewed"}
    assert events[len(events) - 1].actor == world["officier"]


# --- Contacts ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_assigned_worker_logs_a_contact(
    as_user: Callable[[str], APIClient], world: dict[str, User], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()

    response = as_user("werkplaats").post(
        url(werkplaats_case, "/contacts"), contact(outcome="not_reached", summary="Voicemail"), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["followUpOn"] == "2026-01-15"  # not reached: try again on the next working day
    assert body["phone"] == ""
    assert body["loggedBy"]["id"] == world["werkplaats"].pk
    listing = as_user("reclassering").get(url(werkplaats_case, "/contacts")).json()
    assert [item["id"] for item in listing["results"]] == [body["id"]]
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.IN_PROGRESS


@pytest.mark.django_db
def test_a_contact_keeps_the_persons_phone_number(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    worker = as_user("werkplaats")
    first = worker.post(url(werkplaats_case, "/contacts"), contact(phone="06-12345678"), format="json")
    assert first.status_code == 201, first.content
    assert first.json()["phone"] == "06-12345678"
    later = worker.post(url(werkplaats_case, "/contacts"), contact(), format="json")
    assert later.json()["phone"] == "06-12345678"  # the same person: the number is kept


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "status"), [("werkplaats2", 403), ("reclassering", 403), ("officier", 403)])
def test_only_the_assigned_worker_or_coordinator_logs_contacts(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase], username: str, status: int
) -> None:
    werkplaats_case = assigned()

    response = as_user(username).post(url(werkplaats_case, "/contacts"), contact(), format="json")

    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert not Contact.objects.exists()
    assert as_user("coordinator").post(url(werkplaats_case, "/contacts"), contact(), format="json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"role": "buurman"}, "role"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": 13 * 60}, "minutes"),
        ({"name": ""}, "name"),
        ({"followUpOn": "14-01-2026"}, "followUpOn"),
        # Refused by the service rather than the serializer: still named as the client wrote it.
        ({"followUpOn": (TODAY - timedelta(days=1)).isoformat()}, "followUpOn"),
        ({"name": "   "}, "name"),
        ({"phone": "+32 2 123 45 67"}, "phone"),
    ],
)
def test_an_invalid_contact_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase], changes: dict[str, Any], name: str
) -> None:
    werkplaats_case = assigned()
    worker = as_user("werkplaats")
    events = AuditEvent.objects.count()

    response = worker.post(url(werkplaats_case, "/contacts"), contact(**changes), format="json")

    assert response.status_code == 400, response.content
    assert name in invalid_names(response)
    assert not Contact.objects.exists()
    assert AuditEvent.objects.count() == events
    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.ASSIGNED


@pytest.mark.django_db
def test_no_casework_on_a_case_not_yet_assigned_is_a_409(
    as_user: Callable[[str], APIClient], propose: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = propose()

    response = as_user("coordinator").post(url(werkplaats_case, "/assessments"), assessment(), format="json")

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    assert not Assessment.objects.exists()


# --- Assessments -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_assessment_derives_its_levels_and_awaits_review(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()

    response = as_user("werkplaats").post(url(werkplaats_case, "/assessments"), assessment(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scores"]["incomeDebts"] == 2
    assert (body["riskLevel"], body["problemLevel"], body["approach"]) == ("low", "many", "voluntary_care")
    assert body["status"] == AssessmentStatus.AWAITING_REVIEW
    assert body["notes"] == {"alcohol": SECRET_NOTE}
    assert body["specialCategoryVisible"] is True
    stored = Assessment.objects.get()
    assert stored.scores[LifeArea.INCOME_DEBTS] == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"scores": {k: v for k, v in scores().items() if k != "drugs"}}, "scores.drugs"),
        ({"scores": scores(emotionalWellbeing=3)}, "scores.emotionalWellbeing"),
        ({"scores": scores(housing="veel")}, "scores.housing"),  # type: ignore[arg-type]
        ({"professionalJudgement": ""}, "professionalJudgement"),
        ({"professionalJudgement": "   "}, "professionalJudgement"),
        ({"minutes": -5}, "minutes"),
    ],
)
def test_an_invalid_assessment_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase], changes: dict[str, Any], name: str
) -> None:
    werkplaats_case = assigned()

    response = as_user("werkplaats").post(url(werkplaats_case, "/assessments"), assessment(**changes), format="json")

    assert response.status_code == 400, response.content
    assert name in invalid_names(response)
    assert not Assessment.objects.exists()


@pytest.mark.django_db
def test_the_author_cannot_confirm_their_own_assessment(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    author = as_user("werkplaats")
    created = author.post(url(werkplaats_case, "/assessments"), assessment(), format="json").json()
    review_url = url(werkplaats_case, f"/assessments/{created['id']}/review")

    own = author.post(review_url, {"confirm": True}, format="json")
    screener = as_user("reclassering").post(review_url, {"confirm": True}, format="json")
    officier = as_user("officier").post(review_url, {"confirm": True}, format="json")

    assert own.status_code == 400
    assert invalid_names(own) == ["confirm"]
    assert screener.status_code == 403
    assert officier.status_code == 403
    assert Assessment.objects.get().status == AssessmentStatus.AWAITING_REVIEW


@pytest.mark.django_db
def test_a_colleague_challenges_with_a_note_and_reviews_once(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    created = as_user("werkplaats").post(url(werkplaats_case, "/assessments"), assessment(), format="json").json()
    review_url = url(werkplaats_case, f"/assessments/{created['id']}/review")
    colleague = as_user("werkplaats2")

    without_note = colleague.post(review_url, {"confirm": False}, format="json")
    challenged = colleague.post(review_url, {"confirm": False, "note": "Schulden lijken lager."}, format="json")
    again = as_user("coordinator").post(review_url, {"confirm": True}, format="json")
    elsewhere = colleague.post(
        url(assigned(), f"/assessments/{created['id']}/review"), {"confirm": True}, format="json"
    )

    assert without_note.status_code == 400
    assert invalid_names(without_note) == ["note"]
    assert challenged.status_code == 200
    assert challenged.json()["status"] == AssessmentStatus.CHALLENGED
    assert challenged.json()["reviewNote"] == "Schulden lijken lager."
    assert again.status_code == 409
    assert again["Content-Type"] == PROBLEM
    assert elsewhere.status_code == 404  # the assessment belongs to another werkplaats case
    assert Assessment.objects.get().status == AssessmentStatus.CHALLENGED


@pytest.mark.django_db
def test_special_category_content_only_for_who_may_read_it(
    as_user: Callable[[str], APIClient], confirmed: WerkplaatsCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every demo casework reader works for probation; a reader who is not (a municipality's worker) is simulated.
    monkeypatch.setattr("zsm.workplace.api.sees_special_category_at", lambda user, location_id: False)

    response = as_user("coordinator").get(url(confirmed, "/assessments"))

    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["specialCategoryVisible"] is False
    assert (item["notes"], item["protectiveFactors"], item["professionalJudgement"]) == (None, None, None)
    assert item["scores"]["alcohol"] == 2
    for secret in (SECRET_JUDGEMENT, SECRET_NOTE, SECRET_FACTORS):
        assert secret not in response.content.decode()


# --- Advice -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_advice_needs_a_confirmed_assessment(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    worker = as_user("werkplaats")
    worker.post(url(werkplaats_case, "/assessments"), assessment(), format="json")

    response = worker.post(url(werkplaats_case, "/advice"), ADVICE, format="json")

    assert response.status_code == 409
    assert not Advice.objects.exists()
    assert worker.get(url(werkplaats_case, "/advice")).status_code == 404  # no advice yet


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [({"disposal": "fine"}, "disposal"), ({"rationale": ""}, "rationale"), ({"intervention": 999}, "intervention")],
)
def test_an_invalid_advice_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], confirmed: WerkplaatsCase, changes: dict[str, Any], name: str
) -> None:
    response = as_user("werkplaats").post(url(confirmed, "/advice"), ADVICE | changes, format="json")

    assert response.status_code == 400, response.content
    assert name in invalid_names(response)
    assert not Advice.objects.exists()
    confirmed.refresh_from_db()
    assert confirmed.status == WerkplaatsStatus.IN_PROGRESS


def om_decides_by_api(as_user: Callable[[str], APIClient], werkplaats_case: WerkplaatsCase) -> None:
    """The OM records a fine on the ZSM case: not what the werkplaats advised."""
    decided = as_user("officier").post(
        f"/api/v1/cases/{werkplaats_case.case_id}/decision",
        {"disposal": "strafbeschikking", "fineAmount": 150},
        format="json",
    )
    assert decided.status_code == 201, decided.content


@pytest.mark.django_db
def test_the_om_answers_the_advice_with_the_version_it_read(
    as_user: Callable[[str], APIClient], world: dict[str, User], advised: WerkplaatsCase
) -> None:
    officier = as_user("officier")
    before = officier.post(url(advised, "/advice/answer"), {"reason": "Te vroeg.", "version": 1}, format="json")
    om_decides_by_api(as_user, advised)
    read = officier.get(url(advised, "/advice")).json()
    answer = {"reason": "Een boete past beter.", "usefulness": 4, "version": read["version"]}

    not_the_om = as_user("werkplaats").post(url(advised, "/advice/answer"), answer, format="json")
    answered = officier.post(url(advised, "/advice/answer"), answer, format="json")
    stale = officier.post(url(advised, "/advice/answer"), answer | {"usefulness": 2}, format="json")

    assert before.status_code == 409  # the answer follows from a decision; there was none yet
    assert read["response"] == "not_adopted"  # read off the decision, not declared
    assert not_the_om.status_code == 403
    assert answered.status_code == 200, answered.content
    body = answered.json()
    assert (body["response"], body["responseReason"], body["usefulness"]) == (
        "not_adopted", "Een boete past beter.", 4)  # fmt: skip
    assert body["respondedBy"]["id"] == world["officier"].pk
    assert body["version"] == read["version"] + 1
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    assert Advice.objects.get().usefulness == 4


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "name"),
    [
        ({}, "reason"),
        ({"reason": "Boete.", "usefulness": 6}, "usefulness"),
        ({"response": "misschien", "reason": "Boete."}, "response"),
        ({"response": "adopted", "reason": "Boete."}, "response"),  # contradicts the decision
        ({"reason": "Boete."}, "version"),
    ],
)
def test_an_invalid_answer_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], advised: WerkplaatsCase, answer: dict[str, Any], name: str
) -> None:
    om_decides_by_api(as_user, advised)
    decided = Advice.objects.get()
    body = {"version": decided.version} | answer if name != "version" else answer

    response = as_user("officier").post(url(advised, "/advice/answer"), body, format="json")

    assert response.status_code == 400, response.content
    assert name in invalid_names(response)
    stored = Advice.objects.get()
    assert (stored.response, stored.response_reason, stored.version) == ("not_adopted", "", decided.version)


# --- Monitoring checks and time ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_monitoring_checks_are_planned_and_recorded_once(
    as_user: Callable[[str], APIClient], advised: WerkplaatsCase
) -> None:
    worker = as_user("werkplaats")
    due = (TODAY + timedelta(days=7)).isoformat()
    om_decides_by_api(as_user, advised)  # monitoring comes after the OM's decision

    past = worker.post(
        url(advised, "/monitoring-checks"), {"subject": "Schuldhulp", "dueOn": "2026-01-01"}, format="json"
    )
    planned = worker.post(url(advised, "/monitoring-checks"), {"subject": "Schuldhulp", "dueOn": due}, format="json")
    check_url = url(advised, f"/monitoring-checks/{planned.json()['id']}/outcome")
    no_note = worker.post(check_url, {"outcome": "not_running_chased", "minutes": 10}, format="json")
    by_colleague = as_user("werkplaats2").post(check_url, {"outcome": "running", "minutes": 10}, format="json")
    recorded = worker.post(check_url, {"outcome": "running", "minutes": 10}, format="json")
    again = worker.post(check_url, {"outcome": "ended", "minutes": 5}, format="json")

    assert past.status_code == 400
    assert invalid_names(past) == ["dueOn"]
    assert planned.status_code == 201, planned.content
    assert planned.json()["outcome"] == ""
    assert no_note.status_code == 400
    assert invalid_names(no_note) == ["outcomeNote"]
    assert by_colleague.status_code == 403
    assert recorded.status_code == 200
    assert (recorded.json()["outcome"], recorded.json()["minutes"]) == ("running", 10)
    assert again.status_code == 409
    assert MonitoringCheck.objects.get().outcome == "running"
    advised.refresh_from_db()
    assert advised.status == WerkplaatsStatus.MONITORING
    listing = as_user("reclassering").get(url(advised, "/monitoring-checks")).json()
    assert [item["subject"] for item in listing["results"]] == ["Schuldhulp"]


@pytest.mark.django_db
def test_time_is_written_and_listed_paginated(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    worker = as_user("werkplaats")
    for minutes in (10, 20, 30):
        entry = {"kind": "reporting", "minutes": minutes, "spentOn": TODAY.isoformat(), "description": "Verslag"}
        assert worker.post(url(werkplaats_case, "/time-entries"), entry, format="json").status_code == 201
    future = {"kind": "reporting", "minutes": 5, "spentOn": (TODAY + timedelta(days=1)).isoformat()}

    refused = worker.post(url(werkplaats_case, "/time-entries"), future, format="json")
    unknown = worker.post(url(werkplaats_case, "/time-entries"), future | {"kind": "koffie"}, format="json")
    page = as_user("coordinator").get(url(werkplaats_case, "/time-entries"), {"pageSize": 2}).json()

    assert refused.status_code == 400
    assert invalid_names(refused) == ["spentOn"]
    assert "kind" in invalid_names(unknown)
    assert TimeEntry.objects.count() == 3
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert "pageSize=2" in page["next"]


@pytest.mark.django_db
def test_the_lists_do_not_grow_in_queries_with_their_rows(
    as_user: Callable[[str], APIClient], assigned: Callable[..., WerkplaatsCase]
) -> None:
    werkplaats_case = assigned()
    worker = as_user("werkplaats")
    worker.post(url(werkplaats_case, "/contacts"), contact(), format="json")
    worker.get("/api/v1/werkplaats-cases")  # warm up (the token's last use is noted once a minute)

    with CaptureQueriesContext(connection) as few_cases:
        worker.get("/api/v1/werkplaats-cases")
    with CaptureQueriesContext(connection) as few_contacts:
        worker.get(url(werkplaats_case, "/contacts"))
    for _ in range(4):
        assigned()
        worker.post(url(werkplaats_case, "/contacts"), contact(), format="json")
    with CaptureQueriesContext(connection) as many_cases:
        assert worker.get("/api/v1/werkplaats-cases").json()["count"] == 5
    with CaptureQueriesContext(connection) as many_contacts:
        assert worker.get(url(werkplaats_case, "/contacts")).json()["count"] == 5

    assert len(many_cases.captured_queries) == len(few_cases.captured_queries)
    assert len(many_contacts.captured_queries) == len(few_contacts.captured_queries)
