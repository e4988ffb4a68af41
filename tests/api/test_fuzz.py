"""The API under schemathesis, once per demo role: no server errors, responses that match the OpenAPI
document, and never a trace of a case the role may not see."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from tests.cases.test_views import register_case
from tests.conftest import ROLE_OF
from zsm.accounts.constants import Role
from zsm.accounts.models import User
from zsm.accounts.services import location_ensure, membership_create, user_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# What the API promises: never a server error, and every answer as documented. (A schema-valid request may
# still be refused: an owner or case id that does not exist is a 400, which the schema cannot express.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
HIDDEN_SURNAME = "Verborgenheim"
EXAMPLES = 120


@pytest.fixture
def in_test_transaction() -> Iterator[None]:
    """Requests through the bare WSGI app close the database connection when they end; Django's own test
    client stops that, so the test's transaction survives. Do the same here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def hidden_case(world: dict[str, User]) -> None:
    """A case at another ZSM location, where no demo user works: no role may ever see a trace of it."""
    location = location_ensure(code="noord-nederland", name="Noord-Nederland", city="Groningen")
    police = world["politie"].memberships.get().organisation
    officer = user_create(username="politie-noord", password="test-wachtwoord-123")
    membership_create(user=officer, organisation=police, location=location, role=Role.POLICE_OFFICER)
    register_case({**world, "politie": officer}, surname=HIDDEN_SURNAME)


@pytest.mark.django_db
@pytest.mark.parametrize("username", sorted(ROLE_OF))
def test_the_api_holds_for_every_role(
    world: dict[str, User],
    token_for: Callable[[str], str],
    hidden_case: None,
    in_test_transaction: None,
    username: str,
) -> None:
    register_case(world, surname="Zichtbaar")  # something at the role's own location to find
    headers = {"Authorization": f"Token {token_for(username)}"}

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(case=schema.as_strategy())
    def run(case: schemathesis.Case) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        assert HIDDEN_SURNAME not in response.text, f"{case.method} {case.formatted_path} shows another location"

    run()
