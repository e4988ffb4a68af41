"""Access rows for the werkplaats API (see tests/test_url_access.py for Rule and how rows are checked).

Like the pages: the werkplaats team and probation read the casework; the OM reads (and answers) only the
advice; others who see the ZSM case (police, Slachtofferhulp, the OM on casework) get 403; whoever does not
see the adult's case at all (the Raad, the safety house, administrators, privacy officers) gets 404.
The list has no case to hide, so everyone outside the casework gets 403 there.
"""

from __future__ import annotations

from typing import Any

from tests.access_rule import Rule
from tests.workplace.flow import advised_case, assessed_case, assigned_case
from zsm.accounts.models import User
from zsm.common.clock import local, now
from zsm.workplace.services import monitoring_check_plan

CASEWORK_READERS = frozenset({"reclassering", "werkplaats", "werkplaats2", "coordinator"})
OUTSIDE_THE_CASE = dict.fromkeys(("raad", "veiligheidshuis", "beheer", "privacy"), 404)


def _assigned(world: dict[str, User]) -> dict[str, object]:
    return {"id": assigned_case(world).pk}


def _advised(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case, _advice = advised_case(world)
    return {"id": werkplaats_case.pk}


def _awaiting_review(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case, assessment = assessed_case(world, confirmed=False)
    return {"id": werkplaats_case.pk, "assessment_id": assessment.pk}


def _planned_check(world: dict[str, User]) -> dict[str, object]:
    werkplaats_case, _advice = advised_case(world)
    check = monitoring_check_plan(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        subject="Loopt de schuldhulp?",
        due_on=local(now()).date(),
    )
    return {"id": werkplaats_case.pk, "check_id": check.pk}


def _casework_read(setup: Any = _assigned) -> Rule:
    return Rule(allowed=CASEWORK_READERS, setup=setup, exceptions=OUTSIDE_THE_CASE)


ACCESS: dict[str, Any] = {
    "api-werkplaats-case-list": Rule(allowed=CASEWORK_READERS),
    "api-werkplaats-case-detail": _casework_read(),
    "api-werkplaats-contact-list": _casework_read(),
    "api-werkplaats-assessment-list": _casework_read(),
    "api-werkplaats-monitoring-check-list": _casework_read(_advised),
    "api-werkplaats-time-entry-list": _casework_read(),
    # The advice: casework readers and the OM.
    "api-werkplaats-advice": Rule(allowed=CASEWORK_READERS | {"officier"}, setup=_advised, exceptions=OUTSIDE_THE_CASE),
    # The matrix posts a form; the API takes JSON only, so whoever passes the access checks gets 415.
    # Only the OM answers; the werkplaats reads the advice but may not answer it.
    "api-werkplaats-advice-answer": Rule(
        allowed=frozenset({"officier"}), method="post", ok=415, setup=_advised, exceptions=OUTSIDE_THE_CASE
    ),
    # Werkplaats team members review; probation's screener does not (403).
    "api-werkplaats-assessment-review": Rule(
        allowed=frozenset({"werkplaats", "werkplaats2", "coordinator"}),
        method="post",
        ok=415,
        setup=_awaiting_review,
        exceptions=OUTSIDE_THE_CASE,
    ),
    # The assigned worker and the coordinator record a check; other readers get 403.
    "api-werkplaats-monitoring-check-outcome": Rule(
        allowed=frozenset({"werkplaats", "coordinator"}),
        method="post",
        ok=415,
        setup=_planned_check,
        exceptions=OUTSIDE_THE_CASE,
    ),
}
