"""Access rows for the social map's own pages (see tests/test_url_access.py for Rule and how rows are checked).

The map holds no client data: every role that works with cases reads it (READERS: all but the privacy
officer). The werkplaats team, the coordinator and functional administrators keep it right (MAINTAINERS);
the coordinator and functional administrators import CSV files (IMPORTERS). An empty "Still correct" POST
is refused with a message and a redirect back to the list (302).
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import EVERYONE, Rule
from tests.socialmap.factories import make_institution
from zsm.accounts.models import User

READERS = EVERYONE - {"privacy"}
MAINTAINERS = frozenset({"werkplaats", "werkplaats2", "coordinator", "beheer"})
IMPORTERS = frozenset({"coordinator", "beheer"})


def institution_kwargs(world: dict[str, User]) -> dict[str, object]:
    return {"institution_id": make_institution(world).pk}


ACCESS: dict[str, Any] = {
    "socialmap:search": Rule(allowed=READERS),
    "socialmap:institution": Rule(location_bound=False, allowed=READERS, setup=institution_kwargs),
    "socialmap:export": Rule(allowed=READERS),
    "socialmap:institution_create": Rule(allowed=MAINTAINERS),
    "socialmap:institution_edit": Rule(location_bound=False, allowed=MAINTAINERS, setup=institution_kwargs),
    "socialmap:verification": Rule(allowed=MAINTAINERS),
    "socialmap:institution_verify": Rule(
        location_bound=False, allowed=MAINTAINERS, method="post", ok=302, setup=institution_kwargs
    ),
    "socialmap:import": Rule(allowed=IMPORTERS),
}
