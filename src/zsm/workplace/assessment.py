"""The "RISc light" rules in one place: from life-area scores to risk level, problem level and approach.

Decision support, not a validated instrument (PRIMER §2): the worker's professional judgement and a
colleague's review decide; these derivations only make the weighing explicit and the same for all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from zsm.workplace.constants import (
    MANY_PROBLEMS_SERIOUS_AREAS,
    MAX_AREA_SCORE,
    RISK_AREAS,
    RISK_LOW_MAX,
    RISK_MEDIUM_MAX,
    Approach,
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
    """Sum of the risk areas (0–8): ≤ 2 low, 3–5 medium, ≥ 6 high."""
    total = sum(scores[area] for area in RISK_AREAS)
    if total <= RISK_LOW_MAX:
        return RiskLevel.LOW
    if total <= RISK_MEDIUM_MAX:
        return RiskLevel.MEDIUM
    return RiskLevel.HIGH


def problem_level(scores: Mapping[str, int]) -> str:
    """Many problems: at least two need areas are serious (2), or at least four show a problem (≥ 1)."""
    serious = sum(1 for area in NEED_AREAS if scores[area] == MAX_AREA_SCORE)
    present = sum(1 for area in NEED_AREAS if scores[area] >= 1)
    if serious >= MANY_PROBLEMS_SERIOUS_AREAS or present >= 2 * MANY_PROBLEMS_SERIOUS_AREAS:
        return ProblemLevel.MANY
    return ProblemLevel.FEW


def approach(*, risk: str, problems: str, any_problem: bool) -> str:
    """The report's matrix: high risk → risk management; many problems → care plan; some risk or some
    problem → no heavy legal frame but guidance and referral; low risk and no problem → do nothing."""
    if risk == RiskLevel.HIGH:
        return Approach.RISK_MANAGEMENT
    if problems == ProblemLevel.MANY:
        return Approach.CARE_PLAN
    if risk == RiskLevel.MEDIUM or any_problem:
        return Approach.GUIDANCE_AND_REFERRAL
    return Approach.NOTHING


def derive(scores: Mapping[str, int]) -> Outcome:
    """Scores must be complete and valid (see `score_errors`)."""
    risk = risk_level(scores)
    problems = problem_level(scores)
    any_problem = any(scores[area] >= 1 for area in NEED_AREAS)
    return Outcome(risk, problems, approach(risk=risk, problems=problems, any_problem=any_problem))


def score_errors(scores: Mapping[str, object]) -> list[str]:
    """The areas with a missing or invalid score (each must be the whole number 0, 1 or 2)."""
    return [
        area
        for area in LifeArea.values
        if not (isinstance(scores.get(area), int) and not isinstance(scores.get(area), bool))
        or not 0 <= int(scores[area]) <= MAX_AREA_SCORE  # type: ignore[call-overload]
    ]
