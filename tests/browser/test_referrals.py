"""A referral end to end in Chromium: the worker searches the social map from her werkplaats case (results
as she types), refers to the neighbourhood debt-help team with the client's consent, and sends it; the
institution opens the e-mailed link without an account, sees only what it may, and accepts; the worker
sees the answer. A used link and an expired link get a clear page and change nothing. axe-core checks the
refer page, the referral page and the acknowledgement page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.template.defaultfilters import date as date_filter
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from tests.browser.conftest import CSP_LISTENER, TIMEOUT_MS, PageProblems, watch
from tests.socialmap.access_referrals import fresh_token
from tests.socialmap.factories import make_institution, sent_referral
from tests.workplace.flow import assigned_case
from zsm.common.clock import now
from zsm.socialmap.constants import ReferralStatus
from zsm.socialmap.models import Referral, ReferralLink, Service

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]
TOKEN_RE = re.compile(r"https?://[^\s]+/verwijzing/([A-Za-z0-9_-]+)/")
NEIGHBOURHOOD = "Buurtteam Schuldhulp Lombok"
CITYWIDE = "Schuldhulp Utrecht Stad"


@pytest.fixture
def anonymous(browser: Any, page_problems: PageProblems) -> Iterator[Callable[[], Page]]:
    """A fresh browser context without a login: the institution's inbox."""
    contexts: list[Any] = []

    def open_page() -> Page:
        context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.expose_binding(
            "__zsmReportCspViolation", lambda _source, message: page_problems.csp_violations.append(message)
        )
        context.add_init_script(CSP_LISTENER)
        return watch(context.new_page(), page_problems)

    yield open_page
    for context in contexts:
        context.close()


def state(referral: Referral) -> tuple[str, int]:
    stored = Referral.objects.get(pk=referral.pk)
    return stored.status, stored.version


def test_refer_send_and_acknowledge(
    person: Callable[[str], Page],
    anonymous: Callable[[], Page],
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    base = live_server.url
    make_institution(live_world, name=CITYWIDE, areas=((3500, 3585),), contact_email="stad@example.org")
    make_institution(live_world, name=NEIGHBOURHOOD, areas=((3521, 3521),), contact_email="lombok@example.org")
    werkplaats_case = assigned_case(live_world)
    mail.outbox.clear()

    # 1. From her case the worker goes to refer, and searches as she types.
    worker = person("werkplaats")
    worker.goto(f"{base}/werkplaats/zaken/{werkplaats_case.pk}/")
    panel = worker.get_by_test_id("referral-panel")
    expect(panel).to_be_visible()
    panel.get_by_test_id("refer").click()
    expect(worker).to_have_url(f"{base}/sociale-kaart/verwijzen/{werkplaats_case.pk}/")
    worker.locator("#id_q").press_sequentially("schuldhulp", delay=20)
    results = worker.get_by_test_id("referral-results")
    expect(results.get_by_test_id("hit")).to_have_count(2)
    worker.locator("#id_place").press_sequentially("3521", delay=20)
    expect(results.get_by_test_id("hit").first).to_contain_text(NEIGHBOURHOOD)
    assert worker.url == f"{base}/sociale-kaart/verwijzen/{werkplaats_case.pk}/"  # no reload: htmx swapped
    assert_accessible(worker)
    results.get_by_test_id("hit").filter(has_text=NEIGHBOURHOOD).get_by_test_id("refer-here").click()

    # 2. The referral form: the institution is fixed, its one service chosen (the need follows it), the
    # referral contact preselected; nothing is marked invalid yet. She records consent and saves.
    expect(worker.get_by_test_id("referral-institution")).to_contain_text(NEIGHBOURHOOD)
    chosen = Service.objects.get(institution__name=NEIGHBOURHOOD)
    expect(worker.locator("input[name=service]")).to_have_value(str(chosen.pk))
    expect(worker.locator("#id_need")).to_have_value("")
    expect(worker.locator("input[name=contact_person]").first).to_be_checked()
    assert worker.locator("#id_question").evaluate("el => el.matches(':invalid')") is False
    expect(worker.locator("[aria-invalid=true]")).to_have_count(0)
    worker.locator("#id_question").fill("Graag een intake voor schuldhulp; ongeveer € 10.000 schuld.")
    worker.locator("input[name=legal_basis][value=toestemming]").check()
    worker.locator("#id_consent_note").fill("Mondeling toestemming gegeven, telefonisch.")
    worker.get_by_test_id("referral-form").locator("button[type=submit]").click()
    expect(worker).to_have_url(re.compile(re.escape(f"{base}/sociale-kaart/verwijzingen/")))
    referral = Referral.objects.get(werkplaats_case=werkplaats_case)
    assert (referral.status, referral.institution.name, referral.need) == (
        ReferralStatus.DRAFT,
        NEIGHBOURHOOD,
        chosen.need,
    )
    # A draft: change, send or withdraw it; no step form.
    expect(worker.get_by_test_id("withdraw-form")).to_be_visible()
    expect(worker.get_by_test_id("move-form")).to_have_count(0)
    assert_accessible(worker)

    # 3. She sends it: the page says where the e-mail went.
    worker.get_by_test_id("send-form").locator("button[type=submit]").click()
    expect(worker.locator(".zsm-messages")).to_contain_text("lombok@example.org")
    expect(worker.get_by_test_id("referral-status")).to_contain_text(str(_("Sent")))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lombok@example.org"]
    found = TOKEN_RE.search(mail.outbox[0].body)
    assert found, mail.outbox[0].body
    token = found.group(1)
    assert "Sem" not in mail.outbox[0].body
    assert "Jansen" not in mail.outbox[0].body

    # 4. The institution opens the link without an account: first name and initial, no offence details.
    institution = anonymous()
    response = institution.goto(f"{base}/sociale-kaart/verwijzing/{token}/")
    assert response is not None
    assert response.status == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["referrer-policy"] == "no-referrer"
    expect(institution.get_by_test_id("ack-client")).to_have_text("Sem J.")
    expect(institution.get_by_test_id("ack-offences")).to_have_count(0)
    expect(institution.locator("body")).not_to_contain_text("Jansen")
    assert not [c for c in institution.context.cookies() if "session" in c["name"]]
    expect(institution.get_by_test_id("ack-worker").locator("a[href^='mailto:']")).to_have_count(1)
    assert_accessible(institution)
    intake_on = now().date() + timedelta(days=7)
    institution.locator("input[name=answer][value=plan_intake]").check()
    institution.get_by_test_id("ack-intake").locator("input[name=intake_on]").fill(intake_on.isoformat())
    institution.get_by_test_id("ack-form").locator("button[type=submit]").click()
    expect(institution.get_by_test_id("ack-thanks")).to_contain_text(date_filter(intake_on, "j F Y"))
    assert state(referral)[0] == ReferralStatus.INTAKE_PLANNED

    # 5. The worker sees the answer, in the timeline too: who answered, via the link, and the intake date.
    worker.reload()
    expect(worker.get_by_test_id("referral-status")).to_contain_text(str(_("Intake planned")))
    timeline = worker.get_by_test_id("timeline")
    expect(timeline).to_contain_text(_("%(name)s, via the link") % {"name": NEIGHBOURHOOD})
    expect(timeline.get_by_test_id("transition-intake")).to_have_text(
        _("Intake date: %(date)s") % {"date": date_filter(intake_on, "j F Y")}
    )

    # 6. The same link again: the used page, whom to call, and nothing changes.
    before = state(referral)
    again = institution.goto(f"{base}/sociale-kaart/verwijzing/{token}/")
    assert again is not None
    assert again.status == 410
    refused = institution.get_by_test_id("link-refused")
    expect(refused).to_have_attribute("data-refusal", "used")
    expect(institution.get_by_test_id("link-call")).to_contain_text(live_world["werkplaats"].display_name)
    expect(institution.get_by_test_id("ack-form")).to_have_count(0)
    assert state(referral) == before

    # 7. An expired link: a second referral whose link ran out.
    second = sent_referral(live_world, werkplaats_case.pk, Referral.objects.get(pk=referral.pk).institution)
    second_token = fresh_token(second)
    ReferralLink.objects.filter(referral=second).update(expires_at=now() - timedelta(minutes=1))
    before = state(second)
    expired = institution.goto(f"{base}/sociale-kaart/verwijzing/{second_token}/")
    assert expired is not None
    assert expired.status == 410
    expect(institution.get_by_test_id("link-refused")).to_have_attribute("data-refusal", "expired")
    assert state(second) == before == (ReferralStatus.SENT, second.version)
    page_problems.assert_none()
