"""Headers on every page type, error pages, and the language switch."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from cryptography.fernet import Fernet
from django.test import Client, override_settings
from django.urls import reverse

from tests.common.production import start_production
from tests.workplace.flow import assigned_case

CSP_MUST = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "base-uri 'none'"]


def assert_security_headers(response: object) -> None:
    csp = response["Content-Security-Policy"]  # type: ignore[index]
    for directive in CSP_MUST:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]
    assert response["X-Frame-Options"] == "DENY"  # type: ignore[index]
    assert response["Referrer-Policy"] == "same-origin"  # type: ignore[index]
    assert "camera=()" in response["Permissions-Policy"]  # type: ignore[index]
    assert response["X-Request-ID"]  # type: ignore[index]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/inloggen/", "/bestaat-niet/", "/api/v1", "/api/v1/bestaat-niet", "/gezondheid"])
def test_public_responses_carry_the_security_headers(client: Client, path: str) -> None:
    assert_security_headers(client.get(path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/account/", "/privacy/toegangslog/", "/api/v1/me"])
def test_signed_in_responses_are_never_cached(login_as: Callable[..., Client], path: str) -> None:
    response = login_as("privacy").get(path)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_404_page_is_generic_and_dutch(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


@pytest.mark.django_db
def test_a_403_page_is_generic(login_as: Callable[..., Client]) -> None:
    response = login_as("politie").get(reverse("audit:access_log"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_a_server_error_shows_the_generic_page_without_details(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals 123456782")

    monkeypatch.setattr("zsm.common.views.connection.cursor", explode)
    client.raise_request_exception = False
    response = client.get("/gezondheid")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Er ging iets mis" in content
    assert "secret internals" not in content


@pytest.mark.django_db
def test_the_ui_is_dutch_by_default_and_english_on_request(client: Client) -> None:
    assert "Inloggen" in client.get("/inloggen/").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/inloggen/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en"' in content
    assert "Log in" in content


@pytest.mark.django_db
def test_the_health_check_answers(client: Client) -> None:
    assert client.get("/gezondheid").json() == {"status": "ok"}


@pytest.mark.django_db
def test_htmx_is_served_from_the_front_end_packages(client: Client) -> None:
    page = client.get("/inloggen/").content.decode()
    assert "/static/vendor/htmx/htmx.min.js" in page
    script = client.get("/static/vendor/htmx/htmx.min.js")
    assert script.status_code == 200
    assert b"htmx" in b"".join(script.streaming_content)


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_the_user_switches(client: Client) -> None:
    response = client.get("/inloggen/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()
    assert response["Content-Language"] == "nl"


@pytest.mark.django_db
def test_every_page_type_carries_the_security_headers_and_no_store(
    login_as: Callable[..., Client], world: dict[str, object]
) -> None:
    """A full page, an htmx fragment, JSON, CSV, a PDF, a 403 and a form refusal: the same headers on each."""
    werkplaats_case = assigned_case(world)  # type: ignore[arg-type]
    worker = login_as("werkplaats")
    responses = {
        "page": worker.get(reverse("workplace:day")),
        "htmx fragment": worker.get(reverse("socialmap:search"), {"q": "schuld"}, HTTP_HX_REQUEST="true"),
        "json": worker.get("/api/v1/werkplaats-cases"),
        "csv": worker.get(reverse("socialmap:export")),
        "pdf": worker.get(reverse("workplace:summary_pdf", kwargs={"werkplaats_case_id": werkplaats_case.pk})),
        "403": worker.get(reverse("audit:access_log")),
        "400": worker.post(reverse("meetings:signal_create"), {}),
    }
    for kind, response in responses.items():
        assert response.status_code in {200, 400, 403}, kind
        assert_security_headers(response)
        assert "no-store" in response["Cache-Control"], kind


PRINT_SETTINGS = """
import django; django.setup()
from django.conf import settings as s
for name in ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_SSL_REDIRECT", "DEBUG"):
    print(f"{name}={getattr(s, name)}")
print(f"HSTS={s.SECURE_HSTS_SECONDS >= 31536000}")
"""


def test_production_cookies_are_secure_and_hsts_is_on() -> None:
    result = start_production(PRINT_SETTINGS, ZSM_FIELD_ENCRYPTION_KEYS=Fernet.generate_key().decode())
    assert result.returncode == 0, result.stderr
    values = dict(line.split("=", 1) for line in result.stdout.split())
    assert values == {
        "SESSION_COOKIE_SECURE": "True",
        "CSRF_COOKIE_SECURE": "True",
        "SESSION_COOKIE_HTTPONLY": "True",
        "SECURE_SSL_REDIRECT": "True",
        "DEBUG": "False",
        "HSTS": "True",
    }
