"""axe-core on every HTML page the permission matrix visits, at a laptop's and a desk screen's size.

The pages come from the access table (tests/test_url_access.py ACCESS and the apps' rows): each GET that
answers 200 for some demo user. Its row's setup makes what the page is about in the live world; pages
runs in a world with a few cases in it, so that lists, the board and the ladder of earlier cases are drawn.
One allowed user opens it (the first in sorted order; some pages that differ per role are opened by more),
signed in by a session cookie, and axe-core must find no serious or critical violation at 1366×768 nor at
1920×1080. What is not an HTML page of its own (the API, downloads, fragments) is in SKIPPED with a reason;
a new GET page in the table is checked here without anyone having to remember it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern
from playwright.sync_api import Page

from tests.browser.conftest import PageProblems, format_violations
from tests.cases.test_views import register_case
from tests.conftest import ROLE_OF, verify_second_factor
from tests.decisions import ADULT, INSULT, THEFT, conditional_dismissal
from tests.meetings.access import a_signal
from tests.test_url_access import MATRIX, rule_for, url_for
from tests.workplace.access_casework import assigned_werkplaats_case
from tests.workplace.flow import advised_case
from zsm.accounts.constants import MFA_REQUIRED_ROLES
from zsm.accounts.models import User
from zsm.cases.models import Case
from zsm.cases.services import CaseInput, case_register
from zsm.common.clock import local_now
from zsm.decisions.services import decision_record

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = ((1366, 768), (1920, 1080))

# GET rows answering 200 that are no HTML page of their own, each with why.
API = "the JSON API, not a page"
SKIPPED: dict[str, str] = {
    **dict.fromkeys(
        (
            "api-case-list",
            "api-institution-detail",
            "api-institution-list",
            "api-me",
            "api-organisation-list",
            "api-referral-detail",
            "api-referral-list",
            "api-root",
            "api-root-slash",
            "api-schema",
            "api-service-list",
            "api-signal-candidate-list",
            "api-signal-detail",
            "api-signal-list",
            "api-werkplaats-advice",
            "api-werkplaats-assessment-list",
            "api-werkplaats-case-detail",
            "api-werkplaats-case-list",
            "api-werkplaats-contact-list",
            "api-werkplaats-monitoring-check-list",
            "api-werkplaats-time-entry-list",
        ),
        API,
    ),
    "health": "the load balancer's plain-text health check",
    "audit:access_log_export": "a CSV download",
    "socialmap:export": "a CSV download",
    "audit:subject_access_json": "a JSON download",
    "audit:subject_access_pdf": "a PDF download",
    "workplace:summary_pdf": "a PDF download",
    "cases:board_rows": "an htmx fragment: the board's rows, checked inside the board page",
    "cases:person_suggestions": "an htmx fragment: the intake's person suggestions",
    "audit:subject_access_status": "an htmx fragment: the export's progress, polled by its detail page",
    "audit:purge_run_status": "an htmx fragment: the dry run's progress, polled by its page",
}

# Pages that look different per role, opened by more than the first allowed user.
MORE_USERS: dict[str, tuple[str, ...]] = {
    "home": ("beheer", "privacy", "veiligheidshuis"),  # the tiles, per role
    "overview": ("officier", "politie", "privacy", "reclassering", "werkplaats"),
    "cases:board": ("officier", "politie", "raad", "reclassering"),
    "cases:standup": ("officier", "politie"),
    "cases:case_detail": ("officier", "politie", "reclassering", "slachtofferhulp", "werkplaats"),
    "cases:inbox": ("officier", "reclassering"),
    "workplace:case": ("reclassering", "werkplaats"),
    "workplace:advice": ("officier", "werkplaats"),
    "workplace:coordination": ("coordinator", "officier"),
}


def get_pages() -> dict[str, tuple[URLPattern, tuple[str, ...]]]:
    """Every GET the matrix visits that answers 200 for someone: name -> (pattern, those users, sorted)."""
    pages: dict[str, tuple[URLPattern, list[str]]] = {}
    for name, pattern, username in MATRIX:
        rule = rule_for(name)
        assert rule is not None
        expected = rule.exceptions.get(username, rule.ok if username in rule.allowed else rule.denied)
        if rule.method == "get" and expected == 200:
            pages.setdefault(name, (pattern, []))[1].append(username)
    return {name: (pattern, tuple(sorted(users))) for name, (pattern, users) in pages.items()}


GET_PAGES = get_pages()
CHECKED = [
    (name, username)
    for name, (_pattern, users) in sorted(GET_PAGES.items())
    if name not in SKIPPED
    for username in sorted({users[0], *MORE_USERS.get(name, ())})
]


def a_busy_location(world: dict[str, User]) -> None:
    """What a list or board shows on a working day: an assigned werkplaats case, an advice, a decision, a minor.

    All cases through `register_case`, whose registration numbers never repeat (tests.decisions counts its own).
    """
    assigned_werkplaats_case(world)
    advised_case(world)
    decision_record(user=world["officier"], case_id=register_case(world).pk, data=conditional_dismissal())
    register_case(world, minor=True)
    a_signal(world)


LADDER_SERIALS = itertools.count(1)


def ladder_case(world: dict[str, User]) -> dict[str, object]:
    """The OM's decision page with its ladder drawn: the suspect was brought in twice before, decided once."""

    def bring_in() -> Case:
        arrested = local_now() - timedelta(hours=1)
        data = CaseInput(
            police_registration_number=f"PL0900-2099{next(LADDER_SERIALS):06d}",  # apart from the tests' numbers
            arrested_at=arrested,
            holding_ordered_at=arrested + timedelta(minutes=10),
            suspect=ADULT,
            offences=[INSULT, THEFT],
        )
        return case_register(user=world["politie"], data=data)

    decision_record(user=world["officier"], case_id=bring_in().pk, data=conditional_dismissal())
    bring_in()
    return {"case_id": bring_in().pk}


# Rows whose own setup leaves part of the page empty, with a setup that fills it (same URL kwargs).
SETUPS: dict[str, Callable[[dict[str, User]], dict[str, object]]] = {"decisions:decision_create": ladder_case}


def sign_in(page: Page, base_url: str, user: User) -> None:
    """Put a signed-in session (second factor passed, for the roles that need it) into the browser's cookies."""
    client = Client()
    client.force_login(user)
    if ROLE_OF[user.username] in MFA_REQUIRED_ROLES or settings.ZSM_MFA_FOR_ALL_ROLES:
        verify_second_factor(client, user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.mark.parametrize(("name", "username"), CHECKED, ids=[f"{name}@{username}" for name, username in CHECKED])
def test_page_has_no_serious_or_critical_violation(
    page: Page,
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, User],
    axe: Callable[[Page], list[dict[str, Any]]],
    name: str,
    username: str,
) -> None:
    rule = rule_for(name)
    assert rule is not None
    pattern, _users = GET_PAGES[name]
    a_busy_location(live_world)  # before the row's own setup, so that its case has earlier ones (the ladder)
    setup = SETUPS.get(name, rule.setup)
    url = live_server.url + url_for(name, pattern, setup(live_world) if setup else None)
    sign_in(page, live_server.url, live_world[username])
    found: list[str] = []
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, f"{username} on {name}: {response.status} at {page.url}"
        content_type = response.headers.get("content-type", "")
        not_a_page = f"{name} is no HTML page ({content_type}): list it in SKIPPED with the reason"
        assert content_type.startswith("text/html"), not_a_page
        assert "<html" in response.text(), not_a_page
        violations = axe(page)
        if violations:
            found.append(f"at {width}×{height}:\n{format_violations(violations)}")
    assert not found, f"axe-core on {name} as {username} ({url}):\n" + "\n".join(found)
    page_problems.assert_none()


def test_every_get_page_is_checked_or_skipped_with_a_reason() -> None:
    checked = {name for name, _username in CHECKED}
    unaccounted = sorted(set(GET_PAGES) - checked - set(SKIPPED))
    assert not unaccounted, f"GET pages neither checked by axe-core nor in SKIPPED: {unaccounted}"
    stale = sorted(set(SKIPPED) - set(GET_PAGES))
    assert not stale, f"SKIPPED names no GET page of the access table (any more): {stale}"
    assert all(SKIPPED.values()), "every SKIPPED page needs its reason"
    assert set(SETUPS) <= set(GET_PAGES), "SETUPS names no GET page of the access table"
    wrong = {name: users for name, users in MORE_USERS.items() if not set(users) <= set(GET_PAGES[name][1])}
    assert not wrong, f"MORE_USERS lists users the access table does not let open the page: {wrong}"


@pytest.mark.parametrize("name", sorted(SKIPPED))
def test_a_skipped_page_is_no_html_page(world: dict[str, User], name: str) -> None:
    """SKIPPED stays honest: what it leaves out answers with no HTML document of its own."""
    rule = rule_for(name)
    assert rule is not None
    pattern, users = GET_PAGES[name]
    user = world[users[0]]
    client = Client()
    client.force_login(user)
    if ROLE_OF[user.username] in MFA_REQUIRED_ROLES or settings.ZSM_MFA_FOR_ALL_ROLES:
        verify_second_factor(client, user)
    response = client.get(url_for(name, pattern, rule.setup(world) if rule.setup else None))
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    is_document = response["Content-Type"].startswith("text/html") and b"<html" in body
    assert not is_document, f"{name} is an HTML page: check it with axe-core rather than skip it"
