"""Log lines are structured, carry the request id, and never a BSN, token, password or session id."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import structlog
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.cases.test_views import register_case
from tests.conftest import DEMO_PASSWORD
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.accounts.models import User
from zsm.cases.models import Case
from zsm.common.logging import formatter, redact_text


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter("json"))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


def test_redaction_of_free_text() -> None:
    assert "123456782" not in redact_text("bsn 123456782 gevonden")
    assert "zsm_abc" not in redact_text("Authorization: Token zsm_abc.def")
    assert redact_text("zaak 12345678 en 1234567890") == "zaak 12345678 en 1234567890"
    token = "Qm1xY3p4b0RlTmFnV3V6S2x1dE9xV0x2a3hOb0dYb1A"
    assert redact_text(f"Gone: /sociale-kaart/verwijzing/{token}/") == "Gone: /sociale-kaart/verwijzing/[redacted]/"
    assert redact_text("/werkplaats/zaken/12/samenvatting/") == "/werkplaats/zaken/12/samenvatting/"
    assert token not in redact_text(f"/inloggen/?next=%2Fsociale-kaart%2Fverwijzing%2F{token}%2F")
    assert token not in redact_text(f"(zie /verwijzing/{token}).")


@pytest.mark.django_db
def test_a_full_scenario_leaves_no_secret_in_the_logs(
    captured_logs: io.StringIO,
    world: dict[str, User],
    token_for: Callable[[str], str],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    browser = Client()
    browser.post("/inloggen/", {"username": "politie", "password": "fout-wachtwoord-999"})
    browser.post("/inloggen/", {"username": "politie", "password": DEMO_PASSWORD})
    session_id = browser.cookies["zsm-session"].value
    browser.get("/account/")
    browser.get("/bestaat-niet/?bsn=123456782")
    token = token_for("politie")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    api.get("/api/v1/me")
    api.credentials(HTTP_AUTHORIZATION="Token zsm_wrong-token-value")
    api.get("/api/v1/me")
    structlog.get_logger("zsm.test").info("lookup", bsn="123456782", note="zoek 123456782", password="geheim")
    # An institution opens its acknowledgement link twice (the second time it is used up) and a made-up one.
    with django_capture_on_commit_callbacks(execute=True):
        sent_referral(world, assigned_case(world).pk, make_institution(world))
    link_token = re.search(r"/verwijzing/([^/\s]+)/", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]
    institution = Client()
    institution.get(f"/sociale-kaart/verwijzing/{link_token}/")
    institution.post(f"/sociale-kaart/verwijzing/{link_token}/", {"answer": "accept"})
    institution.get(f"/sociale-kaart/verwijzing/{link_token}/")
    institution.get("/sociale-kaart/verwijzing/" + "x" * 43 + "/")
    # The OM dismisses a wrongly suspected person (code 01), and the daily purge runs (a dry run and its purge).
    wrongly_suspected = register_case(world, registration="PL0900-2026999001", surname="Onterecht")
    officer = Client()
    officer.post("/inloggen/", {"username": "officier", "password": DEMO_PASSWORD})
    decided = officer.post(
        reverse("decisions:decision_create", kwargs={"case_id": wrongly_suspected.pk}),
        {"version": wrongly_suspected.version, "disposal": "technical_dismissal", "dismissal_code": "01"},
    )
    assert decided.status_code == 302
    assert not Case.objects.filter(pk=wrongly_suspected.pk).exists()
    call_command("purge", stdout=io.StringIO(), stderr=io.StringIO())

    output = captured_logs.getvalue()
    lines = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert any(line.get("event") == "request" and line.get("request_id") for line in lines)
    for secret in (
        DEMO_PASSWORD,
        "fout-wachtwoord-999",
        session_id,
        token,
        "zsm_wrong-token-value",
        "123456782",
        "Onterecht",
        "geheim",
        link_token,
        "x" * 43,
    ):
        assert secret not in output, f"{secret!r} leaked into the logs"
