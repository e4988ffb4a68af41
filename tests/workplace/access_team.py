"""Access rows for the werkplaats team URLs (see tests/test_url_access.py for Rule and how rows are checked).

- The worker's day: werkplaats workers and the coordinator.
- Coordination: the team (the coordinator acts, workers read) and the OM (figures only).
- Selection criteria: the coordinator only.
- Assigning: the coordinator (an empty form: 400); the others who read the casework (workers, probation) 403;
  for everyone else the werkplaats case does not exist (404).
- Proposing: probation screeners, the werkplaats team and the OM; police and Slachtofferhulp see the case
  but may not propose (403); whoever does not see the adult's case gets 404.
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import Rule
from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.workplace.constants import Signal
from zsm.workplace.services import werkplaats_case_propose

TEAM = frozenset({"werkplaats", "werkplaats2", "coordinator"})
PROPOSERS = frozenset({"reclassering", "officier", *TEAM})
OUTSIDE_THE_CASE = {"raad": 404, "veiligheidshuis": 404, "beheer": 404, "privacy": 404}


def _adult_case(world: dict[str, User]) -> dict[str, object]:
    return {"case_id": register_case(world).pk}


def _proposed_case(world: dict[str, User]) -> dict[str, object]:
    case = register_case(world)
    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    return {"werkplaats_case_id": proposed.pk}


ACCESS: dict[str, Any] = {
    "workplace:day": Rule(allowed=TEAM),
    "workplace:coordination": Rule(allowed=TEAM | {"officier"}),
    "workplace:selection_criteria": Rule(allowed=frozenset({"coordinator"})),
    "workplace:assign": Rule(
        allowed=frozenset({"coordinator"}),
        method="post",
        ok=400,
        denied=404,
        setup=_proposed_case,
        exceptions={"werkplaats": 403, "werkplaats2": 403, "reclassering": 403},
    ),
    "workplace:propose": Rule(
        allowed=PROPOSERS,
        setup=_adult_case,
        exceptions={"politie": 403, "slachtofferhulp": 403, **OUTSIDE_THE_CASE},
    ),
}
