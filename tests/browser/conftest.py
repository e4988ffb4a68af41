"""Browser tests: a real Chromium, driven by Playwright, against Django's live server.

Chromium comes from the system (Debian package `chromium`); Playwright never downloads one.
Without Chromium the tests here are skipped, unless `ZSM_REQUIRE_BROWSER=1` asks for them
to fail instead (CI sets it, so a missing browser cannot pass silently).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import shutil
import struct
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from tests.conftest import DEMO_PASSWORD  # the password `world` gives every demo user

# Playwright's sync API runs an asyncio loop in this thread; without this, Django refuses ORM
# access from the test thread (SynchronousOnlyOperation) while the live server runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_PATH: str | None = shutil.which("chromium") or (
    DEFAULT_CHROMIUM if os.access(DEFAULT_CHROMIUM, os.X_OK) else None
)
REQUIRE_BROWSER = os.environ.get("ZSM_REQUIRE_BROWSER", "").strip() == "1"
SKIP_REASON = "Chromium not found: browser tests skipped (install Debian package chromium)"
FAIL_REASON = (
    "Chromium not found, but ZSM_REQUIRE_BROWSER=1 requires the browser tests to run "
    "(install Debian package chromium, or unset ZSM_REQUIRE_BROWSER)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright's default is 30 s; a page of this app that takes longer than this is broken.
TIMEOUT_MS = 10_000


def _in_this_folder(item: pytest.Item) -> bool:
    path = Path(item.path).resolve()
    return path.parent == BROWSER_DIR or BROWSER_DIR in path.parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # A conftest hook sees every collected item of the session, so pick out ours.
    for item in items:
        if not _in_this_folder(item):
            continue
        item.add_marker(pytest.mark.browser)
        if CHROMIUM_PATH is None and not REQUIRE_BROWSER:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """When the browser is required but missing, each test fails in its call phase (FAILED, not ERROR)."""
    if CHROMIUM_PATH is None and REQUIRE_BROWSER and _in_this_folder(item):
        pytest.fail(FAIL_REASON, pytrace=False)


# --- Playwright and the browser: one per test session ---------------------------------------


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if CHROMIUM_PATH is None:  # nothing to drive (see `pytest_runtest_call`)
        yield None
        return
    playwright = sync_playwright().start()
    try:
        yield playwright
    finally:
        playwright.stop()


@pytest.fixture(scope="session")
def browser(playwright_instance: Any) -> Iterator[Any]:
    from playwright.sync_api import expect

    if CHROMIUM_PATH is None:  # only reached with ZSM_REQUIRE_BROWSER=1: the test call fails
        yield None
        return
    expect.set_options(timeout=TIMEOUT_MS)
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


# --- One fresh context and page per test, with everything the page complains about -----------


@dataclass
class PageProblems:
    """What went wrong in the browser: CSP violations, console errors, script errors, failed assets.

    A page the test navigates to on purpose may answer 403 or 404 (that is asserted on its
    response); Chromium logs that as "Failed to load resource", so those console lines are left
    out here and failed sub-resources (scripts, styles, images, fonts, XHR) are tracked instead.
    """

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)

    def all(self) -> list[str]:
        return [
            *(f"CSP violation: {m}" for m in self.csp_violations),
            *(f"console error: {m}" for m in self.console_errors),
            *(f"uncaught error: {m}" for m in self.page_errors),
            *(f"failed resource: {m}" for m in self.failed_resources),
        ]

    def assert_none(self) -> None:
        problems = self.all()
        assert not problems, "The browser reported problems:\n  " + "\n  ".join(problems)


# Runs in every document before its own scripts. Injected through the DevTools protocol, so the
# page's CSP does not block it; it reports each CSP violation the page triggers.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__zsmReportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "(inline)"}` +
      ` in ${event.sourceFile || event.documentURI}` + (event.lineNumber ? `:${event.lineNumber}` : "")
  );
});
"""


RESOURCE_FAILURE_CONSOLE_PREFIX = "Failed to load resource:"
# The base template declares its icon, so no request is expected to fail; list exceptions here.
IGNORED_PATHS: tuple[str, ...] = ()


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


def watch(page: Any, problems: PageProblems) -> Any:
    """Collect the page's console errors, script errors and failed sub-resources into `problems`."""

    def on_console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith(RESOURCE_FAILURE_CONSOLE_PREFIX):
            location = message.location or {}
            problems.console_errors.append(f"{message.text} ({location.get('url', '?')})")

    def on_response(response: Any) -> None:
        request = response.request
        if response.status >= 400 and request.resource_type != "document" and not request.url.endswith(IGNORED_PATHS):
            problems.failed_resources.append(f"{response.status} {request.resource_type} {request.url}")

    def on_request_failed(request: Any) -> None:
        # A navigation the test cuts short is no fault of the app; a sub-resource that fails is.
        # ERR_ABORTED is Chromium cancelling what is still loading (often the favicon) because the
        # test already moved to the next page; a truly missing asset answers >= 400 (`on_response`).
        if request.failure == "net::ERR_ABORTED":
            return
        if request.resource_type != "document" and not request.url.endswith(IGNORED_PATHS):
            problems.failed_resources.append(f"{request.failure} {request.resource_type} {request.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    return page


@pytest.fixture
def page(browser: Any, page_problems: PageProblems) -> Iterator[Any]:
    if browser is None:  # no Chromium (see `browser`)
        yield None
        return
    context = browser.new_context(locale="nl-NL")
    context.set_default_timeout(TIMEOUT_MS)
    context.expose_binding(
        "__zsmReportCspViolation", lambda _source, message: page_problems.csp_violations.append(message)
    )
    context.add_init_script(CSP_LISTENER)
    page = watch(context.new_page(), page_problems)
    try:
        yield page
    finally:
        close_quietly(context)


def close_quietly(context: Any) -> None:
    """Stop every page (a live board keeps polling) and let the requests in flight finish, then close.

    The test database is flushed right after the test; a refresh the live server is still answering would write
    its access event into the flush (SQLite: "FOREIGN KEY constraint failed")."""
    in_flight: set[Any] = set()
    for open_page in context.pages:
        open_page.on("request", lambda request: in_flight.add(request))
        open_page.on("requestfinished", lambda request: in_flight.discard(request))
        open_page.on("requestfailed", lambda request: in_flight.discard(request))
    for open_page in context.pages:
        with contextlib.suppress(Exception):
            open_page.goto("about:blank")
    deadline = time.monotonic() + 2
    while in_flight and time.monotonic() < deadline:
        time.sleep(0.05)
    # A request already answered by the browser may still be finishing on the server: give it a moment.
    time.sleep(0.1)
    context.close()


# --- The app: live server with the demo world -------------------------------------------------


@pytest.fixture
def live_world(live_server: Any, transactional_db: None, world: dict[str, Any]) -> dict[str, Any]:
    """The demo users, committed so that the live server's thread sees them."""
    return world


@pytest.fixture
def url(live_server: Any) -> Callable[[str], str]:
    return lambda path: f"{live_server.url}{path}"


@pytest.fixture
def person(browser: Any, page_problems: PageProblems, live_server: Any) -> Iterator[Callable[[str], Any]]:
    """`person("reclassering")`: a new browser context, logged in through the login form."""
    contexts: list[Any] = []

    def open_for(username: str) -> Any:
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_binding(
            "__zsmReportCspViolation", lambda _source, message: page_problems.csp_violations.append(message)
        )
        context.add_init_script(CSP_LISTENER)
        page = watch(context.new_page(), page_problems)
        login(page, live_server.url, username)
        return page

    yield open_for
    for context in contexts:
        close_quietly(context)


# --- Second factor ----------------------------------------------------------------------------


def totp_now(secret_base32: str, *, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    """RFC 6238 TOTP (HMAC-SHA1) for a base32 secret as shown to the user (padding stripped)."""
    key = base64.b32decode(secret_base32.strip().upper() + "=" * (-len(secret_base32.strip()) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


def fresh_totp(secret_base32: str) -> str:
    """A code that stays valid for the next few seconds: wait out the last moments of a time step."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.2)
    return totp_now(secret_base32)


# --- Acting in the browser --------------------------------------------------------------------

SECOND_FACTOR_SETUP_PATH = "/account/tweestapsverificatie/instellen/"


def login_with_password(page: Any, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    """Fill and submit the login form (by input name: labels are translated)."""
    page.goto(f"{base_url}/inloggen/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state()


def complete_second_factor_setup(page: Any) -> str:
    """On the set-up page: read the secret as a person would, enter the current code, submit."""
    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(re.escape(SECOND_FACTOR_SETUP_PATH)))
    secret_element = page.get_by_test_id("totp-secret")
    expect(secret_element).to_have_text(re.compile(r"^\s*[A-Z2-7]{16,}\s*$"))
    secret = secret_element.inner_text().strip()
    page.locator("input[name=token]").fill(fresh_totp(secret))
    page.locator("form.utrecht-form button[type=submit]").click()
    page.wait_for_load_state()
    return secret


def login(page: Any, base_url: str, username: str) -> None:
    """Log in fully: password, and for roles that need it, set up and use the second factor."""
    from playwright.sync_api import expect

    from zsm.accounts.constants import MFA_REQUIRED_ROLES
    from zsm.demo.builders import DEMO_USERS

    login_with_password(page, base_url, username)
    role = {demo.username: demo.role for demo in DEMO_USERS}[username]
    if role in MFA_REQUIRED_ROLES or settings.ZSM_MFA_FOR_ALL_ROLES:
        complete_second_factor_setup(page)
    expect(page).to_have_url(f"{base_url}{start_path(username)}")


def start_path(username: str) -> str:
    """Where a demo user lands after logging in: their role's working list, else the tiles at "/"."""
    from django.urls import reverse

    from zsm.config.navigation import START_PAGES
    from zsm.demo.builders import DEMO_USERS

    name = START_PAGES.get({demo.username: demo.role for demo in DEMO_USERS}[username])
    return reverse(name) if name else "/"


# --- axe-core -----------------------------------------------------------------------------------

AXE_BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def _axe_source() -> str:
    path = Path(settings.NODE_MODULES) / "axe-core" / "axe.min.js"
    if not path.exists():
        pytest.fail(f"axe-core not found at {path}: run `npm ci`", pytrace=False)
    return path.read_text(encoding="utf-8")


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}")
            lines.append(f"       {node['html'][:300]}")
            if node.get("failureSummary"):
                lines.append("       " + node["failureSummary"].replace("\n", "\n       "))
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    return _axe_source()


@pytest.fixture
def axe(axe_source: str) -> Callable[[Any], list[dict[str, Any]]]:
    """`axe(page)` runs axe-core on the page and returns its serious and critical violations.

    Injected with `page.evaluate` (over the DevTools protocol) rather than a script tag, which
    the app's CSP would rightly refuse.
    """

    def run(page: Any) -> list[dict[str, Any]]:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        return [v for v in results["violations"] if v.get("impact") in AXE_BLOCKING_IMPACTS]

    return run


@pytest.fixture
def assert_accessible(axe: Callable[[Any], list[dict[str, Any]]]) -> Callable[[Any], None]:
    def check(page: Any) -> None:
        violations = axe(page)
        assert not violations, f"axe-core found serious/critical violations on {page.url}:\n" + format_violations(
            violations
        )

    return check
