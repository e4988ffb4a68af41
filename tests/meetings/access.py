"""Access rows for the signal register (see tests/test_url_access.py for Rule and how rows are checked).

The werkplaats team keeps the register; the OM at the location reads it (it sits in the reflection meeting).
Everyone else gets 403: the permission is checked before any signal is looked up.
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import Rule
from zsm.accounts.models import User
from zsm.meetings.constants import SignalScope
from zsm.meetings.services import SignalInput, signal_create

TEAM = frozenset({"werkplaats", "werkplaats2", "coordinator"})
READERS = TEAM | {"officier"}


def a_signal(world: dict[str, User]) -> dict[str, object]:
    signal = signal_create(
        user=world["werkplaats"],
        data=SignalInput(
            title="Lange wachttijd GGZ",
            description="Cliënten wachten maanden.",
            scope=SignalScope.MUNICIPALITY,
            subject="Utrecht",
            owner_id=world["coordinator"].pk,
        ),
    )
    return {"signal_id": signal.pk}


ACCESS: dict[str, Any] = {
    "meetings:signal_list": Rule(allowed=READERS),
    "meetings:signal_create": Rule(allowed=TEAM),
    "meetings:signal": Rule(allowed=READERS, setup=a_signal),
    "meetings:signal_edit": Rule(allowed=TEAM, setup=a_signal),
    # An empty POST is refused with field errors (400) for the team.
    "meetings:signal_move": Rule(allowed=TEAM, method="post", ok=400, setup=a_signal),
}
