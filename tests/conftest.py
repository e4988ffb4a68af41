"""Shared fixtures: the demo world (one user per role) and ways to act as one of them."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from zsm.accounts.constants import MFA_REQUIRED_ROLES
from zsm.accounts.models import User
from zsm.accounts.services import api_token_create
from zsm.demo.builders import DEMO_USERS, demo_build

DEMO_PASSWORD = "test-wachtwoord-123"
ROLE_OF = {demo.username: demo.role for demo in DEMO_USERS}


@pytest.fixture
def world(db: None) -> dict[str, User]:
    """The demo location with one user per role, keyed by username (`politie`, `officier`, …)."""
    demo_build(password=DEMO_PASSWORD)
    return {user.username: user for user in User.objects.filter(username__in=ROLE_OF)}


def verify_second_factor(client: Client, user: User) -> TOTPDevice:
    """Mark the client's session as having passed the second factor, as django-otp does."""
    device, _created = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return device


@pytest.fixture
def login_as(client: Client, world: dict[str, User]) -> Callable[..., Client]:
    """`login_as("officier")` signs the test client in; MFA roles also pass their second factor."""

    def _login(username: str, *, second_factor: bool | None = None) -> Client:
        user = world[username]
        client.force_login(user)
        if second_factor is None:
            second_factor = ROLE_OF[username] in MFA_REQUIRED_ROLES or settings.ZSM_MFA_FOR_ALL_ROLES
        if second_factor:
            verify_second_factor(client, user)
        return client

    return _login


@pytest.fixture
def as_user(token_for: Callable[[str], str]) -> Callable[[str], APIClient]:
    """`as_user("politie")`: a fresh API client with that user's token."""

    def _client(username: str) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(username)}")
        return client

    return _client


def invalid_names(response: Any) -> list[str]:
    """The fields a problem+json 400 names in `invalidParams`."""
    return [param["name"] for param in response.json()["invalidParams"]]


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def token_for(world: dict[str, User]) -> Callable[[str], str]:
    def _token(username: str) -> str:
        _token_obj, key = api_token_create(user=world[username], name="test")
        return key

    return _token


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """The demo, built once for this module inside a transaction that is rolled back afterwards."""
    out = io.StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)
