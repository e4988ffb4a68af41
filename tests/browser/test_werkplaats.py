"""The werkplaats end to end in Chromium: from pickup at the ZSM table to a closed case.

Probation proposes, the coordinator assigns, the worker makes three calls (one unreached, which
comes back on the next working day's list), records the RISc light, a colleague confirms it, the
worker advises, the officer adopts the advice and decides a conditional dismissal with a catalogue
intervention as its condition, a monitoring check falls due and is done, and the case is closed.
Time moves with time-machine (the live server runs in this process), so each person logs in again
after a jump, as the session time-outs demand. axe-core checks the worker's day, the case page and
the assessment form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
import time_machine
from playwright.sync_api import Page, expect

from tests.browser.conftest import PageProblems
from tests.browser.test_zsm_table import register_case, unique_surname
from zsm.common.clock import AMSTERDAM, local_now
from zsm.common.holidays import next_working_day
from zsm.decisions.constants import Disposal
from zsm.decisions.models import Decision
from zsm.workplace.constants import AssessmentStatus, LifeArea, WerkplaatsStatus
from zsm.workplace.models import Advice, Contact, Intervention, WerkplaatsCase
from zsm.workplace.selectors import TIMED_ACTIVITIES, case_total_minutes

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]
LOCAL_INPUT = "%Y-%m-%dT%H:%M"
TRAINING = "Korte training alcohol en geweld"


def _morning(day: date) -> datetime:
    return datetime.combine(day, time(9, 15), tzinfo=AMSTERDAM)


def _log_contact(page: Page, *, role: str, name: str, outcome: str, minutes: int, summary: str) -> None:
    form = page.locator("form[action$='/contacten/']")
    form.locator("[name=contact-role]").select_option(role)
    form.locator("[name=contact-name]").fill(name)
    form.locator("[name=contact-channel]").select_option("phone")
    form.locator(f"[name=contact-outcome][value={outcome}]").check()
    form.locator("[name=contact-summary]").fill(summary)
    form.locator("[name=contact-minutes]").fill(str(minutes))
    form.locator("button[type=submit]").click()
    expect(page.get_by_test_id("logged")).to_be_visible()
    expect(page.locator("[data-testid=contact]", has_text=name).first).to_be_visible()


def test_from_pickup_to_close(
    person: Callable[[str], Page],
    page_problems: PageProblems,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    base = live_server.url
    surname = unique_surname()
    case = register_case(live_world, surname)

    # 1. Probation at the table proposes the case for the werkplaats, with its signal.
    screener = person("reclassering")
    screener.goto(f"{base}/zsm/zaken/{case.pk}/")
    screener.locator(f"a[href='/werkplaats/voorstel/{case.pk}/']").click()
    screener.locator("input[name=signals][value=unpayable_debts]").check()
    screener.locator("form.utrecht-form button[type=submit]").click()
    expect(screener).to_have_url(f"{base}/zsm/zaken/{case.pk}/")
    expect(screener.get_by_test_id("werkplaats-panel")).to_be_visible()
    werkplaats_case = WerkplaatsCase.objects.get(case=case)
    assert werkplaats_case.status == WerkplaatsStatus.PROPOSED
    wp = f"/werkplaats/zaken/{werkplaats_case.pk}/"

    # 2. The coordinator assigns it; the suggestion (lowest caseload) is preselected, she picks Wendy.
    coordinator = person("coordinator")
    coordinator.goto(f"{base}/werkplaats/coordinatie/")
    proposed = coordinator.locator(f"#proposed-{werkplaats_case.pk}")
    expect(proposed).to_contain_text(surname)
    proposed.locator("select[name=worker]").select_option(str(live_world["werkplaats"].pk))
    proposed.locator("button[type=submit]").click()
    expect(coordinator.locator(f"#proposed-{werkplaats_case.pk}")).to_have_count(0)
    werkplaats_case.refresh_from_db()
    assert (werkplaats_case.status, werkplaats_case.worker) == (WerkplaatsStatus.ASSIGNED, live_world["werkplaats"])

    # 3. The worker finds it on her day and makes three calls; the community officer is not reached.
    worker = person("werkplaats")
    worker.goto(f"{base}/werkplaats/")
    expect(worker.get_by_test_id("my-cases")).to_contain_text(surname)
    assert_accessible(worker)
    worker.get_by_test_id("my-cases").get_by_role("link", name=str(werkplaats_case)).click()
    expect(worker).to_have_url(f"{base}{wp}")
    assert_accessible(worker)
    _log_contact(worker, role="arresting_officer", name="Agent Verbeek", outcome="reached", minutes=12,
                 summary="Licht vergrijp; verdachte oogde uitgeput.")  # fmt: skip
    _log_contact(worker, role="community_officer", name="Wijkagent De Boer", outcome="not_reached", minutes=5,
                 summary="Voicemail.")  # fmt: skip
    today = local_now().date()
    retry_day = next_working_day(today)
    expect(worker.get_by_test_id("logged")).to_contain_text(str(retry_day.day))
    _log_contact(worker, role="client", name=surname, outcome="reached", minutes=15,
                 summary="Schulden van ongeveer € 10.000; wil hulp.")  # fmt: skip
    assert Contact.objects.filter(werkplaats_case=werkplaats_case).count() == 3

    # 4. The next working day, the unreached officer is on her list of calls to retry.
    with time_machine.travel(_morning(retry_day), tick=True):
        worker = person("werkplaats")
        worker.goto(f"{base}/werkplaats/")
        expect(worker.get_by_test_id("calls")).to_contain_text("Wijkagent De Boer")
        worker.goto(f"{base}{wp}")
        _log_contact(worker, role="community_officer", name="Wijkagent De Boer", outcome="reached", minutes=10,
                     summary="Kent het gezin; geen eerdere meldingen.")  # fmt: skip
        worker.goto(f"{base}/werkplaats/")
        expect(worker.get_by_test_id("calls")).not_to_contain_text("Wijkagent De Boer")

        # 5. The RISc light: without a professional judgement it is refused, with one it is stored.
        worker.goto(f"{base}{wp}risc-light/")
        assert_accessible(worker)
        for area in LifeArea.values:
            score = "2" if area == LifeArea.INCOME_DEBTS else "1" if area == LifeArea.HOUSING else "0"
            worker.locator(f"input[name=score_{area}][value='{score}']").check()
        worker.locator("[name=note_income_debts]").fill("Schuld van € 10.000, goed geadministreerd.")
        worker.locator("[name=minutes]").fill("40")
        worker.locator("form[action$='/risc-light/'] button[type=submit]").click()
        expect(worker.locator("#error-summary")).to_be_visible()
        expect(worker.locator("#error-summary")).to_contain_text(re.compile("oordeel|judgement", re.IGNORECASE))
        assert not werkplaats_case.assessments.exists()
        worker.locator("[name=professional_judgement]").fill("Schulden zijn de kern; verder stabiel.")
        worker.locator("form[action$='/risc-light/'] button[type=submit]").click()
        expect(worker).to_have_url(re.compile(re.escape(f"{base}{wp}")))
        assessment = werkplaats_case.assessments.get()
        assert assessment.status == AssessmentStatus.AWAITING_REVIEW

        # 6. A colleague confirms it from her own day.
        colleague = person("werkplaats2")
        colleague.goto(f"{base}/werkplaats/")
        expect(colleague.get_by_test_id("reviews")).to_contain_text(surname)
        colleague.goto(f"{base}/werkplaats/beoordelingen/{assessment.pk}/")
        colleague.locator("input[name=decision][value=confirm]").check()
        colleague.locator(f"form[action$='/beoordelingen/{assessment.pk}/'] button[type=submit]").click()
        expect(colleague).to_have_url(re.compile(re.escape(f"{base}{wp}")))
        assessment.refresh_from_db()
        assert (assessment.status, assessment.reviewed_by) == (AssessmentStatus.CONFIRMED, live_world["werkplaats2"])

        # 7. The worker advises a conditional dismissal with a short training from the catalogue.
        training = Intervention.objects.get(name=TRAINING)
        worker.goto(f"{base}{wp}advies/")
        worker.locator("[name=disposal]").select_option(Disposal.CONDITIONAL_DISMISSAL)
        worker.locator("[name=intervention]").select_option(str(training.pk))
        worker.locator("[name=conditions]").fill("Meewerken aan schuldhulp.")
        worker.locator("[name=rationale]").fill("Een schuldmaatje en een korte training helpen meer dan een boete.")
        worker.locator("[name=minutes]").fill("25")
        worker.locator("form[action$='/advies/'] button[type=submit]").click()
        expect(worker).to_have_url(re.compile(re.escape(f"{base}{wp}")))
        werkplaats_case.refresh_from_db()
        assert werkplaats_case.status == WerkplaatsStatus.ADVICE_GIVEN

        # 8. The officer reads the advice from the case page and decides, starting from the advice: the decision
        #    is the answer (adopted), then she rates the advice.
        officer = person("officier")
        officer.goto(f"{base}/zsm/zaken/{case.pk}/")
        advice_panel = officer.get_by_test_id("werkplaats-advice")
        expect(advice_panel).to_contain_text("schuldmaatje")
        advice_panel.locator(f"a[href='/werkplaats/advies/{werkplaats_case.pk}/']").click()
        officer.get_by_test_id("decide-first").locator("a").click()
        expect(officer).to_have_url(f"{base}/zsm/zaken/{case.pk}/beslissing/")
        expect(officer.locator("input[name=disposal][value=conditional_dismissal]")).to_be_checked()
        expect(officer.locator("#id_intervention")).to_have_value(str(training.pk))
        appointment = next_working_day(local_now().date() + timedelta(days=1))
        officer.locator("#id_probation_period_months").fill("6")
        officer.locator("#id_appointment_at").fill(f"{appointment.isoformat()}T10:00")
        officer.locator("#id_appointment_place").fill("Reclassering, Utrecht")
        officer.locator("#id_appointment_with").fill("Wendy Werkplaats")
        officer.locator("form.utrecht-form button[type=submit]").last.click()
        expect(officer).to_have_url(f"{base}/zsm/zaken/{case.pk}/")
        decision = Decision.objects.get(case=case)
        assert (decision.disposal, decision.intervention) == (Disposal.CONDITIONAL_DISMISSAL, training)
        expect(officer.get_by_test_id("advice-response")).to_contain_text(re.compile("Overgenomen|Adopted"))
        officer.goto(f"{base}/werkplaats/advies/{werkplaats_case.pk}/")
        officer.locator("input[name=usefulness][value='4']").check()
        officer.locator("form.utrecht-form button[type=submit]").click()
        expect(officer).to_have_url(f"{base}/zsm/zaken/{case.pk}/")
        assert Advice.objects.get(werkplaats_case=werkplaats_case).usefulness == 4

        # 9. The worker plans a check on the help, a week ahead.
        check_day = next_working_day(local_now().date() + timedelta(days=6))
        worker.goto(f"{base}{wp}")
        plan = worker.locator("form[action$='/controles/']")
        plan.locator("[name=check-subject]").fill("Loopt de schuldhulp?")
        plan.locator("[name=check-agency]").fill("Schuldhulp Utrecht")
        plan.locator("[name=check-due_on]").fill(check_day.isoformat())
        plan.locator("button[type=submit]").click()
        expect(worker.locator("#monitoring")).to_contain_text("Loopt de schuldhulp?")
        werkplaats_case.refresh_from_db()
        assert werkplaats_case.status == WerkplaatsStatus.MONITORING

    # 10. On the day, the check is due on her list; the help runs, and she closes the case.
    with time_machine.travel(_morning(check_day), tick=True):
        worker = person("werkplaats")
        worker.goto(f"{base}/werkplaats/")
        expect(worker.get_by_test_id("checks")).to_contain_text("Loopt de schuldhulp?")
        check = werkplaats_case.monitoring_checks.get()
        worker.goto(f"{base}{wp}")
        record = worker.locator(f"form[action$='/controles/{check.pk}/']")
        record.locator(f"[name=check-{check.pk}-outcome]").select_option("running")
        record.locator(f"[name=check-{check.pk}-minutes]").fill("10")
        record.locator("button[type=submit]").click()
        expect(worker.locator("#monitoring")).not_to_contain_text("Loopt de schuldhulp? ·  planned")
        close = worker.locator("form[action$='/afsluiten/']")
        close.locator("[name=close-outcome]").fill("Schuldhulp loopt, training gestart; monitoring afgerond.")
        close.locator("button[type=submit]").click()
        expect(worker.get_by_test_id("case-header")).to_contain_text(re.compile("Afgesloten|Closed"))

    werkplaats_case.refresh_from_db()
    assert werkplaats_case.status == WerkplaatsStatus.CLOSED
    # The case's total time is the sum of everything done on it: 12+5+15+10 calls, 40 assessment, 25 advice, 10 check.
    assert case_total_minutes(werkplaats_case) == 117
    assert (
        sum(
            sum(model.objects.filter(werkplaats_case=werkplaats_case).values_list("minutes", flat=True))
            for model in TIMED_ACTIVITIES
        )
        == 117
    )
    page_problems.assert_none()
