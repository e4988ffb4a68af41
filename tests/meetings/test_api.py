"""The signal-register API: the werkplaats team and the OM read it, the team keeps it; problems naming the field
as the client wrote it; nothing stored on a refused write; version conflicts as 409; candidates from failing
referrals."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.conftest import invalid_names
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.audit.models import AuditEvent
from zsm.meetings.constants import SignalScope, SignalStatus
from zsm.meetings.models import Signal
from zsm.meetings.services import SignalInput, signal_create
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Institution
from zsm.socialmap.services import referral_move

PROBLEM = "application/problem+json"
OUTSIDERS = ["politie", "reclassering", "slachtofferhulp", "raad", "veiligheidshuis", "beheer", "privacy"]


def make_signal(world: dict[str, User], **changes: Any) -> Signal:
    values: dict[str, Any] = {
        "title": "Wijkteam Noord pakt niets op",
        "description": "Drie verwijzingen zonder reactie.",
        "scope": SignalScope.AREA,
        "subject": "Utrecht Noord",
        "owner_id": world["werkplaats"].pk,
    }
    return signal_create(user=world["werkplaats"], data=SignalInput(**(values | changes)))


def signal_body(world: dict[str, User], **changes: Any) -> dict[str, Any]:
    return {
        "title": "Schuldhulp reageert niet",
        "description": "Verwijzingen blijven liggen.",
        "scope": "organisation",
        "subject": "Schuldhulp Utrecht",
        "owner": world["werkplaats2"].pk,
    } | changes


def failed_referrals(world: dict[str, User], institution: Institution, count: int = 3) -> list[int]:
    cases = [assigned_case(world).pk for _ in range(count)]
    for case_id in cases:
        referral = sent_referral(world, case_id, institution)
        referral_move(
            user=world["werkplaats"],
            referral_id=referral.pk,
            target=ReferralStatus.DECLINED,
            expected_version=referral.version,
            reason="Geen plek.",
        )
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["werkplaats", "coordinator", "officier"])
def test_the_team_and_the_om_read_the_register_filtered_and_cheap(
    as_user: Callable[[str], APIClient],
    world: dict[str, User],
    username: str,
    django_assert_max_num_queries: Any,
) -> None:
    case = assigned_case(world)
    signals = [make_signal(world, werkplaats_case_ids=[case.pk]) for _ in range(3)]
    client = as_user(username)

    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/signals")
    only_resolved = client.get("/api/v1/signals", {"status": "resolved"}).json()
    invalid = client.get("/api/v1/signals", {"status": "vergeten"})
    detail = client.get(f"/api/v1/signals/{signals[0].pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert body["results"][0]["werkplaatsCases"] == [case.pk]
    assert body["results"][0]["owner"]["id"] == world["werkplaats"].pk
    assert only_resolved["count"] == 0
    assert invalid.status_code == 400
    assert invalid_names(invalid) == ["status"]
    assert detail.status_code == 200
    assert detail.json()["title"] == signals[0].title
    assert client.get("/api/v1/signals/999999").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("username", OUTSIDERS)
def test_others_get_nothing_of_the_register(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    signal = make_signal(world)
    client = as_user(username)

    for path in ["/api/v1/signals", f"/api/v1/signals/{signal.pk}", "/api/v1/signal-candidates"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert response["Content-Type"] == PROBLEM
        assert signal.title not in response.content.decode()
    assert client.post("/api/v1/signals", signal_body(world), format="json").status_code == 403
    assert Signal.objects.count() == 1


@pytest.mark.django_db
def test_the_team_raises_a_signal_with_its_cases(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    case = assigned_case(world)
    institution = make_institution(world)

    response = as_user("werkplaats").post(
        "/api/v1/signals",
        signal_body(world, institution=institution.pk, werkplaatsCases=[case.pk], fromCandidate=True),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    signal = Signal.objects.get()
    assert response["Location"].endswith(f"/api/v1/signals/{signal.pk}")
    assert body["institution"] == {"id": institution.pk, "name": institution.name}
    assert body["werkplaatsCases"] == [case.pk]
    assert (body["status"], body["fromCandidate"]) == ("open", True)
    assert list(signal.cases.values_list("pk", flat=True)) == [case.pk]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"title": "  "}, "title"),
        ({"scope": "planeet"}, "scope"),
        ({"scope": "area", "subject": ""}, "subject"),
        ({"scope": "organisation", "subject": "", "institution": None}, "institution"),
        ({"institution": 999999}, "institution"),
        ({"werkplaatsCases": [999999]}, "werkplaatsCases"),
        ({"werkplaatsCases": ["een"]}, "werkplaatsCases[0]"),
        ({"owner": None}, "owner"),
    ],
)
def test_an_invalid_signal_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], world: dict[str, User], changes: dict[str, Any], name: str
) -> None:
    client = as_user("coordinator")
    events = AuditEvent.objects.count()

    response = client.post("/api/v1/signals", signal_body(world, **changes), format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    assert name in invalid_names(response)
    assert not Signal.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_the_owner_must_be_on_the_team(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    response = as_user("werkplaats").post(
        "/api/v1/signals", signal_body(world, owner=world["officier"].pk), format="json"
    )

    assert response.status_code == 400
    assert invalid_names(response) == ["owner"]
    assert not Signal.objects.exists()


@pytest.mark.django_db
def test_a_change_needs_the_current_version(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    signal = make_signal(world)
    url = f"/api/v1/signals/{signal.pk}"
    body = signal_body(world, scope="area", subject="Overvecht", version=signal.version)

    by_the_om = as_user("officier").put(url, body, format="json")
    changed = as_user("werkplaats2").put(url, body, format="json")
    stale = as_user("werkplaats").put(url, {**body, "title": "Te laat"}, format="json")

    assert by_the_om.status_code == 403
    assert changed.status_code == 200, changed.content
    assert (changed.json()["subject"], changed.json()["version"]) == ("Overvecht", signal.version + 1)
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    signal.refresh_from_db()
    assert (signal.title, signal.version) == ("Schuldhulp reageert niet", 2)


@pytest.mark.django_db
def test_a_signal_is_raised_then_resolved(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    signal = make_signal(world)
    client = as_user("werkplaats")
    url = f"/api/v1/signals/{signal.pk}/transitions"

    raised = client.post(
        url, {"target": "raised", "version": 1, "note": "Coordinator belt de wijkteammanager."}, format="json"
    )
    resolved = client.post(url, {"target": "resolved", "version": 2, "note": "Vaste contactpersoon."}, format="json")

    assert raised.status_code == 200, raised.content
    assert raised.json()["action"] == "Coordinator belt de wijkteammanager."
    assert resolved.status_code == 200, resolved.content
    assert (resolved.json()["status"], resolved.json()["resolution"]) == ("resolved", "Vaste contactpersoon.")
    assert resolved.json()["resolvedAt"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status", "name"),
    [
        ({"target": "resolved", "note": ""}, 400, "note"),
        ({"target": "raised", "note": ""}, 400, "note"),  # no action yet: say where it is raised
        ({"target": "vergeten"}, 400, "target"),
        ({"target": "open"}, 409, None),
        ({"target": "resolved", "note": "Klaar.", "version": 7}, 409, None),
        ({"target": "resolved", "note": "Klaar.", "version": "een"}, 400, "version"),
    ],
)
def test_a_refused_move_changes_nothing(
    as_user: Callable[[str], APIClient],
    world: dict[str, User],
    changes: dict[str, Any],
    status: int,
    name: str | None,
) -> None:
    signal = make_signal(world)
    client = as_user("werkplaats")

    response = client.post(f"/api/v1/signals/{signal.pk}/transitions", {"version": 1} | changes, format="json")

    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    if name:
        assert name in invalid_names(response)
    signal.refresh_from_db()
    assert (signal.status, signal.version) == (SignalStatus.OPEN, 1)


@pytest.mark.django_db
def test_the_om_does_not_move_a_signal(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    signal = make_signal(world)

    response = as_user("officier").post(
        f"/api/v1/signals/{signal.pk}/transitions", {"target": "resolved", "version": 1, "note": "Ok"}, format="json"
    )

    assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == SignalStatus.OPEN


@pytest.mark.django_db
def test_failing_referrals_make_a_candidate_until_a_signal_covers_it(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    failing = make_institution(world, name="Schuldhulp Nergens")
    fine = make_institution(world, name="Schuldhulp Prima")
    cases = failed_referrals(world, failing)
    failed_referrals(world, fine, count=2)
    client = as_user("werkplaats")

    response = client.get("/api/v1/signal-candidates")

    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "institution": {"id": failing.pk, "name": "Schuldhulp Nergens"},
            "failedReferrals": 3,
            "werkplaatsCases": sorted(cases),
        }
    ]
    make_signal(world, scope=SignalScope.ORGANISATION, institution_id=failing.pk, subject="")
    assert client.get("/api/v1/signal-candidates").json()["results"] == []
