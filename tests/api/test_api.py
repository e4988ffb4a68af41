"""The API skeleton: landing page, OpenAPI document, token auth, versions and problems."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from zsm.accounts.models import ApiToken, User
from zsm.accounts.services import user_deactivate
from zsm.common.api import flatten_errors

PROBLEM = "application/problem+json"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/"])
def test_landing_page_is_public_and_versioned(api_client: APIClient, path: str) -> None:
    response = api_client.get(path)
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response.json()["links"]["openapi"].endswith("/api/v1/openapi.json")


@pytest.mark.django_db
def test_openapi_document_follows_the_design_rules(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert set(document["info"]["contact"]) >= {"name", "url", "email"}
    assert document["servers"][0]["url"].endswith("/api/v1")
    for path, operations in document["paths"].items():
        assert not path.endswith("/") or path == "/", path
        for operation in operations.values():
            for code, answer in operation["responses"].items():
                if code.startswith(("2", "3")):
                    assert "API-Version" in answer["headers"], (path, code)
                if code.startswith(("4", "5")):
                    assert list(answer["content"]) == [PROBLEM], (path, code)


@pytest.mark.django_db
def test_anonymous_api_calls_get_a_401_problem(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/organisations")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"].startswith("Token")
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == 401


@pytest.mark.django_db
def test_a_token_authenticates_a_system(api_client: APIClient, token_for: Callable[[str], str]) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.get("/api/v1/me")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["username"] == "politie"
    assert body["displayName"] == "Pieter de Politie"
    assert body["memberships"][0]["role"] == "police_officer"


@pytest.mark.django_db
def test_only_the_hash_of_a_token_is_stored(token_for: Callable[[str], str]) -> None:
    key = token_for("politie")
    stored = ApiToken.objects.get()
    assert key not in (stored.key_hash, stored.prefix)
    assert key.startswith(stored.prefix)


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Token not-a-real-key", "Token", "Token a b"])
def test_bad_tokens_get_a_401_problem(api_client: APIClient, world: dict[str, User], header: str) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=header)
    response = api_client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_a_deactivated_users_token_stops_working(
    api_client: APIClient, world: dict[str, User], token_for: Callable[[str], str]
) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    assert api_client.get("/api/v1/me").status_code == 200
    user_deactivate(user=world["politie"], actor=world["beheer"])
    assert api_client.get("/api/v1/me").status_code == 401


@pytest.mark.django_db
def test_lists_are_paginated(api_client: APIClient, token_for: Callable[[str], str]) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.get("/api/v1/organisations", {"pageSize": 3})
    body = response.json()
    assert body["count"] == 10
    assert len(body["results"]) == 3
    assert "pageSize=3" in body["next"]
    assert body["previous"] is None


@pytest.mark.django_db
def test_an_invalid_filter_is_a_400_problem_naming_the_field(
    api_client: APIClient, token_for: Callable[[str], str]
) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.get("/api/v1/organisations", {"kind": "bakkerij"})
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response["API-Version"] == "1.0.0"
    assert [param["name"] for param in response.json()["invalidParams"]] == ["kind"]


@pytest.mark.django_db
def test_a_valid_filter_narrows_the_list(api_client: APIClient, token_for: Callable[[str], str]) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.get("/api/v1/organisations", {"kind": "om"})
    assert [org["kind"] for org in response.json()["results"]] == ["om"]


@pytest.mark.django_db
def test_malformed_json_is_a_400_problem(api_client: APIClient, token_for: Callable[[str], str]) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.generic("POST", "/api/v1/me", "{not json", content_type="application/json")
    assert response.status_code in {400, 405}
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
def test_a_wrong_method_is_a_405_problem(api_client: APIClient, token_for: Callable[[str], str]) -> None:
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token_for('politie')}")
    response = api_client.delete("/api/v1/organisations")
    assert response.status_code == 405
    assert response["Content-Type"] == PROBLEM


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/bestaat-niet", "/api/v2/organisations", "/api/v1/organisations/"])
def test_unknown_api_routes_are_404_problems(api_client: APIClient, path: str) -> None:
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["title"] == "Niet gevonden"


def test_nested_field_errors_are_named_as_the_client_wrote_them() -> None:
    detail = {
        "suspect": {"date_of_birth": ["Ongeldige datum."]},
        "offences": [{}, {"max_penalty_years": ["Moet 0 of meer zijn."]}],
        "non_field_errors": ["Iets klopt niet."],
    }
    names = [param["name"] for param in flatten_errors(detail)]
    assert names == ["suspect.dateOfBirth", "offences[1].maxPenaltyYears", "body"]


@pytest.mark.django_db
def test_api_token_command_prints_the_key_alone_on_the_last_line(
    world: dict[str, User], capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("api_token", "officier")
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert last_line.startswith("zsm_")
    assert " " not in last_line
    assert ApiToken.objects.filter(user=world["officier"]).count() == 1
