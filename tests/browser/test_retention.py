"""Retention in Chromium: the privacy officer (with her second factor) reads the terms, starts a dry run,
reads its report (references only, a chart per data class), applies it, and the old case is pseudonymised.
A second test watches a run that is not done yet: the progress bar follows the worker through htmx, and
the page reloads itself into the report when the run finishes. axe-core checks the retention page, the
run page in progress, the dry run's report and the purge's report.

In tests the task backend is immediate: a run started from the page is done before its page loads. The
second test therefore queues its run without the task and executes it from the test thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import Page, expect

from tests.audit.test_retention import decided_and_closed, verified
from zsm.audit.constants import PurgeStatus, RetentionClass
from zsm.audit.models import PurgeRun
from zsm.audit.purge import purge_dry_run_request, purge_run_execute
from zsm.audit.retention import item_label, retention_policies
from zsm.cases.models import Case
from zsm.common.clock import now
from zsm.persons.models import Person
from zsm.workplace.models import WerkplaatsCase

pytestmark = pytest.mark.django_db(transaction=True)

Check = Callable[[Page], None]
GIVEN, SURNAME = "Anouk", "Brouwersma"
RETENTION_PATH = "/privacy/bewaartermijnen/"
# Set on the window by the test; a full page load clears it, an htmx swap does not.
MARK = "() => { window.__zsmSamePage = true; }"
SAME_PAGE = "() => window.__zsmSamePage === true"


def old_case(world: dict[str, Any]) -> Case:
    """A client's ZSM case decided and werkplaats case closed six years ago: past the police-data term."""
    case = decided_and_closed(world, given=GIVEN, surname=SURNAME, bsn="111222333", marker="oud")
    long_ago = now() - timedelta(days=6 * 365)
    Case.objects.filter(pk=case.pk).update(decided_at=long_ago, updated_at=long_ago)
    WerkplaatsCase.objects.filter(case=case).update(closed_at=long_ago)
    return Case.objects.get(pk=case.pk)


def class_section(page: Page, data_class: RetentionClass) -> Any:
    return page.locator(
        "main section", has=page.get_by_role("heading", name=re.compile(re.escape(str(data_class.label))))
    )


def expect_report(page: Page, case: Case) -> None:
    """The report per data class: references, never the client's name, and the drawn chart."""
    expect(page.get_by_role("heading", level=2, name=_("Per data class"))).to_be_visible()
    police = class_section(page, RetentionClass.POLICE_DATA)
    expect(police.get_by_role("heading", level=3)).to_have_text(re.compile(r":\s*2\s*$"))  # the case, its person
    expect(police.locator("li")).to_have_count(2)
    expect(police.locator("li").nth(0)).to_contain_text(f"ZSM-{case.pk}")
    expect(police.locator("li").nth(1)).to_contain_text(item_label("person", case.suspect_id))
    werkplaats = class_section(page, RetentionClass.WERKPLAATS_CASEWORK)
    expect(werkplaats.locator("li")).to_have_text([re.compile(rf"^\s*WP-{case.pk}\b")])
    expect(class_section(page, RetentionClass.OM_DECISIONS).get_by_role("heading", level=3)).to_have_text(
        re.compile(r":\s*0\s*$")  # six years is within the OM's ten
    )
    main = page.locator("main")
    expect(main).not_to_contain_text(SURNAME)
    expect(main).not_to_contain_text(GIVEN)
    expect(main).not_to_contain_text("111222333")
    canvas = page.locator("canvas[data-chart-source=purge-chart-data]")
    expect(canvas).to_have_count(1)
    expect(canvas).to_have_attribute("role", "img")
    expect(canvas).to_have_attribute("aria-label", _("Records due per data class"))
    # Chart.js drew it: one horizontal bar per data class, with the report's counts.
    page.wait_for_function("() => window.Chart && Chart.getChart(document.querySelector('canvas[data-chart-source]'))")
    chart = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector("canvas[data-chart-source]"));
            return {axis: chart.options.indexAxis, labels: chart.data.labels, values: chart.data.datasets[0].data};
        }"""
    )
    assert chart["axis"] == "y"
    assert sorted(chart["labels"]) == sorted(str(data_class.label) for data_class in RetentionClass)
    counts = dict(zip(chart["labels"], chart["values"], strict=True))
    assert counts[str(RetentionClass.POLICE_DATA.label)] == 2
    assert counts[str(RetentionClass.WERKPLAATS_CASEWORK.label)] == 1
    assert counts[str(RetentionClass.OM_DECISIONS.label)] == 0


def test_dry_run_then_apply_pseudonymises_the_old_case(
    person: Callable[[str], Page],
    page_problems: Any,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    base = live_server.url
    case = old_case(live_world)
    suspect_id = case.suspect_id

    # 1. The retention page: one row per data class with its term and action, and the button.
    officer = person("privacy")
    response = officer.goto(f"{base}{RETENTION_PATH}")
    assert response is not None
    assert response.status == 200
    terms = officer.locator("main table").first
    expect(terms.locator("caption")).to_have_text(_("Retention terms of this installation"))
    rows = terms.locator("tbody tr")
    expect(rows).to_have_count(len(RetentionClass))
    for index, policy in enumerate(retention_policies()):
        expect(rows.nth(index).locator("th")).to_have_text(policy.label)
        expect(rows.nth(index).locator("td").nth(1)).to_have_text(str(policy.days))
        expect(rows.nth(index).locator("td").nth(3)).to_have_text(policy.action_label)
    assert_accessible(officer)

    # 2. She starts a dry run and lands on its page; the immediate task backend finished it on commit,
    # so the report is there without a reload and nothing polls any more.
    officer.get_by_role("button", name=_("Start a dry run")).click()
    expect(officer).to_have_url(re.compile(re.escape(f"{base}{RETENTION_PATH}") + r"\d+/$"))
    dry_run = PurgeRun.objects.get()
    assert officer.url == f"{base}{RETENTION_PATH}{dry_run.pk}/"
    assert dry_run.dry_run
    assert dry_run.status == PurgeStatus.DONE
    assert dry_run.started_by_id == live_world["privacy"].pk
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        _("Dry run %(number)s: what is due") % {"number": dry_run.pk}
    )
    expect(officer.locator("#purge-status")).not_to_have_attribute("hx-get", re.compile("."))
    expect(officer.locator("#purge-progress")).to_have_count(0)
    expect_report(officer, case)
    assert Case.objects.get(pk=case.pk).pseudonymised_at is None  # a dry run changes nothing
    assert_accessible(officer)

    # 3. She applies it and lands on the purge, which lists what was removed.
    officer.get_by_role("button", name=_("Apply this dry run")).click()
    expect(officer).not_to_have_url(f"{base}{RETENTION_PATH}{dry_run.pk}/")
    purge = PurgeRun.objects.get(dry_run=False)
    expect(officer).to_have_url(f"{base}{RETENTION_PATH}{purge.pk}/")
    assert (purge.dry_run_of_id, purge.status) == (dry_run.pk, PurgeStatus.DONE)
    expect(officer.get_by_role("heading", level=1)).to_have_text(
        _("Purge %(number)s: what was removed") % {"number": purge.pk}
    )
    expect(officer.locator("main dl")).to_contain_text(_("Dry run %(number)s") % {"number": dry_run.pk})
    expect_report(officer, case)
    expect(officer.get_by_role("button", name=_("Apply this dry run"))).to_have_count(0)
    assert_accessible(officer)

    # 4. In the database: the case kept its decision but lost its police data, the person their identity,
    # and the werkplaats casework is gone.
    stored = Case.objects.get(pk=case.pk)
    assert stored.pseudonymised_at is not None
    assert stored.police_registration_number == ""
    client = Person.objects.get(pk=suspect_id)
    assert client.pseudonymised_at is not None
    assert (client.given_names, client.surname, client.bsn) == ("", "", "")
    assert not WerkplaatsCase.objects.filter(case_id=case.pk).exists()

    # 5. The report follows the purge order of the terms table (and of the chart's bars).
    in_purge_order = [str(data_class.label) for data_class in RetentionClass]
    sections = officer.locator("main section h3")
    expect(sections).to_have_count(len(RetentionClass))
    shown = [re.sub(r":\s*\d+\s*$", "", text.strip()) for text in sections.all_inner_texts()]
    chart_labels = officer.evaluate(
        "() => Chart.getChart(document.querySelector('canvas[data-chart-source]')).data.labels"
    )

    # 6. The dry run now points at its purge instead of offering to apply again; the log lists both.
    officer.goto(f"{base}{RETENTION_PATH}{dry_run.pk}/")
    expect(officer.get_by_role("button", name=_("Apply this dry run"))).to_have_count(0)
    expect(officer.locator(f"main a[href$='/{purge.pk}/']")).to_have_count(1)
    officer.goto(f"{base}{RETENTION_PATH}")
    expect(officer.locator("main table").nth(1).locator("tbody tr")).to_have_count(2)
    page_problems.assert_none()
    # Checked last, so that the rest of the flow has run: PostgreSQL's jsonb does not keep the report's key
    # order, so the page must take its order from the data classes, not from the stored report.
    assert shown == in_purge_order, "report sections out of purge order"
    assert chart_labels == in_purge_order, "chart bars out of purge order"


def test_run_page_follows_progress_and_reloads_into_the_report(
    person: Callable[[str], Page],
    page_problems: Any,
    live_server: Any,
    live_world: dict[str, Any],
    assert_accessible: Check,
) -> None:
    base = live_server.url
    case = old_case(live_world)
    officer = person("privacy")
    # Queued as the page would (by her, second factor passed), but without the task: the test plays the worker.
    run = purge_dry_run_request(user=verified(live_world["privacy"]), enqueue=False)
    assert PurgeRun.objects.get(pk=run.pk).status == PurgeStatus.QUEUED

    officer.goto(f"{base}{RETENTION_PATH}{run.pk}/")
    status = officer.locator("#purge-status")
    # The live region stays put around the status the poll swaps, so screen readers hear each change.
    expect(officer.locator("[aria-live=polite]:has(> #purge-status)")).to_have_count(1)
    expect(status).to_contain_text(str(PurgeStatus.QUEUED.label))
    progress = officer.get_by_label(_("Progress"))
    expect(progress).to_have_attribute("value", "0")
    expect(officer.get_by_role("heading", level=2, name=_("Per data class"))).to_have_count(0)
    expect(officer.get_by_role("button", name=_("Apply this dry run"))).to_have_count(0)
    assert_accessible(officer)
    officer.evaluate(MARK)

    classes = list(RetentionClass)
    midway = classes.index(RetentionClass.POLICE_DATA)
    seen: list[str] = []

    def watch_the_page(step: str, percent: int) -> None:
        # Between two classes the worker holds no transaction: the page's poll sees this progress.
        if step != RetentionClass.POLICE_DATA.value:
            return
        assert percent == midway * 100 // len(classes)
        expect(officer.locator("#purge-progress")).to_have_attribute("value", str(percent))
        expect(officer.locator("#purge-status")).to_contain_text(str(PurgeStatus.RUNNING.label))
        assert officer.evaluate(SAME_PAGE), "the progress should be swapped in, not the page reloaded"
        seen.append(step)

    finished = purge_run_execute(run.pk, on_step=watch_the_page)
    assert finished.status == PurgeStatus.DONE
    assert seen == [RetentionClass.POLICE_DATA.value]

    # The next poll answers HX-Refresh: the page reloads itself (the mark is gone) into the report.
    expect(officer.get_by_role("heading", level=2, name=_("Per data class"))).to_be_visible()
    assert not officer.evaluate(SAME_PAGE)
    assert officer.url == f"{base}{RETENTION_PATH}{run.pk}/"
    expect(officer.locator("#purge-progress")).to_have_count(0)
    expect_report(officer, case)
    expect(officer.get_by_role("button", name=_("Apply this dry run"))).to_be_visible()
    assert_accessible(officer)
    page_problems.assert_none()
