"""Access rows for the OM's pages: its queue (workplace:om_queue) is the OM decider's alone (403 for everyone
else); on the advice page (workplace:advice) the OM answers, the werkplaats team and probation read, everyone
else who sees the ZSM case is refused (403), and the Raad does not see an adult's case (404)."""

from __future__ import annotations

from typing import Any

from tests.access_rule import Rule
from tests.workplace.flow import advised_case
from zsm.accounts.models import User


def _advised(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case, _advice = advised_case(world)
    return {"werkplaats_case_id": werkplaats_case.pk}


ADVICE_READERS = frozenset({"officier", "reclassering", "werkplaats", "werkplaats2", "coordinator"})

ACCESS: dict[str, Any] = {
    # Not about one object: the same role elsewhere gets its own location's queue (tests/workplace/test_om_queue.py).
    "workplace:om_queue": Rule(allowed=frozenset({"officier"})),
    "workplace:advice": Rule(
        allowed=ADVICE_READERS,
        setup=_advised,
        # Outside the case's circle the case itself does not exist for them.
        exceptions={"raad": 404, "veiligheidshuis": 404, "beheer": 404, "privacy": 404},
    ),
}
