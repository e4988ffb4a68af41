"""The social-map and referral API: the map for every role that works with cases, referrals only for the
werkplaats casework; problems naming the field as the client wrote it; nothing stored on a refused write;
version conflicts as 409; never a link's token in an answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from tests.conftest import invalid_names
from tests.socialmap.factories import draft_referral, make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.audit.constants import EventKind
from zsm.audit.models import AuditEvent
from zsm.common.clock import local_now
from zsm.socialmap.constants import Need, ReferralStatus
from zsm.socialmap.models import Institution, Referral, ReferralLink, ReferralTransition
from zsm.workplace.models import WerkplaatsCase

PROBLEM = "application/problem+json"
CASEWORK_READERS = ("reclassering", "werkplaats", "werkplaats2", "coordinator")


def institution_body(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Schuldhulp Utrecht",
        "kind": "schuldhulp",
        "municipality": "Utrecht",
        "email": "info@schuldhulp.example",
        "services": [{"need": "schuldhulp", "name": "Intake schuldhulp"}],
        "areas": [{"postcodeFrom": 3500, "postcodeTo": 3585, "municipality": "Utrecht"}],
        "contactPersons": [{"name": "Iris Intake", "email": "intake@schuldhulp.example", "receivesReferrals": True}],
    } | changes


def referral_body(werkplaats_case: WerkplaatsCase, institution: Institution, /, **changes: Any) -> dict[str, Any]:
    return {
        "werkplaatsCase": werkplaats_case.pk,
        "institution": institution.pk,
        "service": institution.services.get().pk,
        "need": "schuldhulp",
        "question": "Graag een intake voor schuldhulp.",
        "legalBasis": "toestemming",
        "consentNote": "Mondeling op 24-11.",
    } | changes


# --- The social map -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_map_lists_every_institution_paginated_in_few_queries(
    as_user: Callable[[str], APIClient], world: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    made = [make_institution(world) for _ in range(4)]
    client = as_user("politie")

    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/institutions", {"pageSize": 3})

    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == len(made)
    assert len(body["results"]) == 3
    first = body["results"][0]
    assert {"id", "name", "kind", "municipality", "verifiedOn", "version", "services", "fit"} <= set(first)
    assert first["fit"] is None
    assert first["services"][0]["need"] == "schuldhulp"


@pytest.mark.django_db
def test_a_search_by_need_and_place_ranks_by_area_fit(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    national = make_institution(world, name="Landelijk Schuldenloket", areas=((1000, 9999),))
    local = make_institution(world, name="Wijk Schuldhulp", areas=((3500, 3585),))
    make_institution(world, name="Zwolle Schuldhulp", areas=((8000, 8099),))
    make_institution(world, name="GGZ Utrecht", need=Need.MENTAL_HEALTH)

    response = as_user("werkplaats").get("/api/v1/institutions", {"q": "schuld", "place": "3521 AB"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [item["id"] for item in results] == [local.pk, national.pk]
    assert [item["fit"] for item in results] == [86, 9000]
    assert all(service["need"] == "schuldhulp" for item in results for service in item["services"])


@pytest.mark.django_db
def test_the_detail_has_the_items_and_referral_figures(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    institution = make_institution(world)
    sent_referral(world, assigned_case(world).pk, institution)

    response = as_user("officier").get(f"/api/v1/institutions/{institution.pk}")

    assert response.status_code == 200
    body = response.json()
    assert body["verifiedOn"] == local_now().date().isoformat()
    assert body["services"][0]["name"]
    assert body["areas"] == [
        {"id": institution.areas.get().pk, "postcodeFrom": 3500, "postcodeTo": 3585, "municipality": "Utrecht"}
    ]
    assert body["contactPersons"][0]["receivesReferrals"] is True
    assert body["referralFigures"] == {
        "sent": 1,
        "acknowledged": 0,
        "declined": 0,
        "noResponse": 0,
        "waiting": 1,
        "acknowledgedPercent": None,  # the one referral still waits: nothing to hold against the agency yet
        "medianDaysToAcknowledge": None,
    }


@pytest.mark.django_db
def test_the_privacy_officer_does_not_use_the_map(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    institution = make_institution(world)
    client = as_user("privacy")

    for path in ["/api/v1/institutions", f"/api/v1/institutions/{institution.pk}", "/api/v1/services"]:
        response = client.get(path)
        assert response.status_code == 403, path
        assert response["Content-Type"] == PROBLEM
    assert as_user("politie").get("/api/v1/institutions/999999").status_code == 404


@pytest.mark.django_db
def test_the_werkplaats_adds_an_institution_with_its_items(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    response = as_user("werkplaats").post("/api/v1/institutions", institution_body(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    institution = Institution.objects.get(name="Schuldhulp Utrecht")
    assert body["id"] == institution.pk
    assert response["Location"].endswith(f"/api/v1/institutions/{institution.pk}")
    assert [c["email"] for c in body["contactPersons"]] == ["intake@schuldhulp.example"]
    assert institution.services.get().need == Need.DEBT_HELP
    assert institution.verified_by == world["werkplaats"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"kind": "kapper"}, "kind"),
        ({"services": []}, "services"),
        ({"areas": [{"postcodeFrom": 3600, "postcodeTo": 3500}]}, "areas[0]"),
        ({"areas": [{"postcodeFrom": 999, "postcodeTo": 3500}]}, "areas[0].postcodeFrom"),
        ({"postcode": "ABCD"}, "postcode"),
        ({"contactPersons": [{"name": "Iris", "email": "geen-adres"}]}, "contactPersons[0].email"),
        ({"contactPersons": [{"name": "Iris", "receivesReferrals": True}]}, "contactPersons[0].email"),
        ({"services": [{"need": "schuldhulp", "name": "  "}]}, "services[0].name"),
    ],
)
def test_an_invalid_institution_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], world: dict[str, User], changes: dict[str, Any], name: str
) -> None:
    client = as_user("werkplaats")
    events = AuditEvent.objects.count()

    response = client.post("/api/v1/institutions", institution_body(**changes), format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    assert name in invalid_names(response)
    assert not Institution.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["politie", "officier", "reclassering", "privacy"])
def test_only_maintainers_add_or_correct_institutions(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    institution = make_institution(world)
    client = as_user(username)

    created = client.post("/api/v1/institutions", institution_body(), format="json")
    corrected = client.put(
        f"/api/v1/institutions/{institution.pk}", institution_body(version=institution.version), format="json"
    )
    verified = client.post(
        f"/api/v1/institutions/{institution.pk}/verification", {"version": institution.version}, format="json"
    )

    assert (created.status_code, corrected.status_code, verified.status_code) == (403, 403, 403)
    assert list(Institution.objects.values_list("name", "version")) == [(institution.name, institution.version)]


@pytest.mark.django_db
def test_a_correction_needs_the_current_version(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    institution = make_institution(world)
    client = as_user("beheer")
    url = f"/api/v1/institutions/{institution.pk}"
    detail = client.get(url).json()
    keep = {**detail["services"][0]}
    body = institution_body(
        name="Schuldhulp Utrecht-Noord",
        version=detail["version"],
        services=[keep, {"need": "schuldhulpmaatje", "name": "Maatje"}],
    )

    corrected = client.put(url, body, format="json")
    stale = client.put(url, {**body, "name": "Te laat"}, format="json")

    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["version"] == detail["version"] + 1
    assert {s["id"] for s in corrected.json()["services"]} >= {keep["id"]}
    assert len(corrected.json()["services"]) == 2
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    institution.refresh_from_db()
    assert institution.name == "Schuldhulp Utrecht-Noord"


@pytest.mark.django_db
def test_verification_confirms_the_entry_and_checks_the_version(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    institution = make_institution(world)
    Institution.objects.filter(pk=institution.pk).update(verified_on=local_now().date() - timedelta(days=400))
    url = f"/api/v1/institutions/{institution.pk}/verification"
    client = as_user("coordinator")

    missing = client.post(url, {}, format="json")
    confirmed = client.post(url, {"version": institution.version}, format="json")
    stale = client.post(url, {"version": institution.version}, format="json")

    assert missing.status_code == 400
    assert invalid_names(missing) == ["version"]
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["verifiedOn"] == local_now().date().isoformat()
    assert confirmed.json()["verifiedBy"]["id"] == world["coordinator"].pk
    assert stale.status_code == 409
    institution.refresh_from_db()
    assert institution.version == confirmed.json()["version"]


@pytest.mark.django_db
def test_the_services_list_filters_by_need(
    as_user: Callable[[str], APIClient], world: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    debt = make_institution(world, name="Schuldhulp")
    make_institution(world, name="GGZ", need=Need.MENTAL_HEALTH)
    client = as_user("slachtofferhulp")

    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/services", {"need": "schuldhulp"})
    invalid = client.get("/api/v1/services", {"need": "kapper"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(s["need"], s["institution"]) for s in results] == [("schuldhulp", {"id": debt.pk, "name": "Schuldhulp"})]
    assert client.get("/api/v1/services").json()["count"] == 2
    assert invalid.status_code == 400
    assert invalid_names(invalid) == ["need"]


# --- Referrals --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_worker_drafts_a_referral(as_user: Callable[[str], APIClient], world: dict[str, User]) -> None:
    werkplaats_case = assigned_case(world)
    institution = make_institution(world)

    response = as_user("werkplaats").post(
        "/api/v1/referrals", referral_body(werkplaats_case, institution), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    referral = Referral.objects.get()
    assert response["Location"].endswith(f"/api/v1/referrals/{referral.pk}")
    assert (body["status"], body["werkplaatsCase"], body["institution"]["id"]) == (
        "draft",
        werkplaats_case.pk,
        institution.pk,
    )
    assert [(t["fromStatus"], t["toStatus"], t["actorKind"]) for t in body["transitions"]] == [("", "draft", "user")]
    assert body["links"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"question": "   "}, "question"),
        ({"need": "kapper"}, "need"),
        ({"legalBasis": "", "shareOffence": True}, "shareOffence"),
        ({"legalBasis": "toestemming", "consentNote": ""}, "consentNote"),
        ({"werkplaatsCase": 999999}, "werkplaatsCase"),
        ({"institution": 999999}, "institution"),
        ({"contactPerson": 999999}, "contactPerson"),
    ],
)
def test_an_invalid_referral_is_a_400_naming_the_field_and_stores_nothing(
    as_user: Callable[[str], APIClient], world: dict[str, User], changes: dict[str, Any], name: str
) -> None:
    werkplaats_case = assigned_case(world)
    institution = make_institution(world)
    client = as_user("werkplaats")
    events = AuditEvent.objects.count()

    response = client.post("/api/v1/referrals", referral_body(werkplaats_case, institution, **changes), format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == PROBLEM
    assert name in invalid_names(response)
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["werkplaats2", "reclassering", "officier", "politie", "slachtofferhulp"])
def test_only_the_assigned_worker_or_coordinator_drafts_referrals(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    werkplaats_case = assigned_case(world)
    institution = make_institution(world)

    response = as_user(username).post("/api/v1/referrals", referral_body(werkplaats_case, institution), format="json")

    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert not Referral.objects.exists()
    coordinator = as_user("coordinator")
    assert (
        coordinator.post("/api/v1/referrals", referral_body(werkplaats_case, institution), format="json").status_code
        == 201
    )


@pytest.mark.django_db
def test_the_referral_list_is_scoped_filtered_and_cheap(
    as_user: Callable[[str], APIClient], world: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    first, second = assigned_case(world), assigned_case(world)
    institution = make_institution(world)
    drafts = [draft_referral(world, first.pk, institution) for _ in range(3)]
    sent = sent_referral(world, second.pk, institution)
    client = as_user("reclassering")

    with django_assert_max_num_queries(14):
        everything = client.get("/api/v1/referrals")
    of_first = client.get("/api/v1/referrals", {"werkplaatsCase": first.pk}).json()
    only_sent = client.get("/api/v1/referrals", {"status": "sent"}).json()
    invalid = client.get("/api/v1/referrals", {"status": "gezellig"})

    assert everything.status_code == 200
    assert everything.json()["count"] == 4
    assert {r["id"] for r in of_first["results"]} == {r.pk for r in drafts}
    assert [r["id"] for r in only_sent["results"]] == [sent.pk]
    assert invalid.status_code == 400
    assert invalid_names(invalid) == ["status"]
    event = AuditEvent.objects.filter(event="referral.listed").order_by("pk").first()
    assert event is not None
    assert event.details["results"] == 4
    # Indexed by client, so the privacy officer's search by person finds this list.
    clients = {WerkplaatsCase.objects.get(pk=r.werkplaats_case_id).case.suspect_id for r in [*drafts, sent]}
    assert set(event.shown_persons.values_list("person_id", flat=True)) == clients
    for username in ["officier", "politie", "slachtofferhulp", "raad", "beheer", "privacy"]:
        assert as_user(username).get("/api/v1/referrals").status_code == 403, username


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "status"),
    [("officier", 403), ("politie", 403), ("slachtofferhulp", 403), ("raad", 404), ("veiligheidshuis", 404)],
)
def test_outside_the_casework_a_referral_is_refused_or_hidden(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str, status: int
) -> None:
    referral = draft_referral(world, assigned_case(world).pk, make_institution(world))
    client = as_user(username)

    for method, path in [
        ("get", ""),
        ("post", "/sending"),
        ("post", "/transitions"),
    ]:
        response = getattr(client, method)(f"/api/v1/referrals/{referral.pk}{path}", {"version": 1}, format="json")
        assert response.status_code == status, path
        assert response["Content-Type"] == PROBLEM
        assert referral.question not in response.content.decode()
    assert not AuditEvent.objects.filter(kind=EventKind.ACCESS, actor__username=username).exists()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("username", CASEWORK_READERS)
def test_casework_readers_read_a_referral_and_leave_an_access_event(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    werkplaats_case = assigned_case(world)
    referral = draft_referral(world, werkplaats_case.pk, make_institution(world))

    response = as_user(username).get(f"/api/v1/referrals/{referral.pk}")

    assert response.status_code == 200
    assert response.json()["question"] == referral.question
    event = AuditEvent.objects.get(event="referral.viewed")
    assert (event.kind, event.actor, event.person_id) == (
        EventKind.ACCESS,
        world[username],
        werkplaats_case.case.suspect_id,
    )
    assert as_user(username).get("/api/v1/referrals/999999").status_code == 404


@pytest.mark.django_db
def test_sending_mails_a_link_whose_token_never_appears_in_an_answer(
    as_user: Callable[[str], APIClient], world: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    referral = draft_referral(world, assigned_case(world).pk, make_institution(world))
    client = as_user("werkplaats")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/referrals/{referral.pk}/sending", {"version": referral.version}, format="json")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "sent"
    assert [link["recipientEmail"] for link in body["links"]] == ["intake@example.org"]
    assert set(body["links"][0]) == {"recipientEmail", "createdAt", "expiresAt", "usedAt", "revokedAt"}
    assert len(mail.outbox) == 1
    token = re.search(r"/([A-Za-z0-9_-]{30,})/?", str(mail.outbox[0].body))
    assert token is not None
    later = client.get(f"/api/v1/referrals/{referral.pk}")
    listing = client.get("/api/v1/referrals")
    for answer in (response, later, listing):
        content = answer.content.decode()
        assert token.group(1) not in content
        assert ReferralLink.objects.get().token_hash not in content
        assert "token" not in content.lower()


@pytest.mark.django_db
def test_sending_needs_a_legal_basis_and_the_current_version(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    werkplaats_case = assigned_case(world)
    institution = make_institution(world)
    no_basis = draft_referral(world, werkplaats_case.pk, institution, legal_basis="", consent_note="")
    ready = draft_referral(world, werkplaats_case.pk, institution)
    client = as_user("werkplaats")

    refused = client.post(f"/api/v1/referrals/{no_basis.pk}/sending", {"version": no_basis.version}, format="json")
    stale = client.post(f"/api/v1/referrals/{ready.pk}/sending", {"version": ready.version + 1}, format="json")

    assert refused.status_code == 400
    assert invalid_names(refused) == ["legalBasis"]
    assert stale.status_code == 409
    assert stale["Content-Type"] == PROBLEM
    assert not ReferralLink.objects.exists()
    assert set(Referral.objects.values_list("status", flat=True)) == {ReferralStatus.DRAFT}


@pytest.mark.django_db
def test_the_worker_records_the_steps_of_a_referral(
    as_user: Callable[[str], APIClient], world: dict[str, User]
) -> None:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    client = as_user("werkplaats")
    url = f"/api/v1/referrals/{referral.pk}/transitions"
    intake = (local_now().date() + timedelta(days=7)).isoformat()

    acknowledged = client.post(url, {"target": "acknowledged", "version": referral.version}, format="json")
    version = acknowledged.json()["version"]
    planned = client.post(url, {"target": "intake_planned", "version": version, "intakeOn": intake}, format="json")

    assert acknowledged.status_code == 200, acknowledged.content
    assert planned.status_code == 200, planned.content
    body = planned.json()
    assert (body["status"], body["intakeOn"]) == ("intake_planned", intake)
    assert [(t["fromStatus"], t["toStatus"]) for t in body["transitions"]] == [
        ("", "draft"),
        ("draft", "sent"),
        ("sent", "acknowledged"),
        ("acknowledged", "intake_planned"),
    ]
    assert body["transitions"][-1]["actorName"] == world["werkplaats"].display_name
    assert body["transitions"][-1]["occurredAt"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "status", "name"),
    [
        ({"target": "declined"}, 400, "reason"),
        ({"target": "intake_planned"}, 400, "intakeOn"),  # sent → intake planned (via acknowledged) needs a date
        ({"target": "completed"}, 409, None),  # sent → completed skips the help itself
        ({"target": "sent"}, 400, "target"),
        ({"target": "verdwenen"}, 400, "target"),
        ({"target": "acknowledged", "intakeOn": "morgen"}, 400, "intakeOn"),
        ({"target": "acknowledged", "version": 99}, 409, None),
        ({"target": "acknowledged", "version": None}, 400, "version"),
    ],
)
def test_a_refused_step_changes_nothing(
    as_user: Callable[[str], APIClient],
    world: dict[str, User],
    changes: dict[str, Any],
    status: int,
    name: str | None,
) -> None:
    referral = sent_referral(world, assigned_case(world).pk, make_institution(world))
    transitions = ReferralTransition.objects.count()

    response = as_user("coordinator").post(
        f"/api/v1/referrals/{referral.pk}/transitions", {"version": referral.version} | changes, format="json"
    )

    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    if name:
        assert name in invalid_names(response)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (ReferralStatus.SENT, 2)
    assert ReferralTransition.objects.count() == transitions


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["werkplaats2", "reclassering"])
def test_other_casework_readers_do_not_move_a_referral(
    as_user: Callable[[str], APIClient], world: dict[str, User], username: str
) -> None:
    referral = draft_referral(world, assigned_case(world).pk, make_institution(world))
    client = as_user(username)

    sending = client.post(f"/api/v1/referrals/{referral.pk}/sending", {"version": 1}, format="json")
    moving = client.post(
        f"/api/v1/referrals/{referral.pk}/transitions", {"target": "withdrawn", "version": 1}, format="json"
    )

    assert (sending.status_code, moving.status_code) == (403, 403)
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (ReferralStatus.DRAFT, 1)
