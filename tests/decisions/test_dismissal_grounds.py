"""The OM's dismissal grounds (docs/legal-rules.md D15): in force, retired, and the parket's copy of the annex."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from zsm.decisions.apps import dismissal_grounds_check
from zsm.decisions.dismissal_grounds import (
    BUILT_IN,
    GroundKind,
    all_grounds,
    ground_label,
    grounds_in_force,
)

ANNEX = """code;kind;wording;in_force_from;in_force_until;source
02;technical;onvoldoende wettig bewijs;2022-07-01;;Stcrt. 2022, 16129
20;policy;gering feit;2022-07-01;;Stcrt. 2022, 16129
21;policy;oude regeling;2013-01-01;2022-06-30;Stcrt. 2012
"""


def test_only_sourced_grounds_are_built_in() -> None:
    assert {g.code for g in BUILT_IN} == {"01", "02", "09", "04", "58", "59"}
    assert all(g.source for g in BUILT_IN)
    today = date(2026, 12, 2)
    assert {g.code for g in grounds_in_force(on=today, kind=GroundKind.TECHNICAL)} == {"01", "02", "09"}
    assert {g.code for g in grounds_in_force(on=today, kind=GroundKind.POLICY)} == {"58", "59"}


@pytest.mark.parametrize(("day", "in_force"), [(date(2022, 6, 30), True), (date(2022, 7, 1), False)])
def test_code_04_was_struck_on_1_july_2022(day: date, in_force: bool) -> None:
    assert ("04" in {g.code for g in grounds_in_force(on=day)}) == in_force
    assert ground_label("04") == "04 burgerlijk rechter niet bevoegd"  # still readable on old decisions


def test_codes_of_earlier_versions_stay_readable_but_are_not_the_oms() -> None:
    label = ground_label("41")
    assert label.startswith("41 ")
    assert "ZSM Werkplaats" in label
    assert "41" not in all_grounds()


def test_the_parkets_annex_adds_and_replaces_grounds(tmp_path: Path) -> None:
    annex = tmp_path / "sepotgronden.csv"
    annex.write_text(ANNEX, encoding="utf-8")
    with override_settings(ZSM_DISMISSAL_GROUNDS_FILE=str(annex)):
        grounds = all_grounds()
        assert grounds["20"].wording == "gering feit"
        assert grounds["01"].wording == "ten onrechte als verdachte aangemerkt"  # built in, kept
        assert {g.code for g in grounds_in_force(on=date(2026, 1, 1), kind=GroundKind.POLICY)} == {"20", "58", "59"}
        assert "21" not in {g.code for g in grounds_in_force(on=date(2026, 1, 1))}
        assert ground_label("21") == "21 oude regeling"


@pytest.mark.parametrize(
    "text",
    [
        "code;kind;wording\n20;policy;gering feit\n",  # columns missing
        ANNEX.replace("20;policy", "2O;policy"),  # not two digits
        ANNEX.replace("20;policy", "20;beleid"),  # unknown kind
        ANNEX.replace(";gering feit;", ";;"),  # no wording
    ],
)
def test_a_malformed_annex_stops_the_start(tmp_path: Path, text: str) -> None:
    annex = tmp_path / "sepotgronden.csv"
    annex.write_text(text, encoding="utf-8")
    with override_settings(ZSM_DISMISSAL_GROUNDS_FILE=str(annex)), pytest.raises(ImproperlyConfigured):
        all_grounds()


def test_the_deploy_check_asks_for_the_annex_and_reads_it(tmp_path: Path) -> None:
    with override_settings(ZSM_DISMISSAL_GROUNDS_FILE=""):
        assert [m.id for m in dismissal_grounds_check()] == ["zsm.W001"]
    annex = tmp_path / "sepotgronden.csv"
    annex.write_text(ANNEX, encoding="utf-8")
    with override_settings(ZSM_DISMISSAL_GROUNDS_FILE=str(annex)):
        assert dismissal_grounds_check() == []
    annex.write_text(ANNEX.replace("20;policy", "20;beleid"), encoding="utf-8")
    with override_settings(ZSM_DISMISSAL_GROUNDS_FILE=str(annex)):
        assert [m.id for m in dismissal_grounds_check()] == ["zsm.E001"]
