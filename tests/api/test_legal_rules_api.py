"""The legal rules through the API, as a police system and an OM client meet them (docs/legal-rules.md).

A fine for a 10-year-old, a politierechter summons for a 15-year-old and Halt for zware mishandeling are each
refused with 400 problem+json naming the field, in Dutch, with the article; nothing is stored. Halt for
shoplifting by a 16-year-old is accepted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.api.test_cases_api import NOW, PROBLEM, payload
from tests.conftest import invalid_names
from zsm.accounts.models import User
from zsm.cases.models import Case
from zsm.decisions.models import Decision

pytestmark = pytest.mark.django_db


def born_for_age(age: int) -> str:
    """A date of birth that makes the suspect `age` on the payload's offence day (15 January 2026)."""
    return f"{2026 - age - 1}-06-01"


_numbers = iter(range(1, 1000))


def register_aged(police: APIClient, age: int, offences: list[dict[str, Any]]) -> dict[str, Any]:
    body = payload(offences=offences, policeRegistrationNumber=f"PL-AGED-{next(_numbers)}")
    body["suspect"] = {**body["suspect"], "bsn": "", "dateOfBirth": born_for_age(age)}
    response = police.post("/api/v1/cases", body, format="json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 201, response.content
    return dict(response.json())


def decide(officer: APIClient, case_id: int, decision: dict[str, Any]) -> Any:
    return officer.post(f"/api/v1/cases/{case_id}/decision", decision, format="json", HTTP_ACCEPT_LANGUAGE="nl")


def refusal(response: Any, field: str) -> str:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    assert invalid_names(response) == [field]
    return str(response.json()["invalidParams"][0]["reason"])


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """The API tests' winter evening, shortly after the payload's holding order."""
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_child_of_ten_is_registered_outside_criminal_law_and_gets_no_fine(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    created = register_aged(as_user("politie"), 10, [{"code": "350 Sr", "description": "Ruit ingegooid"}])
    assert created["status"] == "under_twelve"
    assert created["holdingDeadline"] is None
    assert created["examiningJudgeDeadline"] is None

    reason = refusal(decide(as_user("officier"), created["id"], {"disposal": "strafbeschikking", "fineAmount": 50}),
                     "disposal")  # fmt: skip
    assert "art. 486 Sv" in reason
    assert "12" in reason
    assert not Decision.objects.exists()
    detail = as_user("officier").get(f"/api/v1/cases/{created['id']}").json()
    assert detail["clock"] is None
    assert detail["status"] == "under_twelve"


def test_a_fifteen_year_old_is_not_summoned_before_the_politierechter(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    created = register_aged(as_user("politie"), 15, [{"code": "310 Sr"}])
    officer = as_user("officier")

    reason = refusal(decide(officer, created["id"], {"disposal": "summons", "summonsType": "police_judge"}),
                     "summonsType")  # fmt: skip
    assert "kinderrechter" in reason
    assert "art. 495 Sv" in reason
    assert not Decision.objects.exists()
    assert decide(officer, created["id"], {"disposal": "summons", "summonsType": "juvenile_judge"}).status_code == 201


def test_halt_for_zware_mishandeling_is_refused(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    created = register_aged(as_user("politie"), 16, [{"code": "302 lid 1 Sr", "description": "Zware mishandeling"}])

    response = decide(
        as_user("officier"), created["id"], {"disposal": "halt", "haltHours": 10, "haltWithConsent": True}
    )

    reason = refusal(response, "disposal")
    assert "Besluit aanwijzing Halt-feiten" in reason
    assert "302 lid 1 Sr" in reason
    assert Case.objects.get(pk=created["id"]).status == "registered"


def test_halt_for_shoplifting_by_a_sixteen_year_old_is_accepted(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    created = register_aged(as_user("politie"), 16, [{"code": "310 Sr", "description": "Winkeldiefstal"}])

    response = decide(as_user("officier"), created["id"], {"disposal": "halt", "haltHours": 10})

    assert response.status_code == 201, response.content
    assert response.json()["disposal"] == "halt"
    assert Case.objects.get(pk=created["id"]).status == "decided"


def test_a_police_export_that_denies_pre_trial_detention_for_vernieling_is_refused(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    body = payload(offences=[{"code": "350 Sr", "description": "Vernieling", "pretrialDetentionAllowed": False}])
    response = as_user("politie").post("/api/v1/cases", body, format="json", HTTP_ACCEPT_LANGUAGE="nl")

    reason = refusal(response, "offences[0].pretrialDetentionAllowed")
    assert "art. 67 lid 1 sub b Sv" in reason
    assert "9" in reason
    assert not Case.objects.exists()


@pytest.mark.parametrize(("years", "refused"), [("3.99", False), ("4", True)])
def test_an_unlisted_crime_of_four_years_must_allow_pre_trial_detention(
    as_user: Callable[[str], APIClient], world: dict[str, User], years: str, refused: bool
) -> None:
    offence = {"code": "999 Sr", "description": "Iets", "pretrialDetentionAllowed": False, "maxPenaltyYears": years}
    response = as_user("politie").post("/api/v1/cases", payload(offences=[offence]), format="json")
    if refused:
        assert "art. 67 lid 1 sub a Sv" in refusal(response, "offences[0].pretrialDetentionAllowed")
        assert not Case.objects.exists()
    else:
        assert response.status_code == 201, response.content


def test_an_appointment_on_a_saturday_is_stored_with_a_warning(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    created = register_aged(as_user("politie"), 30, [{"code": "266 Sr"}])
    decision = {
        "disposal": "refer_to_werkplaats",
        "appointmentAt": "2026-01-17T10:00:00+01:00",  # a Saturday
        "appointmentPlace": "Werkplaats Utrecht",
        "appointmentWith": "W. Werkplaats",
    }

    response = decide(as_user("officier"), created["id"], decision)

    assert response.status_code == 201, response.content
    [warning] = response.json()["warnings"]
    assert warning["name"] == "appointmentAt"
    assert "17-01-2026" in warning["reason"]
    weekday = decide(as_user("officier"), register_aged(as_user("politie"), 30, [{"code": "266 Sr"}])["id"],
                     {**decision, "appointmentAt": "2026-01-19T10:00:00+01:00"})  # fmt: skip
    assert weekday.json()["warnings"] == []
