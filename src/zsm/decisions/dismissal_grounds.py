"""The OM's dismissal grounds (sepotgronden): the code and wording printed on the suspect's letter.

The list is the annex "Overzicht sepotgronden" of the Aanwijzing sepot en gebruik sepotgronden (2022A004, in
force since 1 July 2022, Stcrt. 2022, 16129). Only what could be checked against a published text is built
in (see `docs/legal-rules.md`): an unchecked wording would be printed on a letter to a citizen. A parket
loads the full annex with ``ZSM_DISMISSAL_GROUNDS_FILE`` (CSV: code;kind;wording;in force from;in force
until;source); its rows replace the built-in ones with the same code. Retired grounds stay readable on the
decisions that used them but can no longer be chosen.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

AANWIJZING = "Aanwijzing sepot en gebruik sepotgronden (2022A004), bijlage; Stcrt. 2022, 16129"


class GroundKind(models.TextChoices):
    TECHNICAL = "technical", _("technical")
    POLICY = "policy", _("policy")


@dataclass(frozen=True)
class DismissalGround:
    code: str
    kind: str
    wording: str  # as the OM writes it; printed on the suspect's letter
    source: str
    in_force_until: date | None = None  # the last day it could be chosen; None while in force
    verified: bool = True  # the wording was seen in a published text (False: a secondary source)
    in_force_from: date | None = None

    def in_force_on(self, day: date) -> bool:
        started = self.in_force_from is None or self.in_force_from <= day
        return started and (self.in_force_until is None or day <= self.in_force_until)

    @property
    def label(self) -> str:
        return f"{self.code} {self.wording}"


BUILT_IN: tuple[DismissalGround, ...] = (
    DismissalGround(
        "01",
        GroundKind.TECHNICAL,
        "ten onrechte als verdachte aangemerkt",
        "Aanwijzing gebruik sepotgronden, bijlage (BWBR0035469, versie 2014-09-01); " + AANWIJZING,
    ),
    DismissalGround(
        "02",
        GroundKind.TECHNICAL,
        "onvoldoende wettig bewijs",
        "Nationale ombudsman, rapport 2001/227; de bijlage van 2022A004 zelf niet gezien",
        verified=False,
    ),
    DismissalGround(
        "09",
        GroundKind.TECHNICAL,
        "rechtmatige geweldsaanwending door een opsporingsambtenaar",
        "Justis/JustID, 'Sepot, strafbeschikking en vrijspraak' (omschrijving, niet de letterlijke bijlage)",
        verified=False,
    ),
    DismissalGround(
        "04",
        GroundKind.TECHNICAL,
        "burgerlijk rechter niet bevoegd",
        AANWIJZING + ", par. 1.1 (geschrapt per 1 juli 2022)",
        in_force_until=date(2022, 6, 30),
    ),
    DismissalGround("58", GroundKind.POLICY, "corporatie wordt vervolgd", AANWIJZING + ", par. 1.1"),
    DismissalGround("59", GroundKind.POLICY, "leidinggever wordt vervolgd", AANWIJZING + ", par. 1.1"),
)

# Codes that earlier versions of ZSM Werkplaats offered without a published source. Kept only so the decisions
# recorded with them stay readable; never selectable, never presented as the OM's wording.
UNSOURCED_EARLIER_CODES: dict[str, Any] = {
    "03": _("Not a criminal offence"),
    "05": _("Prosecution barred"),
    "41": _("Minor offence"),
    "42": _("Minor involvement"),
    "43": _("Recently punished for another offence"),
    "44": _("Old case"),
    "45": _("Settled with the victim"),
    "46": _("Suspect hard hit by the offence"),
    "47": _("Other interests prevail"),
}
EARLIER_VERSION_NOTE = _("code of an earlier version of ZSM Werkplaats")

FIELDS = ("code", "kind", "wording", "in_force_from", "in_force_until", "source")


def _read_file(path: Path) -> list[DismissalGround]:
    """The parket's copy of the annex. A malformed file stops the start (a wrong letter is worse than none)."""
    grounds = []
    if not path.is_file():
        raise ImproperlyConfigured(f"ZSM_DISMISSAL_GROUNDS_FILE: {path} does not exist")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=";")
        if reader.fieldnames is None or not set(FIELDS) <= set(reader.fieldnames):
            raise ImproperlyConfigured(f"{path}: the columns must be {';'.join(FIELDS)}")
        for number, row in enumerate(reader, start=2):
            code = (row["code"] or "").strip()
            kind = (row["kind"] or "").strip()
            wording = (row["wording"] or "").strip()
            if not (len(code) == 2 and code.isdigit()) or kind not in GroundKind.values or not wording:
                raise ImproperlyConfigured(f"{path}, line {number}: a two-digit code, technical/policy and a wording")
            since = (row["in_force_from"] or "").strip()
            until = (row["in_force_until"] or "").strip()
            grounds.append(
                DismissalGround(
                    code=code,
                    kind=kind,
                    wording=wording,
                    source=(row["source"] or "").strip() or str(path.name),
                    in_force_until=date.fromisoformat(until) if until else None,
                    in_force_from=date.fromisoformat(since) if since else None,
                )
            )
    return grounds


@lru_cache(maxsize=4)
def _grounds(file_setting: str, version: int) -> dict[str, DismissalGround]:
    grounds = {ground.code: ground for ground in BUILT_IN}
    if file_setting:
        grounds |= {ground.code: ground for ground in _read_file(Path(file_setting))}
    return dict(sorted(grounds.items()))


def all_grounds() -> dict[str, DismissalGround]:
    """Every known ground by code, retired ones included (the file is read again when it changes)."""
    path = getattr(settings, "ZSM_DISMISSAL_GROUNDS_FILE", "")
    version = Path(path).stat().st_mtime_ns if path and Path(path).exists() else 0
    return _grounds(path, version)


def grounds_in_force(*, on: date, kind: str | None = None) -> list[DismissalGround]:
    """The grounds an officer may choose today (of one kind, if given)."""
    return [g for g in all_grounds().values() if g.in_force_on(on) and (kind is None or g.kind == kind)]


def ground_label(code: str) -> str:
    """What a decision's code reads as: the OM's wording, or a plain note for a code of an earlier version."""
    if not code:
        return ""
    ground = all_grounds().get(code)
    if ground is not None:
        return ground.label
    earlier = UNSOURCED_EARLIER_CODES.get(code)
    if earlier is not None:
        return f"{code} {earlier} ({EARLIER_VERSION_NOTE})"
    return code
