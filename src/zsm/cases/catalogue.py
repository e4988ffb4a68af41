"""A small built-in catalogue of common high-volume offences (VVC) to pick from at intake.

Maximum penalties follow the Wetboek van Strafrecht (Sr); "pre-trial detention allowed" follows
art. 67 Sv (four years or more, or named in its list). Police systems may send other offences;
the catalogue only saves typing. Verify against the current law before relying on a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class OffenceEntry:
    code: str
    description: str
    pretrial_detention_allowed: bool
    max_penalty_years: Decimal
    domestic_violence: bool = False


CATALOGUE: tuple[OffenceEntry, ...] = (
    OffenceEntry("310 Sr", "Eenvoudige diefstal (winkeldiefstal)", True, Decimal("4")),
    OffenceEntry("311 Sr", "Gekwalificeerde diefstal", True, Decimal("6")),
    OffenceEntry("416 Sr", "Opzetheling", True, Decimal("4")),
    OffenceEntry("300 Sr", "Eenvoudige mishandeling", True, Decimal("3")),
    OffenceEntry("300/304 Sr", "Mishandeling in huiselijke kring", True, Decimal("4"), domestic_violence=True),
    OffenceEntry("302 Sr", "Zware mishandeling", True, Decimal("8")),
    OffenceEntry("285 Sr", "Bedreiging", True, Decimal("2")),
    OffenceEntry("285/304 Sr", "Bedreiging in huiselijke kring", True, Decimal("2.7"), domestic_violence=True),
    OffenceEntry("141 Sr", "Openlijke geweldpleging", True, Decimal("4.5")),
    OffenceEntry("350 Sr", "Vernieling", False, Decimal("2")),
    OffenceEntry("266 Sr", "Eenvoudige belediging", False, Decimal("0.25")),
    OffenceEntry("180 Sr", "Wederspannigheid", False, Decimal("1")),
    OffenceEntry("138 Sr", "Huisvredebreuk", False, Decimal("1")),
    OffenceEntry("8 WVW", "Rijden onder invloed", False, Decimal("0.25")),
)

BY_CODE = {entry.code: entry for entry in CATALOGUE}
