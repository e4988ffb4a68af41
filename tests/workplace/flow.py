"""A werkplaats case brought to a given stage through the real services, at the current time.

For tests outside tests/workplace (the URL matrix) that cannot use its fixtures.
"""

from __future__ import annotations

from tests.cases.test_views import register_case
from zsm.accounts.models import User
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
