"""The "RISc light" rules in one place: from life-area scores to risk level, problem level and approach.

Decision support, not a validated instrument (PRIMER §2): the worker's professional judgement and a
colleague's review decide; these derivations only make the weighing explicit and the same for all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zsm.workplace.constants import (
    APPROACH_MATRIX,
    MANY_PROBLEMS_SERIOUS_AREAS,
    MAX_AREA_SCORE,
    RISK_AREAS,
    RISK_HIGH_MIN,
    LifeArea,
    ProblemLevel,
    RiskLevel,
)

NEED_AREAS = frozenset(LifeArea.values) - RISK_AREAS


@dataclass(frozen=True)
class Outcome:
    risk_level: str
    problem_level: str
    approach: str


def risk_level(scores: Mapping[str, int]) -> str:
    """Sum of the four risk areas (0–8): high from RISK_HIGH_MIN on, low below it."""
    total = sum(scores[area] for area in RISK_AREAS)
    return RiskLevel.HIGH if total >= RISK_HIGH_MIN else RiskLevel.LOW


def problem_level(scores: Mapping[str, int]) -> str:
    """Many problems: at least two need areas are serious (2), or at least four show a problem (≥ 1)."""
    serious = sum(1 for area in NEED_AREAS if scores[area] == MAX_AREA_SCORE)
    present = sum(1 for area in NEED_AREAS if scores[area] >= 1)
    if serious >= MANY_PROBLEMS_SERIOUS_AREAS or present >= 2 * MANY_PROBLEMS_SERIOUS_AREAS:
        return ProblemLevel.MANY
    return ProblemLevel.FEW


def approach(*, risk: str, problems: str) -> str:
    """The combined advice of the report's two-axis matrix (seed 001 §6.3)."""
    return APPROACH_MATRIX[(risk, problems)]


def derive(scores: Mapping[str, int]) -> Outcome:
    """Scores must be complete and valid (see `score_errors`)."""
    risk = risk_level(scores)
    problems = problem_level(scores)
    return Outcome(risk, problems, approach(risk=risk, problems=problems))


@dataclass(frozen=True)
class MatrixCell:
    risk: str
    problems: str
    approach: str
    current: bool


def matrix(outcome: Outcome | None = None) -> list[list[MatrixCell]]:
    """The matrix as rows (high risk first) of cells (few problems, then many), the outcome's cell marked."""
    return [
        [
            MatrixCell(
                risk=risk,
                problems=problems,
                approach=APPROACH_MATRIX[(risk, problems)],
                current=outcome is not None and (outcome.risk_level, outcome.problem_level) == (risk, problems),
            )
            for problems in (ProblemLevel.FEW, ProblemLevel.MANY)
        ]
        for risk in (RiskLevel.HIGH, RiskLevel.LOW)
    ]


def score_errors(scores: Mapping[str, object]) -> list[str]:
    """The areas with a missing or invalid score (each must be the whole number 0, 1 or 2)."""
    return [
        area
        for area in LifeArea.values
        if not (isinstance(scores.get(area), int) and not isinstance(scores.get(area), bool))
        or not 0 <= int(scores[area]) <= MAX_AREA_SCORE  # type: ignore[call-overload]
    ]
