"""The data migration that moved stored RISc-light assessments onto the two-axis matrix (docs/legal-rules.md W4)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps

from tests.workplace.test_casework_services import ZERO, assess
from zsm.accounts.models import User
from zsm.workplace import assessment as rules
from zsm.workplace.constants import LifeArea
from zsm.workplace.models import Assessment, WerkplaatsCase

MIGRATION = importlib.import_module("zsm.workplace.migrations.0007_assessment_two_axis_matrix")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "scores",
    [
        ZERO,
        ZERO | {LifeArea.OFFENCE_HISTORY: 2, LifeArea.ATTITUDE: 2},  # risk 4: high
        ZERO | {LifeArea.OFFENCE_HISTORY: 2, LifeArea.ATTITUDE: 1, LifeArea.HOUSING: 2, LifeArea.DRUGS: 2},
        dict.fromkeys(LifeArea.values, 2),
    ],
)
def test_stored_assessments_are_derived_again_from_their_scores(
    world: dict[str, User], assigned: Callable[..., WerkplaatsCase], scores: dict[str, int]
) -> None:
    assessment = assess(world["werkplaats"], assigned(), scores=scores)
    # As the one-axis chain left it: a "medium" risk and an approach that no longer exists.
    Assessment.objects.filter(pk=assessment.pk).update(risk_level="medium", approach="guidance_and_referral")
    MIGRATION.recompute(apps, None)
    assessment.refresh_from_db()
    assert (assessment.risk_level, assessment.problem_level, assessment.approach) == tuple(
        vars(rules.derive(scores)).values()
    )
