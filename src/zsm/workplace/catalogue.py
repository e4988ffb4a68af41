"""The starting catalogue of short behavioural interventions (PRIMER §2, point 6).

Every installation gets it (migration 0003) and the demo makes sure it is there; administrators
extend it and retire entries in the admin pages.
"""

from __future__ import annotations

from typing import NamedTuple


class CatalogueEntry(NamedTuple):
    name: str
    description: str
    adapted_from: str
    sessions: int


DEFAULT_INTERVENTIONS: tuple[CatalogueEntry, ...] = (
    CatalogueEntry("BORG, ingekort (vader–zoon)", "Relatiegeweld: BORG aangepast voor vader en zoon.", "BORG", 6),
    CatalogueEntry("BORG, ingekort (partners)", "Wederzijds partnergeweld: BORG aangepast voor een stel.", "BORG", 6),
    CatalogueEntry("Korte training alcohol en geweld", "Inzicht in de rol van alcohol bij geweld.", "", 4),
    CatalogueEntry("Training middelenbewustzijn", "Bewustwording van eigen middelengebruik.", "", 4),
    CatalogueEntry("Victas ‘stap voor stap’", "Kort traject bij verslaving.", "Victas", 5),
)
