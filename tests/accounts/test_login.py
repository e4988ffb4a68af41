"""Login, lockout, time-outs, deactivation and the second factor."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import DEMO_PASSWORD
from zsm.accounts.models import ApiToken, User, UserSession
from zsm.accounts.services import api_token_create, user_deactivate
from zsm.audit.models import AuditEvent

LOGIN_URL = reverse("accounts:login")
GENERIC_FAILURE = "Inloggen is niet gelukt"


def post_login(client: Client, username: str, password: str, **extra: str) -> object:
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)


@pytest.mark.django_db
def test_login_rotates_the_session_and_records_it(client: Client, world: dict[str, User]) -> None:
    client.get(LOGIN_URL)
    session = client.session
    session["before"] = True
    session.save()
    key_before = client.session.session_key

    response = post_login(client, "politie", DEMO_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session.session_key != key_before
    assert UserSession.objects.filter(user=world["politie"], session_key=client.session.session_key).exists()
    assert AuditEvent.objects.filter(event="user.logged_in", actor=world["politie"]).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("username", "password"), [("politie", "wrong-password"), ("nobody-by-this-name", "x")])
def test_failed_login_says_only_that_it_failed(
    client: Client, world: dict[str, User], username: str, password: str
) -> None:
    response = post_login(client, username, password)
    assert response.status_code == 200
    content = response.content.decode()
    assert GENERIC_FAILURE in content
    assert "bestaat niet" not in content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_inactive_user_gets_the_same_generic_message(client: Client, world: dict[str, User]) -> None:
    user_deactivate(user=world["politie"], actor=world["beheer"])
    response = post_login(client, "politie", DEMO_PASSWORD)
    assert GENERIC_FAILURE in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account(client: Client, world: dict[str, User]) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "officier", "wrong-password")

    response = post_login(client, "officier", DEMO_PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert GENERIC_FAILURE in response.content.decode()


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_lift_the_lock(client: Client, world: dict[str, User]) -> None:
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "officier", "wrong-password", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")

    response = post_login(
        client, "officier", DEMO_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99", REMOTE_ADDR="192.0.2.99"
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client: Client, world: dict[str, User]) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "officier", "wrong-password")
    with time_machine.travel(timedelta(minutes=1) + settings.AXES_COOLOFF_TIME):
        response = post_login(client, "officier", DEMO_PASSWORD)
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_idle_session_expires(client: Client, world: dict[str, User]) -> None:
    post_login(client, "politie", DEMO_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200

    with time_machine.travel(settings.SESSION_IDLE_TIMEOUT + timedelta(minutes=1)):
        response = client.get(reverse("accounts:account"))

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_an_active_session_still_ends_at_the_absolute_limit(client: Client, world: dict[str, User]) -> None:
    post_login(client, "politie", DEMO_PASSWORD)
    step = settings.SESSION_IDLE_TIMEOUT - timedelta(minutes=5)
    elapsed = timedelta(0)
    with time_machine.travel(0, tick=False) as traveller:
        traveller.move_to(client.session["zsm_login_at"])
        while elapsed + step < settings.SESSION_ABSOLUTE_TIMEOUT:
            elapsed += step
            traveller.shift(step)
            assert client.get(reverse("accounts:account")).status_code == 200, f"ended early after {elapsed}"
        traveller.shift(settings.SESSION_ABSOLUTE_TIMEOUT - elapsed + timedelta(seconds=1))
        response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


@pytest.mark.django_db
def test_deactivation_ends_every_session_and_revokes_tokens(world: dict[str, User]) -> None:
    browser_one, browser_two = Client(), Client()
    post_login(browser_one, "werkplaats", DEMO_PASSWORD)
    post_login(browser_two, "werkplaats", DEMO_PASSWORD)
    api_token_create(user=world["werkplaats"], name="koppeling")

    user_deactivate(user=world["werkplaats"], actor=world["beheer"])

    for browser in (browser_one, browser_two):
        response = browser.get(reverse("accounts:account"))
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_URL)
    assert not Session.objects.filter(session_key__in=[browser_one.session.session_key]).exists()
    assert not ApiToken.objects.filter(user=world["werkplaats"], revoked_at__isnull=True).exists()
    assert AuditEvent.objects.filter(event="user.deactivated", object_id=str(world["werkplaats"].pk)).exists()


@pytest.mark.django_db
def test_logout_needs_post_and_ends_the_session(client: Client, world: dict[str, User]) -> None:
    post_login(client, "politie", DEMO_PASSWORD)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=world["politie"]).exists()


# --- Second factor ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/beheer/", "/beheer/accounts/user/", "/"])
def test_functional_admin_without_second_factor_reaches_only_its_set_up(
    client: Client, world: dict[str, User], path: str
) -> None:
    post_login(client, "beheer", DEMO_PASSWORD)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


@pytest.mark.django_db
def test_setting_up_the_second_factor_opens_the_admin(client: Client, world: dict[str, User]) -> None:
    post_login(client, "beheer", DEMO_PASSWORD)
    client.get(reverse("accounts:mfa_setup"))
    key = client.session["zsm_totp_pending_key"]

    wrong = client.post(reverse("accounts:mfa_setup"), {"token": "000000"})
    assert wrong.status_code == 200
    assert "klopt niet" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=world["beheer"]).exists()

    code = f"{totp(bytes.fromhex(key)):06d}"
    response = client.post(reverse("accounts:mfa_setup"), {"token": code, "next": "/beheer/"})
    assert response.status_code == 302
    assert response["Location"] == "/beheer/"
    assert client.get("/beheer/").status_code == 200
    assert TOTPDevice.objects.filter(user=world["beheer"], confirmed=True).count() == 1


@pytest.mark.django_db
def test_a_registered_device_must_be_used_at_each_login(client: Client, world: dict[str, User]) -> None:
    device = TOTPDevice.objects.create(user=world["privacy"], name="app", confirmed=True)
    post_login(client, "privacy", DEMO_PASSWORD)

    assert client.get(reverse("audit:access_log"))["Location"].startswith(reverse("accounts:mfa_verify"))
    # Replacing the device is not a way around it.
    assert client.get(reverse("accounts:mfa_setup"))["Location"] == reverse("accounts:mfa_verify")

    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:mfa_verify"), {"token": code, "next": reverse("audit:access_log")})
    assert response["Location"] == reverse("audit:access_log")
    assert client.get(reverse("audit:access_log")).status_code == 200


@pytest.mark.django_db
def test_roles_without_the_requirement_are_not_asked_for_a_second_factor(
    client: Client, world: dict[str, User]
) -> None:
    post_login(client, "officier", DEMO_PASSWORD)
    # Straight on to the officer's start page (the queue), not to a second-factor page.
    assert client.get(reverse("home"))["Location"] == reverse("workplace:om_queue")
    assert client.get(reverse("workplace:om_queue")).status_code == 200


@pytest.mark.django_db
def test_every_role_needs_the_second_factor_when_configured(
    client: Client, world: dict[str, User], settings: object
) -> None:
    settings.ZSM_MFA_FOR_ALL_ROLES = True  # type: ignore[attr-defined]
    post_login(client, "officier", DEMO_PASSWORD)
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:mfa_setup"))


@pytest.mark.django_db
def test_an_unsafe_next_address_is_ignored(client: Client, world: dict[str, User]) -> None:
    device = TOTPDevice.objects.create(user=world["privacy"], name="app", confirmed=True)
    post_login(client, "privacy", DEMO_PASSWORD)
    code = f"{totp(device.bin_key):06d}"
    response = client.post(reverse("accounts:mfa_verify"), {"token": code, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
