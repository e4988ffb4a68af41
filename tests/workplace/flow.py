"""A werkplaats case brought to a given stage through the real services, at the current time.

For tests outside tests/workplace (the URL matrix) that cannot use its fixtures.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tests.cases.test_views import register_case
from zsm.accounts.models import User
from zsm.common.clock import AMSTERDAM, local_now
from zsm.decisions.caps import DecisionInput
from zsm.decisions.models import Decision
from zsm.decisions.services import decision_record
from zsm.workplace.constants import LifeArea, Signal
from zsm.workplace.models import Advice, Assessment, WerkplaatsCase
from zsm.workplace.services import (
    AdviceInput,
    AssessmentInput,
    advice_give,
    assessment_record,
    assessment_review,
    werkplaats_case_assign,
    werkplaats_case_propose,
)
from zsm.workplace.workflow import AWAITING_THE_OM

SCORES = dict.fromkeys(LifeArea.values, 0) | {LifeArea.INCOME_DEBTS: 2, LifeArea.HOUSING: 1}


def assigned_case(world: dict[str, User], *, worker: str = "werkplaats") -> WerkplaatsCase:
    case = register_case(world)
    proposed = werkplaats_case_propose(user=world["reclassering"], case_id=case.pk, signals=[Signal.UNPAYABLE_DEBTS])
    return werkplaats_case_assign(
        user=world["coordinator"], werkplaats_case_id=proposed.pk, worker_id=world[worker].pk, expected_version=1
    )


def assessed_case(world: dict[str, User], *, confirmed: bool = True) -> tuple[WerkplaatsCase, Assessment]:
    werkplaats_case = assigned_case(world)
    assessment = assessment_record(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=AssessmentInput(
            scores=SCORES,
            professional_judgement="Schulden drukken; verder stabiel. Geen zwaar kader nodig.",
            minutes=30,
            notes={LifeArea.INCOME_DEBTS: "Schuld van ongeveer € 10.000, goed geadministreerd."},
        ),
    )
    if confirmed:
        assessment = assessment_review(user=world["werkplaats2"], assessment_id=assessment.pk, confirm=True)
    werkplaats_case.refresh_from_db()
    return werkplaats_case, assessment


def advised_case(world: dict[str, User]) -> tuple[WerkplaatsCase, Advice]:
    werkplaats_case, _assessment = assessed_case(world)
    advice = advice_give(
        user=world["werkplaats"],
        werkplaats_case_id=werkplaats_case.pk,
        data=AdviceInput(
            disposal="conditional_dismissal",
            rationale="Schulden zijn de kern; een schuldmaatje helpt meer dan een boete.",
            conditions="Meewerken aan schuldhulp.",
            shared_details="Cliënt gebruikt geen middelen.",
            minutes=20,
        ),
    )
    werkplaats_case.refresh_from_db()
    return werkplaats_case, advice


def om_decides(world: dict[str, User], werkplaats_case: WerkplaatsCase, **decision: object) -> Decision:
    """The OM records the disposal on the werkplaats case's ZSM case (by default the advice's conditional
    dismissal with probation guidance and its appointment): after it, the werkplaats case may be monitored,
    closed or handed over, and the advice has its answer."""
    day = local_now().date() + timedelta(days=1)
    values: dict[str, Any] = {
        "disposal": "conditional_dismissal",
        "conditions": "Meewerken aan schuldhulp.",
        "probation_period_months": 12,
        "probation_involved": True,
        "appointment_at": datetime(day.year, day.month, day.day, 10, 0, tzinfo=AMSTERDAM),
        "appointment_place": "Werkplaats Utrecht",
        "appointment_with": "W. Werkplaats",
    }
    values.update(decision)
    return decision_record(user=world["officier"], case_id=werkplaats_case.case_id, data=DecisionInput(**values))


# Decisions that make the OM's answer to a default advice (a conditional dismissal with conditions) come out as
# adopted, partly adopted or not adopted.
ANSWERING_DECISION: dict[str, dict[str, object]] = {
    "adopted": {},
    "partly": {"conditions": "", "probation_involved": False, "appointment_at": None},
    "not_adopted": {
        "disposal": "strafbeschikking", "fine_amount": 150, "conditions": "", "probation_involved": False,
        "probation_period_months": None, "appointment_at": None,
    },
}  # fmt: skip


def decided_if_awaiting(werkplaats_case: WerkplaatsCase) -> None:
    """Make sure the OM (the demo's officier) has decided the ZSM case, so the werkplaats case may be finished."""
    werkplaats_case.case.refresh_from_db()
    if werkplaats_case.case.status in AWAITING_THE_OM:
        om_decides({"officier": User.objects.get(username="officier")}, werkplaats_case)
