"""The access-rule type of the URL matrix (tests/test_url_access.py), importable by the apps' row modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import ROLE_OF
from zsm.accounts.models import User

EVERYONE = frozenset(ROLE_OF)


@dataclass(frozen=True)
class Rule:
    """Who may use a URL. `allowed` get `ok`; every other demo role gets `denied`."""

    public: bool = False
    allowed: frozenset[str] = frozenset()
    method: str = "get"
    ok: int = 200
    denied: int = 403
    kwargs: dict[str, object] = field(default_factory=dict)
    # Some users are sent elsewhere first (e.g. to set up a second factor): username -> status.
    exceptions: dict[str, int] = field(default_factory=dict)
    # Creates what the URL is about (e.g. a case) in the demo world and returns the URL kwargs for it.
    setup: Callable[[dict[str, User]], dict[str, object]] | None = None
    # What setup makes belongs to the demo location, so the same role elsewhere gets 403/404. False for what
    # is shared by every location: the social map, the privacy officer's chain-wide requests.
    location_bound: bool = True


CASE_STAFF = frozenset(
    {"politie", "officier", "reclassering", "werkplaats", "werkplaats2", "coordinator", "slachtofferhulp", "raad"}
)
