"""`zsm demo`: old cases, so that the privacy officer's dry run lists what the retention terms make due."""

from __future__ import annotations

from typing import Any

import pytest

from zsm.audit.constants import RetentionClass
from zsm.audit.purge import purge_scheduled
from zsm.audit.retention import item_label
from zsm.cases.models import Case
from zsm.demo.retention import OLD_CASES, retention_build


def listed(report: dict[str, Any], data_class: RetentionClass) -> set[str]:
    return {item_label(item["kind"], item["id"]) for item in report[data_class.value]["items"]}


@pytest.mark.django_db
def test_a_dry_run_on_the_demo_lists_the_old_cases_and_nothing_of_today(demo: str) -> None:
    old = {case.suspect.surname: case for case in Case.objects.filter(police_registration_number__contains="OUD")}
    assert sorted(old) == sorted(entry.surname for entry in OLD_CASES)

    [dry_run] = purge_scheduled(apply=False)

    police = listed(dry_run.report, RetentionClass.POLICE_DATA)
    assert {f"ZSM-{old['Hoogeveen'].pk}", f"ZSM-{old['Oudshoorn'].pk}"} <= police
    assert {f"WP-{old['Hoogeveen'].pk}"} == listed(dry_run.report, RetentionClass.WERKPLAATS_CASEWORK)
    assert {f"ZSM-{old['Sleeuwijk'].pk}", item_label("person", old["Sleeuwijk"].suspect_id)} == listed(
        dry_run.report, RetentionClass.OM_DECISIONS
    )
    # Nothing of the live demo is due: every other listed case is one of the old ones.
    old_ids = {f"ZSM-{case.pk}" for case in old.values()}
    assert {label for label in police if label.startswith("ZSM-")} <= old_ids


@pytest.mark.django_db
def test_the_old_cases_are_made_once(demo: str) -> None:
    assert retention_build().skipped
